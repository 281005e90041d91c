import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// Proposals to change approved plans (R3.1, R3.2): each quarter a consumption-based norm is measured
/// again from the last months' issues and, when it drifts more than 10 % (``NormAdjustment``), a new
/// norm is proposed; a new catalogue version proposes a revision of every plan on an older one.
/// Accepting drafts the plan's next version with the change (approved above, as any version);
/// rejecting needs a reason. Both are audited.
extension ReservesService {
    /// Raises the proposals due now; run by the alert refresh (every 10 minutes) and idempotent — one
    /// proposal per plan and cause. Returns how many were raised.
    @discardableResult
    public func proposePlanChanges() async throws -> Int {
        let now = clock.now()
        let today = self.today
        let quarter = NormAdjustment.quarterStart(of: today)
        let latest = try await CatalogueVersionRecord.query(on: database).sort(\.$number, .descending).first()?.number
        let plans = try await ReservePlanRecord.query(on: database)
            .filter(\.$status == ReservePlanStatus.approved.rawValue).all()
        var raised = 0
        for plan in plans {
            let planID = try plan.requireID()
            var drafts: [(cause: String, build: (PlanProposalRecord) -> Void)] = []
            if let latest, plan.catalogueVersion < latest {
                drafts.append(
                    (
                        "catalogue:\(latest)",
                        { p in
                            p.kind = PlanProposalKind.catalogueRevision.rawValue
                            p.messageZh = "物资目录已更新至第 \(latest) 版（计划依据第 \(plan.catalogueVersion) 版），建议修订本计划"
                            p.messageEn = """
                                The catalogue is at version \(latest) (the plan names \(plan.catalogueVersion)): \
                                revise the plan
                                """
                        }
                    ))
            }
            for norm in try await ReserveNormRecord.query(on: database).filter(\.$planID == planID)
                .filter(\.$basis == "consumption").all()
            {
                guard
                    case .consumption(let monthly, let months, let growth, let mix) = try JSONDecoder().decode(
                        NormFormula.self, from: Data(norm.formula.utf8))
                else { continue }
                let measured = try await monthlyIssues(
                    item: norm.itemID, path: try plan.jurisdictionPath, months: min(max(monthly.count, 3), 12),
                    before: quarter, on: database)
                guard measured.contains(where: { $0 > 0 }) else { continue }
                let formula = NormFormula.consumption(
                    monthly: measured, months: months, populationGrowth: growth, diseaseMix: mix)
                let proposed = try formula.quantity()
                let gap = abs(proposed - norm.quantity)
                // More than the threshold away from the norm in force (10 % by default).
                guard gap * 100 > norm.quantity * NormAdjustment.thresholdPercent else { continue }
                let item = try await ItemRecord.find(norm.itemID, on: database)
                let json = String(decoding: try JSONEncoder().encode(formula), as: UTF8.self)
                drafts.append(
                    (
                        "norm:\(norm.itemID.uuidString):\(quarter.iso)",
                        { p in
                            p.kind = PlanProposalKind.normAdjustment.rawValue
                            p.itemID = norm.itemID
                            p.currentQuantity = norm.quantity
                            p.proposedQuantity = proposed
                            p.formula = json
                            p.messageZh = """
                                \(item?.nameZh ?? "") 近 \(measured.count) 个月月均消耗 \
                                \(measured.reduce(0, +) / measured.count)，定额建议由 \(norm.quantity) 调整为 \(proposed)
                                """
                            p.messageEn = """
                                \(item?.nameEn ?? ""): \(measured.reduce(0, +) / measured.count) a month over the last \
                                \(measured.count) months; norm \(norm.quantity) → \(proposed)
                                """
                        }
                    ))
            }
            for draft in drafts {
                let exists =
                    try await PlanProposalRecord.query(on: database).filter(\.$planID == planID)
                    .filter(\.$cause == draft.cause).count() > 0
                guard !exists else { continue }
                let record = PlanProposalRecord(status: PlanProposalStatus.open.rawValue)
                record.id = ids.next()
                record.planID = planID
                record.path = plan.path
                record.cause = draft.cause
                record.createdAtMs = now.milliseconds
                draft.build(record)
                do {
                    try await store.write { tx in try await record.create(on: tx) }
                    raised += 1
                } catch {
                    // Another refresh raised it first (one per plan and cause): nothing to do.
                    if try await PlanProposalRecord.query(on: database).filter(\.$planID == planID)
                        .filter(\.$cause == draft.cause).count() == 0
                    {
                        throw error
                    }
                }
            }
        }
        return raised
    }

