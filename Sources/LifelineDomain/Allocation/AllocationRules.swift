import Foundation

/// The post a requested line is for (R6.1, R2.3): sampling-table, sample-transport and
/// waste-handling posts never get a lowered-standard substitute.
public enum WorkPost: String, Sendable, Codable, CaseIterable {
    case samplingTable = "sampling_table"
    case sampleTransport = "sample_transport"
    case wasteHandling = "waste_handling"
    case general

    public var text: LocalizedText {
        switch self {
        case .samplingTable: .init(zh: "采样台岗位", en: "sampling table")
        case .sampleTransport: .init(zh: "样本转运岗位", en: "sample transport")
        case .wasteHandling: .init(zh: "医废处置岗位", en: "waste handling")
        case .general: .init(zh: "一般岗位", en: "general")
        }
    }
}

/// Where stock comes from, in R6.2's order: own stock first, then local institutions' surplus
/// above 20 days, then other counties (and the city reserve), then the province; what is left is
/// a procurement need.
public enum SourceTier: Int, Sendable, Codable, CaseIterable, Comparable {
    case ownStock = 0, institutionSurplus = 1, otherCounties = 2, province = 3

    public static func < (a: SourceTier, b: SourceTier) -> Bool { a.rawValue < b.rawValue }

    public var text: LocalizedText {
        switch self {
        case .ownStock: .init(zh: "本级库存", en: "own stock")
        case .institutionSurplus: .init(zh: "医疗机构20天以上富余", en: "institutions' surplus above 20 days")
        case .otherCounties: .init(zh: "县际协调/市级储备", en: "other counties / city reserve")
        case .province: .init(zh: "省级储备", en: "province")
        }
    }
}

/// The rules of R6 that turn requests and the ledger into an allocation problem.
public enum AllocationRules {
    /// Days of an institution's own use that are never drawn (R3.7, R6.2).
    public static let institutionReserveDays = 20

    /// Extra road-kilometres charged per unit for each tier below own stock, so the engine uses a
    /// lower tier only when the higher one cannot serve (and never trades a tier for distance
    /// within the travel-time limit).
    public static let tierSurchargeKm = [0, 2_000, 4_000, 6_000]

    /// Shortage penalty per unit by priority class (critical, high, normal): far above any
    /// transport cost, ten times apart, so a higher class is always served first.
    public static let classPenalty = [10_000_000, 1_000_000, 100_000]

    /// The tier of a depot for a requesting unit.
    public static func tier(requester: JurisdictionPath, requesterUnit: UUID, depot: JurisdictionPath, depotUnits: [UUID],
                            depotIsInstitutions: Bool) -> SourceTier {
        if depotUnits.contains(requesterUnit) { return .ownStock }
        if depotIsInstitutions { return .institutionSurplus }
        let county = JurisdictionPath(codes: Array(requester.codes.prefix(4)))
        if requester.level >= .county && county.contains(depot) { return .ownStock }
        let city = JurisdictionPath(codes: Array(requester.codes.prefix(3)))
        if requester.level >= .city && city.contains(depot) { return .otherCounties }
        return .province
    }

    /// Units an institution keeps: 20 days of its daily use.
    public static func institutionFloor(dailyUse: Double) -> Int {
        Int((dailyUse * Double(institutionReserveDays)).rounded(.up))
    }

    /// Whether a line may be served by a lowered-standard substitute (R2.3): the site is marked
    /// suitable and the post is not sampling-table, sample-transport or waste-handling.
    public static func mayUseSubstitute(siteSuitable: Bool, post: WorkPost) -> Bool {
        siteSuitable && post == .general
    }

    /// Whether `candidate` may stand in for `requested` under the lowered standard (R2.3): both in
    /// the same substitution group, the requested item the primary, the candidate a substitute,
    /// and both covering the same part of the body (a surgical mask for a respirator, an isolation
    /// gown for a protective suit — never gloves for a mask).
    public static func maySubstitute(requested: (group: String?, role: String?, category: ItemCategory),
                                     candidate: (group: String?, role: String?, category: ItemCategory)) -> Bool {
        guard let group = requested.group, group == candidate.group, requested.role == "primary", candidate.role == "substitute" else { return false }
        return family(requested.category) == family(candidate.category)
    }

    static func family(_ category: ItemCategory) -> String {
        switch category {
        case .protectiveClothing, .isolationGowns: "body"
        default: category.rawValue
        }
    }

    /// The cost of leaving a lot unused: near-expiry lots first (R4.3), so the engine ships them first.
    public static func wasteCost(daysToExpiry: Int?) -> Int {
        guard let days = daysToExpiry else { return 0 }
        return max(0, 730 - days) / 10
    }
}
