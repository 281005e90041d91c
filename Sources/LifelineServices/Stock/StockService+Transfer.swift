import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension StockService {
    /// Transfers stock between depots (调拨): out of the source lots (FEFO or the named lot) and into
    /// the same batches at the destination, in one transaction.
    public func transfer(_ input: TransferInput, key: String, by actor: Actor) async throws -> MovementResult {
        try AccessPolicy.require(.moveStock, actor)
        let quantity = try Text.positiveQuantity(input.quantity)
        let reason = try Text.optional(input.reason, field: "reason", max: 500)
        guard input.fromDepotId != input.toDepotId else { throw LifelineError(.sameDepot, field: "toDepotId") }
        let today = self.today
        let now = clock.now()
        return try await idempotent("transfer", key: key, actor: actor, input: input) { tx in
            let destination = try await depot(input.toDepotId, field: "toDepotId", for: actor, on: tx)
            let item = try await item(input.itemId, field: "itemId", on: tx)
            guard try destination.profile.accepts(item.definition.storage) else {
                throw LifelineError(
                    .storageMismatch, field: "toDepotId", ["depot": destination.code],
                    localized: ["storage": try item.definition.storage.text])
            }
            let (number, picks) = try await picks(
                quantity, lot: input.lotId, depot: input.fromDepotId, item: input.itemId, numbering: .transfer,
                actor: actor,
                today: today, on: tx)
            guard picks.allSatisfy({ $0.0.depotID == input.fromDepotId }) else {
                throw LifelineError.invalid("lotId", "the lot is not in the source depot")
            }
            var views: [MovementView] = []
            for (lot, take) in picks {
                let outRow = MovementDraft(
                    kind: .transferOut, lot: lot, effect: MovementKind.transferOut.effect(quantity: take),
                    documentNo: number.description, reason: reason, counterpartDepotID: input.toDepotId,
                    actor: actor, at: now)
                let outID = try await takeFree(
                    outRow, from: lot, quantity: take, explain: input.lotId != nil, today: today, at: now, on: tx)
                views.append(MovementView(outRow, id: outID))
                let target = try LedgerLot(
                    try await matchingLot(lot, in: destination, at: now, on: tx), depot: destination)
                let inRow = MovementDraft(
                    kind: .transferIn, lot: target, effect: MovementKind.transferIn.effect(quantity: take),
                    documentNo: number.description, reason: reason, counterpartDepotID: input.fromDepotId,
                    actor: actor, at: now)
                guard let posted = try await LedgerSQL.post(inRow, issuableOn: nil, at: now, on: tx) else {
                    throw LifelineError(.conflict, ["reason": "destination lot rejected the transfer"])
                }
                views.append(MovementView(inRow, id: posted.id))
            }
            let result = MovementResult(documentNo: number.description, movements: views)
            return Audited(
                output: result,
                events: [
                    AuditEvent(
                        "stock.transfer", by: actor, entity: .lot, id: picks[0].0.id.uuidString,
                        path: try picks[0].0.jurisdictionPath,
                        after: result)
                ])
        }
    }

    /// The destination's lot of the same batch, created empty if the depot has none yet.
    func matchingLot(_ lot: LedgerLot, in depot: DepotRecord, at now: Date, on tx: any Database) async throws
        -> LotRecord
    {
        let depotID = try depot.requireID()
        if let existing = try await LotRecord.query(on: tx).filter(\.$depotID == depotID).filter(
            \.$itemID == lot.itemID
        )
        .filter(\.$batchNo == lot.batchNo).first() {
            guard existing.expiryDate == lot.expiryDate else {
                throw LifelineError(
                    .duplicate, field: "lotId",
                    ["value": "\(lot.batchNo) @ \(depot.code) (\(existing.expiryDate ?? "-"))"])
            }
            return existing
        }
        let copy = LotRecord(status: LotStatus.available.rawValue)
        copy.id = ids.next()
        copy.depotID = depotID
        copy.itemID = lot.itemID
        copy.path = depot.path
        copy.batchNo = lot.batchNo
        copy.manufacturer = lot.manufacturer
        copy.productionDate = lot.productionDate
        copy.expiryDate = lot.expiryDate
        copy.onHand = 0
        copy.reserved = 0
        copy.held = 0
        copy.unitCostFen = lot.unitCostFen
        copy.receivedSeq = Int(now.timeIntervalSince1970 * 1000)
        try await copy.create(on: tx)
        return copy
    }
}