    /// Units issued of `item` in the subtree at `path` in each of the `months` full months before `before`.
    private func monthlyIssues(item: UUID, path: JurisdictionPath, months: Int, before: Day, on db: any Database)
        async throws -> [Int]
    {
        var starts: [Day] = []
        var cursor = Day(year: before.components.year, month: before.components.month, day: 1)
        for _ in 0..<months {
            let previous = cursor.adding(days: -1)
            cursor = Day(year: previous.components.year, month: previous.components.month, day: 1)
            starts.insert(cursor, at: 0)
        }
        // One statement for every month: a sum per month over the whole span's issues.
        let bounds = starts.map(\.startMilliseconds) + [before.startMilliseconds]
        var sql: SQLQueryString = "SELECT "
        for index in starts.indices {
            if index > 0 { sql.appendLiteral(", ") }
            sql.appendInterpolation(
                """
                CAST(COALESCE(SUM(CASE WHEN m.at_ms >= \(bind: bounds[index]) AND m.at_ms < \(bind: bounds[index + 1]) \
                THEN -m.on_hand_delta ELSE 0 END), 0) AS BIGINT) AS m\(unsafeRaw: String(index))
                """ as SQLQueryString)
        }
        sql.appendInterpolation(
            """
             FROM stock_movements m WHERE m.item_id = \(bind: item) AND m.kind = \(bind: MovementKind.issue.rawValue) \
            AND m.at_ms >= \(bind: bounds[0]) AND m.at_ms < \(bind: before.startMilliseconds)
            """ as SQLQueryString)
        if let subtree = path.sqlSubtree(column: "m.path") { sql.appendInterpolation(" AND " + subtree) }
        let row = try await db.sql().raw(sql).first()
        return try starts.indices.map { try row?.decode(column: "m\($0)", as: Int.self) ?? 0 }
    }

