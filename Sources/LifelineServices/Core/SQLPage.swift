import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// The WHERE clause of a list read in plain SQL, built condition by condition.
///
/// The busiest lists read their rows as plain SQL rows rather than Fluent models: building a model
/// per row and quoting every aliased column cost more than the rest of the request together
/// (docs/performance.md). Column names here are Lifeline's own constants, never input; every value
/// is a bind.
struct SQLConditions: Sendable {
    private var parts: [SQLQueryString] = []
    /// Whether a condition can never hold (an empty `IN` list): the query need not run.
    private(set) var matchesNothing = false

    /// Marks the conditions as matching no row (the query need not run).
    mutating func markMatchesNothing() { matchesNothing = true }

    /// Adds a condition, ANDed with the others.
    mutating func add(_ condition: SQLQueryString) { parts.append(condition) }

    /// Rows whose `column` lies in the subtree `scope`: the SQL of ``QueryBuilder/within(_:path:)``.
    mutating func within(_ scope: JurisdictionPath, column: String) {
        if let subtree = scope.sqlSubtree(column: column) { add(subtree) }
    }

    /// Rows whose `column` is one of `values`; none match an empty list (as Fluent's `~~` does).
    mutating func column(_ column: String, in values: [some Encodable & Sendable]) {
        if values.isEmpty { matchesNothing = true }
        add(values.isEmpty ? "1 = 0" : "\(unsafeRaw: column) IN (\(binds: values))")
    }

    /// `column IN (values)` alone.
    static func column(_ column: String, in values: [some Encodable & Sendable]) -> SQLConditions {
        var conditions = SQLConditions()
        conditions.column(column, in: values)
        return conditions
    }

    /// ` WHERE …`, or nothing when there is no condition.
    var clause: SQLQueryString {
        parts.isEmpty ? "" : " WHERE " + parts.joined(separator: " AND ")
    }
}

extension Capability {
    /// The rows of `table` that match `conditions` as `Model`s, with only `columns` read (the others
    /// stay unset: the caller reads nothing else), in `order`. Plain SQL, for the related rows a
    /// page of views needs; no query is sent when a condition matches nothing.
    func records<Model: FluentKit.Model>(
        _ type: Model.Type, columns: String, where conditions: SQLConditions, orderBy order: String? = nil,
        on db: any Database
    ) async throws -> [Model] {
        guard !conditions.matchesNothing else { return [] }
        var sql: SQLQueryString = "SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: Model.schema)" + conditions.clause
        if let order { sql += " ORDER BY \(unsafeRaw: order)" }
        return try await db.sql().raw(sql).all().map { try $0.decode(fluentModel: Model.self) }
    }

    /// Counts the rows of `table` that match `conditions`, then reads one page of `columns` in
    /// `order` (which must end in a unique column, so pages never overlap).
    func sqlPage(
        _ table: String, columns: String, where conditions: SQLConditions, orderBy order: String, _ page: PageRequest
    )
        async throws -> (rows: [any SQLRow], total: Int)
    {
        guard !conditions.matchesNothing else { return ([], 0) }
        let sql = database.sql()
        let whereClause = conditions.clause
        let count = try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)" + whereClause).first()
        let total = try count?.decode(column: "n", as: Int.self) ?? 0
        guard total > page.offset else { return ([], total) }
        let rows = try await sql.raw(
            "SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: table)" + whereClause
                + " ORDER BY \(unsafeRaw: order) LIMIT \(literal: page.per) OFFSET \(literal: page.offset)"
        ).all()
        return (rows, total)
    }
}
