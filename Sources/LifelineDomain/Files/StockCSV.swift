import Foundation

/// One row of a stock import (入库导入): a receipt as the file states it, its text normalised.
///
/// Reading a row only converts text to values (a whole number, a date, an inspection result); the
/// rules of a receipt (a positive quantity, expiry after production, a manufacturer, lengths) are the
/// receipt use case's, which every row goes through.
public struct StockCSVRow: Sendable, Equatable {
    /// The columns a stock file must have; `unit_cost_fen`, `inspection` and `reference` may be left out.
    public static let requiredColumns = [
        "depot_code", "item_code", "batch_no", "manufacturer", "production_date", "expiry_date", "quantity",
    ]

    public var line: Int
    public var depotCode: String
    public var itemCode: String
    public var batchNo: String
    public var manufacturer: String
    public var productionDate: Day?
    public var expiryDate: Day?
    public var quantity: Int
    /// Empty: the item's catalogue price.
    public var unitCostFen: Int?
    /// Empty: passed (合格).
    public var inspection: AcceptanceInspection
    /// The delivery note or receipt voucher (送货单号 / 入库凭证号), when the file has the column.
    public var reference: String?

    /// Reads one record; errors name the line and the column.
    public init(line: Int, values: [String: String]) throws(LifelineError) {
        func text(_ column: String) -> String { values[column]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
        func fail(_ column: String, _ cause: LifelineError) -> LifelineError {
            .importFailed(line: line, column: column, cause)
        }
        func day(_ column: String) throws(LifelineError) -> Day? {
            let value = text(column)
            if value.isEmpty { return nil }
            guard let day = Day(iso: value) else { throw fail(column, LifelineError(.invalidDate, field: column)) }
            return day
        }
        func whole(_ column: String) throws(LifelineError) -> Int? {
            let value = text(column)
            if value.isEmpty { return nil }
            guard let number = Int(value) else {
                throw fail(column, .invalid(column, "not a whole number: '\(value)'"))
            }
            return number
        }
        self.line = line
        depotCode = text("depot_code")
        itemCode = text("item_code")
        batchNo = text("batch_no")
        manufacturer = text("manufacturer")
        productionDate = try day("production_date")
        expiryDate = try day("expiry_date")
        guard let quantity = try whole("quantity") else { throw fail("quantity", .required("quantity")) }
        self.quantity = quantity
        unitCostFen = try whole("unit_cost_fen")
        let inspectionText = text("inspection")
        guard let inspection = inspectionText.isEmpty ? .passed : AcceptanceInspection(rawValue: inspectionText) else {
            throw fail("inspection", .invalid("inspection", "passed, pending or failed"))
        }
        self.inspection = inspection
        let reference = text("reference")
        self.reference = reference.isEmpty ? nil : reference
    }

    /// What makes two rows the same receipt: the depot and item they resolve to and every other
    /// column after normalisation (surrounding spaces dropped, dates as `YYYY-MM-DD`, numbers without
    /// leading zeros, an empty inspection as `passed`) — not the line, not the file around it.
    public func content(depotID: UUID, itemID: UUID) -> String {
        [
            "stock-receipt/1", depotID.uuidString, itemID.uuidString, batchNo, manufacturer, productionDate?.iso ?? "",
            expiryDate?.iso ?? "", String(quantity), unitCostFen.map(String.init) ?? "", inspection.rawValue,
            reference ?? "",
        ].joined(separator: "\u{1F}")
    }
}
