import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension StockService {
    /// Receives stock into a depot after acceptance inspection (入库, R4.2). Creates the lot if the
    /// batch is new; a lot that did not pass inspection starts quarantined.
    public func receive(_ input: ReceiptInput, key: String, by actor: Actor) async throws -> MovementResult {
        try AccessPolicy.require(.moveStock, actor)
        _ = try CheckedReceipt(input)  // bad input is refused before a transaction opens
        return try await idempotent("receive", key: key, actor: actor, input: input) { tx in
            try await receive(input, by: actor, on: tx)
        }
    }

    /// The work of a receipt inside the caller's transaction — every check and every write, the
    /// audit event returned for the caller to append: ``receive(_:key:by:)`` runs it for one receipt,
    /// a stock import for each of its rows in one transaction. The caller has checked the role.
    func receive(_ input: ReceiptInput, by actor: Actor, on tx: any Database) async throws -> Audited<MovementResult> {
        let (quantity, production, expiry, note) = try CheckedReceipt(input).values
        let today = self.today
        let now = clock.now()
        let depot = try await depot(input.depotId, field: "depotId", for: actor, on: tx)
        let item = try await item(input.itemId, field: "itemId", on: tx)
        guard try depot.profile.accepts(item.definition.storage) else {
            throw LifelineError(
                .storageMismatch, field: "depotId", ["depot": depot.code],
                localized: ["storage": try item.definition.storage.text])
        }
        let lot = try LedgerLot(
            try await receivingLot(
                input, depot: depot, item: item, production: production, expiry: expiry, today: today, on: tx),
            depot: depot)
        // A lot holds at most Limits.lotOnHand units, so that no lot's value can overflow (ADR 0023).
        guard lot.onHand <= Limits.lotOnHand - quantity else {
            throw LifelineError(
                .outOfRange, field: "quantity", ["min": "1", "max": String(max(0, Limits.lotOnHand - lot.onHand))])
        }
        let number = try await LedgerSQL.nextDocumentNumber(.receipt, jurisdiction: lot.depotCode, day: today, on: tx)
        let movement = MovementDraft(
            kind: .receipt, lot: lot, effect: MovementKind.receipt.effect(quantity: quantity),
            documentNo: number.description, reason: note, inspection: input.inspection, actor: actor, at: now)
        guard let (id, balance) = try await LedgerSQL.post(movement, issuableOn: nil, at: now, on: tx) else {
            throw LifelineError(.conflict, ["reason": "lot balance rejected the receipt"])
        }
        let result = MovementResult(documentNo: number.description, movements: [MovementView(movement, id: id)])
        return Audited(
            output: result,
            events: [
                AuditEvent(
                    "stock.receive", by: actor, entity: .lot, id: lot.id.uuidString, path: try lot.jurisdictionPath,
                    before: Optional<Balance>.none, after: ReceiptAudit(result: result, balance: balance))
            ])
    }

    /// The lot a receipt goes into: the named one, the depot's existing lot of the same batch, or a new one.
    private func receivingLot(
        _ input: ReceiptInput, depot: DepotRecord, item: ItemRecord, production: Day?, expiry: Day?, today: Day,
        on tx: any Database
    ) async throws -> LotRecord {
        let depotID = try depot.requireID()
        let itemID = try item.requireID()
        if let lotID = input.lotId {
            guard let lot = try await LotRecord.find(lotID, on: tx) else {
                throw LifelineError.unknownReference("lotId", .lot, lotID.uuidString)
            }
            guard lot.depotID == depotID, lot.itemID == itemID else {
                throw LifelineError(.lotItemMismatch, field: "lotId", ["lot": lot.batchNo, "item": item.code])
            }
            try requireAcceptedInto(lot, input.inspection)
            return lot
        }
        let batch = try Text.required(input.batchNo, field: "batchNo", max: 60)
        let manufacturer = try Text.required(input.manufacturer, field: "manufacturer", max: 120)
        var expiry = expiry
        if expiry == nil, item.shelfLifeDays > 0 {
            guard let production else { throw LifelineError.required("expiryDate") }
            expiry = production.adding(days: item.shelfLifeDays)
        }
        if let existing = try await LotRecord.query(on: tx).filter(\.$depotID == depotID).filter(\.$itemID == itemID)
            .filter(\.$batchNo == batch).first()
        {
            guard existing.expiryDate == expiry?.iso, existing.manufacturer == manufacturer else {
                throw LifelineError(
                    .duplicate, field: "batchNo",
                    ["value": "\(batch) (\(existing.manufacturer), \(existing.expiryDate ?? "-"))"])
            }
            try requireAcceptedInto(existing, input.inspection)
            return existing
        }
        let lot = LotRecord(
            status: (expiry.map { $0 < today } ?? false)
                ? LotStatus.expired.rawValue : input.inspection.initialStatus.rawValue)
        lot.id = ids.next()
        lot.depotID = depotID
        lot.itemID = itemID
        lot.path = depot.path
        lot.batchNo = batch
        lot.manufacturer = manufacturer
        lot.productionDate = production?.iso
        lot.expiryDate = expiry?.iso
        lot.onHand = 0
        lot.reserved = 0
        lot.held = 0
        lot.unitCostFen = input.unitCostFen ?? item.unitPriceFen
        lot.receivedSeq = Int(clock.now().timeIntervalSince1970 * 1000)
        try await lot.create(on: tx)
        return lot
    }

    /// Units that failed or await inspection may not be mixed into a lot that is available for issue.
    private func requireAcceptedInto(_ lot: LotRecord, _ inspection: AcceptanceInspection) throws {
        if try inspection != .passed && lot.lotStatus == .available {
            throw LifelineError.invalid(
                "inspection", "stock that has not passed inspection must be received as its own batch")
        }
    }

    static func day(_ text: String?, field: String) throws(LifelineError) -> Day? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let day = Day(iso: text) else { throw LifelineError(.invalidDate, field: field) }
        return day
    }
}

/// The checks of a receipt that need no database.
private struct CheckedReceipt {
    var values: (quantity: Int, production: Day?, expiry: Day?, note: String?)

    init(_ input: ReceiptInput) throws(LifelineError) {
        let quantity = try Text.positiveQuantity(input.quantity)
        let production = try StockService.day(input.productionDate, field: "productionDate")
        let expiry = try StockService.day(input.expiryDate, field: "expiryDate")
        if let production, let expiry, expiry <= production {
            throw LifelineError.invalid("expiryDate", "must be after the production date")
        }
        if let cost = input.unitCostFen, !(0...Limits.unitPriceFen).contains(cost) {
            throw LifelineError(.outOfRange, field: "unitCostFen", ["min": "0", "max": String(Limits.unitPriceFen)])
        }
        values = (quantity, production, expiry, try Text.optional(input.note, field: "note", max: 500))
    }
}

/// What the audit trail keeps of a receipt.
struct ReceiptAudit: Encodable {
    var result: MovementResult
    var balance: Balance
}
