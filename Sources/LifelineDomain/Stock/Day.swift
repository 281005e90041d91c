import Foundation

/// A calendar day (no time, no zone), as printed on a lot's label: `2027-03-31`.
///
/// Lifeline keeps production and expiry dates as days so that "expired" never depends on a server's
/// time zone; the day "today" is derived once, from the injected clock, in China Standard Time.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, RawRepresentable {
    /// Days since 1970-01-01.
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    public init?(rawValue: String) { self.init(iso: rawValue) }
    public var rawValue: String { iso }

    /// Parses `YYYY-MM-DD` of the years 1900–2999; rejects impossible dates such as `2026-02-30`.
    public init?(iso: String) {
        guard let (y, m, d) = Day.calendarDate(iso), (1900...2999).contains(y) else { return nil }
        self.ordinal = Day.ordinal(year: y, month: m, day: d)
    }

    /// Whether `iso` is a calendar date written `YYYY-MM-DD` of any year 0000–9999 — what RFC 3339's
    /// `full-date` (the contract's `format: date`) allows; ``init(iso:)`` further keeps to 1900–2999,
    /// and a use case refuses the years between with its own, named error.
    public static func isWellFormed(_ iso: String) -> Bool { calendarDate(iso) != nil }

    /// The year, month and day `iso` writes as `YYYY-MM-DD`, if that day exists (any year 0000–9999).
    private static func calendarDate(_ iso: String) -> (Int, Int, Int)? {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m),
            (1...Day.daysIn(month: m, year: y)).contains(d)
        else { return nil }
        return (y, m, d)
    }

    public init(year: Int, month: Int, day: Int) {
        self.ordinal = Day.ordinal(year: year, month: month, day: day)
    }

    /// The day an instant falls on in China Standard Time (UTC+8, no daylight saving).
    public init(_ instant: Date) {
        let seconds = Int(floor(instant.timeIntervalSince1970)) + 8 * 3600
        self.ordinal = Int(floor(Double(seconds) / 86_400))
    }

    public var components: (year: Int, month: Int, day: Int) {
        // Civil-from-days (Howard Hinnant's algorithm).
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    public var iso: String {
        let c = components
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        let year = String(c.year)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + two(c.month) + "-" + two(c.day)
    }

    /// `20261124`, as used in document numbers.
    public var compact: String { iso.replacingOccurrences(of: "-", with: "") }

    public var description: String { iso }

    /// The instant the day begins in China Standard Time, in milliseconds since 1970.
    public var startMilliseconds: Int { (ordinal * 86_400 - 8 * 3_600) * 1_000 }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }
    public func days(until other: Day) -> Int { other.ordinal - ordinal }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    private static func ordinal(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
