import FluentKit
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteNIO

/// A value that changes whenever a write commits to the database — from this process, another
/// server on the same PostgreSQL, or a CLI next to the server — so that a reader can tell with one
/// small query whether what it read earlier is still exactly what it would read now (ADR 0032).
///
/// - PostgreSQL: the current transaction snapshot (`pg_current_snapshot()`). Two equal snapshots
///   see the same committed transactions, so every query answers the same; any transaction that
///   writes takes a transaction id and changes the snapshot when it ends.
/// - SQLite file: `data_version` read on a connection of its own that never writes. SQLite changes
///   it on that connection whenever any other connection, in any process, commits.
/// - SQLite in memory: no marker (``current()`` is `nil`), so nothing may be reused.
public final class ChangeMarker: Sendable {
    private enum Source: Sendable {
        case postgres(Store)
        case sqliteObserver(SQLiteConnection)
        case none
    }

    private let source: Source

    private init(source: Source) { self.source = source }

    /// Opens the marker for `url`; on a SQLite file this opens the observing connection, which
    /// ``close()`` closes.
    public static func open(
        _ url: DatabaseURL, store: Store, threadPool: NIOThreadPool, eventLoop: any EventLoop, logger: Logger
    ) async throws -> ChangeMarker {
        switch url.target {
        case .postgres:
            return ChangeMarker(source: .postgres(store))
        case .sqliteMemory:
            return ChangeMarker(source: .none)
        case .sqliteFile(let path):
            let connection = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: threadPool, logger: logger, on: eventLoop
            ).get()
            return ChangeMarker(source: .sqliteObserver(connection))
        }
    }

    /// The database's marker now; `nil` when this database has none.
    public func current() async throws -> String? {
        switch source {
        case .postgres(let store):
            let row = try await store.sql.raw("SELECT pg_current_snapshot()::text AS marker").first()
            return try row?.decode(column: "marker", as: String.self)
        case .sqliteObserver(let connection):
            let rows = try await connection.query("SELECT data_version FROM pragma_data_version()").get()
            return rows.first?.column("data_version")?.integer.map { String($0) }
        case .none:
            return nil
        }
    }

    /// Closes the observing connection (SQLite); nothing to do on PostgreSQL.
    public func close() async {
        if case .sqliteObserver(let connection) = source {
            try? await connection.close().get()
        }
    }
}
