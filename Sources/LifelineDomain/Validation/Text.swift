import Foundation

/// Checks for free-text fields: trimmed, non-empty when required, bounded in length.
public enum Text {
    public static func required(_ value: String?, field: String, max: Int) throws(LifelineError) -> String {
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
            throw .required(field)
        }
        guard trimmed.count <= max else { throw LifelineError(.tooLong, field: field, ["max": String(max)]) }
        return trimmed
    }

    public static func optional(_ value: String?, field: String, max: Int) throws(LifelineError) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
            return nil
        }
        guard trimmed.count <= max else { throw LifelineError(.tooLong, field: field, ["max": String(max)]) }
        return trimmed
    }

    /// A positive whole quantity in an item's base unit.
    public static func positiveQuantity(_ value: Int?, field: String = "quantity") throws(LifelineError) -> Int {
        guard let value else { throw .required(field) }
        guard value > 0 else { throw LifelineError(.quantityNotPositive, field: field) }
        guard value <= Limits.quantityPerMovement else {
            throw LifelineError(.outOfRange, field: field, ["min": "1", "max": String(Limits.quantityPerMovement)])
        }
        return value
    }
}
