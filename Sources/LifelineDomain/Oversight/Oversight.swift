import Foundation

// MARK: - Weekly reports (R11.1)

/// The schedule of the enterprises' weekly stock reports (R11.1, seed: 每周四报送): a report belongs to a
/// Thursday and is due, confirmed by the enterprise, within the grace days after it.
public enum WeeklyReportSchedule {
    /// The Thursday on or before `day`: the week a report made on `day` belongs to. 1970-01-01, ordinal 0,
    /// was a Thursday, so a day's distance from Thursday is its ordinal modulo 7, without any calendar or
    /// time zone.
    public static func lastThursday(onOrBefore day: Day) -> Day {
        let sinceThursday = ((day.ordinal % 7) + 7) % 7
        return day.adding(days: -sinceThursday)
    }

    /// Whether `day` is a Thursday.
    public static func isThursday(_ day: Day) -> Bool { lastThursday(onOrBefore: day) == day }

    /// Whether the report of the Thursday `week` is late: confirmed after `week + graceDays`, or not
    /// confirmed and `today` is past that day.
    public static func isLate(week: Day, confirmedOn: Day?, today: Day, graceDays: Int = 1) -> Bool {
        let deadline = week.adding(days: graceDays)
        if let confirmedOn { return confirmedOn > deadline }
        return today > deadline
    }
}

/// Where a weekly report stands: drawn up from the ledger, then confirmed by the enterprise.
public enum WeeklyReportStatus: String, Sendable, Codable, CaseIterable {
    case pending, confirmed

    public var text: LocalizedText {
        switch self {
        case .pending: .init(zh: "待企业确认", en: "Awaiting confirmation")
        case .confirmed: .init(zh: "已确认", en: "Confirmed")
        }
    }
}

// MARK: - Quality inspections (R11.2)

/// The result of a quality inspection of an enterprise's reserve.
public enum InspectionResult: String, Sendable, Codable, CaseIterable {
    case pass, fail

    public var text: LocalizedText {
        switch self {
        case .pass: .init(zh: "合格", en: "Pass")
        case .fail: .init(zh: "不合格", en: "Fail")
        }
    }
}

/// What an inspection decides, from the mildest to the hardest.
public enum InspectionFinding: String, Sendable, Codable, CaseIterable {
    case none, notice, recovery, revocation

    public var text: LocalizedText {
        switch self {
        case .none: .init(zh: "无", en: "None")
        case .notice: .init(zh: "整改通知", en: "Notice")
        case .recovery: .init(zh: "追回补贴", en: "Subsidy recovery")
        case .revocation: .init(zh: "撤销承储资格", en: "Revocation of storage status")
        }
    }
}

/// The rules of quality inspections (R11.2).
public enum InspectionRule {
    /// Checks the amount recovered against the finding: a recovery names the amount (above 0 fen), and no
    /// other finding names one, so that money is never recovered without a decision to recover it.
    public static func validate(finding: InspectionFinding, recoveryFen: Int?) throws(LifelineError) {
        if finding == .recovery {
            guard let recoveryFen else { throw LifelineError.required("recoveryFen") }
            guard recoveryFen > 0 else { throw LifelineError.invalid("recoveryFen", "an amount above 0 fen") }
        } else if let recoveryFen, recoveryFen != 0 {
            throw LifelineError.invalid("recoveryFen", "only with a subsidy recovery")
        }
    }

    /// How many of `lotCount` lots to inspect: ⌈√n⌉, at least 1, at most n (0 for none). A square-root
    /// sample is the common rule of thumb of inspection sampling: it grows with the stock, so a large
    /// store cannot hide a bad lot among many, yet stays a day's work for an inspector.
    public static func sampleSize(lotCount: Int) -> Int {
        guard lotCount > 0 else { return 0 }
        func squareFits(_ root: Int) -> Bool {
            let (square, overflow) = root.multipliedReportingOverflow(by: root)
            return !overflow && square <= lotCount
        }
        // The floating-point root is within one of ⌊√n⌋; correct it to the exact value.
        var root = Int(Double(lotCount).squareRoot())
        while !squareFits(root) { root -= 1 }
        while squareFits(root + 1) { root += 1 }
        let ceiling = root * root == lotCount ? root : root + 1
        return min(lotCount, max(1, ceiling))
    }

