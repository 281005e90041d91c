import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// Reserve plans (储备计划, R3.1–R3.4): drafted by a jurisdiction's office, approved by the level
/// above (never by the author), versioned. Each change is one audited transaction; each state change
/// is a guarded transition (ADR 0022).
extension ReservesService {
    /// Drafts version 1 of a plan for a jurisdiction in the actor's scope, naming the current
    /// catalogue version. A jurisdiction has at most one plan per reserve class; later versions
    /// come from ``revise(_:by:)``.
    public func createPlan(_ new: NewReservePlan, by actor: Actor) async throws -> ReservePlanView {
        try AccessPolicy.require(.managePlans, actor)
        let title = try Text.required(new.title, field: "title", max: 200)
        if let percent = new.alertPercent, !(1...100).contains(percent) {
            throw LifelineError.invalid("alertPercent", "1 to 100 %")
        }
        let now = clock.now()
        let id = ids.next()
        return try await store.write { tx in
            let jurisdiction = try await jurisdiction(new.jurisdictionCode, field: "jurisdictionCode", on: tx)
            let path = try jurisdiction.jurisdictionPath
            guard !actor.role.isUnitBound, actor.scope.contains(path) else { throw LifelineError.outOfScope(.plan) }
            let existing = try await ReservePlanRecord.query(on: tx)
                .filter(\.$jurisdictionCode == jurisdiction.code.rawValue).filter(
                    \.$reserveClass == new.reserveClass.rawValue
                )
                .first()
            if existing != nil {
                throw LifelineError(
                    .duplicate, field: "reserveClass",
                    ["value": "\(jurisdiction.code.rawValue) \(new.reserveClass.rawValue) (revise the existing plan)"])
            }
            let catalogue = try await CatalogueVersionRecord.query(on: tx).sort(\.$number, .descending).first()
            let record = ReservePlanRecord(status: ReservePlanStatus.draft.rawValue)
            record.id = id
            record.jurisdictionCode = jurisdiction.code.rawValue
            record.path = path.rawValue
            record.reserveClass = new.reserveClass.rawValue
            record.version = 1
            record.catalogueVersion = catalogue?.number ?? 0
            record.title = title
            // Without a threshold of its own, the plan takes its office's (the seed's 80 % by default).
            let officeThreshold = try await effectiveParameters(path, on: tx).parameters.reserve.alertPercent
            record.alertPercent = new.alertPercent ?? officeThreshold
            record.authorID = actor.userID
            record.authorName = actor.username
            record.createdAtMs = now.milliseconds
            try await record.create(on: tx)
            let view = try ReservePlanView(record)
            try await AuditTrail.append(
                [AuditEvent("plan.create", by: actor, entity: .plan, id: id.uuidString, path: path, after: view)],
                at: now, on: tx)
            return view
        }
    }

