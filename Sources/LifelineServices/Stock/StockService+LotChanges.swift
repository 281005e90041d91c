import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension StockService {
    /// Adjusts a lot after a count (盘点调整, R4.5): a signed, non-zero quantity with a reason.
    public func adjust(_ input: LotQuantityInput, key: String, by actor: Actor) async throws -> MovementResult {
        guard input.quantity != 0 else {
            throw LifelineError(.invalidValue, field: "quantity", ["reason": "must not be zero"])
        }
        guard (-Limits.quantityPerMovement...Limits.quantityPerMovement).contains(input.quantity) else {
            throw LifelineError(
                .outOfRange, field: "quantity",
                ["min": String(-Limits.quantityPerMovement), "max": String(Limits.quantityPerMovement)])
        }
        return try await changeLot(
            .adjustment, input, effect: BalanceEffect(onHand: input.quantity), prefix: .adjustment,
            requireReason: true, key: key, by: actor)
    }

    /// Takes units back into the lot they were issued from (退回, R4.6).
    public func returnStock(_ input: LotQuantityInput, key: String, by actor: Actor) async throws -> MovementResult {
        let quantity = try Text.positiveQuantity(input.quantity)
        return try await changeLot(
            .return, input, effect: MovementKind.return.effect(quantity: quantity), prefix: .return,
            requireReason: false, key: key, by: actor)
    }

    private func changeLot(
        _ kind: MovementKind, _ input: LotQuantityInput, effect: BalanceEffect, prefix: DocumentPrefix,
        requireReason: Bool,
        key: String, by actor: Actor
    ) async throws -> MovementResult {
        try AccessPolicy.require(.moveStock, actor)
        let reason =
            requireReason
            ? try Text.required(input.reason, field: "reason", max: 500)
            : try Text.optional(input.reason, field: "reason", max: 500)
        let today = self.today
        let now = clock.now()
        return try await idempotent(kind.rawValue, key: key, actor: actor, input: input) { tx in
            if let unitID = input.unitId { _ = try await unit(unitID, field: "unitId", on: tx) }
            let (lot, number) = try await ledgerLot(
                input.lotId, field: "lotId", numbering: prefix, on: today, for: actor, on: tx)
            let movement = MovementDraft(
                kind: kind, lot: lot, effect: effect, documentNo: number.description, reason: reason,
                unitID: input.unitId, actor: actor, at: now)
            guard let (id, balance) = try await LedgerSQL.post(movement, issuableOn: nil, at: now, on: tx) else {
                let current = try await LedgerSQL.lot(lot.id, on: tx) ?? lot
                throw LifelineError(
                    .insufficientStock, field: "quantity",
                    ["available": String(max(current.balance.free, 0)), "requested": String(-effect.onHand)])
            }
            let result = MovementResult(documentNo: number.description, movements: [MovementView(movement, id: id)])
            return Audited(
                output: result,
                events: [
                    AuditEvent(
                        "stock.\(kind.rawValue)", by: actor, entity: .lot, id: lot.id.uuidString,
                        path: try lot.jurisdictionPath,
                        before: lot.balance, after: balance)
                ])
        }
    }

    /// Holds, quarantines or releases a lot (R4.3, R11.2); the only way out of `expired` is a write-off
    /// (``requestWriteOff(_:key:by:)``, then a second person's decision).
    public func changeStatus(_ input: LotStatusInput, by actor: Actor) async throws -> LotView {
        try AccessPolicy.require(.changeLotStatus, actor)
        let reason = try Text.required(input.reason, field: "reason", max: 500)
        let today = self.today
        let now = clock.now()
        let window = settings.nearExpiryDays
        return try await store.write { tx in
            guard let locked = try await LotRecord.lockForChange(input.lotId, on: tx) else {
                throw LifelineError.unknownReference("lotId", .lot, input.lotId.uuidString)
            }
            let lot = locked.record
            _ = try await depot(lot.depotID, for: actor, on: tx)
            let before = try LotView(lot, today: today, window: window)
            let next = try lot.lotStatus.transition(
                to: input.status, expiry: lot.expiry ?? Day(ordinal: Int.max / 2), today: today)
            try await transition(locked, to: next.rawValue, entity: .lot, on: tx)
            let after = try LotView(lot, today: today, window: window)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "lot.status", by: actor, entity: .lot, id: try lot.requireID().uuidString,
                        path: lot.jurisdictionPath,
                        before: before, after: StatusAudit(lot: after, reason: reason))
                ],
                at: now, on: tx)
            return after
        }
    }

    /// Marks every available, held or quarantined lot past its expiry day as expired. Run at start-up
    /// and hourly by the server, and by `lifeline demo`; returns how many lots changed.
    @discardableResult
    public func expireLots() async throws -> Int {
        let today = self.today
        let now = clock.now()
        return try await store.write { tx in
            let ids = try await LotRecord.query(on: tx).filter(\.$status != LotStatus.expired.rawValue)
                .filter(\.$expiryDate < today.iso).all(\.$id)
            guard !ids.isEmpty else { return 0 }
            var events: [AuditEvent] = []
            for locked in try await LotRecord.lockForChange(ids, on: tx)
            where locked.record.status != LotStatus.expired.rawValue {
                let lot = locked.record
                let from = lot.status
                try await transition(locked, to: LotStatus.expired.rawValue, entity: .lot, on: tx)
                events.append(
                    AuditEvent(
                        "lot.expired", by: .system, entity: .lot, id: try lot.requireID().uuidString,
                        path: try lot.jurisdictionPath, before: from, after: lot.status))
            }
            try await AuditTrail.append(events, at: now, on: tx)
            return events.count
        }
    }
}

struct StatusAudit: Encodable {
    var lot: LotView
    var reason: String
}
