import Foundation
import LifelineDomain

/// Declaring an emergency event (R5.3).
public struct IncidentInput: Codable, Sendable, Hashable {
    public var title: String
    /// "I", "II", "III" or "IV".
    public var level: String
    /// Jurisdiction codes the event covers (each with its subtree).
    public var jurisdictions: [String]
    public var note: String?

    public init(title: String, level: String, jurisdictions: [String], note: String? = nil) {
        self.title = title
        self.level = level
        self.jurisdictions = jurisdictions
        self.note = note
    }
}

/// Raising, lowering (`level`) or ending (`level == nil`) an event.
public struct IncidentChangeInput: Codable, Sendable, Hashable {
    public var level: String?
    public var note: String?

    public init(level: String? = nil, note: String? = nil) {
        self.level = level
        self.note = note
    }
}

/// One line of a request: an item and a quantity; "other needs" lines carry a reason.
public struct RequestLineInput: Codable, Sendable, Hashable {
    public var itemId: UUID
    public var quantity: Int
    public var reason: String?
    /// The post the line serves (default general).
    public var post: WorkPost?

    public init(itemId: UUID, quantity: Int, reason: String? = nil, post: WorkPost? = nil) {
        self.itemId = itemId
        self.quantity = quantity
        self.reason = reason
        self.post = post
    }
}

/// A supply request as drafted (R5.1). With `massTesting`, lines are computed from the form by the
/// per-table/per-staff standard and `lines` are the "other needs", each with a reason (R7.4).
public struct RequestInput: Codable, Sendable, Hashable {
    public var unitId: UUID
    public var priority: RequestPriority
    public var neededBy: Date
    public var deliveryPlace: String
    public var longitude: Double?
    public var latitude: Double?
    public var justification: String?
    public var lines: [RequestLineInput]
    public var massTesting: MassTestingForm?
    /// The site's conditions allow a lowered-standard substitute (R2.3).
    public var substitutesAllowed: Bool?
    /// Stock this reserve depot of the requesting unit instead of consuming (orders become 调拨令).
    public var receivingDepotId: UUID?
    /// The sampling area (grid) and round of a mass-testing response served (R4.6); a round needs a grid.
    public var grid: String?
    public var round: Int?
    /// The site's attributes R6.1 ranks by; without them, those of `distributionPointId`'s point; without
    /// either, the stated `priority` stands.
    public var site: SiteAttributes?
    /// The distribution point (保障网点) the request is for.
    public var distributionPointId: UUID?

    public init(
        unitId: UUID, priority: RequestPriority, neededBy: Date, deliveryPlace: String, longitude: Double? = nil,
        latitude: Double? = nil, justification: String? = nil, lines: [RequestLineInput],
        massTesting: MassTestingForm? = nil,
        substitutesAllowed: Bool? = nil, receivingDepotId: UUID? = nil, grid: String? = nil, round: Int? = nil,
        site: SiteAttributes? = nil, distributionPointId: UUID? = nil
    ) {
        self.site = site
        self.distributionPointId = distributionPointId
        self.grid = grid
        self.round = round
        self.substitutesAllowed = substitutesAllowed
        self.receivingDepotId = receivingDepotId
        self.unitId = unitId
        self.priority = priority
        self.neededBy = neededBy
        self.deliveryPlace = deliveryPlace
        self.longitude = longitude
        self.latitude = latitude
        self.justification = justification
        self.lines = lines
        self.massTesting = massTesting
    }
}

/// One picked source for an approval: units of an item from a depot (FEFO inside the depot).
public struct ApprovalLineInput: Codable, Sendable, Hashable {
    public var itemId: UUID
    public var depotId: UUID
    public var quantity: Int

    public init(itemId: UUID, depotId: UUID, quantity: Int) {
        self.itemId = itemId
        self.depotId = depotId
        self.quantity = quantity
    }
}

/// An approval: the sources (or none — then the nearest depots the policy allows, FEFO), an optional
/// carrier (which adds a 配送令), and the duty officer's "execute first, paperwork later" (R5.5).
public struct ApprovalInput: Codable, Sendable, Hashable {
    public var lines: [ApprovalLineInput]?
    public var carrierUnitId: UUID?
    public var vehicle: String?
    /// A vehicle of the transport register (its plate then fills `vehicle`).
    public var vehicleId: UUID?
    public var executeFirst: Bool
    public var borderHandover: Bool
    public var note: String?

    public init(
        lines: [ApprovalLineInput]? = nil, carrierUnitId: UUID? = nil, vehicle: String? = nil,
        vehicleId: UUID? = nil, executeFirst: Bool = false,
        borderHandover: Bool = false, note: String? = nil
    ) {
        self.vehicleId = vehicleId
        self.lines = lines
        self.carrierUnitId = carrierUnitId
        self.vehicle = vehicle
        self.executeFirst = executeFirst
        self.borderHandover = borderHandover
        self.note = note
    }
}

/// A tracking event on an order (R5.4).
public struct TrackingInput: Codable, Sendable, Hashable {
    public var action: DispatchOrderAction
    public var note: String?
    public var longitude: Double?
    public var latitude: Double?

    public init(action: DispatchOrderAction, note: String? = nil, longitude: Double? = nil, latitude: Double? = nil) {
        self.action = action
        self.note = note
        self.longitude = longitude
        self.latitude = latitude
    }
}

/// The receiver's signature on one line: accepted + short + damaged = the line's quantity (R5.6).
public struct SignLineInput: Codable, Sendable, Hashable {
    public var lineId: UUID
    public var accepted: Int
    public var short: Int
    public var damaged: Int
    public var note: String?
    /// An optional photo (JPEG, PNG or WebP) of the damage or the shortage.
    public var photo: Data?

    public init(lineId: UUID, accepted: Int, short: Int = 0, damaged: Int = 0, note: String? = nil, photo: Data? = nil)
    {
        self.photo = photo
        self.lineId = lineId
        self.accepted = accepted
        self.short = short
        self.damaged = damaged
        self.note = note
    }
}

public struct SignInput: Codable, Sendable, Hashable {
    public var lines: [SignLineInput]

    public init(lines: [SignLineInput]) { self.lines = lines }
}

/// Reusable items coming back after a round (R4.6): disinfected, re-entered into the lot they left.
public struct RecoveryInput: Codable, Sendable, Hashable {
    public var lineId: UUID
    public var quantity: Int
    public var disinfected: Bool
    public var grid: String
    public var round: Int

    public init(lineId: UUID, quantity: Int, disinfected: Bool, grid: String, round: Int) {
        self.lineId = lineId
        self.quantity = quantity
        self.disinfected = disinfected
        self.grid = grid
        self.round = round
    }
}
