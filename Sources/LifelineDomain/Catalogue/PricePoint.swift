import Foundation

/// One entry of an item's market-price history (市场价格记录): from `effectiveFrom` (a day in China
/// time) the item's market price is `priceFen`, until a later point takes over (ADR 0026).
///
///     PricePoint(effectiveFrom: Day(iso: "2026-11-25")!, priceFen: 180, note: "省药监局 11 月挂网价")
public struct PricePoint: Sendable, Hashable, Codable {
    public var effectiveFrom: Day
    /// The price of one base unit, in fen: 0 … ``Limits/unitPriceFen``.
    public var priceFen: Int
    /// Where the price comes from (a tender, a published list), for whoever checks a charge.
    public var note: String?

    public init(effectiveFrom: Day, priceFen: Int, note: String? = nil) {
        self.effectiveFrom = effectiveFrom
        self.priceFen = priceFen
        self.note = note
    }

    /// The longest note kept.
    public static let noteMaxLength = 200

    /// Reads a point as people enter it (a day as `YYYY-MM-DD`, fen, an optional note); the first
    /// problem is thrown with its field named: `effectiveFrom`, `priceFen` or `note`.
    public static func validated(effectiveFrom: String?, priceFen: Int?, note: String?) throws(LifelineError)
        -> PricePoint
    {
        guard let text = effectiveFrom?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            throw .required("effectiveFrom")
        }
        guard let day = Day(iso: text) else { throw LifelineError(.invalidDate, field: "effectiveFrom") }
        guard let priceFen else { throw .required("priceFen") }
        guard (0...Limits.unitPriceFen).contains(priceFen) else {
            throw LifelineError(.outOfRange, field: "priceFen", ["min": "0", "max": String(Limits.unitPriceFen)])
        }
        return PricePoint(
            effectiveFrom: day, priceFen: priceFen, note: try Text.optional(note, field: "note", max: noteMaxLength))
    }
}
