import FluentKit
import Foundation

/// A row of `dispatch_orders`: 调拨令 / 调配令 / 配送令 issued on approval (R5.3, ADR 0013).
public final class DispatchOrderRecord: StatefulRecord, @unchecked Sendable {
    public static let schema = "dispatch_orders"

    @ID(key: .id) public var id: UUID?
    @Field(key: "number") public var number: String
    @Field(key: "kind") public var kind: String
    @Field(key: "request_id") public var requestID: UUID
    /// A delivery order (配送令) points at the allocation or deployment order whose goods it carries.
    @OptionalField(key: "parent_id") public var parentID: UUID?
    @Field(key: "depot_id") public var depotID: UUID
    @Field(key: "depot_path") public var depotPath: String
    @OptionalField(key: "depot_operator_unit_id") public var depotOperatorUnitID: UUID?
    @Field(key: "receiver_unit_id") public var receiverUnitID: UUID
    @Field(key: "receiver_path") public var receiverPath: String
    /// For an allocation order (调拨令): the depot the goods are received into.
    @OptionalField(key: "receiving_depot_id") public var receivingDepotID: UUID?
    @OptionalField(key: "carrier_unit_id") public var carrierUnitID: UUID?
    @OptionalField(key: "vehicle") public var vehicle: String?
    /// Changes only through `Locked.transition(to:on:)` (ADR 0022).
    @Field(key: "status") public internal(set) var status: String
    @Field(key: "approver_path") public var approverPath: String
    @Field(key: "needed_by_ms") public var neededByMs: Int
    @Field(key: "road_km") public var roadKm: Double
    @OptionalField(key: "eta_ms") public var etaMs: Int?
    /// Handover into a sealed area through a border collection point: no contact, the receiving office signs.
    @Field(key: "border_handover") public var borderHandover: Bool
    @Field(key: "issued_at_ms") public var issuedAtMs: Int
    @OptionalField(key: "acknowledged_at_ms") public var acknowledgedAtMs: Int?
    @OptionalField(key: "acknowledged_by_name") public var acknowledgedByName: String?
    @OptionalField(key: "escalated_at_ms") public var escalatedAtMs: Int?
    @OptionalField(key: "departed_at_ms") public var departedAtMs: Int?
    @OptionalField(key: "arrived_at_ms") public var arrivedAtMs: Int?
    @OptionalField(key: "delivered_at_ms") public var deliveredAtMs: Int?
    /// The registered vehicle (transport register), when one was picked; `vehicle` then holds its plate.
    @OptionalField(key: "vehicle_id") public var vehicleID: UUID?
    /// The sampling area (grid) and round the order serves, copied from its request (R4.6).
    @OptionalField(key: "grid") public var grid: String?
    @OptionalField(key: "round") public var round: Int?

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] {
        [
            $id, $number, $kind, $requestID, $parentID, $depotID, $depotPath, $depotOperatorUnitID, $receiverUnitID,
            $receiverPath,
            $receivingDepotID, $carrierUnitID, $vehicle, $status, $approverPath, $neededByMs, $roadKm, $etaMs,
            $borderHandover,
            $issuedAtMs, $acknowledgedAtMs, $acknowledgedByName, $escalatedAtMs, $departedAtMs, $arrivedAtMs,
            $deliveredAtMs, $vehicleID, $grid, $round,
        ]
    }

    public init() {}

    /// A new row, not yet stored, in its first status.
    public convenience init(status: String) {
        self.init()
        self.status = status
    }
}

/// A row of `dispatch_lines`: units of one lot on an order, and what the receiver signed for.
public final class DispatchLineRecord: Model, @unchecked Sendable {
    public static let schema = "dispatch_lines"

