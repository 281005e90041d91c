/// The largest values Lifeline accepts, chosen so that no figure the system computes can overflow
/// a 64-bit integer (ADR 0023). The API contract (openapi.yaml) states the same numbers.
public enum Limits {
    /// Units in one movement, request line, approval line or signed line: 100 million (一亿). More
    /// than any one delivery — a province's whole mask norm is about 120 million (seed 000).
    public static let quantityPerMovement = 100_000_000
    /// Units one lot (one batch in one depot) may hold: 1 billion, ten of the largest receipts.
    public static let lotOnHand = 1_000_000_000
    /// Price or cost of one unit, in fen: 10 million yuan (a mobile PCR laboratory costs less).
    public static let unitPriceFen = 1_000_000_000
    /// The value of one lot is at most `lotOnHand × unitPriceFen` = 10¹⁸ fen, below `Int.max`
    /// (9.2 × 10¹⁸); sums over lots are taken in 128 bits (``FenSum``).
    public static let lotValueFen = lotOnHand * unitPriceFen
}

/// A sum of money in fen over any number of terms, in 128 bits so that it cannot overflow; turned
/// into the 64-bit figure the API and the console show by ``reportable()``, which refuses — with a
/// clear error, never a trap — a total beyond 9.2 × 10¹⁸ fen.
public struct FenSum: Sendable, Hashable, Comparable, Codable {
    public private(set) var value: Int128

    public init(_ value: Int128 = 0) { self.value = value }

    public init(_ value: Int) { self.value = Int128(value) }

    public static func + (lhs: FenSum, rhs: FenSum) -> FenSum { FenSum(lhs.value + rhs.value) }

    public static func += (lhs: inout FenSum, rhs: FenSum) { lhs.value += rhs.value }

    public static func += (lhs: inout FenSum, rhs: Int) { lhs.value += Int128(rhs) }

    public static func < (lhs: FenSum, rhs: FenSum) -> Bool { lhs.value < rhs.value }

    /// The product of a quantity and a price, exact.
    public static func product(_ quantity: Int, _ priceFen: Int) -> FenSum {
        FenSum(Int128(quantity) * Int128(priceFen))
    }

    /// Combines the two halves SQL sums return (`SUM(v / 10⁹)`, `SUM(v % 10⁹)`), which stay inside
    /// 64 bits for up to nine billion terms each.
    public static func fromParts(high: Int, low: Int) -> FenSum { FenSum(Int128(high) * 1_000_000_000 + Int128(low)) }

    /// Encoded as a plain JSON integer; a sum beyond 64 bits is refused with `value.too_large`
    /// (the API's integers are 64-bit), never written as a wrong number.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(try reportable(field: container.codingPath.last?.stringValue ?? "valueFen"))
    }

    public init(from decoder: any Decoder) throws {
        value = Int128(try decoder.singleValueContainer().decode(Int.self))
    }

    /// The sum as a 64-bit figure, or `value.too_large` naming `field`.
    public func reportable(field: String = "valueFen") throws(LifelineError) -> Int {
        guard let int = Int(exactly: value) else {
            throw LifelineError(.valueTooLarge, field: field, ["max": String(Int.max)])
        }
        return int
    }
}
