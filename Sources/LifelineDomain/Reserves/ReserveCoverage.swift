/// How well a jurisdiction's stock of an item covers its norm (R3.4): stock on hand against the
/// norm, and days of cover at the current monthly use.
public struct ReserveCoverage: Sendable, Hashable, Codable {
    public var norm: Int
    public var onHand: Int
    /// Units issued in an average month lately (0 when nothing was issued).
    public var monthlyUse: Int

    public init(norm: Int, onHand: Int, monthlyUse: Int) {
        self.norm = norm
        self.onHand = onHand
        self.monthlyUse = monthlyUse
    }

    /// Stock as a whole percentage of the norm, rounded down; `nil` for a norm of 0.
    public var percent: Int? {
        guard norm > 0 else { return nil }
        let (high, low) = max(onHand, 0).multipliedFullWidth(by: 100)
        guard high == 0, low <= UInt(Int.max) else { return Int.max }
        return Int(low) / norm
    }

    /// Days the stock lasts at the monthly use (a month is 30 days), rounded down; `nil` when
    /// nothing is used.
    public var daysOfCover: Int? {
        guard monthlyUse > 0 else { return nil }
        let (high, low) = max(onHand, 0).multipliedFullWidth(by: 30)
        guard high == 0, low <= UInt(Int.max) else { return Int.max }
        return Int(low) / monthlyUse
    }

    /// Whether stock is below `alertPercent` of the norm (exact: no rounding decides it).
    public func isBelow(alertPercent: Int) -> Bool {
        guard norm > 0 else { return false }
        let stock = max(onHand, 0).multipliedFullWidth(by: 100)
        let floor = norm.multipliedFullWidth(by: alertPercent)
        return (stock.high, stock.low) < (floor.high, floor.low)
    }
}
