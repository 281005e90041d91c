import Foundation

/// Checks for free-text fields: trimmed, non-empty when required, bounded in length.
public enum Text {
    public static func required(_ value: String?, field: String, max: Int) throws(LifelineError) -> String {
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
            throw .required(field)
        }
        guard trimmed.count <= max else { throw LifelineError(.tooLong, field: field, ["max": String(max)]) }
        try requirePrintable(trimmed, field: field)
        return trimmed
    }

    public static func optional(_ value: String?, field: String, max: Int) throws(LifelineError) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
            return nil
        }
        guard trimmed.count <= max else { throw LifelineError(.tooLong, field: field, ["max": String(max)]) }
        try requirePrintable(trimmed, field: field)
        return trimmed
    }

    /// Text holds no NUL (PostgreSQL cannot store it; SQLite would cut the text there) and no other
    /// control character but tab and line breaks — whichever way it came in (API, console, import).
    public static func requirePrintable(_ text: String, field: String) throws(LifelineError) {
        if text.unicodeScalars.contains(where: {
            $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" || $0.value == 0x7F
        }) {
            throw LifelineError.invalid(field, "contains a control character (such as NUL)")
        }
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
