import Foundation

/// The kinds of reserve agreement a government signs with an enterprise (seed: 协议储备、产能储备、技术储备):
/// goods the enterprise stores for the government, production lines it keeps ready to switch on, and
/// techniques (formulas, processes) it keeps ready to produce with.
public enum AgreementKind: String, Sendable, Codable, CaseIterable {
    case storage, capacity, technology

    public var text: LocalizedText {
        switch self {
        case .storage: .init(zh: "协议储备", en: "Storage agreement")
        case .capacity: .init(zh: "产能储备", en: "Capacity reserve")
        case .technology: .init(zh: "技术储备", en: "Technology reserve")
        }
    }
}

/// Where an agreement stands. A person sets `active` or `revoked`; `expired` is what an active agreement
/// becomes once its end has passed (``AgreementRule/effectiveStatus(stored:end:today:)``).
public enum AgreementStatus: String, Sendable, Codable, CaseIterable {
    case active, expired, revoked

    public var text: LocalizedText {
        switch self {
        case .active: .init(zh: "有效", en: "Active")
        case .expired: .init(zh: "已到期", en: "Expired")
        case .revoked: .init(zh: "已撤销", en: "Revoked")
        }
    }
}

/// The rules of reserve agreements: which agreements count towards a jurisdiction's reserve, how much
/// of an enterprise's stock counts, what must be bought back, and the capacity kept in redundancy.
public enum AgreementRule {
    /// Whether an agreement counts towards the reserve on `today`: only an active one within its period
    /// (both ends included), so that a revoked or lapsed agreement never props up a coverage figure.
    public static func counts(status: AgreementStatus, start: Day, end: Day, today: Day) -> Bool {
        status == .active && start <= today && today <= end
    }

    /// The status to show and act on: an active agreement past its end is expired, even before a job has
    /// stored that, so that no screen shows a lapsed agreement as in force.
    public static func effectiveStatus(stored: AgreementStatus, end: Day, today: Day) -> AgreementStatus {
        stored == .active && today > end ? .expired : stored
    }

    /// The quantity that counts towards the reserve: what the enterprise holds, but never more than it
    /// contracted to hold (a surplus is the enterprise's own stock) and never below 0.
    public static func countedQuantity(contracted: Int, held: Int) -> Int {
        max(0, min(contracted, held))
    }

    /// The quantity the enterprise must buy back (replenish): stock drawn from it under a storage agreement
    /// stays owed until it holds the contracted quantity again.
    public static func toBuyBack(contracted: Int, held: Int) -> Int {
        let (gap, overflow) = contracted.subtractingReportingOverflow(max(held, 0))
        return overflow ? 0 : max(0, gap)
    }

    /// The share of a production line's output kept in redundancy (seed: 产能冗余 20–30 %), in percent.
    public static let redundancyPercentRange = 20...30

    /// The daily output the redundant capacity yields: lines × output per line × percent / 100, rounded
    /// down (a part unit cannot be produced). Computed in full width, so that it saturates instead of
    /// trapping; negative inputs count as 0.
    public static func redundantDailyOutput(lines: Int, dailyOutputPerLine: Int, redundancyPercent: Int) -> Int {
        FullWidth.ratio([lines, dailyOutputPerLine, redundancyPercent], over: 100, roundingHalfUp: false)
    }

    /// Checks an agreement's period: the end on or after the start, and at most 10 years after it (a
    /// longer commitment is not an agreement a budget can honour). Errors name `end`.
    public static func validatePeriod(start: Day, end: Day) throws(LifelineError) {
        guard end >= start else { throw LifelineError.invalid("end", "on or after the start \(start.iso)") }
        let from = start.components
        // 29 February plus 10 years is 1 March of a common year, which Day(year:month:day:) gives.
        let limit = Day(year: from.year + 10, month: from.month, day: from.day)
        guard end <= limit else {
            throw LifelineError.invalid("end", "at most 10 years after the start (\(limit.iso))")
        }
    }
}
