import Foundation

/// Where stock comes from, in R6.2's order: own stock, then local institutions' surplus above 20
/// days, then other counties, the city's reserve, the province, and beyond the province (the
/// nation, mutual aid); what no source covers is a procurement need. Raw values are the order.
public enum SourceRank: Int, Sendable, Codable, CaseIterable, Comparable {
    case ownStock = 0
    case institutionSurplus, otherCounties, city, province, beyond

    public static func < (a: SourceRank, b: SourceRank) -> Bool { a.rawValue < b.rawValue }

    /// The requester's own supply (R5.3): its own and its county's stock, and local institutions' surplus.
    public var isLocal: Bool { self <= .institutionSurplus }

    public var text: LocalizedText {
        switch self {
        case .ownStock: .init(zh: "本级库存", en: "own stock")
        case .institutionSurplus: .init(zh: "医疗机构20天以上富余", en: "institutions' surplus above 20 days")
        case .otherCounties: .init(zh: "县际协调", en: "other counties")
        case .city: .init(zh: "市级储备", en: "city reserve")
        case .province: .init(zh: "省级储备", en: "province")
        case .beyond: .init(zh: "省外（国家调拨、片区互济）", en: "beyond the province (nation, mutual aid)")
        }
    }
}

/// What the source order needs to know of a depot. An institution's depot in the requester's
/// county is "local institutions' surplus"; elsewhere it ranks by where it lies, like any depot.
public struct DepotSource: Sendable, Hashable {
    public var path: JurisdictionPath
    public var owner: UUID?
    public var `operator`: UUID?
    /// Owned by a medical institution, which keeps 20 days of its own use (R3.7).
    public var ownedByInstitution: Bool

    public init(path: JurisdictionPath, owner: UUID?, operator: UUID?, ownedByInstitution: Bool) {
        self.path = path
        self.owner = owner
        self.operator = `operator`
        self.ownedByInstitution = ownedByInstitution
    }
}

/// The one rule that ranks sources for a requester (R6.2, R5.3); approval (named or automatic),
/// the own-supply-first check and allocation plans all ask it.
public enum SourceOrder {
    /// The rank of `depot` for a requesting unit at `requester`.
    public static func rank(_ depot: DepotSource, for requester: JurisdictionPath, unit: UUID) -> SourceRank {
        if depot.owner == unit || depot.operator == unit { return .ownStock }
        let local = requester.level >= .county && requester.truncated(to: .county).contains(depot.path)
        if local { return depot.ownedByInstitution ? .institutionSurplus : .ownStock }
        let city = requester.truncated(to: .city)
        if requester.level >= .city, city.contains(depot.path) { return depot.path == city ? .city : .otherCounties }
        if requester.level >= .province, requester.truncated(to: .province).contains(depot.path) { return .province }
        return .beyond
    }

    /// Below level III a unit supplies itself first (R5.3): sources beyond its own supply serve only
    /// what that cannot cover. At level III and above the supply office allocates centrally.
    public static func ownSupplyFirst(at level: ResponseLevel?) -> Bool {
        level == nil || level == .levelIV
    }

    /// Sources by rank, nearest first within a rank, ties by the caller's order.
    public static func ordered<Source>(_ sources: [Source], rank: (Source) -> SourceRank, distance: (Source) -> Double)
        -> [Source]
    {
        sources.enumerated().sorted { a, b in
            (rank(a.element), distance(a.element), a.offset) < (rank(b.element), distance(b.element), b.offset)
        }.map(\.element)
    }
}
