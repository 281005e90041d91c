import Foundation
import LifelineDomain
import LifelineServices
import OpenAPIRuntime

/// Office parameters and rotation (R3.2–R3.4, R4.3).
extension APIHandler {
    func getReserveParameters(_ input: Operations.GetReserveParameters.Input) async throws
        -> Operations.GetReserveParameters.Output
    {
        let actor = try RequestContext.requireActor()
        let view = try await services.reserves.officeParameters(input.path.code, for: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func setReserveParameters(_ input: Operations.SetReserveParameters.Input) async throws
        -> Operations.SetReserveParameters.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.reserves.setOfficeParameters(input.path.code, try Convert.input(body), by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func listPurchaseQuotas(_ input: Operations.ListPurchaseQuotas.Input) async throws
        -> Operations.ListPurchaseQuotas.Output
    {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let page = try await services.reserves.purchaseQuotas(
            year: q.year, page: Convert.page(q.page, q.per), for: actor)
        return .ok(.init(body: .json(try Convert.output(PageBody(page)))))
    }

    func setPurchaseQuota(_ input: Operations.SetPurchaseQuota.Input) async throws
        -> Operations.SetPurchaseQuota.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.reserves.setPurchaseQuota(try Convert.input(body), by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func listRotationPlans(_ input: Operations.ListRotationPlans.Input) async throws
        -> Operations.ListRotationPlans.Output
    {
        let actor = try RequestContext.requireActor()
        let page = try await services.reserves.rotationPlans(
            page: Convert.page(input.query.page, input.query.per), for: actor)
        return .ok(.init(body: .json(try Convert.output(PageBody(page)))))
    }

    func proposeRotation(_ input: Operations.ProposeRotation.Input) async throws -> Operations.ProposeRotation.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.reserves.proposeRotation(try Convert.input(body), by: actor)
        return .created(.init(body: .json(try Convert.output(view))))
    }

    func getRotationPlan(_ input: Operations.GetRotationPlan.Input) async throws -> Operations.GetRotationPlan.Output {
        let actor = try RequestContext.requireActor()
        let view = try await services.reserves.rotationPlan(
            try Convert.uuid(input.path.rotationPlanId, field: "rotationPlanId"), for: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func actOnRotationPlan(_ input: Operations.ActOnRotationPlan.Input) async throws
        -> Operations.ActOnRotationPlan.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.reserves.actOnRotation(
            try Convert.uuid(input.path.rotationPlanId, field: "rotationPlanId"), try Convert.input(body), by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }
}

/// Proposed changes to approved plans (R3.1, R3.2).
extension APIHandler {
    struct ProposalDecisionBody: Codable {
        var accept: Bool
        var note: String?
    }

    func listPlanProposals(_ input: Operations.ListPlanProposals.Input) async throws
        -> Operations.ListPlanProposals.Output
    {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let page = try await services.reserves.planProposals(
            status: q.status.flatMap { PlanProposalStatus(rawValue: $0.rawValue) }, page: Convert.page(q.page, q.per),
            for: actor)
        return .ok(.init(body: .json(try Convert.output(PageBody(page)))))
    }

    func decidePlanProposal(_ input: Operations.DecidePlanProposal.Input) async throws
        -> Operations.DecidePlanProposal.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let decision: ProposalDecisionBody = try Convert.input(body)
        let view = try await services.reserves.decidePlanProposal(
            try Convert.uuid(input.path.proposalId, field: "proposalId"), accept: decision.accept, note: decision.note,
            by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }
}
