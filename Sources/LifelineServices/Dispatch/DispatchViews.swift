import Foundation
import LifelineDomain
import LifelineStore

/// An emergency event and its timeline.
public struct IncidentView: Codable, Sendable, Hashable {
    public struct Entry: Codable, Sendable, Hashable {
        public var kind: String
        public var level: String
        public var note: String?
        public var actorName: String
        public var at: Date
    }

    public var id: UUID
    public var number: String
    public var title: String
    public var status: IncidentStatus
    public var level: String
    public var jurisdictions: [String]
    public var declaredAt: Date
    public var endedAt: Date?
    public var timeline: [Entry]

    init(_ r: IncidentRecord, timeline: [IncidentEventRecord]) throws {
        id = try r.requireID()
        number = r.number
        title = r.title
        status = try Stored.value(IncidentStatus.self, r.status, column: "incidents.status")
        level = (try Stored.value(ResponseLevel.self, r.level, column: "incidents.level")).roman
        jurisdictions = r.pathList.map { JurisdictionPath(rawValue: $0)?.code.rawValue ?? $0 }
        declaredAt = Date(milliseconds: r.declaredAtMs)
        endedAt = r.endedAtMs.map(Date.init(milliseconds:))
        self.timeline = try timeline.map {
            Entry(
                kind: $0.kind,
                level: (try Stored.value(ResponseLevel.self, $0.level, column: "incident_events.level")).roman,
                note: $0.note, actorName: $0.actorName,
                at: Date(milliseconds: $0.atMs))
        }
    }
}

public struct RequestLineView: Codable, Sendable, Hashable {
    public var id: UUID
    public var lineNo: Int
    public var itemId: UUID
    public var itemCode: String
    public var itemName: String
    public var unit: String
    /// The item's English name and unit, for English pages (`nil` in responses remembered before
    /// both languages were kept).
    public var itemNameEn: String?
    public var unitEn: String?
    public var quantity: Int
    public var reason: String?
    public var post: WorkPost
    /// Units of this item on the request's standing goods orders (cancelled ones aside). Less than
    /// `quantity` means the approval could not cover the line; a lowered-standard substitute is
    /// counted under its own item, not here.
    public var approved: Int

    /// Whether an approval left this line short.
    public var isShort: Bool { approved < quantity }

    public init(
        id: UUID, lineNo: Int, itemId: UUID, itemCode: String, itemName: String, unit: String,
        itemNameEn: String? = nil,
        unitEn: String? = nil, quantity: Int, reason: String?, post: WorkPost, approved: Int
    ) {
        (self.id, self.lineNo, self.itemId, self.itemCode, self.itemName) = (id, lineNo, itemId, itemCode, itemName)
        (self.itemNameEn, self.unitEn) = (itemNameEn, unitEn)
        (self.unit, self.quantity, self.reason, self.post, self.approved) = (unit, quantity, reason, post, approved)
    }

    /// Responses remembered for retries before `approved` existed decode with 0.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(UUID.self, forKey: .id), lineNo: try c.decode(Int.self, forKey: .lineNo),
            itemId: try c.decode(UUID.self, forKey: .itemId),
            itemCode: try c.decode(String.self, forKey: .itemCode),
            itemName: try c.decode(String.self, forKey: .itemName),
            unit: try c.decode(String.self, forKey: .unit),
            itemNameEn: try c.decodeIfPresent(String.self, forKey: .itemNameEn),
            unitEn: try c.decodeIfPresent(String.self, forKey: .unitEn),
            quantity: try c.decode(Int.self, forKey: .quantity),
            reason: try c.decodeIfPresent(String.self, forKey: .reason),
            post: try c.decode(WorkPost.self, forKey: .post),
            approved: try c.decodeIfPresent(Int.self, forKey: .approved) ?? 0)
    }
}

