import Foundation
import OpenAPIRuntime

/// Dates and times as the contract takes them (RFC 3339, `format: date-time`), with or without
/// fractional seconds, any offset. The contract check and the generated handlers read them with
/// this one parser, so a value one accepts the other cannot refuse.
struct ContractDates: DateTranscoder {
    static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    func encode(_ date: Date) throws -> String { ISO8601DateFormatter().string(from: date) }

    func decode(_ text: String) throws -> Date {
        guard let date = Self.parse(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "not a date and time (RFC 3339): \(text)"))
        }
        return date
    }
}
