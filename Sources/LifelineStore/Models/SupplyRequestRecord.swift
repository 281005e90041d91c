import FluentKit
import Foundation

/// A row of `supply_requests`: a unit's request for supplies (需求提报, R5.1) and the decision on it.
public final class SupplyRequestRecord: StatefulRecord, @unchecked Sendable {
    public static let schema = "supply_requests"

    @ID(key: .id) public var id: UUID?
    @Field(key: "number") public var number: String
    @Field(key: "unit_id") public var unitID: UUID
    /// The requesting unit's jurisdiction path: scope checks and the authority policy read it.
    @Field(key: "path") public var path: String
    /// Changes only through `Locked.transition(to:on:)` (ADR 0022).
    @Field(key: "status") public internal(set) var status: String
    @Field(key: "priority") public var priority: Int
    @Field(key: "needed_by_ms") public var neededByMs: Int
    @Field(key: "delivery_place") public var deliveryPlace: String
    @OptionalField(key: "longitude") public var longitude: Double?
    @OptionalField(key: "latitude") public var latitude: Double?
    @OptionalField(key: "justification") public var justification: String?
    /// The mass-testing form (JSON) the lines were computed from, if any.
    @OptionalField(key: "form") public var form: String?
    @OptionalField(key: "incident_id") public var incidentID: UUID?
    @Field(key: "created_by") public var createdBy: UUID
    @Field(key: "created_by_name") public var createdByName: String
    @Field(key: "created_at_ms") public var createdAtMs: Int
    @OptionalField(key: "submitted_at_ms") public var submittedAtMs: Int?
    @OptionalField(key: "decided_at_ms") public var decidedAtMs: Int?
    @OptionalField(key: "decided_by_name") public var decidedByName: String?
    @OptionalField(key: "decision_note") public var decisionNote: String?
    @OptionalField(key: "approver_path") public var approverPath: String?
    @Field(key: "execute_first") public var executeFirst: Bool
    /// The site's conditions allow a lowered standard (R2.3).
    @Field(key: "substitutes_allowed") public var substitutesAllowed: Bool
    /// A reserve depot of the requesting unit to stock (then the orders are 调拨令).
    @OptionalField(key: "receiving_depot_id") public var receivingDepotID: UUID?
    @OptionalField(key: "paperwork_due_ms") public var paperworkDueMs: Int?
    @OptionalField(key: "paperwork_done_at_ms") public var paperworkDoneAtMs: Int?
    @OptionalField(key: "fulfilled_at_ms") public var fulfilledAtMs: Int?
    /// The sampling area (grid) and the round of a mass-testing response the request serves (R4.6).
    @OptionalField(key: "grid") public var grid: String?
    @OptionalField(key: "round") public var round: Int?
    /// The site's attributes R6.1 ranks by (`SamplingAreaKind`, `PopulationDensity`, `SiteKind`), given
    /// on the request or taken from its distribution point.
    @OptionalField(key: "site_area") public var siteArea: String?
    @OptionalField(key: "site_density") public var siteDensity: String?
    @OptionalField(key: "site_kind") public var siteKind: String?
    @OptionalField(key: "distribution_point_id") public var distributionPointID: UUID?
    /// Lots the approval's picking passed over, with why (JSON of `[SkippedLot]`).
    @OptionalField(key: "skipped_lots") public var skippedLots: String?

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] {
        [
            $id, $number, $unitID, $path, $status, $priority, $neededByMs, $deliveryPlace, $longitude, $latitude,
            $justification, $form,
            $incidentID, $createdBy, $createdByName, $createdAtMs, $submittedAtMs, $decidedAtMs, $decidedByName,
            $decisionNote,
            $approverPath, $executeFirst, $substitutesAllowed, $receivingDepotID, $paperworkDueMs, $paperworkDoneAtMs,
            $fulfilledAtMs, $grid, $round, $siteArea, $siteDensity, $siteKind, $distributionPointID, $skippedLots,
        ]
    }

    public init() {}

    /// A new row, not yet stored, in its first status.
    public convenience init(status: String) {
        self.init()
        self.status = status
    }
}

/// A row of `request_lines`: one item and quantity of a request; `reason` for "other needs" lines.
public final class RequestLineRecord: Model, @unchecked Sendable {
    public static let schema = "request_lines"

    @ID(key: .id) public var id: UUID?
    @Field(key: "request_id") public var requestID: UUID
    @Field(key: "line_no") public var lineNo: Int
    @Field(key: "item_id") public var itemID: UUID
    @Field(key: "quantity") public var quantity: Int
    @OptionalField(key: "reason") public var reason: String?
    /// The post the line is for (`WorkPost`).
    @Field(key: "post") public var post: String

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] { [$id, $requestID, $lineNo, $itemID, $quantity, $reason, $post] }

    public init() {}

    public init(
        id: UUID, requestID: UUID, lineNo: Int, itemID: UUID, quantity: Int, reason: String?, post: String = "general"
    ) {
        self.post = post
        self.id = id
        self.requestID = requestID
        self.lineNo = lineNo
        self.itemID = itemID
        self.quantity = quantity
        self.reason = reason
    }
}

extension SupplyRequestRecord: StatusWritable {}

extension SupplyRequestRecord {
    /// Whether the request is bound by the first-round clock (R5.4): it says it serves round 1, or —
    /// naming no round — it was computed from a mass-testing form (how first rounds were asked before
    /// requests carried rounds).
    public var isFirstRound: Bool { round.map { $0 == 1 } ?? (form != nil) }
}