/// A request with its lines, the authority decision that applies, and its orders.
public struct RequestView: Codable, Sendable, Hashable {
    public var id: UUID
    public var number: String
    public var unitId: UUID
    public var unitName: String
    public var jurisdiction: String
    public var status: RequestStatus
    public var priority: RequestPriority
    public var neededBy: Date
    public var deliveryPlace: String
    public var longitude: Double?
    public var latitude: Double?
    public var justification: String?
    public var massTesting: MassTestingForm?
    public var createdByName: String
    public var createdAt: Date
    public var submittedAt: Date?
    public var decidedAt: Date?
    public var decidedByName: String?
    public var decisionNote: String?
    public var approverJurisdiction: String?
    public var executeFirst: Bool
    public var substitutesAllowed: Bool
    public var receivingDepotId: UUID?
    public var paperworkDue: Date?
    public var paperworkDoneAt: Date?
    public var lines: [RequestLineView]
    public var orders: [OrderSummary]
    /// The sampling area (grid) and round served (R4.6), if named.
    public var grid: String? = nil
    public var round: Int? = nil
    /// The site's attributes given on the request (R6.1), and its distribution point.
    public var site: SiteAttributes? = nil
    public var distributionPointId: UUID? = nil
    /// Lots the approval's picking passed over, and why (R4.6); nil when none.
    public var skippedLots: [SkippedLot]? = nil
}

public struct OrderSummary: Codable, Sendable, Hashable {
    public var id: UUID
    public var number: String
    public var kind: DispatchOrderKind
    public var status: DispatchOrderStatus
    public var depotName: String
}

public struct DispatchLineView: Codable, Sendable, Hashable {
    public var id: UUID
    public var lineNo: Int
    public var itemId: UUID
    public var itemCode: String
    public var itemName: String
    public var unit: String
    /// The item's English name and unit (`nil` in responses remembered before both were kept).
    public var itemNameEn: String?
    public var unitEn: String?
    public var lotId: UUID
    public var batchNo: String
    public var expiryDate: String?
    public var quantity: Int
    public var accepted: Int?
    public var short: Int?
    public var damaged: Int?
    public var signNote: String?
    public var signedAt: Date?
    public var signedByName: String?
    /// The receiver attached a photo (served at `/orders/{id}/lines/{lineId}/photo`).
    public var hasPhoto: Bool
    /// Reusable items come back after a round (R4.6).
    public var reusable: Bool
    /// Units already recovered into stock.
    public var recovered: Int
}

public struct TrackingView: Codable, Sendable, Hashable {
    public var kind: String
    public var note: String?
    public var longitude: Double?
    public var latitude: Double?
    public var actorName: String
    public var at: Date
}

/// A dispatch order as the executing unit, the approver and the receiver see it.
public struct OrderView: Codable, Sendable, Hashable {
    public var id: UUID
    public var number: String
    public var kind: DispatchOrderKind
    public var status: DispatchOrderStatus
    public var requestId: UUID
    public var requestNumber: String
    public var parentId: UUID?
    public var depotId: UUID
    public var depotName: String
    public var depotLongitude: Double
    public var depotLatitude: Double
    public var receiverUnitId: UUID
    public var receiverName: String
    public var receivingDepotId: UUID?
    public var deliveryPlace: String
    public var deliveryLongitude: Double?
    public var deliveryLatitude: Double?
    /// The unit running the source depot (a storage enterprise), if any: it performs the warehouse steps.
    public var depotOperatorUnitId: UUID?
    public var carrierUnitId: UUID?
    public var carrierName: String?
    public var vehicle: String?
    public var approverJurisdiction: String
    public var neededBy: Date
    public var roadKm: Double
    public var eta: Date?
    public var borderHandover: Bool
    public var issuedAt: Date
    public var acknowledgedAt: Date?
    public var acknowledgedByName: String?
    public var escalatedAt: Date?
    public var departedAt: Date?
    public var arrivedAt: Date?
    public var deliveredAt: Date?
    /// Past the acknowledgement limit without acknowledgement, or the leg is over its limit, or late against needed-by.
    public var alerts: [String]
    public var lines: [DispatchLineView]
    public var tracking: [TrackingView]
    /// The sampling area (grid) and round served, copied from the request (R4.6).
    public var grid: String? = nil
    public var round: Int? = nil
    /// The registered vehicle picked at approval, if any (`vehicle` holds its plate).
    public var vehicleId: UUID? = nil
}

