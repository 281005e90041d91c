import Foundation
import LifelineDomain

/// A vehicle as an officer registers it (saved by its plate).
public struct VehicleInput: Codable, Sendable, Hashable {
    public var plate: String
    public var countyCode: String
    public var carrierUnitId: UUID?
    public var payloadKg: Int
    /// Load space, 0.1–200 m³ with at most three decimals (kept as whole litres).
    public var volumeM3: Double
    public var coldChain: Bool
    public var driver: String
    public var phone: String
    /// Nil keeps a registered vehicle's state (a new one is in service); false takes it out of service.
    public var active: Bool?

    public init(
        plate: String, countyCode: String, carrierUnitId: UUID? = nil, payloadKg: Int, volumeM3: Double,
        coldChain: Bool = false, driver: String, phone: String, active: Bool? = nil
    ) {
        self.plate = plate
        self.countyCode = countyCode
        self.carrierUnitId = carrierUnitId
        self.payloadKg = payloadKg
        self.volumeM3 = volumeM3
        self.coldChain = coldChain
        self.driver = driver
        self.phone = phone
        self.active = active
    }

    /// `coldChain` may be left out (false).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            plate: try c.decode(String.self, forKey: .plate),
            countyCode: try c.decode(String.self, forKey: .countyCode),
            carrierUnitId: try c.decodeIfPresent(UUID.self, forKey: .carrierUnitId),
            payloadKg: try c.decode(Int.self, forKey: .payloadKg),
            volumeM3: try c.decode(Double.self, forKey: .volumeM3),
            coldChain: try c.decodeIfPresent(Bool.self, forKey: .coldChain) ?? false,
            driver: try c.decode(String.self, forKey: .driver), phone: try c.decode(String.self, forKey: .phone),
            active: try c.decodeIfPresent(Bool.self, forKey: .active))
    }
}

/// A registered vehicle.
public struct VehicleView: Codable, Sendable, Equatable {
    public var id: UUID
    public var plate: String
    public var countyCode: String
    public var countyName: String
    public var path: String
    public var carrierUnitId: UUID?
    public var carrierName: String?
    public var payloadKg: Int
    public var volumeM3: Double
    public var coldChain: Bool
    public var driver: String
    public var phone: String
    public var active: Bool
    public var updatedBy: String
    public var updatedAt: Date
}

/// A route as an officer registers it: one-way minutes from a county depot to a distribution point.
public struct TransportRouteInput: Codable, Sendable, Hashable {
    public var depotId: UUID
    public var distributionPointId: UUID
    public var minutes: Int
    public var km: Double?

    public init(depotId: UUID, distributionPointId: UUID, minutes: Int, km: Double? = nil) {
        self.depotId = depotId
        self.distributionPointId = distributionPointId
        self.minutes = minutes
        self.km = km
    }
}

/// A registered route, flagged when longer than the county-depot-to-point limit (2 h by default).
public struct TransportRouteView: Codable, Sendable, Equatable {
    public var id: UUID
    public var depotId: UUID
    public var depotCode: String
    public var depotName: String
    public var distributionPointId: UUID
    public var distributionPointCode: String
    public var distributionPointName: String
    public var countyCode: String
    public var countyName: String
    public var path: String
    public var minutes: Int
    public var km: Double?
    public var legTooLong: Bool
    public var updatedBy: String
    public var updatedAt: Date
}

/// A fleet check (ADR 0040): round 1 of a mass-testing plan against a county's registered vehicles
/// and routes within the leg limit, in cubic metres.
public struct FleetCheckView: Codable, Sendable, Equatable {
    public var countyCode: String
    public var countyName: String
    public var standardVersion: String
    public var limitMinutes: Int
    public var fits: Bool
    /// Round 1's load of the classes with a volume.
    public var loadM3: Double
    /// What the assigned vehicles carry within the limit.
    public var capacityM3: Double
    public var missingM3: Double
    /// The part of `missingM3` at points without a usable route, or the whole load when the county
    /// has no distribution point.
    public var unreachableM3: Double
    public var noDistributionPoints: Bool
    /// Vehicles in service in the county.
    public var vehicles: Int
    public var medianVolumeM3: Double?
    /// More vehicles of the median size that would close the shortfall at the reachable points;
    /// nil when no vehicle is registered.
    public var additionalVehicles: Int?
    /// Classes with demand in round 1 but no volume in the catalogue (left out of the load).
    public var unknownVolume: [FleetCheckClassView]
    public var points: [FleetCheckPointView]
    /// Plates of the vehicles left over.
    public var spareVehicles: [String]
}

/// A class the check could not weigh up.
public struct FleetCheckClassView: Codable, Sendable, Equatable {
    public var itemClass: String
    public var itemCode: String
    public var nameZh: String
    public var nameEn: String
    public var quantity: Int
}

/// One distribution point in a fleet check.
public struct FleetCheckPointView: Codable, Sendable, Equatable {
    public var distributionPointId: UUID
    public var code: String
    public var name: String
    public var servedPoints: Int
    public var loadM3: Double
    /// Its shortest registered leg.
    public var legMinutes: Int?
    public var noRoute: Bool
    public var legTooLong: Bool
    public var tripsPerVehicle: Int
    /// Plates of the vehicles assigned to it.
    public var plates: [String]
    public var capacityM3: Double
    public var missingM3: Double
    public var additionalVehicles: Int?
}