    @ID(key: .id) public var id: UUID?
    @Field(key: "order_id") public var orderID: UUID
    @Field(key: "line_no") public var lineNo: Int
    @Field(key: "item_id") public var itemID: UUID
    @Field(key: "lot_id") public var lotID: UUID
    @Field(key: "quantity") public var quantity: Int
    @OptionalField(key: "accepted") public var accepted: Int?
    @OptionalField(key: "short") public var short: Int?
    @OptionalField(key: "damaged") public var damaged: Int?
    @OptionalField(key: "sign_note") public var signNote: String?
    @OptionalField(key: "photo") public var photo: String?
    @OptionalField(key: "signed_at_ms") public var signedAtMs: Int?
    @OptionalField(key: "signed_by_name") public var signedByName: String?
    /// The item's catalogue price when the goods left the depot: what the line is charged at where
    /// no market-price point is in force (ADR 0026). Nil before departure.
    @OptionalField(key: "catalogue_price_fen") public var cataloguePriceFen: Int?

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] {
        [
            $id, $orderID, $lineNo, $itemID, $lotID, $quantity, $accepted, $short, $damaged, $signNote, $photo,
            $signedAtMs, $signedByName,
            $cataloguePriceFen,
        ]
    }

    public init() {}

    public init(id: UUID, orderID: UUID, lineNo: Int, itemID: UUID, lotID: UUID, quantity: Int) {
        self.id = id
        self.orderID = orderID
        self.lineNo = lineNo
        self.itemID = itemID
        self.lotID = lotID
        self.quantity = quantity
    }
}

/// A row of `tracking_events`: picked, loaded, departed, checkpoint, arrived (R5.4).
public final class TrackingEventRecord: Model, @unchecked Sendable {
    public static let schema = "tracking_events"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "order_id") public var orderID: UUID
    @Field(key: "kind") public var kind: String
    @OptionalField(key: "note") public var note: String?
    @OptionalField(key: "longitude") public var longitude: Double?
    @OptionalField(key: "latitude") public var latitude: Double?
    @Field(key: "actor_name") public var actorName: String
    @Field(key: "at_ms") public var atMs: Int

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] {
        [$id, $orderID, $kind, $note, $longitude, $latitude, $actorName, $atMs]
    }

    public init() {}
}

/// A row of `charges`: "who draws pays" at market price, or a storage enterprise's buy-back
/// obligation to restore agreement stock (R9.1).
public final class ChargeRecord: Model, @unchecked Sendable {
    public static let schema = "charges"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    /// `charge` (the drawing party pays) or `buyback` (the enterprise must buy back).
    @Field(key: "kind") public var kind: String
    @Field(key: "order_id") public var orderID: UUID
    @OptionalField(key: "payer_unit_id") public var payerUnitID: UUID?
    @OptionalField(key: "payee_unit_id") public var payeeUnitID: UUID?
    @Field(key: "path") public var path: String
    @Field(key: "item_id") public var itemID: UUID
    @Field(key: "quantity") public var quantity: Int
    @Field(key: "unit_price_fen") public var unitPriceFen: Int
    @Field(key: "amount_fen") public var amountFen: Int
    @Field(key: "at_ms") public var atMs: Int
    /// Where `unit_price_fen` came from: `history` (the item's price in force on the day the goods
    /// left the depot) or `catalogue` (no point in force), ADR 0026.
    @Field(key: "price_source") public var priceSource: String
    /// For a `history` price: the day its point took effect (`YYYY-MM-DD`).
    @OptionalField(key: "price_effective_from") public var priceEffectiveFrom: String?

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] {
        [
            $id, $kind, $orderID, $payerUnitID, $payeeUnitID, $path, $itemID, $quantity, $unitPriceFen, $amountFen,
            $atMs, $priceSource,
            $priceEffectiveFrom,
        ]
    }

    public init() {}
}

/// A row of `delivery_photos`: the receiver's photo of a line (damage, shortage), one per line.
public final class DeliveryPhotoRecord: Model, @unchecked Sendable {
    public static let schema = "delivery_photos"

    @ID(key: .id) public var id: UUID?
    @Field(key: "line_id") public var lineID: UUID
    @Field(key: "order_id") public var orderID: UUID
    @Field(key: "content_type") public var contentType: String
    @Field(key: "bytes") public var bytes: Data
    @Field(key: "actor_name") public var actorName: String
    @Field(key: "at_ms") public var atMs: Int

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] { [$id, $lineID, $orderID, $contentType, $bytes, $actorName, $atMs] }

    public init() {}
}

extension DispatchOrderRecord: StatusWritable {}
