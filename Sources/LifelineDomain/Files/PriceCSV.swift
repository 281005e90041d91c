import Foundation

/// The CSV form of market prices (`lifeline import prices` / `lifeline export prices`): one point of
/// an item's price history per row, the item named by its code (ADR 0026).
///
///     item_code,effective_from,price_fen,note
///     PPE-0001,2026-11-25,180,省药监局挂网价
public enum PriceCSV {
    public static let header = ["item_code", "effective_from", "price_fen", "note"]
    /// The columns a prices file must have; `note` may be left out.
    public static let requiredColumns = ["item_code", "effective_from", "price_fen"]

    /// Reads one record into the item code and its point. Errors name the API field
    /// (`effectiveFrom`, `priceFen`, `note`) or the column; the import names the line.
    public static func read(_ values: [String: String]) throws(LifelineError) -> (itemCode: String, point: PricePoint) {
        func text(_ column: String) -> String { values[column]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
        let code = text("item_code")
        guard !code.isEmpty else { throw .required("item_code") }
        let fen = text("price_fen")
        guard !fen.isEmpty else { throw .required("priceFen") }
        guard let priceFen = Int(fen) else { throw .invalid("priceFen", "not a whole number of fen: '\(fen)'") }
        return (
            code,
            try PricePoint.validated(effectiveFrom: text("effective_from"), priceFen: priceFen, note: values["note"])
        )
    }

    /// The row of a point.
    public static func row(itemCode: String, _ point: PricePoint) -> [String] {
        [itemCode, point.effectiveFrom.iso, String(point.priceFen), point.note ?? ""]
    }
}
