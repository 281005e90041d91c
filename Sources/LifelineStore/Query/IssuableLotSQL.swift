import LifelineDomain
import SQLKit

/// The one SQL spelling of an issuable lot: `FEFOPicker.isPickable` for the database. A lot is
/// issuable on a day when it is available (not held, quarantined or expired by status), its expiry
/// (if any) is not before that day, and — where units are to be taken — some of it is neither
/// reserved nor held. The ledger's guarded update, the PostgreSQL hot path, the pick queries and
/// the stock positions all use this text, so that they cannot drift apart.
public enum IssuableLotSQL {
    /// The condition on the lot columns of `alias` (empty: unqualified), with `day` an SQL expression
    /// for the day in ISO form (a parameter such as `$6`, or ``dayLiteral(_:)``).
    public static func condition(alias: String = "l", day: String, requireFree: Bool) -> String {
        let p = alias.isEmpty ? "" : alias + "."
        var text =
            "\(p)status = '\(LotStatus.available.rawValue)' AND (\(p)expiry_date IS NULL OR \(p)expiry_date >= \(day))"
        if requireFree { text += " AND \(p)on_hand - \(p)reserved - \(p)held > 0" }
        return text
    }

    /// ``condition(alias:day:requireFree:)`` for `today`.
    public static func condition(alias: String = "l", on today: Day, requireFree: Bool) -> SQLQueryString {
        SQLQueryString(stringLiteral: condition(alias: alias, day: dayLiteral(today), requireFree: requireFree))
    }

    /// A day as an SQL string literal. Safe to inline: `Day.iso` is always `YYYY-MM-DD` digits.
    public static func dayLiteral(_ day: Day) -> String { "'\(day.iso)'" }
}
