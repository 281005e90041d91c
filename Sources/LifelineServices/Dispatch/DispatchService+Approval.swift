import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension DispatchService {
    /// Approves a submitted request (R5.2–R5.5): the policy decides who may approve; the picked lots
    /// are reserved in the ledger under new dispatch orders (one per source depot: 调配令 to a using
    /// unit; with a carrier, a 配送令 per order), and the executing units are told at once.
    public func approveRequest(_ id: UUID, _ input: ApprovalInput, key: String, by actor: Actor) async throws
        -> RequestView
    {
        try await approveRequest(id, input, key: key, by: actor, checkOwnSupply: true)
    }

    /// `checkOwnSupply: false` for approvals from an allocation plan, which applies R6.2's source
    /// order across the whole batch (one request alone may rightly draw on another county while
    /// the county's stock goes to a request approved next).
    func approveRequest(_ id: UUID, _ input: ApprovalInput, key: String, by actor: Actor, checkOwnSupply: Bool)
        async throws -> RequestView
    {
        try validate(input, by: actor)
        return try await idempotent(
            "request.approve", key: key, actor: actor, input: [id.uuidString, Self.json(input)]
        ) { tx in
            try await approve(id, input, by: actor, checkOwnSupply: checkOwnSupply, on: tx)
        }
    }

    /// The checks of an approval that need no database.
    func validate(_ input: ApprovalInput, by actor: Actor) throws(LifelineError) {
        try AccessPolicy.require(.approveDispatch, actor)
        _ = try Text.optional(input.note, field: "note", max: 1000)
        _ = try Text.optional(input.vehicle, field: "vehicle", max: 100)
        for (index, line) in (input.lines ?? []).enumerated() {
            _ = try Text.positiveQuantity(line.quantity, field: "lines[\(index)].quantity")
        }
    }

    /// Approves request `id` inside the write transaction `tx`: locks it, picks the lots, checks the
    /// authority policy, reserves the lots under new orders and moves the request to approved.
    func approve(_ id: UUID, _ input: ApprovalInput, by actor: Actor, checkOwnSupply: Bool, on tx: any Database)
        async throws
        -> Audited<RequestView>
    {
        let now = clock.now()
        let today = self.today
        let locked = try await lockedRequest(id, for: actor, on: tx)
        let record = locked.record
        let before = try await requestView(record, on: tx)
        let nextStatus = try before.status.applying(.approve)
        let carrier = try await input.carrierUnitId.asyncMap { try await unit($0, field: "carrierUnitId", on: tx) }
        if let carrier, carrier.kind != UnitKind.carrier.rawValue {
            throw LifelineError.invalid("carrierUnitId", "not a carrier")
        }
        let (level, _) = try await levelInForce(at: record.jurisdictionPath, on: tx)
        let (picks, depotsByID, skipped) = try await picks(for: record, input, by: actor, on: tx)

        // Who may approve, by the policy.
        let sourcePaths = Array(Set(try picks.map { try $0.0.jurisdictionPath }))
        let decision = DispatchAuthority.decide(
            DispatchQuestion(
                requester: try record.jurisdictionPath, sources: sourcePaths, level: level,
                executeFirst: input.executeFirst),
            settings: settings.dispatchPolicy)
        try DispatchAuthority.checkApprover(
            scope: actor.scope, userID: actor.userID.uuidString, requestedBy: record.createdBy.uuidString,
            decision: decision)
        if checkOwnSupply, SourceOrder.ownSupplyFirst(at: level), try record.jurisdictionPath.level >= .county {
            try await requireOwnSupplyFirst(picks, for: record, today: today, on: tx)
        }
        if input.executeFirst && !decision.executeFirst {
            throw LifelineError.invalid("executeFirst", "not allowed at this response level")
        }

        try await transition(locked, to: nextStatus.rawValue, entity: .request, on: tx)
        var notices = try await issueOrders(
            for: record, picks: picks, depots: depotsByID, carrier: carrier, input: input,
            approver: decision.approver, by: actor, on: tx)
        record.decidedAtMs = now.milliseconds
        record.decidedByName = actor.username
        record.decisionNote = try Text.optional(input.note, field: "note", max: 1000)
        record.approverPath = decision.approver.rawValue
        record.executeFirst = decision.executeFirst
        record.skippedLots = skipped.isEmpty ? nil : Self.json(skipped)
        record.paperworkDueMs = decision.paperworkDeadlineHours.map { now.milliseconds + $0 * 3_600_000 }
        try await record.update(on: tx)
        let view = try await requestView(record, on: tx)
        notices.append(
            DispatchNotice(
                kind: "request.approved", orderId: nil, requestId: id, number: record.number, units: [record.unitID],
                paths: [record.path], at: now))
        return Audited(
            output: view,
            events: [
                AuditEvent(
                    "request.approve", by: actor, entity: .request, id: id.uuidString,
                    path: try record.jurisdictionPath,
                    before: before, after: view)
            ],
            notices: notices)
    }

    /// Rejects a submitted request with a reason; nothing was reserved yet.
    public func rejectRequest(_ id: UUID, note: String?, key: String, by actor: Actor) async throws -> RequestView {
        try AccessPolicy.require(.approveDispatch, actor)
        let reason = try Text.required(note, field: "note", max: 1000)
        let now = clock.now()
        return try await idempotent("request.reject", key: key, actor: actor, input: [id.uuidString, reason]) { tx in
            let locked = try await lockedRequest(id, for: actor, on: tx)
            let record = locked.record
            let before = try await requestView(record, on: tx)
            let next = try before.status.applying(.reject)
            try await requireDecider(record, actor, on: tx)
            try await transition(locked, to: next.rawValue, entity: .request, on: tx)
            record.decidedAtMs = now.milliseconds
            record.decidedByName = actor.username
            record.decisionNote = reason
            try await record.update(on: tx)
            let view = try await requestView(record, on: tx)
            return Audited(
                output: view,
                events: [
                    AuditEvent(
                        "request.reject", by: actor, entity: .request, id: id.uuidString,
                        path: try record.jurisdictionPath,
                        before: before, after: view)
                ],
                notices: [
                    DispatchNotice(
                        kind: "request.rejected", orderId: nil, requestId: id, number: record.number,
                        units: [record.unitID], paths: [record.path], at: now)
                ])
        }
    }

    /// Marks the paperwork of an execute-first approval complete (R5.5).
    public func completePaperwork(_ id: UUID, key: String, by actor: Actor) async throws -> RequestView {
        try AccessPolicy.require(.approveDispatch, actor)
        let now = clock.now()
        return try await idempotent("request.paperwork", key: key, actor: actor, input: id.uuidString) { tx in
            let record = try await lockedRequest(id, for: actor, on: tx).record
            try requirePaperworkDue(record, actor)
            let before = try await requestView(record, on: tx)
            record.paperworkDoneAtMs = now.milliseconds
            try await record.update(on: tx)
            let view = try await requestView(record, on: tx)
            return Audited(
                output: view,
                events: [
                    AuditEvent(
                        "request.paperwork", by: actor, entity: .request, id: id.uuidString,
                        path: try record.jurisdictionPath, before: before, after: view)
                ])
        }
    }

    // MARK: - Helpers

    /// Whether `actor` may complete the request's paperwork now: it was executed first with paperwork
    /// still due, and it is the approving office's (or an office above it).
    func requirePaperworkDue(_ record: SupplyRequestRecord, _ actor: Actor) throws(LifelineError) {
        try AccessPolicy.require(.approveDispatch, actor)
        guard let approver = record.approverPath.flatMap(JurisdictionPath.init(rawValue:)),
            actor.scope.contains(approver)
        else {
            throw LifelineError.outOfScope(.request)
        }
        guard record.executeFirst, record.paperworkDoneAtMs == nil else {
            throw LifelineError(
                .invalidTransition,
                localized: [
                    "entity": EntityName.request.text,
                    "from": .init(zh: "无待补手续", en: "no paperwork due"),
                    "to": .init(zh: "手续已补", en: "paperwork done"),
                ])
        }
    }

    /// Who may refuse a request: whoever the authority policy lets approve it from the requester's
    /// own jurisdiction at the level in force (at level I the city, not the frozen county), or the
    /// office that approved it before its orders were cancelled — never its author.
    func requireDecider(_ record: SupplyRequestRecord, _ actor: Actor, on tx: any Database) async throws {
        if let earlier = record.approverPath.flatMap(JurisdictionPath.init(rawValue:)), actor.scope.contains(earlier),
            record.createdBy != actor.userID
        {
            return
        }
        let (level, _) = try await levelInForce(at: record.jurisdictionPath, on: tx)
        let decision = DispatchAuthority.decide(
            DispatchQuestion(
                requester: try record.jurisdictionPath, sources: [try record.jurisdictionPath], level: level),
            settings: settings.dispatchPolicy)
        try DispatchAuthority.checkApprover(
            scope: actor.scope, userID: actor.userID.uuidString, requestedBy: record.createdBy.uuidString,
            decision: decision)
    }

    /// Below level III a unit supplies itself first (R5.3): stock from beyond its own supply (the
    /// source order's local ranks: its county's stock and local institutions' surplus) may be
    /// drawn only for what its own supply cannot cover.
    func requireOwnSupplyFirst(
        _ picks: [(LedgerLot, Int)], for record: SupplyRequestRecord, today: Day, on db: any Database
    ) async throws {
        let depots = try await depotsByID(Set(picks.map(\.0.depotID)), on: db)
        let institutions = try await institutionUnits(owning: Array(depots.values), on: db)
        func isLocal(_ depot: DepotRecord?) throws -> Bool {
            guard let depot else { return false }
            return SourceOrder.rank(
                try depot.source(institutions: institutions), for: try record.jurisdictionPath, unit: record.unitID
            ).isLocal
        }
        let beyondItems = Set(try picks.filter { try !isLocal(depots[$0.0.depotID]) }.map(\.0.itemID))
        guard !beyondItems.isEmpty else { return }
        let county = try record.jurisdictionPath.truncated(to: .county)
        let own = try await LedgerSQL.issuableLots(items: Array(beyondItems), within: county, on: today, on: db)
        // What the own supply can give: an institution's 20 days stay out of it (R3.7).
        let (givable, _) = try await givableAboveInstitutionFloor(
            own, depots: Array(try await depotsByID(Set(own.map(\.depotID)), on: db).values), requester: record.unitID,
            on: db)
        for item in beyondItems.sorted(by: { $0.uuidString < $1.uuidString }) {
            let free = own.filter { $0.itemID == item }.map { givable[$0.id] ?? $0.balance.free }.reduce(0, +)
            let takenLocally = try picks.filter { try $0.0.itemID == item && isLocal(depots[$0.0.depotID]) }.map(\.1)
                .reduce(0, +)
            if free - takenLocally > 0 {
                let name = try await ItemRecord.find(item, on: db)?.nameZh ?? item.uuidString
                throw LifelineError(
                    .ownSupplyFirst, field: "lines", ["item": name, "available": String(free - takenLocally)])
            }
        }
    }

    /// Items that may stand in for a request's lines (R2.3): same substitution group, the site marked
    /// suitable, and only for general posts.
    func substitutableItems(_ record: SupplyRequestRecord, _ lines: [RequestLineRecord], on db: any Database)
        async throws -> Set<UUID>
    {
        guard record.substitutesAllowed else { return [] }
        let eligible = try lines.filter {
            AllocationRules.mayUseSubstitute(
                siteSuitable: true, post: try Stored.value(WorkPost.self, $0.post, column: "request_lines.post"))
        }
        let requested = try await ItemRecord.query(on: db).filter(\.$id ~~ Set(eligible.map(\.itemID))).all()
        let groups = Set(requested.compactMap(\.substitutionGroup))
        guard !groups.isEmpty else { return [] }
        let candidates = try await ItemRecord.query(on: db).filter(\.$substitutionGroup ~~ groups).all()
        return Set(
            try candidates.filter { c in
                try requested.contains {
                    AllocationRules.maySubstitute(requested: try $0.substitution, candidate: try c.substitution)
                }
            }
            .compactMap(\.id))
    }

    func destination(of record: SupplyRequestRecord, on db: any Database) async throws -> GeoPoint? {
        if let lon = record.longitude, let lat = record.latitude { return GeoPoint(longitude: lon, latitude: lat) }
        return nil
    }

    func orderNotice(_ kind: String, _ order: DispatchOrderRecord, at now: Date) -> DispatchNotice {
        DispatchNotice(
            kind: kind, orderId: order.id, requestId: order.requestID, number: order.number,
            units: [order.depotOperatorUnitID, order.carrierUnitID, order.receiverUnitID].compactMap { $0 },
            paths: [order.depotPath, order.receiverPath, order.approverPath], at: now)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
