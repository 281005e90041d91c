import FluentKit
import Foundation

/// A row of `item_prices`: one point of an item's market-price history (ADR 0026). Rows are only
/// added: a correction is a later entry of the same day, which wins.
public final class ItemPriceRecord: Model, @unchecked Sendable {
    public static let schema = "item_prices"

    /// Counts up in entry order; of two points of one day the higher id was entered later.
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "item_id") public var itemID: UUID
    /// `YYYY-MM-DD`, a day in China time; text sorts as days do.
    @Field(key: "effective_from") public var effectiveFrom: String
    @Field(key: "price_fen") public var priceFen: Int
    @OptionalField(key: "note") public var note: String?
    @Field(key: "entered_by") public var enteredBy: UUID
    @Field(key: "entered_by_name") public var enteredByName: String
    @Field(key: "entered_at_ms") public var enteredAtMs: Int

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] {
        [$id, $itemID, $effectiveFrom, $priceFen, $note, $enteredBy, $enteredByName, $enteredAtMs]
    }

    public init() {}
}
