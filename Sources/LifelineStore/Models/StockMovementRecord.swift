import FluentKit
import Foundation
import LifelineDomain

/// A row of `stock_movements`: one append-only change to one lot. Never updated, never deleted.
public final class StockMovementRecord: Model, @unchecked Sendable {
    public static let schema = "stock_movements"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "kind") public var kind: String
    @Field(key: "lot_id") public var lotID: UUID
    @Field(key: "depot_id") public var depotID: UUID
    @Field(key: "item_id") public var itemID: UUID
    @Field(key: "path") public var path: String
    @Field(key: "on_hand_delta") public var onHandDelta: Int
    @Field(key: "reserved_delta") public var reservedDelta: Int
    @Field(key: "held_delta") public var heldDelta: Int
    @Field(key: "document_no") public var documentNo: String
    @OptionalField(key: "reason") public var reason: String?
    @OptionalField(key: "inspection") public var inspection: String?
    @OptionalField(key: "counterpart_depot_id") public var counterpartDepotID: UUID?
    @OptionalField(key: "unit_id") public var unitID: UUID?
    @Field(key: "actor_id") public var actorID: UUID
    @Field(key: "actor_name") public var actorName: String
    /// Milliseconds since 1970, UTC.
    @Field(key: "at_ms") public var atMilliseconds: Int

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] {
        [
            $id, $kind, $lotID, $depotID, $itemID, $path, $onHandDelta, $reservedDelta, $heldDelta, $documentNo,
            $reason, $inspection,
            $counterpartDepotID, $unitID, $actorID, $actorName, $atMilliseconds,
        ]
    }

    public init() {}

    public var movementKind: MovementKind {
        get throws { try Stored.value(MovementKind.self, kind, column: "stock_movements.kind") }
    }
    public var effect: BalanceEffect { BalanceEffect(onHand: onHandDelta, reserved: reservedDelta, held: heldDelta) }
    public var at: Date { Date(timeIntervalSince1970: Double(atMilliseconds) / 1000) }
}