/// One depot's free stock of the requested items, nearest first (the approver's inventory query).
public struct AvailabilityView: Codable, Sendable, Hashable {
    public struct Lot: Codable, Sendable, Hashable {
        public var lotId: UUID
        public var itemId: UUID
        public var batchNo: String
        public var expiryDate: String?
        public var free: Int
    }

    public var depotId: UUID
    public var depotName: String
    public var jurisdiction: String
    public var roadKm: Double
    public var hours: Double
    /// Whether the policy lets the approver draw on this depot for this request.
    public var allowed: Bool
    public var lots: [Lot]
}

/// A charge (who draws pays) or a buy-back obligation (R9.1), or a claim for a shortage (R5.6).
public struct ChargeView: Codable, Sendable, Hashable {
    public var id: Int
    public var kind: String
    public var orderId: UUID
    public var orderNumber: String
    public var payerUnitId: UUID?
    public var payerName: String?
    public var payeeUnitId: UUID?
    public var payeeName: String?
    public var itemId: UUID
    public var itemName: String
    /// The item's English name (`nil` in responses remembered before it was kept).
    public var itemNameEn: String?
    public var quantity: Int
    public var unitPriceFen: Int
    public var amountFen: Int
    public var at: Date
    /// `history` (the item's market price in force on the day the goods left the depot) or
    /// `catalogue` (no price point in force then), ADR 0026.
    public var priceSource: String
    /// For a `history` price: the day its point took effect (`YYYY-MM-DD`).
    public var priceEffectiveFrom: String?
}

/// What one party owes and is owed (R9.1): what it drew (who draws pays), what it must buy back
/// to restore agreement stock, and the claims for shortages between shipper and receiver. Sums are
/// 128-bit (ADR 0023).
public struct PartyChargesView: Codable, Sendable, Hashable {
    public var unitId: UUID
    public var name: String
    /// Owed for stock drawn, at market price.
    public var drawnFen: FenSum
    /// Agreement stock to buy back (a storage enterprise).
    public var buybackFen: FenSum
    /// Claims against this party as shipper (shortage, damage).
    public var claimsAgainstFen: FenSum
    /// Owed to this party: for its stock drawn by others, and claims it made as receiver.
    public var receivableFen: FenSum
}

/// Something the dispatch loop changed, pushed to the units that must act (R5.4).
public struct DispatchNotice: Codable, Sendable, Hashable {
    public var kind: String
    public var orderId: UUID?
    public var requestId: UUID?
    public var number: String
    /// Units that must see it at once (depot operator, carrier, receiver).
    public var units: [UUID]
    /// Jurisdiction paths whose officers see it (depot's, receiver's, approver's).
    public var paths: [String]
    public var at: Date

    public init(
        kind: String, orderId: UUID?, requestId: UUID?, number: String, units: [UUID], paths: [String], at: Date
    ) {
        self.kind = kind
        self.orderId = orderId
        self.requestId = requestId
        self.number = number
        self.units = units
        self.paths = paths
        self.at = at
    }

    /// Whether `actor` may see this notice: their unit is named, or their scope contains one of the paths.
    public func isVisible(to actor: Actor) -> Bool {
        ScopeFilter(actor).admits(storedPaths: paths, units: units)
    }
}

extension Date {
    init(milliseconds: Int) { self.init(timeIntervalSince1970: Double(milliseconds) / 1000) }
    var milliseconds: Int { Int((timeIntervalSince1970 * 1000).rounded()) }
}

/// A view that names an item in Chinese and, when the catalogue has it, in English.
public protocol NamesItem {
    var itemName: String { get }
    var itemNameEn: String? { get }
}

extension NamesItem {
    /// The item's name for a page in `language` (the Chinese name where there is no English one).
    public func itemName(in language: Language) -> String { language == .en ? itemNameEn ?? itemName : itemName }
}

/// A view that names an item's unit in Chinese and, when the catalogue has it, in English.
public protocol NamesUnit {
    var unit: String { get }
    var unitEn: String? { get }
}

extension NamesUnit {
    /// The unit for a page in `language`.
    public func unit(in language: Language) -> String { language == .en ? unitEn ?? unit : unit }
}

extension RequestLineView: NamesItem, NamesUnit {}
extension DispatchLineView: NamesItem, NamesUnit {}
extension ChargeView: NamesItem {}