    /// Sets (adds or replaces) the norm of one item in a plan that may still be edited.
    public func setNorm(
        _ planID: UUID, itemID: UUID, formula: NormFormula, note: String?, by actor: Actor
    ) async throws -> ReservePlanView {
        let quantity = try formula.quantity()
        let note = try Text.optional(note, field: "note", max: 500)
        let now = clock.now()
        return try await store.write { tx in
            let locked = try await lock(ReservePlanRecord.self, planID, entity: .plan, on: tx)
            let plan = locked.record
            try ReservePlanAuthority.check(
                .edit, status: plan.planStatus, jurisdiction: plan.jurisdictionPath, author: plan.authorID, by: actor)
            _ = try await item(itemID, field: "itemId", on: tx)
            let json = String(decoding: try JSONEncoder().encode(formula), as: UTF8.self)
            let existing = try await ReserveNormRecord.query(on: tx).filter(\.$planID == planID)
                .filter(\.$itemID == itemID).first()
            let before = try await normViews(planID, on: tx).first { $0.itemId == itemID }
            let norm = existing ?? ReserveNormRecord()
            if existing == nil {
                norm.id = ids.next()
                norm.planID = planID
                norm.itemID = itemID
            }
            norm.basis = formula.basis
            norm.formula = json
            norm.quantity = quantity
            norm.note = note
            try await norm.save(on: tx)
            let norms = try await normViews(planID, on: tx)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "plan.norm.set", by: actor, entity: .plan, id: planID.uuidString, path: plan.jurisdictionPath,
                        before: before, after: norms.first { $0.itemId == itemID })
                ], at: now, on: tx)
            return try ReservePlanView(plan, norms: norms)
        }
    }

    /// Removes an item's norm from a plan that may still be edited.
    public func removeNorm(_ planID: UUID, itemID: UUID, by actor: Actor) async throws -> ReservePlanView {
        let now = clock.now()
        return try await store.write { tx in
            let locked = try await lock(ReservePlanRecord.self, planID, entity: .plan, on: tx)
            let plan = locked.record
            try ReservePlanAuthority.check(
                .edit, status: plan.planStatus, jurisdiction: plan.jurisdictionPath, author: plan.authorID, by: actor)
            guard let before = try await normViews(planID, on: tx).first(where: { $0.itemId == itemID }) else {
                throw LifelineError.notFound(.item, itemID.uuidString)
            }
            try await ReserveNormRecord.query(on: tx).filter(\.$planID == planID).filter(\.$itemID == itemID).delete()
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "plan.norm.remove", by: actor, entity: .plan, id: planID.uuidString,
                        path: plan.jurisdictionPath, before: before, after: ReserveNormView?.none)
                ], at: now, on: tx)
            return try ReservePlanView(plan, norms: try await normViews(planID, on: tx))
        }
    }

    /// Submits a draft (or a rejected plan, corrected) for approval by the level above. A plan
    /// without norms cannot be submitted.
    public func submit(_ planID: UUID, by actor: Actor) async throws -> ReservePlanView {
        try await move(planID, .submit, by: actor) { plan, norms, now in
            guard !norms.isEmpty else { throw LifelineError.invalid("norms", "a plan needs at least one norm") }
            plan.submittedAtMs = now.milliseconds
            return .submitted
        }
    }

    /// Approves a submitted plan (the level above, not the author). The version it revises, if any,
    /// is superseded in the same transaction.
    public func approve(_ planID: UUID, note: String?, by actor: Actor) async throws -> ReservePlanView {
        let note = try Text.optional(note, field: "note", max: 500)
        return try await move(planID, .approve, by: actor) { plan, _, now in
            plan.decidedBy = actor.userID
            plan.decidedByName = actor.username
            plan.decidedAtMs = now.milliseconds
            plan.decisionNote = note
            return .approved
        }
    }

    /// Sends a submitted plan back to its office with a reason.
    public func reject(_ planID: UUID, note: String?, by actor: Actor) async throws -> ReservePlanView {
        let note = try Text.required(note, field: "note", max: 500)
        return try await move(planID, .reject, by: actor) { plan, _, now in
            plan.decidedBy = actor.userID
            plan.decidedByName = actor.username
            plan.decidedAtMs = now.milliseconds
            plan.decisionNote = note
            return .rejected
        }
    }

    /// Drafts the next version of an approved plan, with its norms copied and the current catalogue
    /// version; the approved one stays in force until the revision is approved. One open revision
    /// at a time.
    public func revise(_ planID: UUID, by actor: Actor) async throws -> ReservePlanView {
        let now = clock.now()
        let id = ids.next()
        return try await store.write { tx in
            let locked = try await lock(ReservePlanRecord.self, planID, entity: .plan, on: tx)
            let plan = locked.record
            try ReservePlanAuthority.check(
                .revise, status: plan.planStatus, jurisdiction: plan.jurisdictionPath, author: plan.authorID, by: actor)
            let next = try await makeRevision(of: plan, id: id, by: actor, at: now, on: tx)
            let view = try ReservePlanView(next, norms: try await normViews(id, on: tx))
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "plan.revise", by: actor, entity: .plan, id: id.uuidString, path: try next.jurisdictionPath,
                        before: try ReservePlanView(plan), after: view)
                ], at: now, on: tx)
            return view
        }
    }

    /// The draft of the next version of `plan` (its norms copied, the current catalogue named), made
    /// inside the caller's transaction after the caller checked who may revise; refused while a
    /// revision is already open.
    func makeRevision(of plan: ReservePlanRecord, id: UUID, by actor: Actor, at now: Date, on tx: any Database)
        async throws -> ReservePlanRecord
    {
        let planID = try plan.requireID()
        let newer = try await ReservePlanRecord.query(on: tx).filter(\.$previousID == planID).first()
        if let newer {
            throw LifelineError(.planRevisionOpen, ["version": String(newer.version)])
        }
        let catalogue = try await CatalogueVersionRecord.query(on: tx).sort(\.$number, .descending).first()
        let next = ReservePlanRecord(status: ReservePlanStatus.draft.rawValue)
        next.id = id
        next.jurisdictionCode = plan.jurisdictionCode
        next.path = plan.path
        next.reserveClass = plan.reserveClass
        next.version = plan.version + 1
        next.catalogueVersion = catalogue?.number ?? plan.catalogueVersion
        next.title = plan.title
        next.alertPercent = plan.alertPercent
        next.authorID = actor.userID
        next.authorName = actor.username
        next.createdAtMs = now.milliseconds
        next.previousID = planID
        try await next.create(on: tx)
        for norm in try await ReserveNormRecord.query(on: tx).filter(\.$planID == planID).all() {
            let copy = ReserveNormRecord()
            copy.id = ids.next()
            copy.planID = id
            copy.itemID = norm.itemID
            copy.basis = norm.basis
            copy.formula = norm.formula
            copy.quantity = norm.quantity
            copy.note = norm.note
            try await copy.create(on: tx)
        }
        return next
    }

    /// Plans the actor may read (its scope's), newest first by default.
    public func plans(_ filter: ReservePlanFilter, page: PageRequest, for actor: Actor) async throws -> Page<
        ReservePlanView
    > {
        try AccessPolicy.require(.readStock, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let sort = try page.sortKey(allowed: ["created", "jurisdiction", "status"], default: "-created")
        var query = ReservePlanRecord.query(on: database).restricted(to: ScopeFilter(actor), .reservePlans)
        if let status = filter.status { query = query.filter(\.$status == status.rawValue) }
        if let reserveClass = filter.reserveClass { query = query.filter(\.$reserveClass == reserveClass.rawValue) }
        if let code = filter.jurisdictionCode { query = query.filter(\.$jurisdictionCode == code) }
        let direction: DatabaseQuery.Sort.Direction = sort.descending ? .descending : .ascending
        switch sort.key {
        case "jurisdiction": query = query.sort(\.$path, direction).sort(\.$version, direction)
        case "status": query = query.sort(\.$status, direction).sort(\.$createdAtMs, .descending)
        default: query = query.sort(\.$createdAtMs, direction)
        }
        return try await query.sort(\.$id, direction).paginate(page).map { try ReservePlanView($0) }
    }

    /// One plan with its norms, if the actor's scope contains its jurisdiction.
    public func plan(_ id: UUID, for actor: Actor) async throws -> ReservePlanView {
        let record = try await readablePlan(id, for: actor)
        return try ReservePlanView(record, norms: try await normViews(id, on: database))
    }

    /// What `actor` may do to the plan now (the plan page's buttons).
    public func actions(on plan: ReservePlanView, for actor: Actor) throws -> [ReservePlanAuthority.Action] {
        guard let path = JurisdictionPath(rawValue: plan.path) else { return [] }
        return ReservePlanAuthority.actions(
            status: plan.status, jurisdiction: path, author: plan.authorId, by: actor)
    }

    // MARK: - Shared

    /// The plan row, after the read checks: the role may read stock and the scope admits the plan.
    func readablePlan(_ id: UUID, for actor: Actor) async throws -> ReservePlanRecord {
        try AccessPolicy.require(.readStock, actor)
        guard let record = try await ReservePlanRecord.find(id, on: database) else {
            throw LifelineError.notFound(.plan, id.uuidString)
        }
        guard ScopeFilter(actor).admits(paths: [try record.jurisdictionPath], units: []) else {
            throw LifelineError.outOfScope(.plan)
        }
        return record
    }

    /// A plan's norms with their items, in item-code order.
    func normViews(_ planID: UUID, on db: any Database) async throws -> [ReserveNormView] {
        let norms = try await ReserveNormRecord.query(on: db).filter(\.$planID == planID).all()
        guard !norms.isEmpty else { return [] }
        let items = try await ItemRecord.query(on: db).filter(\.$id ~~ norms.map(\.itemID)).all()
        let byID = Dictionary(uniqueKeysWithValues: try items.map { (try $0.requireID(), $0) })
        return try norms.compactMap { norm -> ReserveNormView? in
            guard let item = byID[norm.itemID] else { return nil }
            return ReserveNormView(
                itemId: norm.itemID, itemCode: item.code, itemNameZh: item.nameZh, itemNameEn: item.nameEn,
                unitZh: item.unitZh, unitEn: item.unitEn, formula: try norm.normFormula, quantity: norm.quantity,
                note: norm.note)
        }.sorted { $0.itemCode < $1.itemCode }
    }

    /// One guarded state change of a plan: lock, check the rule, let `change` fill the record and
    /// name the next state, compare-and-set, store, audit — one transaction.
    private func move(
        _ planID: UUID, _ action: ReservePlanAuthority.Action, by actor: Actor,
        _ change: @escaping @Sendable (ReservePlanRecord, [ReserveNormView], Date) throws -> ReservePlanStatus
    ) async throws -> ReservePlanView {
        let now = clock.now()
        return try await store.write { tx in
            let locked = try await lock(ReservePlanRecord.self, planID, entity: .plan, on: tx)
            let plan = locked.record
            try ReservePlanAuthority.check(
                action, status: plan.planStatus, jurisdiction: plan.jurisdictionPath, author: plan.authorID, by: actor)
            let norms = try await normViews(planID, on: tx)
            let before = try ReservePlanView(plan, norms: norms)
            let next = try change(plan, norms, now)
            try await transition(locked, to: next.rawValue, entity: .plan, on: tx)
            try await plan.update(on: tx)
            var events = [AuditEvent]()
            if next == .approved, let previous = plan.previousID {
                let older = try await lock(ReservePlanRecord.self, previous, entity: .plan, on: tx)
                if try older.record.planStatus == .approved {
                    try await transition(older, to: ReservePlanStatus.superseded.rawValue, entity: .plan, on: tx)
                    events.append(
                        AuditEvent(
                            "plan.supersede", by: actor, entity: .plan, id: previous.uuidString,
                            path: try older.record.jurisdictionPath, before: ReservePlanStatus.approved,
                            after: ReservePlanStatus.superseded))
                }
            }
            let view = try ReservePlanView(plan, norms: norms)
            events.insert(
                AuditEvent(
                    "plan.\(action.rawValue)", by: actor, entity: .plan, id: planID.uuidString,
                    path: try plan.jurisdictionPath, before: before, after: view), at: 0)
            try await AuditTrail.append(events, at: now, on: tx)
            return view
        }
    }
}
