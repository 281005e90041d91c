import FluentKit
import Foundation
import LifelineDomain

/// A row of `write_off_requests`: a write-off (报废核销, R4.3) waiting for, or given, a second
/// person's decision. Its `number` (HX-…) is the document number of its movements: the `hold` at
/// the request, then the `write_off` (approved) or the `unhold` (rejected).
public final class WriteOffRequestRecord: StatefulRecord, @unchecked Sendable {
    public static let schema = "write_off_requests"

    @ID(key: .id) public var id: UUID?
    @Field(key: "number") public var number: String
    @Field(key: "lot_id") public var lotID: UUID
    @Field(key: "depot_id") public var depotID: UUID
    @Field(key: "item_id") public var itemID: UUID
    /// The depot's jurisdiction path (the lot's): scope checks read it.
    @Field(key: "path") public var path: String
    @Field(key: "quantity") public var quantity: Int
    @Field(key: "reason") public var reason: String
    /// Changes only through `Locked.transition(to:on:)` (ADR 0022).
    @Field(key: "status") public internal(set) var status: String
    @Field(key: "requested_by") public var requestedBy: UUID
    @Field(key: "requested_by_name") public var requestedByName: String
    @Field(key: "requested_at_ms") public var requestedAtMs: Int
    @OptionalField(key: "decided_by") public var decidedBy: UUID?
    @OptionalField(key: "decided_by_name") public var decidedByName: String?
    @OptionalField(key: "decided_at_ms") public var decidedAtMs: Int?
    @OptionalField(key: "decision_note") public var decisionNote: String?
    @Field(key: "hold_movement_id") public var holdMovementID: Int
    @OptionalField(key: "write_off_movement_id") public var writeOffMovementID: Int?

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] {
        [
            $id, $number, $lotID, $depotID, $itemID, $path, $quantity, $reason, $status, $requestedBy, $requestedByName,
            $requestedAtMs, $decidedBy, $decidedByName, $decidedAtMs, $decisionNote, $holdMovementID,
            $writeOffMovementID,
        ]
    }

    public init() {}

    /// A new row, not yet stored, in its first status.
    public convenience init(status: String) {
        self.init()
        self.status = status
    }

    public var writeOffStatus: WriteOffStatus {
        get throws { try Stored.value(WriteOffStatus.self, status, column: "write_off_requests.status") }
    }
    public var jurisdictionPath: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, path, column: "write_off_requests.path") }
    }
}

extension WriteOffRequestRecord: StatusWritable {}
