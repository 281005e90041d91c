import FluentKit
import Foundation
import LifelineAllocation
import LifelineDomain
import LifelineStore

extension AllocationService {
    /// Plans the submitted requests in the actor's reach with the allocation engine, by the rules of
    /// R6: priority classes, sources in R6.2's order, institutions' 20-day floor, lowered standard
    /// only where allowed, travel-time limits; every line explained (R6.3).
    public func allocationPlan(_ input: AllocationPlanInput, for actor: Actor, language: Language = .zh) async throws
        -> AllocationPlanView
    {
        try AccessPolicy.require(.approveDispatch, actor)
        let model = try await AllocationModel.build(
            input, actor: actor, services: Services(context: context), on: database)
        return try model.solve(fairness: input.fairness, language: language)
    }

    /// Plans as ``allocationPlan(_:for:language:)`` and approves every request the plan serves, with
    /// the plan's depots and quantities: one transaction for the whole plan (each request locked and
    /// approved as the dispatch loop approves one), so a plan is approved whole or not at all, once.
    public func approveAllocationPlan(
        _ input: AllocationPlanInput, key: String, for actor: Actor, language: Language = .zh
    ) async throws
        -> AllocationPlanView
    {
        let plan = try await allocationPlan(input, for: actor, language: language)
        let byRequest = Dictionary(grouping: plan.allocations, by: \.requestId)
        let approvals = byRequest.keys.sorted(by: { $0.uuidString < $1.uuidString }).map { requestID in
            var lines: [String: ApprovalLineInput] = [:]
            for a in byRequest[requestID] ?? [] {
                lines[
                    "\(a.depotId)-\(a.itemId)",
                    default: ApprovalLineInput(itemId: a.itemId, depotId: a.depotId, quantity: 0)
                ].quantity += a.quantity
            }
            return (
                requestID,
                ApprovalInput(
                    lines: lines.values.sorted { "\($0.depotId)\($0.itemId)" < "\($1.depotId)\($1.itemId)" },
                    note: "按分配方案批准 approved from the allocation plan")
            )
        }
        guard !approvals.isEmpty else { throw LifelineError(.nothingToApprove) }
        for (_, approval) in approvals { try dispatch.validate(approval, by: actor) }
        return try await idempotent("allocation.approve", key: key, actor: actor, input: input) { tx in
            var approved = plan
            var events: [AuditEvent] = []
            var notices: [DispatchNotice] = []
            // Requests in id order: two plans over overlapping requests lock them in the same order.
            for (requestID, approval) in approvals {
                let audited = try await dispatch.approve(requestID, approval, by: actor, checkOwnSupply: false, on: tx)
                approved.approved.append(audited.output.number)
                events += audited.events
                notices += audited.notices
            }
            return Audited(output: approved, events: events, notices: notices)
        }
    }
}
