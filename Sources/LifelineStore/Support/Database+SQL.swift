import FluentKit
import SQLKit

extension Database {
    /// The SQLKit view of a Fluent database. Both of Lifeline's drivers (SQLite, PostgreSQL) are SQL
    /// databases, so this cannot fail for a database Lifeline configured itself.
    public func sql() -> any SQLDatabase {
        guard let sql = self as? any SQLDatabase else {
            preconditionFailure("Lifeline runs on SQL databases only; got \(type(of: self))")
        }
        return sql
    }
}
