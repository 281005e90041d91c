import FluentKit
import Foundation

/// A row of `lot_recoveries`: reusable units re-entered into a lot after a round (R4.6), with the grid
/// and round they came back from, so that picking for the same grid's next round can pass the lot
/// over (`RecoveryRule`). The ledger holds the units (a `return` movement under the order's
/// number); this row holds where they were.
public final class LotRecoveryRecord: Model, @unchecked Sendable {
    public static let schema = "lot_recoveries"

    @ID(key: .id) public var id: UUID?
    @Field(key: "lot_id") public var lotID: UUID
    @Field(key: "order_id") public var orderID: UUID
    @Field(key: "grid") public var grid: String
    @Field(key: "round") public var round: Int
    @Field(key: "quantity") public var quantity: Int
    /// The lot's depot path, for scope.
    @Field(key: "path") public var path: String
    @Field(key: "actor_name") public var actorName: String
    @Field(key: "at_ms") public var atMs: Int

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] {
        [$id, $lotID, $orderID, $grid, $round, $quantity, $path, $actorName, $atMs]
    }

    public init() {}
}
