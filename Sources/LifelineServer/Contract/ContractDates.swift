import Foundation
import OpenAPIRuntime

/// How the API writes and reads `date-time` values: RFC 3339 in UTC, whole seconds when written
/// (`2026-11-24T02:00:00Z`); fractional seconds accepted when read.
///
/// Writing is done by hand rather than with `ISO8601DateFormatter`: a formatter made for every date
/// cost about 30 µs, and a page of 50 movements or orders writes 50 to 500 dates (docs/performance.md).
struct ContractDates: DateTranscoder {
    /// Reading is rarer (request inputs only) and keeps Foundation's parser.
    static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// `date` as `YYYY-MM-DDTHH:MM:SSZ` (UTC, the second rounded down), as `ISO8601DateFormatter`
    /// writes it by default.
    static func format(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let (daysSinceEpoch, secondOfDay) = seconds.quotientAndRemainderFloored(dividingBy: 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: daysSinceEpoch)
        let hour = secondOfDay / 3600
        let minute = secondOfDay % 3600 / 60
        let second = secondOfDay % 60
        var text = ""
        text.reserveCapacity(20)
        text += pad(year, 4)
        text += "-" + pad(month, 2) + "-" + pad(day, 2)
        text += "T" + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2) + "Z"
        return text
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01 (H. Hinnant's `civil_from_days`).
    private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    func encode(_ date: Date) throws -> String { Self.format(date) }

    func decode(_ text: String) throws -> Date {
        guard let date = Self.parse(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "not a date and time (RFC 3339): \(text)"))
        }
        return date
    }
}

extension Int64 {
    /// Quotient and remainder rounded toward negative infinity (the remainder is never negative).
    fileprivate func quotientAndRemainderFloored(dividingBy divisor: Int64) -> (Int64, Int64) {
        let (q, r) = quotientAndRemainder(dividingBy: divisor)
        return r < 0 ? (q - 1, r + divisor) : (q, r)
    }
}
