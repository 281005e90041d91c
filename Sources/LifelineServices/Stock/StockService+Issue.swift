import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension StockService {
    /// Issues stock to a using unit (出库): from one lot, or first-expiry-first-out from a depot.
    /// Expired, held and quarantined lots are never issued; the balance never goes below zero.
    public func issue(_ input: IssueInput, key: String, by actor: Actor) async throws -> MovementResult {
        try AccessPolicy.require(.moveStock, actor)
        let quantity = try Text.positiveQuantity(input.quantity)
        let reason = try Text.optional(input.reason, field: "reason", max: 500)
        if input.lotId == nil {
            if input.depotId == nil { throw LifelineError.required("depotId") }
            if input.itemId == nil { throw LifelineError.required("itemId") }
        }
        let today = self.today
        let now = clock.now()
        return try await idempotent("issue", key: key, actor: actor, input: input) { tx in
            if let unitID = input.unitId { _ = try await unit(unitID, field: "unitId", on: tx) }
            let (number, picks) = try await picks(
                quantity, lot: input.lotId, depot: input.depotId, item: input.itemId, numbering: .issue, actor: actor,
                today: today, on: tx)
            var views: [MovementView] = []
            for (lot, take) in picks {
                let movement = MovementDraft(
                    kind: .issue, lot: lot, effect: MovementKind.issue.effect(quantity: take),
                    documentNo: number.description, reason: reason, unitID: input.unitId, actor: actor, at: now)
                let id = try await takeFree(
                    movement, from: lot, quantity: take, explain: input.lotId != nil, today: today, at: now, on: tx)
                views.append(MovementView(movement, id: id))
            }
            let result = MovementResult(documentNo: number.description, movements: views)
            return Audited(
                output: result,
                events: [
                    AuditEvent(
                        "stock.issue", by: actor, entity: .lot, id: picks[0].0.id.uuidString,
                        path: try picks[0].0.jurisdictionPath,
                        after: result)
                ])
        }
    }

    /// The lots and quantities to take — the named lot, or a FEFO pick from the depot's lots of the
    /// item — and the document number of the movement, from the series of the source depot.
    func picks(
        _ quantity: Int, lot lotID: UUID?, depot depotID: UUID?, item itemID: UUID?, numbering prefix: DocumentPrefix,
        actor: Actor,
        today: Day, on tx: any Database
    ) async throws -> (DocumentNumber, [(LedgerLot, Int)]) {
        if let lotID {
            let (lot, number) = try await ledgerLot(
                lotID, field: "lotId", numbering: prefix, on: today, for: actor, on: tx)
            if let itemID, itemID != lot.itemID {
                throw LifelineError(.lotItemMismatch, field: "lotId", ["lot": lot.batchNo, "item": itemID.uuidString])
            }
            if let depotID, depotID != lot.depotID {
                throw LifelineError.invalid("depotId", "the lot is in another depot")
            }
            try Self.requireIssuable(lot, quantity: quantity, today: today)
            return (number, [(lot, quantity)])
        }
        guard let depotID, let itemID else { throw LifelineError.required("lotId") }
        let depot = try await depot(depotID, field: "depotId", for: actor, on: tx)
        _ = try await item(itemID, field: "itemId", on: tx)
        let lots = try await LedgerSQL.issuableLots(depot: depotID, item: itemID, on: today, on: tx)
        let byID = Dictionary(uniqueKeysWithValues: lots.map { ($0.id.uuidString, $0) })
        let picks = try FEFOPicker.pick(quantity, from: lots.map { try $0.pickable }, on: today)
        let number = try await LedgerSQL.nextDocumentNumber(
            prefix,
            jurisdiction: try Stored.value(
                JurisdictionCode.self, depot.jurisdictionCode, column: "depots.jurisdiction_code"), day: today, on: tx)
        return (number, picks.compactMap { pick in byID[pick.lotID].map { ($0, pick.quantity) } })
    }

    /// Posts a movement that takes free, issuable units, and returns its id.
    ///
    /// When the guard refuses and the person named the lot (`explain`), the error says why; for a FEFO
    /// pick the lot changed under us, so the whole pick is retried with fresh balances.
    func takeFree(
        _ movement: MovementDraft, from lot: LedgerLot, quantity: Int, explain: Bool, today: Day, at now: Date,
        on tx: any Database
    ) async throws -> Int {
        if let posted = try await LedgerSQL.post(movement, issuableOn: today, at: now, on: tx) { return posted.id }
        guard explain else { throw RetryableConflict() }
        // Refused: read the lot as it is now to say why.
        guard let current = try await LedgerSQL.lot(lot.id, on: tx) else {
            throw LifelineError.notFound(.lot, lot.id.uuidString)
        }
        try Self.requireIssuable(current, quantity: quantity, today: today)
        throw RetryableConflict()
    }

    /// Throws the error a person should see when `quantity` units of `lot` cannot be issued today.
    static func requireIssuable(_ lot: LedgerLot, quantity: Int, today: Day) throws {
        let status = try lot.lotStatus
        if let expiry = lot.expiry, expiry < today || status == .expired {
            throw LifelineError(.lotExpired, field: "lotId", ["lot": lot.batchNo, "expiry": expiry.iso])
        }
        guard status.isIssuable else {
            throw LifelineError(
                .lotNotAvailable, field: "lotId", ["lot": lot.batchNo], localized: ["status": status.text])
        }
        guard lot.balance.free >= quantity else {
            throw LifelineError(
                .insufficientStock, field: "quantity",
                ["available": String(max(lot.balance.free, 0)), "requested": String(quantity)])
        }
    }
}
