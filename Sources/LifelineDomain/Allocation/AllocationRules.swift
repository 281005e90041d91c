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

/// The rules of R6 that turn requests and the ledger into an allocation problem.
public enum AllocationRules {
    /// Days of an institution's own use that are never drawn (R3.7, R6.2).
    public static let institutionReserveDays = 20

    /// Extra road-kilometres charged per unit for each rank below own stock (``SourceRank``), so the
    /// engine uses a later source only when an earlier one cannot serve (and never trades a rank
    /// for distance within the travel-time limit).
    public static let tierSurchargeKm = [0, 2_000, 4_000, 6_000, 8_000, 10_000]

    /// Shortage penalty per unit by priority class (critical, high, normal): far above any
    /// transport cost, ten times apart, so a higher class is always served first.
    public static let classPenalty = [10_000_000, 1_000_000, 100_000]

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
    public static func maySubstitute(
        requested: (group: String?, role: String?, category: ItemCategory),
        candidate: (group: String?, role: String?, category: ItemCategory)
    ) -> Bool {
        guard let group = requested.group, group == candidate.group, requested.role == "primary",
            candidate.role == "substitute"
        else { return false }
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
