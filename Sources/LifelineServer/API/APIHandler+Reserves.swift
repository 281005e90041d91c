import Foundation
import LifelineDomain
import LifelineServices
import OpenAPIRuntime

/// Reserve plans, norms and coverage (R3).
extension APIHandler {
    /// A norm as the API sends it.
    struct NormInput: Codable {
        var formula: NormFormula
        var note: String?
    }

    /// A plan action as the API sends it.
    struct PlanActionInput: Codable {
        var action: ReservePlanAuthority.Action
        var note: String?
    }

    func listReservePlans(_ input: Operations.ListReservePlans.Input) async throws
        -> Operations.ListReservePlans.Output
    {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let filter = ReservePlanFilter(
            status: try Convert.enum(q.status, field: "status"),
            reserveClass: try Convert.enum(q.reserveClass, field: "reserveClass"), jurisdictionCode: q.jurisdiction)
        let page = try await services.reserves.plans(
            filter, page: Convert.page(q.page, q.per, q.sort?.rawValue), for: actor)
        return .ok(.init(body: .json(try Convert.output(PageBody(page)))))
    }

    func createReservePlan(_ input: Operations.CreateReservePlan.Input) async throws
        -> Operations.CreateReservePlan.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.reserves.createPlan(try Convert.input(body), by: actor)
        return .created(.init(body: .json(try Convert.output(view))))
    }

    func getReservePlan(_ input: Operations.GetReservePlan.Input) async throws -> Operations.GetReservePlan.Output {
        let actor = try RequestContext.requireActor()
        let view = try await services.reserves.plan(try Convert.uuid(input.path.planId, field: "planId"), for: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func setReserveNorm(_ input: Operations.SetReserveNorm.Input) async throws -> Operations.SetReserveNorm.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let norm: NormInput = try Convert.input(body)
        let view = try await services.reserves.setNorm(
            try Convert.uuid(input.path.planId, field: "planId"),
            itemID: try Convert.uuid(input.path.itemId, field: "itemId"), formula: norm.formula, note: norm.note,
            by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func removeReserveNorm(_ input: Operations.RemoveReserveNorm.Input) async throws
        -> Operations.RemoveReserveNorm.Output
    {
        let actor = try RequestContext.requireActor()
        let view = try await services.reserves.removeNorm(
            try Convert.uuid(input.path.planId, field: "planId"),
            itemID: try Convert.uuid(input.path.itemId, field: "itemId"), by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func actOnReservePlan(_ input: Operations.ActOnReservePlan.Input) async throws
        -> Operations.ActOnReservePlan.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let act: PlanActionInput = try Convert.input(body)
        let id = try Convert.uuid(input.path.planId, field: "planId")
        let reserves = services.reserves
        let view: ReservePlanView
        switch act.action {
        case .submit: view = try await reserves.submit(id, by: actor)
        case .approve: view = try await reserves.approve(id, note: act.note, by: actor)
        case .reject: view = try await reserves.reject(id, note: act.note, by: actor)
        case .revise: view = try await reserves.revise(id, by: actor)
        case .edit: throw LifelineError.invalid("action", "submit, approve, reject or revise")
        }
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func getReservePlanCoverage(_ input: Operations.GetReservePlanCoverage.Input) async throws
        -> Operations.GetReservePlanCoverage.Output
    {
        let actor = try RequestContext.requireActor()
        let coverage = try await services.reserves.coverage(
            try Convert.uuid(input.path.planId, field: "planId"), for: actor)
        return .ok(.init(body: .json(try Convert.output(coverage))))
    }
}

extension APIHandler {
    func listInstitutionReserves(_ input: Operations.ListInstitutionReserves.Input) async throws
        -> Operations.ListInstitutionReserves.Output
    {
        let actor = try RequestContext.requireActor()
        let rows = try await services.reserves.institutionReserves(
            unitID: try Convert.uuid(input.query.unitId, field: "unitId"), for: actor)
        return .ok(.init(body: .json(try Convert.output(rows))))
    }
}
