import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// Write-offs need a second person (报废核销, R4.3, ADR 0025): the request holds the units — they are
/// held, not gone — and an officer whose scope contains the depot, never the requester, approves
/// (the units leave the books) or rejects (the hold is released). Every movement of a write-off
/// carries its number (HX-…).
extension StockService {
    /// Requests a write-off of `quantity` free units of a lot the actor reaches, with a reason: posts
    /// a `hold` movement and creates the pending request, in one transaction.
    public func requestWriteOff(_ input: WriteOffInput, key: String, by actor: Actor) async throws -> WriteOffView {
        try AccessPolicy.require(.moveStock, actor)
        let quantity = try Text.positiveQuantity(input.quantity)
        let reason = try Text.required(input.reason, field: "reason", max: 500)
        let today = self.today
        let now = clock.now()
        let id = ids.next()
        return try await idempotent("write_off.request", key: key, actor: actor, input: input) { tx in
            try await writeOffRequest(
                input, quantity: quantity, reason: reason, id: id, today: today, at: now,
                by: actor, on: tx)
        }
    }

    /// The work of ``requestWriteOff(_:key:by:)`` inside the caller's transaction (a rotation plan
    /// requests the write-off of its expired lots this way); the caller has checked the role.
    func writeOffRequest(
        _ input: WriteOffInput, quantity: Int, reason: String, id: UUID, today: Day, at now: Date, by actor: Actor,
        on tx: any Database
    ) async throws -> Audited<WriteOffView> {
        let (lot, number) = try await ledgerLot(
            input.lotId, field: "lotId", numbering: .writeOff, on: today, for: actor, on: tx)
        let hold = MovementDraft(
            kind: .hold, lot: lot, effect: MovementKind.hold.effect(quantity: quantity),
            documentNo: number.description,
            reason: reason, actor: actor, at: now)
        guard let (holdID, balance) = try await LedgerSQL.post(hold, issuableOn: nil, at: now, on: tx) else {
            let current = try await LedgerSQL.lot(lot.id, on: tx) ?? lot
            throw LifelineError(
                .insufficientStock, field: "quantity",
                ["available": String(max(current.balance.free, 0)), "requested": String(quantity)])
        }
        let record = WriteOffRequestRecord(status: WriteOffStatus.pending.rawValue)
        record.id = id
        record.number = number.description
        record.lotID = lot.id
        record.depotID = lot.depotID
        record.itemID = lot.itemID
        record.path = lot.path
        record.quantity = quantity
        record.reason = reason
        record.requestedBy = actor.userID
        record.requestedByName = actor.username
        record.requestedAtMs = now.milliseconds
        record.holdMovementID = holdID
        try await record.create(on: tx)
        let view = try WriteOffView(record)
        return Audited(
            output: view,
            events: [
                AuditEvent(
                    "write_off.request", by: actor, entity: .writeOff, id: id.uuidString,
                    path: try lot.jurisdictionPath, after: view),
                AuditEvent(
                    "stock.hold", by: actor, entity: .lot, id: lot.id.uuidString, path: try lot.jurisdictionPath,
                    before: lot.balance, after: balance),
            ])
    }

    /// Approves (the held units are written off, in one `write_off` movement) or rejects (an `unhold`
    /// movement releases them; a note is required) a pending write-off. Only ``WriteOffPolicy``'s
    /// decider may; of concurrent decisions exactly one wins, the others are `state.invalid_transition`.
    public func decideWriteOff(_ id: UUID, _ input: WriteOffDecisionInput, key: String, by actor: Actor) async throws
        -> WriteOffView
    {
        try AccessPolicy.require(.approveWriteOff, actor)
        let note =
            input.approve
            ? try Text.optional(input.note, field: "note", max: 500)
            : try Text.required(input.note, field: "note", max: 500)
        let now = clock.now()
        let decision = [id.uuidString, input.approve ? "approve" : "reject", note ?? ""]
        return try await idempotent("write_off.decide", key: key, actor: actor, input: decision) { tx in
            let locked = try await lock(WriteOffRequestRecord.self, id, entity: .writeOff, on: tx)
            let record = locked.record
            try WriteOffPolicy.checkDecider(actor, requestedBy: record.requestedBy, depotPath: record.jurisdictionPath)
            let before = try WriteOffView(record)
            let next = try record.writeOffStatus.deciding(approve: input.approve)
            try await transition(locked, to: next.rawValue, entity: .writeOff, on: tx)
            guard let lot = try await LedgerSQL.lot(record.lotID, on: tx) else {
                throw LifelineError.notFound(.lot, record.lotID.uuidString)
            }
            let kind: MovementKind = input.approve ? .writeOff : .unhold
            let movement = MovementDraft(
                kind: kind, lot: lot, effect: kind.effect(quantity: record.quantity, fromHold: true),
                documentNo: record.number,
                reason: input.approve ? record.reason : note, actor: actor, at: now)
            guard let (movementID, balance) = try await LedgerSQL.post(movement, issuableOn: nil, at: now, on: tx)
            else {
                // The hold is no longer there (changed behind the ledger's back): refuse, change nothing.
                throw LifelineError(
                    .conflict, ["reason": "the units held for \(record.number) are no longer held; run lifeline verify"]
                )
            }
            record.decidedBy = actor.userID
            record.decidedByName = actor.username
            record.decidedAtMs = now.milliseconds
            record.decisionNote = note
            if input.approve { record.writeOffMovementID = movementID }
            try await record.update(on: tx)
            let view = try WriteOffView(record)
            return Audited(
                output: view,
                events: [
                    AuditEvent(
                        "write_off.\(next.rawValue)", by: actor, entity: .writeOff, id: id.uuidString,
                        path: try record.jurisdictionPath,
                        before: before, after: view),
                    AuditEvent(
                        "stock.\(kind.rawValue)", by: actor, entity: .lot, id: lot.id.uuidString,
                        path: try lot.jurisdictionPath,
                        before: lot.balance, after: balance),
                ])
        }
    }

    /// Write-off requests the actor may see — a unit-bound actor its depots', others their scope's —
    /// newest first by default.
    public func writeOffs(_ filter: WriteOffFilter, page: PageRequest, for actor: Actor) async throws -> Page<
        WriteOffView
    > {
        try AccessPolicy.require(.readStock, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let sort = try page.sortKey(allowed: ["requested", "number"], default: "-requested")
        var query = WriteOffRequestRecord.query(on: database).restricted(to: ScopeFilter(actor), .writeOffs)
        if let status = filter.status { query = query.filter(\.$status == status.rawValue) }
        if !filter.lotIds.isEmpty { query = query.filter(\.$lotID ~~ filter.lotIds) }
        if let depot = filter.depotId { query = query.filter(\.$depotID == depot) }
        let direction: DatabaseQuery.Sort.Direction = sort.descending ? .descending : .ascending
        query = sort.key == "number" ? query.sort(\.$number, direction) : query.sort(\.$requestedAtMs, direction)
        return try await query.sort(\.$id, direction).paginate(page).map(WriteOffView.init)
    }

    /// One write-off request, if the actor reaches its depot.
    public func writeOff(_ id: UUID, for actor: Actor) async throws -> WriteOffView {
        try AccessPolicy.require(.readStock, actor)
        guard let record = try await WriteOffRequestRecord.find(id, on: database) else {
            throw LifelineError.notFound(.writeOff, id.uuidString)
        }
        _ = try await depot(record.depotID, for: actor, on: database)
        return try WriteOffView(record)
    }
}
