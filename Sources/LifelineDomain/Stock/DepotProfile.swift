import Foundation

/// Who runs a depot: a government body itself, or a storage enterprise under agreement (协议代储).
public enum DepotOperatorKind: String, Sendable, Codable, CaseIterable {
    case government
    case enterprise

    public var text: LocalizedText {
        switch self {
        case .government: .init(zh: "政府自储", en: "Government")
        case .enterprise: .init(zh: "企业代储", en: "Enterprise-held")
        }
    }
}

/// What Lifeline records about a depot (储备库, R4.1).
public struct DepotProfile: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var jurisdiction: JurisdictionCode
    public var ownerUnitID: UUID?
    public var operatorKind: DepotOperatorKind
    /// The storage enterprise (or office) that runs the depot; required for enterprise-held depots.
    public var operatorUnitID: UUID?
    public var location: GeoPoint
    public var address: String?
    public var areaM2: Int
    public var volumeM3: Int
    public var zones: [StorageCondition]
    /// Cold-chain volume in m³ (refrigerated and frozen zones together).
    public var coldChainM3: Int
    /// A county forward depot (县级前置库) must reach its area within the forward limit (R4.1).
    public var isForward: Bool

    public init(
        code: String, name: String, jurisdiction: JurisdictionCode, ownerUnitID: UUID? = nil,
        operatorKind: DepotOperatorKind, operatorUnitID: UUID? = nil, location: GeoPoint, address: String? = nil,
        areaM2: Int, volumeM3: Int, zones: [StorageCondition], coldChainM3: Int = 0, isForward: Bool = false
    ) {
        self.code = code
        self.name = name
        self.jurisdiction = jurisdiction
        self.ownerUnitID = ownerUnitID
        self.operatorKind = operatorKind
        self.operatorUnitID = operatorUnitID
        self.location = location
        self.address = address
        self.areaM2 = areaM2
        self.volumeM3 = volumeM3
        self.zones = zones
        self.coldChainM3 = coldChainM3
        self.isForward = isForward
    }

    /// Checks the profile; the first problem is thrown with its field named.
    public func validated() throws(LifelineError) -> DepotProfile {
        var depot = self
        depot.code = try Text.required(code, field: "code", max: 40)
        depot.name = try Text.required(name, field: "name", max: 120)
        depot.address = try Text.optional(address, field: "address", max: 200)
        guard (0...10_000_000).contains(areaM2) else {
            throw LifelineError(.outOfRange, field: "areaM2", ["min": "0", "max": "10000000"])
        }
        guard (0...100_000_000).contains(volumeM3) else {
            throw LifelineError(.outOfRange, field: "volumeM3", ["min": "0", "max": "100000000"])
        }
        guard !zones.isEmpty else { throw .required("temperatureZones") }
        depot.zones = Array(Set(zones)).sorted()
        let hasColdZone = zones.contains(.refrigerated) || zones.contains(.frozen)
        guard coldChainM3 >= 0, coldChainM3 <= max(volumeM3, 0) || volumeM3 == 0 else {
            throw LifelineError(.outOfRange, field: "coldChainM3", ["min": "0", "max": String(volumeM3)])
        }
        if coldChainM3 > 0 && !hasColdZone {
            throw .invalid("coldChainM3", "a cold-chain volume needs a refrigerated or frozen zone")
        }
        if operatorKind == .enterprise && operatorUnitID == nil { throw .required("operatorUnitId") }
        guard (-180...180).contains(location.longitude) else {
            throw LifelineError(.outOfRange, field: "longitude", ["min": "-180", "max": "180"])
        }
        guard (-90...90).contains(location.latitude) else {
            throw LifelineError(.outOfRange, field: "latitude", ["min": "-90", "max": "90"])
        }
        return depot
    }

    /// Whether the depot has a zone where an item with this storage condition may be kept: ambient
    /// goods may sit in any zone except frozen, cool goods need a cool or refrigerated zone,
    /// refrigerated and frozen goods their own zone.
    public func accepts(_ storage: StorageCondition) -> Bool {
        switch storage {
        case .ambient: zones.contains { $0 != .frozen }
        case .cool: zones.contains(.cool) || zones.contains(.refrigerated)
        case .refrigerated: zones.contains(.refrigerated)
        case .frozen: zones.contains(.frozen)
        }
    }

    /// The zone an item with this storage condition lies in: its own when the depot has it, else
    /// the warmest zone ``accepts(_:)`` allows (an ambient good in a cool zone); `nil` when none.
    public func zone(for storage: StorageCondition) -> StorageCondition? {
        guard accepts(storage) else { return nil }
        if zones.contains(storage) { return storage }
        return zones.sorted().first { $0 > storage && $0 != .frozen }
    }
}
