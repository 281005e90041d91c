import Foundation

/// What ``FleetCheck/check(loads:points:vehicles:limitMinutes:)`` found: the load, each point's
/// share, vehicles and shortfall, and what would close it.
public struct FleetCheckResult: Sendable, Hashable {
    public var limitMinutes: Int
    /// Round 1's load of the classes with a volume, in litres.
    public var loadLitres: Int128
    /// Item classes with demand in round 1 but no volume in the catalogue: not in the load.
    public var unknownVolumeClasses: [String]
    /// In the order given.
    public var points: [FleetCheckPoint]
    /// The register's lower median load space, nil when no vehicle is in service.
    public var medianVehicleLitres: Int?
    /// More vehicles of the median size that would close the shortfall at the points the fleet
    /// reaches; nil when some is missing there and no vehicle is registered to size them by.
    public var additionalVehicles: Int128?
    /// Vehicles left over, largest first.
    public var spareVehicles: [String]

    public init(
        limitMinutes: Int, loadLitres: Int128, unknownVolumeClasses: [String], points: [FleetCheckPoint],
        medianVehicleLitres: Int?, additionalVehicles: Int128?, spareVehicles: [String]
    ) {
        self.limitMinutes = limitMinutes
        self.loadLitres = loadLitres
        self.unknownVolumeClasses = unknownVolumeClasses
        self.points = points
        self.medianVehicleLitres = medianVehicleLitres
        self.additionalVehicles = additionalVehicles
        self.spareVehicles = spareVehicles
    }

    /// The county has load but no distribution point to take it to.
    public var noDistributionPoints: Bool { points.isEmpty && loadLitres > 0 }

    /// What the assigned vehicles carry within the limit, over all points.
    public var capacityLitres: Int128 { points.reduce(0) { $0 + $1.capacityLitres } }

    /// What does not arrive in time: the points' shortfalls, or the whole load without points.
    public var missingLitres: Int128 {
        noDistributionPoints ? loadLitres : points.reduce(0) { $0 + $1.missingLitres }
    }

    /// The part of ``missingLitres`` at points without a usable route (no vehicle can close it).
    public var unreachableLitres: Int128 {
        noDistributionPoints
            ? loadLitres : points.filter { $0.tripsPerVehicle == 0 }.reduce(0) { $0 + $1.missingLitres }
    }

    /// The registered fleet brings the whole known load within the limit.
    public var fits: Bool { missingLitres == 0 }
}

/// One distribution point in a fleet check.
public struct FleetCheckPoint: Sendable, Hashable {
    public var key: String
    public var servedPoints: Int
    /// Its share of round 1's load, in litres.
    public var loadLitres: Int128
    /// Its shortest registered leg, nil when it has no route.
    public var legMinutes: Int?
    public var noRoute: Bool
    /// Every registered route to it is longer than the limit.
    public var legTooLong: Bool
    /// Loads one vehicle delivers within the limit (0: unreachable).
    public var tripsPerVehicle: Int
    /// The vehicles assigned to it, in the order taken.
    public var vehicles: [String]
    public var capacityLitres: Int128
    public var missingLitres: Int128
    /// More vehicles of the median size to close its shortfall; nil when nothing is missing, the
    /// point is unreachable, or no vehicle is registered.
    public var additionalVehicles: Int128?

    public init(
        key: String, servedPoints: Int, loadLitres: Int128, legMinutes: Int?, noRoute: Bool, legTooLong: Bool,
        tripsPerVehicle: Int, vehicles: [String], capacityLitres: Int128, missingLitres: Int128,
        additionalVehicles: Int128?
    ) {
        self.key = key
        self.servedPoints = servedPoints
        self.loadLitres = loadLitres
        self.legMinutes = legMinutes
        self.noRoute = noRoute
        self.legTooLong = legTooLong
        self.tripsPerVehicle = tripsPerVehicle
        self.vehicles = vehicles
        self.capacityLitres = capacityLitres
        self.missingLitres = missingLitres
        self.additionalVehicles = additionalVehicles
    }

    /// The point's own shortfall is zero.
    public var fits: Bool { missingLitres == 0 }
}
