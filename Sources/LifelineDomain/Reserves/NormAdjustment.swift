import Foundation

/// The quarterly adjustment of consumption-based norms (R3.2): each quarter the norm is checked against
/// the recent months' use and a new quantity is proposed when the two have drifted apart, so that a norm
/// follows the real use without being rewritten for every small change.
public enum NormAdjustment {
    /// The smallest drift, in percent of the current quantity, that is worth a proposal.
    public static let thresholdPercent = 10

    /// The first day of the quarter `day` falls in (1 January, 1 April, 1 July or 1 October).
    public static func quarterStart(of day: Day) -> Day {
        let (year, month, _) = day.components
        return Day(year: year, month: (month - 1) / 3 * 3 + 1, day: 1)
    }

    /// The quantity to propose: the mean of `monthlyUse` × `monthsOfNorm`, rounded up to a whole unit (at
    /// most ``NormFormula/largestQuantity``), when it differs from `currentQuantity` by more than 10 % of
    /// it; `nil` when it does not, when there is no use (no months, or all 0) or when `monthsOfNorm` is not
    /// above 0. Negative months count as 0.
    public static func proposal(currentQuantity: Int, monthlyUse: [Int], monthsOfNorm: Decimal) -> Int? {
        guard monthlyUse.contains(where: { $0 > 0 }), monthsOfNorm > 0, !monthsOfNorm.isNaN else { return nil }
        let total = monthlyUse.reduce(Decimal(0)) { $0 + Decimal(max($1, 0)) }
        let exact = total / Decimal(monthlyUse.count) * monthsOfNorm
        let proposed = min(NormFormula.roundUp(exact), Decimal(NormFormula.largestQuantity))
        let current = Decimal(currentQuantity)
        let drift = proposed > current ? proposed - current : current - proposed
        guard drift * 100 > current * Decimal(thresholdPercent) else { return nil }
        return NSDecimalNumber(decimal: proposed).intValue
    }
}
