import Foundation

/// Where a charge's unit price came from: the item's price history (with the day the point took
/// effect) or, without a point in force, the catalogue price.
public enum PriceSource: Sendable, Hashable {
    case history(effectiveFrom: Day)
    case catalogue

    /// `history` or `catalogue`, as stored and as the API spells it.
    public var name: String {
        switch self {
        case .history: "history"
        case .catalogue: "catalogue"
        }
    }

    /// The day the point in force took effect; nil for the catalogue price.
    public var effectiveFrom: Day? {
        switch self {
        case .history(let day): day
        case .catalogue: nil
        }
    }

    /// The source a stored charge names (`name` and the day, if any); nil for an unknown name.
    public init?(name: String, effectiveFrom: Day?) {
        switch (name, effectiveFrom) {
        case ("history", let day?): self = .history(effectiveFrom: day)
        case ("catalogue", _): self = .catalogue
        default: return nil
        }
    }
}

/// The market price in force at a transfer (市场价), by which "who draws pays" is settled (R9.1) and
/// mutual-aid compensation is computed (R8.4) — ADR 0026.
public enum MarketPrice {
    /// The price in force on `day`: the point with the latest `effectiveFrom` on or before `day`;
    /// among points of that same day, the one entered last (a correction replaces what it corrects).
    /// With no such point — no history, or every point later than `day` — the catalogue price.
    ///
    /// - Parameters:
    ///   - day: the day of the transfer, in China time (the day the goods left the depot).
    ///   - history: the item's points **in the order they were entered**, oldest first.
    ///   - catalogue: the item's catalogue price, in fen.
    ///
    ///       MarketPrice.at(Day(iso: "2026-11-24")!, history: points, catalogue: 150)
    ///       // (priceFen: 180, source: .history(effectiveFrom: 2026-11-20))
    public static func at(_ day: Day, history: [PricePoint], catalogue: Int) -> (priceFen: Int, source: PriceSource) {
        var inForce: PricePoint?
        for point in history where point.effectiveFrom <= day {
            // `>=`: of two points of one day, the later entry wins.
            if let current = inForce, point.effectiveFrom < current.effectiveFrom { continue }
            inForce = point
        }
        guard let inForce else { return (catalogue, .catalogue) }
        return (inForce.priceFen, .history(effectiveFrom: inForce.effectiveFrom))
    }

    /// The positions in `history` (entry order) of the points a later entry of the same day
    /// replaced: they are never in force (``at(_:history:catalogue:)``).
    public static func superseded(in history: [PricePoint]) -> Set<Int> {
        var lastOfDay: [Day: Int] = [:]
        for (index, point) in history.enumerated() { lastOfDay[point.effectiveFrom] = index }
        return Set(history.indices.filter { lastOfDay[history[$0].effectiveFrom] != $0 })
    }

    /// ``at(_:history:catalogue:)`` for the day `instant` falls on in China Standard Time.
    public static func at(_ instant: Date, history: [PricePoint], catalogue: Int) -> (
        priceFen: Int, source: PriceSource
    ) {
        at(Day(instant), history: history, catalogue: catalogue)
    }
}
