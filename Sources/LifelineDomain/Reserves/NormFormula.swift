import Foundation

/// How a reserve norm's quantity is worked out (R3.2), with the inputs kept, so that a plan shows
/// its working and an officer can check it by hand:
///
/// - population: resident population × daily use per person × days (masks: 0.2 a day, 15 days);
/// - beds: beds of level-2+ institutions × daily use per bed × days (protective suits: 1.6, 30 days);
/// - peak day: use on the epidemic's peak day × days (30);
/// - consumption: mean monthly consumption of the last months (up to 36) × months of cover ×
///   population-growth factor × disease-mix factor.
///
/// The quantity is rounded up to a whole unit.
public enum NormFormula: Sendable, Hashable, Codable {
    case population(residents: Int, dailyUsePerPerson: Decimal, days: Int)
    case beds(beds: Int, dailyUsePerBed: Decimal, days: Int)
    case peakDay(peakDailyUse: Int, days: Int)
    case consumption(monthly: [Int], months: Decimal, populationGrowth: Decimal, diseaseMix: Decimal)

    /// The basis as the API and CSV name it.
    public var basis: String {
        switch self {
        case .population: "population"
        case .beds: "beds"
        case .peakDay: "peak_day"
        case .consumption: "consumption"
        }
    }

    /// The largest norm a formula may give: far above any province's need, far below overflow.
    public static let largestQuantity = 1_000_000_000_000

    /// Checks every input, naming the field under `prefix` (`norms[2].days`), and works out the
    /// quantity.
    public func quantity(field prefix: String = "") throws(LifelineError) -> Int {
        func field(_ name: String) -> String { prefix.isEmpty ? name : "\(prefix).\(name)" }
        func days(_ value: Int) throws(LifelineError) -> Decimal {
            guard (1...366).contains(value) else { throw LifelineError.invalid(field("days"), "1 to 366 days") }
            return Decimal(value)
        }
        func count(_ value: Int, _ name: String, max: Int) throws(LifelineError) -> Decimal {
            guard (0...max).contains(value) else { throw LifelineError.invalid(field(name), "0 to \(max)") }
            return Decimal(value)
        }
        func rate(_ value: Decimal, _ name: String, max: Decimal) throws(LifelineError) -> Decimal {
            guard value >= 0, value <= max, !value.isNaN else {
                throw LifelineError.invalid(field(name), "a number from 0 to \(max)")
            }
            return value
        }
        let exact: Decimal
        switch self {
        case .population(let residents, let use, let span):
            exact =
                try count(residents, "residents", max: 2_000_000_000) * rate(use, "dailyUsePerPerson", max: 100)
                * days(span)
        case .beds(let beds, let use, let span):
            exact = try count(beds, "beds", max: 100_000_000) * rate(use, "dailyUsePerBed", max: 1_000) * days(span)
        case .peakDay(let peak, let span):
            exact = try count(peak, "peakDailyUse", max: 1_000_000_000) * days(span)
        case .consumption(let monthly, let months, let growth, let mix):
            guard (1...36).contains(monthly.count) else {
                throw LifelineError.invalid(field("monthly"), "1 to 36 months of consumption")
            }
            var total = Decimal(0)
            for (index, value) in monthly.enumerated() {
                guard (0...1_000_000_000).contains(value) else {
                    throw LifelineError.invalid(field("monthly[\(index)]"), "0 to 1000000000")
                }
                total += Decimal(value)
            }
            let mean = total / Decimal(monthly.count)
            exact =
                try mean * rate(months, "months", max: 36) * rate(growth, "populationGrowth", max: 10)
                * rate(mix, "diseaseMix", max: 10)
        }
        let rounded = Self.roundUp(exact)
        guard rounded <= Decimal(Self.largestQuantity) else {
            throw LifelineError(.valueTooLarge, field: field("quantity"), ["max": "\(Self.largestQuantity)"])
        }
        return NSDecimalNumber(decimal: rounded).intValue
    }

    /// `value` rounded up to a whole number.
    static func roundUp(_ value: Decimal) -> Decimal {
        var value = value
        var result = Decimal()
        NSDecimalRound(&result, &value, 0, .up)
        return result
    }
}

/// The API's and the database's spelling: one object with its `basis` and that basis's inputs
/// (`{"basis": "population", "residents": 40000000, "dailyUsePerPerson": 0.2, "days": 15}`).
extension NormFormula {
    private enum Key: String, CodingKey {
        case basis, residents, dailyUsePerPerson, days, beds, dailyUsePerBed, peakDailyUse, monthly, months
        case populationGrowth, diseaseMix
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        switch try c.decode(String.self, forKey: .basis) {
        case "population":
            self = .population(
                residents: try c.decode(Int.self, forKey: .residents),
                dailyUsePerPerson: try c.decode(Decimal.self, forKey: .dailyUsePerPerson),
                days: try c.decode(Int.self, forKey: .days))
        case "beds":
            self = .beds(
                beds: try c.decode(Int.self, forKey: .beds),
                dailyUsePerBed: try c.decode(Decimal.self, forKey: .dailyUsePerBed),
                days: try c.decode(Int.self, forKey: .days))
        case "peak_day":
            self = .peakDay(
                peakDailyUse: try c.decode(Int.self, forKey: .peakDailyUse), days: try c.decode(Int.self, forKey: .days)
            )
        case "consumption":
            self = .consumption(
                monthly: try c.decode([Int].self, forKey: .monthly),
                months: try c.decode(Decimal.self, forKey: .months),
                populationGrowth: try c.decode(Decimal.self, forKey: .populationGrowth),
                diseaseMix: try c.decode(Decimal.self, forKey: .diseaseMix))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .basis, in: c, debugDescription: "population, beds, peak_day or consumption, not \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(basis, forKey: .basis)
        switch self {
        case .population(let residents, let use, let days):
            try c.encode(residents, forKey: .residents)
            try c.encode(use, forKey: .dailyUsePerPerson)
            try c.encode(days, forKey: .days)
        case .beds(let beds, let use, let days):
            try c.encode(beds, forKey: .beds)
            try c.encode(use, forKey: .dailyUsePerBed)
            try c.encode(days, forKey: .days)
        case .peakDay(let peak, let days):
            try c.encode(peak, forKey: .peakDailyUse)
            try c.encode(days, forKey: .days)
        case .consumption(let monthly, let months, let growth, let mix):
            try c.encode(monthly, forKey: .monthly)
            try c.encode(months, forKey: .months)
            try c.encode(growth, forKey: .populationGrowth)
            try c.encode(mix, forKey: .diseaseMix)
        }
    }
}
