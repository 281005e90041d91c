import Foundation
import LifelineDomain
import LifelineServices
import OpenAPIRuntime

/// Kits (R7.1).
extension APIHandler {
    func listKitDefinitions(_ input: Operations.ListKitDefinitions.Input) async throws
        -> Operations.ListKitDefinitions.Output
    {
        let actor = try RequestContext.requireActor()
        return .ok(.init(body: .json(try Convert.output(try await services.stock.kitDefinitions(for: actor)))))
    }

    func defineKit(_ input: Operations.DefineKit.Input) async throws -> Operations.DefineKit.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.stock.defineKit(try Convert.input(body), by: actor)
        return .created(.init(body: .json(try Convert.output(view))))
    }

    func listKitWork(_ input: Operations.ListKitWork.Input) async throws -> Operations.ListKitWork.Output {
        let actor = try RequestContext.requireActor()
        let page = try await services.stock.kitWork(page: Convert.page(input.query.page, input.query.per), for: actor)
        return .ok(.init(body: .json(try Convert.output(PageBody(page)))))
    }

    func assembleKits(_ input: Operations.AssembleKits.Input) async throws -> Operations.AssembleKits.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.stock.assembleKits(try Convert.input(body), by: actor)
        return .created(.init(body: .json(try Convert.output(view))))
    }

    func disassembleKits(_ input: Operations.DisassembleKits.Input) async throws -> Operations.DisassembleKits.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.stock.disassembleKits(try Convert.input(body), by: actor)
        return .created(.init(body: .json(try Convert.output(view))))
    }

    func listDistributionPoints(_ input: Operations.ListDistributionPoints.Input) async throws
        -> Operations.ListDistributionPoints.Output
    {
        let actor = try RequestContext.requireActor()
        return .ok(.init(body: .json(try Convert.output(try await services.dispatch.distributionPoints(for: actor)))))
    }

    func saveDistributionPoint(_ input: Operations.SaveDistributionPoint.Input) async throws
        -> Operations.SaveDistributionPoint.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.dispatch.saveDistributionPoint(try Convert.input(body), by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }
}

extension APIHandler {
    func previewPlanBKits(_ input: Operations.PreviewPlanBKits.Input) async throws
        -> Operations.PreviewPlanBKits.Output
    {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let view = try await services.dispatch.planBKits(
            PlanBKitsInput(
                staffPerPointPerShift: Decimal(string: String(q.staffPerPoint)) ?? Decimal(q.staffPerPoint),
                shifts: q.shifts, peoplePerTablePerShift: q.peoplePerTable), for: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func definePlanBKits(_ input: Operations.DefinePlanBKits.Input) async throws
        -> Operations.DefinePlanBKits.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let views = try await services.dispatch.definePlanBKits(try Convert.input(body), by: actor)
        return .created(.init(body: .json(try Convert.output(views))))
    }
}
