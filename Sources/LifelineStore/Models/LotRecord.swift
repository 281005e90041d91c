import FluentKit
import Foundation
import LifelineDomain

/// A row of `lots`: units of one item, one batch, in one depot, with their balances.
///
/// The balance columns change only together with a `stock_movements` row, in the same transaction,
/// by guarded updates (see ``LedgerSQL``); CHECK constraints back the invariant up.
public final class LotRecord: StatefulRecord, @unchecked Sendable {
    public static let schema = "lots"

    @ID(key: .id) public var id: UUID?
    @Field(key: "depot_id") public var depotID: UUID
    @Field(key: "item_id") public var itemID: UUID
    @Field(key: "path") public var path: String
    @Field(key: "batch_no") public var batchNo: String
    @Field(key: "manufacturer") public var manufacturer: String
    /// ISO day (`2026-11-24`): sorts as text in both engines.
    @OptionalField(key: "production_date") public var productionDate: String?
    @OptionalField(key: "expiry_date") public var expiryDate: String?
    /// Changes only through `Locked.transition(to:on:)` (ADR 0022).
    @Field(key: "status") public internal(set) var status: String
    @Field(key: "on_hand") public var onHand: Int
    @Field(key: "reserved") public var reserved: Int
    @Field(key: "held") public var held: Int
    @Field(key: "unit_cost_fen") public var unitCostFen: Int
    /// Increases with each new lot: FEFO's tie-breaker among equal expiries.
    @Field(key: "received_seq") public var receivedSeq: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] {
        [
            $id, $depotID, $itemID, $path, $batchNo, $manufacturer, $productionDate, $expiryDate, $status, $onHand,
            $reserved, $held,
            $unitCostFen, $receivedSeq, $createdAt, $updatedAt,
        ]
    }

    public init() {}

    /// A new row, not yet stored, in its first status.
    public convenience init(status: String) {
        self.init()
        self.status = status
    }

    public var balance: Balance { Balance(onHand: onHand, reserved: reserved, held: held) }
    public var lotStatus: LotStatus {
        get throws { try Stored.value(LotStatus.self, status, column: "lots.status") }
    }
    public var expiry: Day? { expiryDate.flatMap(Day.init(iso:)) }
    public var production: Day? { productionDate.flatMap(Day.init(iso:)) }
    public var jurisdictionPath: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, path, column: "lots.path") }
    }

    public var pickable: PickableLot {
        get throws {
            try PickableLot(
                id: id?.uuidString ?? "", expiry: expiry, status: lotStatus, balance: balance,
                receivedOrdinal: receivedSeq)
        }
    }
}

extension LotRecord: StatusWritable {}