    /// Proposals of the plans the actor reads, open first, newest first.
    public func planProposals(status: PlanProposalStatus?, page: PageRequest, for actor: Actor) async throws -> Page<
        PlanProposalView
    > {
        try AccessPolicy.require(.readStock, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        var query = PlanProposalRecord.query(on: database).restricted(to: ScopeFilter(actor), .reservePlans)
        if let status { query = query.filter(\.$status == status.rawValue) }
        return try await query.sort(\.$status, .descending).sort(\.$createdAtMs, .descending).sort(\.$id)
            .paginate(page).map { try PlanProposalView($0) }
    }

    /// Accepts (a revision of the plan is drafted — or the open one used — with the proposed norm) or
    /// rejects (a reason is required) an open proposal; guarded and audited.
    public func decidePlanProposal(_ id: UUID, accept: Bool, note: String?, by actor: Actor) async throws
        -> PlanProposalView
    {
        try AccessPolicy.require(.managePlans, actor)
        let note =
            accept ? try Text.optional(note, field: "note", max: 500) : try Text.required(note, field: "note", max: 500)
        let now = clock.now()
        return try await store.write { tx in
            let locked = try await lock(PlanProposalRecord.self, id, entity: .proposal, on: tx)
            let proposal = locked.record
            let path = try proposal.jurisdictionPath
            guard !actor.role.isUnitBound, actor.scope.contains(path) else {
                throw LifelineError.outOfScope(.proposal)
            }
            let status = try Stored.value(PlanProposalStatus.self, proposal.status, column: "plan_proposals.status")
            let next: PlanProposalStatus = accept ? .accepted : .rejected
            guard status == .open else {
                throw LifelineError(
                    .invalidTransition,
                    localized: ["entity": EntityName.proposal.text, "from": status.text, "to": next.text])
            }
            let before = try PlanProposalView(proposal)
            var events: [AuditEvent] = []
            if accept {
                guard let plan = try await ReservePlanRecord.find(proposal.planID, on: tx) else {
                    throw LifelineError.notFound(.plan, proposal.planID.uuidString)
                }
                // The open revision if there is one, else a new one (who may revise is the plan's rule).
                var draft = try await ReservePlanRecord.query(on: tx).filter(\.$previousID == proposal.planID).first()
                if draft == nil {
                    try ReservePlanAuthority.check(
                        .revise, status: plan.planStatus, jurisdiction: plan.jurisdictionPath, author: plan.authorID,
                        by: actor)
                    let made = try await makeRevision(of: plan, id: ids.next(), by: actor, at: now, on: tx)
                    events.append(
                        AuditEvent(
                            "plan.revise", by: actor, entity: .plan, id: try made.requireID().uuidString,
                            path: try made.jurisdictionPath, before: try ReservePlanView(plan),
                            after: try ReservePlanView(made)))
                    draft = made
                }
                guard let draft, try draft.planStatus == .draft else {
                    throw LifelineError(
                        .invalidTransition,
                        localized: [
                            "entity": EntityName.plan.text, "from": try (draft?.planStatus ?? .approved).text,
                            "to": ReservePlanStatus.draft.text,
                        ])
                }
                let draftID = try draft.requireID()
                if let itemID = proposal.itemID, let formula = proposal.formula,
                    let quantity = proposal.proposedQuantity
                {
                    let norm =
                        try await ReserveNormRecord.query(on: tx).filter(\.$planID == draftID)
                        .filter(\.$itemID == itemID).first() ?? ReserveNormRecord()
                    if norm.id == nil {
                        norm.id = ids.next()
                        norm.planID = draftID
                        norm.itemID = itemID
                    }
                    norm.basis = "consumption"
                    norm.formula = formula
                    norm.quantity = quantity
                    norm.note = "季度定额调整建议 / quarterly adjustment"
                    try await norm.save(on: tx)
                }
                proposal.revisionID = draftID
            }
            try await transition(locked, to: next.rawValue, entity: .proposal, on: tx)
            proposal.decidedByName = actor.username
            proposal.decidedAtMs = now.milliseconds
            proposal.note = note
            try await proposal.update(on: tx)
            let view = try PlanProposalView(proposal)
            events.insert(
                AuditEvent(
                    "plan.proposal.\(next.rawValue)", by: actor, entity: .proposal, id: id.uuidString, path: path,
                    before: before, after: view), at: 0)
            try await AuditTrail.append(events, at: now, on: tx)
            return view
        }
    }
}

/// A proposal as read.
public struct PlanProposalView: Codable, Sendable, Equatable {
    public var id: UUID
    public var planId: UUID
    public var path: String
    public var kind: PlanProposalKind
    public var itemId: UUID?
    public var currentQuantity: Int?
    public var proposedQuantity: Int?
    public var messageZh: String
    public var messageEn: String
    public var status: PlanProposalStatus
    public var createdAt: Date
    public var decidedBy: String?
    public var decidedAt: Date?
    public var note: String?
    /// The draft revision made when it was accepted.
    public var revisionId: UUID?

    init(_ r: PlanProposalRecord) throws {
        id = try r.requireID()
        planId = r.planID
        path = r.path
        kind = try Stored.value(PlanProposalKind.self, r.kind, column: "plan_proposals.kind")
        itemId = r.itemID
        currentQuantity = r.currentQuantity
        proposedQuantity = r.proposedQuantity
        messageZh = r.messageZh
        messageEn = r.messageEn
        status = try Stored.value(PlanProposalStatus.self, r.status, column: "plan_proposals.status")
        createdAt = Date(milliseconds: r.createdAtMs)
        decidedBy = r.decidedByName
        decidedAt = r.decidedAtMs.map(Date.init(milliseconds:))
        note = r.note
        revisionId = r.revisionID
    }
}
