import Crypto
import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension OperationsService {
    /// Who owns the idempotency keys of imported stock rows: not a user, so that the same row
    /// imported by anyone is the same receipt (ADR 0020).
    static let importedRowsKeyOwner = UUID(uuidString: "00000000-0000-0000-0000-0000000c5701")!

    /// Stock rows become receipts (入库), each through ``stock.receive(_:by:on:)`` in the import's one
    /// transaction. A row whose content was received before (by any import) is counted unchanged; a
    /// file that holds the same content twice is refused, naming both lines (ADR 0020).
    func importStock(_ source: ImportSource, by actor: Actor, progress: @escaping @Sendable (Int, Int) -> Void)
        async throws -> ImportReport
    {
        for column in StockCSVRow.requiredColumns { _ = try source.table.column(column) }
        let records = source.table.records
        let now = clock.now()
        return try await runImport(source, by: actor) { tx, log in
            let depotIDs = try await Self.ids(of: DepotRecord.query(on: tx).all(), code: \.code)
            let itemIDs = try await Self.ids(of: ItemRecord.query(on: tx).all(), code: \.code)
            var seen: [String: Int] = [:]
            for (index, record) in records.enumerated() {
                try await importRow(record.line, source, columns: Self.stockColumns) {
                    let row = try StockCSVRow(line: record.line, values: record.values)
                    guard let depotID = depotIDs[row.depotCode] else {
                        throw LifelineError.unknownReference("depot_code", .depot, row.depotCode)
                    }
                    guard let itemID = itemIDs[row.itemCode] else {
                        throw LifelineError.unknownReference("item_code", .item, row.itemCode)
                    }
                    let content = row.content(depotID: depotID, itemID: itemID)
                    try source.requireFirst(content, line: record.line, column: nil, seen: &seen)
                    let key = "stock-row-" + Hex.encode(SHA256.hash(data: Data(content.utf8)))
                    if try await IdempotencyStore.find(key: key, actor: Self.importedRowsKeyOwner, on: tx) != nil {
                        log.unchanged()
                        return
                    }
                    let receipt = try await stock.receive(row.receipt(depot: depotID, item: itemID), by: actor, on: tx)
                    let remember = IdempotencyStore.remember(
                        key: key, actor: Self.importedRowsKeyOwner,
                        requestHash: Self.requestHash("import.stock", content),
                        responseJSON: Self.json(receipt.output), at: now)
                    // A concurrent import of the same row committed first: run this import again,
                    // where the row will count as unchanged.
                    guard try await IdempotencyStore.insert(remember, on: tx) else { throw RetryableConflict() }
                    log.created(receipt)
                }
                progress(index + 1, records.count)
            }
        }
    }

    /// The receipt fields' CSV columns where they are not the field in snake_case.
    static let stockColumns = [
        "depotId": "depot_code", "itemId": "item_code", "note": "reference", "lotId": "batch_no",
    ]

    static func ids<R: Model>(of records: [R], code: KeyPath<R, String>) throws -> [String: UUID]
    where R.IDValue == UUID {
        Dictionary(try records.map { ($0[keyPath: code], try $0.requireID()) }, uniquingKeysWith: { first, _ in first })
    }
}

extension StockCSVRow {
    /// The receipt a row asks for; the reference, if any, becomes the movement's note.
    func receipt(depot: UUID, item: UUID) -> ReceiptInput {
        ReceiptInput(
            depotId: depot, itemId: item, quantity: quantity, batchNo: batchNo, manufacturer: manufacturer,
            productionDate: productionDate?.iso, expiryDate: expiryDate?.iso, unitCostFen: unitCostFen,
            inspection: inspection,
            note: reference.map { "import: \($0)" } ?? "import")
    }
}
