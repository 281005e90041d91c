import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension DispatchService {
    /// Reusable items come back after a round (R4.6): disinfected, re-entered into the lot they left.
    public func recover(_ id: UUID, _ inputs: [RecoveryInput], key: String, by actor: Actor) async throws -> OrderView {
        try AccessPolicy.require(.executeDispatch, actor)
        guard !inputs.isEmpty else { throw LifelineError.required("lines") }
        for (index, input) in inputs.enumerated() {
            _ = try Text.positiveQuantity(input.quantity, field: "lines[\(index)].quantity")
            guard input.disinfected else {
                throw LifelineError.invalid("lines[\(index)].disinfected", "items must be disinfected before re-entry")
            }
            _ = try Text.required(input.grid, field: "lines[\(index)].grid", max: 100)
            guard RoundRule.rounds.contains(input.round) else {
                throw LifelineError(
                    .outOfRange, field: "lines[\(index)].round",
                    ["min": String(RoundRule.rounds.lowerBound), "max": String(RoundRule.rounds.upperBound)])
            }
        }
        let now = clock.now()
        return try await idempotent("order.recover", key: key, actor: actor, input: [id.uuidString, Self.json(inputs)])
        { tx in
            // Locked: what was recovered before is read after every earlier recovery of this order committed.
            let record = try await lock(DispatchOrderRecord.self, id, entity: .order, on: tx).record
            try requireReach(record, for: actor)
            try OrderAuthority.checkRecovery(on: record.parties, by: actor)
            let lines = try await DispatchLineRecord.query(on: tx).filter(\.$orderID == id).all()
            for (index, input) in inputs.enumerated() {
                let grid = input.grid.trimmingCharacters(in: .whitespacesAndNewlines)
                try RecoveryRule.requireServed(
                    grid: grid, round: input.round, orderGrid: record.grid, orderRound: record.round,
                    field: "lines[\(index)]")
                guard let line = lines.first(where: { $0.id == input.lineId }) else {
                    throw LifelineError.unknownReference("lines[\(index)].lineId", .order, input.lineId.uuidString)
                }
                let item = try await item(line.itemID, on: tx)
                guard item.reusable else {
                    throw LifelineError.invalid("lines[\(index)].lineId", "\(item.code) is not a reusable item")
                }
                let returned = try await StockMovementRecord.query(on: tx).filter(\.$documentNo == record.number)
                    .filter(\.$lotID == line.lotID).filter(\.$kind == MovementKind.return.rawValue).all().map(
                        \.onHandDelta
                    ).reduce(0, +)
                let accepted = line.accepted ?? 0
                guard returned + input.quantity <= accepted else {
                    throw LifelineError(
                        .recoveryExceedsAccepted, field: "lines[\(index)].quantity",
                        [
                            "accepted": String(accepted), "recovered": String(returned),
                            "max": String(max(0, accepted - returned)),
                        ])
                }
                guard let lot = try await LedgerSQL.lot(line.lotID, on: tx) else {
                    throw LifelineError.notFound(.lot, line.lotID.uuidString)
                }
                let movement = MovementDraft(
                    kind: .return, lot: lot, effect: MovementKind.return.effect(quantity: input.quantity),
                    documentNo: record.number, reason: "disinfected; grid \(input.grid); round \(input.round)",
                    unitID: record.receiverUnitID, actor: actor, at: now)
                guard try await LedgerSQL.post(movement, issuableOn: nil, at: now, on: tx) != nil else {
                    throw RetryableConflict()
                }
                let recovery = LotRecoveryRecord()
                recovery.id = ids.next()
                recovery.lotID = line.lotID
                recovery.orderID = id
                recovery.grid = grid
                recovery.round = input.round
                recovery.quantity = input.quantity
                recovery.path = lot.path
                recovery.actorName = actor.username
                recovery.atMs = now.milliseconds
                try await recovery.create(on: tx)
            }
            let view = try await orderView(record, on: tx)
            return Audited(
                output: view,
                events: [
                    AuditEvent(
                        "order.recover", by: actor, entity: .order, id: id.uuidString,
                        path: try Stored.value(
                            JurisdictionPath.self, record.depotPath, column: "dispatch_orders.depot_path"), after: view)
                ])
        }
    }
}