    /// The lots to inspect, drawn from `lotIDs` by a seeded generator: the same seed draws the same lots on
    /// every machine (an inspection can be re-run and checked), a new seed draws others. The input's order
    /// and duplicates do not matter; the result is sorted by ID.
    public static func sample(lotIDs: [UUID], seed: UInt64) -> [UUID] {
        var pool = Set(lotIDs).sorted { $0.uuidString < $1.uuidString }
        let size = sampleSize(lotCount: pool.count)
        var generator = SeededGenerator(seed: seed)
        // A partial Fisher–Yates shuffle of our own: the standard library's shuffle may change between
        // releases, which would change the lots a seed draws.
        for index in 0..<size {
            let other = index + Int(generator.next() % UInt64(pool.count - index))
            pool.swapAt(index, other)
        }
        return pool.prefix(size).sorted { $0.uuidString < $1.uuidString }
    }
}

// MARK: - Cold chain (R11.3)

/// The temperature limits of a zone, in tenths of a degree Celsius (`25` = 2.5 ℃), both included:
/// integers, so that a limit compares exactly with a sensor's reading.
public struct ZoneLimits: Sendable, Hashable {
    public var minTenths: Int
    public var maxTenths: Int

    public init(minTenths: Int, maxTenths: Int) {
        self.minTenths = minTenths
        self.maxTenths = maxTenths
    }

    /// The limits of each storage condition:
    ///
    /// - ambient 10–30 ℃ and refrigerated 2–8 ℃, as the conditions are defined;
    /// - cool 0–20 ℃: the condition gives only "≤ 20 ℃"; 0 ℃ is taken as its floor because a cool store
    ///   below freezing would freeze liquids (disinfectants, reagents) that are kept there;
    /// - frozen −80 to −20 ℃: the condition gives only "≤ −20 ℃"; −80 ℃ is the floor of ultra-low
    ///   freezers, so a colder reading is a sensor fault worth an alert.
    public static func defaults(for condition: StorageCondition) -> ZoneLimits {
        switch condition {
        case .ambient: ZoneLimits(minTenths: 100, maxTenths: 300)
        case .cool: ZoneLimits(minTenths: 0, maxTenths: 200)
        case .refrigerated: ZoneLimits(minTenths: 20, maxTenths: 80)
        case .frozen: ZoneLimits(minTenths: -800, maxTenths: -200)
        }
    }

    /// Whether `tenths` lies within the limits.
    public func contains(_ tenths: Int) -> Bool { (minTenths...maxTenths).contains(tenths) }
}

/// A temperature reading of a zone's sensor, in tenths of a degree Celsius.
public struct TemperatureReading: Sendable, Hashable {
    public var at: Date
    public var tenths: Int

    public init(at: Date, tenths: Int) {
        self.at = at
        self.tenths = tenths
    }
}

/// The rules of the cold chain (R11.3).
public enum ColdChainRule {
    /// The readings outside `limits`, by time (readings of the same instant in their given order).
    public static func excursions(readings: [TemperatureReading], limits: ZoneLimits) -> [TemperatureReading] {
        readings.enumerated()
            .filter { !limits.contains($0.element.tenths) }
            .sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
            .map(\.element)
    }

    /// Checks a reading or a limit: −100.0 to 100.0 ℃ (−1000…1000 tenths), beyond which no store's sensor
    /// reads and a number is a typing or unit error. The error names `field`.
    public static func validateReading(tenths: Int, field: String) throws(LifelineError) {
        guard (-1000...1000).contains(tenths) else {
            throw LifelineError.invalid(field, "−1000 to 1000 tenths of a degree (−100.0 to 100.0 ℃)")
        }
    }

    /// Whether a lot of an item stored at `item` may go into a zone kept at `zone`: only the same
    /// condition, since a colder zone can freeze and a warmer one spoil, except that an ambient item may
    /// also go to a cool zone, whose limits (0–20 ℃) are no harm to goods kept at room temperature and
    /// which often has room to spare.
    public static func accepts(zone: StorageCondition, item: StorageCondition) -> Bool {
        zone == item || (item == .ambient && zone == .cool)
    }
}
