import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension OperationsService {
    /// The price history in force: per item (by code) and day, the latest entry — superseded
    /// entries are left out, so that the file imports back unchanged (they stay in the audit trail
    /// and on the item's price page).
    func exportPrices() async throws -> String {
        let items = try await ItemRecord.query(on: database).all()
        let codes = Dictionary(items.compactMap { i in i.id.map { ($0, i.code) } }, uniquingKeysWith: { a, _ in a })
        let records = try await ItemPriceRecord.query(on: database).all()
        var rows: [(code: String, point: PricePoint)] = []
        for (itemID, ofItem) in Dictionary(grouping: records, by: \.itemID) {
            let history = ReferenceService.entryOrder(ofItem).map(\.point)
            let superseded = MarketPrice.superseded(in: history)
            for (index, point) in history.enumerated() where !superseded.contains(index) {
                rows.append((codes[itemID] ?? "", point))
            }
        }
        rows.sort { ($0.code, $0.point.effectiveFrom) < ($1.code, $1.point.effectiveFrom) }
        return CSVTable(header: PriceCSV.header, rows: rows.map { PriceCSV.row(itemCode: $0.code, $0.point) }).encoded()
    }

    /// Prices are set per item code and day, like items by code: a day without a point gets one
    /// (created); a day whose point in force differs in price or note gets a new entry, which wins
    /// (updated); an equal point is counted unchanged. So a file imports once however often it is
    /// repeated. Every new entry goes through ``reference.setPrice(_:_:by:at:on:)``, in one transaction.
    func importPrices(_ source: ImportSource, by actor: Actor, progress: @escaping @Sendable (Int, Int) -> Void)
        async throws -> ImportReport
    {
        for column in PriceCSV.requiredColumns { _ = try source.table.column(column) }
        let records = source.table.records
        let now = clock.now()
        return try await runImport(source, by: actor) { tx, log in
            let itemIDs = try await Self.ids(of: ItemRecord.query(on: tx).all(), code: \.code)
            var seen: [String: Int] = [:]
            for (index, record) in records.enumerated() {
                try await importRow(record.line, source) {
                    let (code, point) = try PriceCSV.read(record.values)
                    guard let itemID = itemIDs[code] else {
                        throw LifelineError.unknownReference("item_code", .item, code)
                    }
                    try source.requireFirst(
                        "\(itemID) \(point.effectiveFrom.iso)", line: record.line, column: "effective_from", seen: &seen
                    )
                    let sameDay = try await ItemPriceRecord.query(on: tx).filter(\.$itemID == itemID)
                        .filter(\.$effectiveFrom == point.effectiveFrom.iso).sort(\.$id, .descending).first()
                    if let sameDay, sameDay.priceFen == point.priceFen, sameDay.note == point.note {
                        log.unchanged()
                    } else if sameDay != nil {
                        log.updated(try await reference.setPrice(itemID, point, by: actor, at: now, on: tx))
                    } else {
                        log.created(try await reference.setPrice(itemID, point, by: actor, at: now, on: tx))
                    }
                }
                progress(index + 1, records.count)
            }
        }
    }
}
