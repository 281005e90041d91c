import Foundation
import LifelineDomain

/// A market price as entered (API body, console form): from `effectiveFrom` (`YYYY-MM-DD`, China
/// time) one base unit costs `priceFen`.
public struct PriceInput: Codable, Sendable, Hashable {
    public var effectiveFrom: String
    public var priceFen: Int
    public var note: String?

    public init(effectiveFrom: String, priceFen: Int, note: String? = nil) {
        self.effectiveFrom = effectiveFrom
        self.priceFen = priceFen
        self.note = note
    }
}

/// One point of an item's price history, as lists and the API show it.
public struct PricePointView: Codable, Sendable, Hashable {
    public var id: Int
    public var itemId: UUID
    public var effectiveFrom: String
    public var priceFen: Int
    public var note: String?
    public var enteredByName: String
    public var enteredAt: Date
    /// A later entry of the same day replaced this one: it is never in force (ADR 0026).
    public var superseded: Bool
}
