import Foundation

/// The figures the seeds give for reserve norms (R3.2–R3.4), as the defaults of parameters an
/// office may change (each change audited). Seed 000: masks for 15 days of the resident population
/// (about 120 million a province), protective suits for 30 days of level-2+ institutions (about
/// 8 million a province), the tier split 15/30/25/30 and the 80 % safety threshold.
public struct ReserveParameters: Sendable, Hashable, Codable {
    /// Masks a resident uses a day (0.2: 40 million residents × 0.2 × 15 = 120 million).
    public var maskDailyUsePerPerson: Decimal = Decimal(string: "0.2")!
    public var maskDays: Int = 15
    /// Protective suits a level-2+ bed uses a day.
    public var suitDailyUsePerBed: Decimal = Decimal(string: "1.6")!
    public var suitDays: Int = 30
    /// Level-2+ beds per 1 000 residents, when a jurisdiction's institutions are not all registered
    /// (4.2: a 40-million province has 168 000 → 168 000 × 1.6 × 30 ≈ 8 million suits).
    public var level2BedsPerThousand: Decimal = Decimal(string: "4.2")!
    /// Days of peak-day use ("30 days of use at the epidemic peak").
    public var peakDays: Int = 30
    /// Months of consumption history the baseline averages.
    public var consumptionMonths: Int = 36
    /// Coverage below this percentage of the norm raises an alert (R3.4).
    public var alertPercent: Int = 80
    public var tierSplit: TierSplit = .seed

    public init() {}

    /// The beds assumed for `residents` when no institution is registered.
    public func assumedBeds(residents: Int) -> Int {
        let exact = Decimal(residents) * level2BedsPerThousand / 1000
        return NSDecimalNumber(decimal: NormFormula.roundUp(exact)).intValue
    }

    /// The mask norm of R3.2 for `residents`.
    public func maskNorm(residents: Int) -> NormFormula {
        .population(residents: residents, dailyUsePerPerson: maskDailyUsePerPerson, days: maskDays)
    }

    /// The protective-suit norm of R3.2 for `beds` level-2+ beds.
    public func suitNorm(beds: Int) -> NormFormula {
        .beds(beds: beds, dailyUsePerBed: suitDailyUsePerBed, days: suitDays)
    }

    /// Checks every parameter, naming it.
    public func validated() throws(LifelineError) -> ReserveParameters {
        func positive(_ value: Decimal, _ name: String, max: Decimal) throws(LifelineError) {
            guard value > 0, value <= max else { throw LifelineError.invalid(name, "a number above 0, at most \(max)") }
        }
        func days(_ value: Int, _ name: String) throws(LifelineError) {
            guard (1...366).contains(value) else { throw LifelineError.invalid(name, "1 to 366 days") }
        }
        try positive(maskDailyUsePerPerson, "maskDailyUsePerPerson", max: 100)
        try days(maskDays, "maskDays")
        try positive(suitDailyUsePerBed, "suitDailyUsePerBed", max: 1_000)
        try days(suitDays, "suitDays")
        try positive(level2BedsPerThousand, "level2BedsPerThousand", max: 1_000)
        try days(peakDays, "peakDays")
        guard (1...36).contains(consumptionMonths) else {
            throw LifelineError.invalid("consumptionMonths", "1 to 36 months")
        }
        guard (1...100).contains(alertPercent) else { throw LifelineError.invalid("alertPercent", "1 to 100 %") }
        _ = try tierSplit.validated()
        return self
    }
}

/// How an emergency reserve target is shared between the four tiers (R3.3): nation 15 %, province
/// 30 %, city 25 %, county 30 %.
public struct TierSplit: Sendable, Hashable, Codable {
    public var nation: Int
    public var province: Int
    public var city: Int
    public var county: Int

    public static let seed = TierSplit(nation: 15, province: 30, city: 25, county: 30)

    public init(nation: Int, province: Int, city: Int, county: Int) {
        self.nation = nation
        self.province = province
        self.city = city
        self.county = county
    }

    /// The split when its four percentages are each 0–100 and sum to 100; else an error naming it.
    public func validated() throws(LifelineError) -> TierSplit {
        let parts = [nation, province, city, county]
        guard parts.allSatisfy({ (0...100).contains($0) }), parts.reduce(0, +) == 100 else {
            throw LifelineError.invalid(
                "tierSplit", "four percentages that sum to 100 (nation, province, city, county): got \(parts)")
        }
        return self
    }

    /// `target` shared by the percentages, in whole units that sum to `target` exactly: each tier
    /// gets its floor, and the units left go to the largest remainders (ties to the higher tier).
    public func shares(of target: Int) -> [JurisdictionLevel: Int] {
        let levels: [(JurisdictionLevel, Int)] = [
            (.nation, nation), (.province, province), (.city, city), (.county, county),
        ]
        var shares: [JurisdictionLevel: Int] = [:]
        var remainders: [(JurisdictionLevel, Int, Int)] = []
        for (order, (level, percent)) in levels.enumerated() {
            let product = target.multipliedFullWidth(by: percent)
            let (quotient, remainder) = 100.dividingFullWidth(product)
            shares[level] = quotient
            remainders.append((level, remainder, order))
        }
        var left = target - shares.values.reduce(0, +)
        for (level, _, _) in remainders.sorted(by: { ($0.1, -$0.2) > ($1.1, -$1.2) }) where left > 0 {
            shares[level, default: 0] += 1
            left -= 1
        }
        return shares
    }
}
