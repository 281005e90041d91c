import LifelineDomain

/// Reads a stored enumeration or path strictly. A value the code does not know — a row written by a
/// newer version, or altered by hand — is an error that names the column and the value, never a
/// silent default (a `?? .nation` path would widen a row's reach to everyone).
public enum Stored {
    /// The `T` stored as `raw` in `column` (`table.column`).
    public static func value<T: RawRepresentable>(_ type: T.Type, _ raw: T.RawValue, column: String)
        throws(LifelineError) -> T
    where T.RawValue: CustomStringConvertible {
        guard let value = T(rawValue: raw) else {
            throw LifelineError(
                .unknownStoredValue,
                [
                    "column": column, "value": String(describing: raw).prefix(80).description,
                    "type": String(describing: T.self),
                ])
        }
        return value
    }

    /// ``value(_:_:column:)`` for an optional column: `nil` stays `nil`.
    public static func optionalValue<T: RawRepresentable>(_ type: T.Type, _ raw: T.RawValue?, column: String)
        throws(LifelineError) -> T?
    where T.RawValue: CustomStringConvertible {
        guard let raw else { return nil }
        return try value(type, raw, column: column)
    }
}
