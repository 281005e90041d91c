import LifelineDomain
import SQLKit

/// How a jurisdiction subtree reads in SQL. Paths are stored as `/`-joined codes from the nation
/// down, so the subtree of a path is the path itself and every path that starts with it and a `/`.
/// The Domain knows paths; only this file knows how they are matched in a query.
extension JurisdictionPath {
    /// The `LIKE` pattern that matches the strict descendants of this path (codes are digits: no
    /// `LIKE` wildcard can occur in a path).
    public var sqlDescendantPattern: String { rawValue + "/%" }

    /// The condition that `column` lies in this subtree; `nil` for the nation (every row).
    public func sqlSubtree(column: String) -> SQLQueryString? {
        guard self != .nation else { return nil }
        return "(\(unsafeRaw: column) = \(bind: rawValue) OR \(unsafeRaw: column) LIKE \(bind: sqlDescendantPattern))"
    }
}
