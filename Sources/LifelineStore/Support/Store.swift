import FluentKit
import Foundation
import LifelineDomain
import PostgresNIO
import SQLKit

/// Lifeline's handle on its database: the Fluent database, which engine it is, and the one way to
/// run a write transaction.
///
/// On PostgreSQL a write is an ordinary transaction; concurrent writers are kept apart by guarded
/// updates and row locks. SQLite allows one writer at a time per file, so writes inside one process
/// queue at ``WriteGate`` and each transaction takes the file's write lock with its first statement;
/// writers in other processes (a CLI next to the server) wait on SQLite's busy handler. See ADR 0003.
public struct Store: Sendable {
    public enum Engine: String, Sendable {
        case sqlite, postgres
    }

    public let engine: Engine
    let gate: WriteGate
    private let handle: @Sendable () -> any Database

    /// A store whose handles come from `handle`, called once per read or write transaction. Give it a
    /// closure that spreads handles over the event loops (`databases.database(…, on: group.next())`):
    /// a single captured handle would put every query of the process on one event loop's connections.
    public init(engine: Engine, handle: @escaping @Sendable () -> any Database) {
        self.engine = engine
        self.gate = WriteGate()
        self.handle = handle
    }

    /// A database handle for reads (and for code that runs its own statements).
    public var database: any Database { handle() }

    /// Runs `body` in one write transaction: all of it is stored, or none of it.
    ///
    /// On PostgreSQL two writers may both find no row and both insert one (two officers saving the
    /// same new code at once): the loser's unique-constraint violation, like a deadlock or a
    /// serialization failure, stored nothing, so the transaction runs again — and now reads the
    /// winner's row (updating it, or refusing with the use case's own error). A write that still
    /// collides after several attempts is a conflict to retry later, never an internal error.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        switch engine {
        case .postgres:
            for _ in 0..<Self.attempts {
                do {
                    return try await handle().transaction(body)
                } catch  where Self.isUniqueViolation(error) || Self.isTransientConflict(error) {
                    continue
                }
            }
            throw LifelineError(
                .conflict, ["reason": "the same record was changed at the same moment; please retry"])
        case .sqlite:
            let database = handle()
            return try await gate.withLock {
                try await database.transaction { tx in
                    // Take the write lock now, before any read, so that no other process can commit
                    // between this transaction's reads and writes.
                    try await tx.sql().raw("UPDATE write_gate SET touched = touched + 1 WHERE id = 1").run()
                    return try await body(tx)
                }
            }
        }
    }

    /// Whether a failed transaction may simply be run again: PostgreSQL chose it as a deadlock victim
    /// (40P01) or refused it as a serialization failure (40001). Nothing of it was stored.
    public static func isTransientConflict(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40P01" || state == "40001"
    }

    /// Attempts of a PostgreSQL write that collides with a concurrent one.
    static let attempts = 8

    /// Whether a failed statement broke a unique constraint (23505): the transaction stored nothing.
    public static func isUniqueViolation(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] else { return false }
        return state == "23505"
    }

    /// The SQLKit view of the database, for reads that need SQL.
    public var sql: any SQLDatabase { database.sql() }
}

/// A first-come, first-served async lock: one SQLite write transaction at a time in this process.
actor WriteGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func withLock<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
