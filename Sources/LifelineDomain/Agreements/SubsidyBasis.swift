import Foundation

/// What a day of an enterprise's holding adds to its storage-subsidy basis (R9.2): the stock it
/// holds of an item counts up to the quantity its agreements contract that day — stock beyond the
/// contract is the enterprise's own business and earns no subsidy.
public enum SubsidyBasis {
    /// The part of a day's held value (`valueFen` for `quantity` units) that `contracted` units
    /// make up: the whole value when the enterprise holds no more than the contract, else
    /// `valueFen × contracted / quantity`, rounded down, without overflow.
    public static func countedValue(valueFen: Int, quantity: Int, contracted: Int) -> Int {
        guard quantity > 0, valueFen > 0, contracted > 0 else { return 0 }
        guard quantity > contracted else { return valueFen }
        let product = valueFen.multipliedFullWidth(by: contracted)
        return quantity.dividingFullWidth(product).quotient
    }

    /// Σ over days of ``countedValue(valueFen:quantity:contracted:)``, saturating at `Int.max`.
    public static func valueDays(_ days: [(valueFen: Int, quantity: Int, contracted: Int)]) -> Int {
        days.reduce(0) { total, day in
            let (sum, overflow) = total.addingReportingOverflow(
                countedValue(valueFen: day.valueFen, quantity: day.quantity, contracted: day.contracted))
            return overflow ? Int.max : sum
        }
    }
}
