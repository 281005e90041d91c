import Crypto
import FluentKit
import Foundation
import LifelineDomain
import SQLKit

/// One write to be recorded: who did what to which row, with the state before and after.
public struct AuditEvent: Sendable {
    public var actor: Actor
    public var action: String
    public var entity: String
    public var entityID: String
    public var path: JurisdictionPath
    public var before: String?
    public var after: String?

    /// Records `action` on an entity, encoding `before` and `after` as canonical JSON.
    public init<Before: Encodable, After: Encodable>(
        _ action: String, by actor: Actor, entity: EntityName, id: String, path: JurisdictionPath,
        before: Before?, after: After?
    ) {
        self.actor = actor
        self.action = action
        self.entity = entity.rawValue
        self.entityID = id
        self.path = path
        self.before = if let before { AuditJSON.encode(before) } else { nil }
        self.after = if let after { AuditJSON.encode(after) } else { nil }
    }

    public init<After: Encodable>(
        _ action: String, by actor: Actor, entity: EntityName, id: String, path: JurisdictionPath, after: After
    ) {
        self.init(action, by: actor, entity: entity, id: id, path: path, before: Optional<After>.none, after: after)
    }
}

/// The audit trail (R12.2): append-only rows, each carrying the SHA-256 of its predecessor in one of
/// ``chainCount`` chains, so that an edited, inserted or deleted row breaks the chain.
///
/// Several chains instead of one let writers on different entities commit in parallel on PostgreSQL
/// (each chain's head row is locked only by writers that append to it); one transaction appends all
/// its events to one chain, so locks are taken in one order and cannot deadlock (ADR 0005).
public enum AuditTrail {
    public static let chainCount = 32
    public static let genesisHash = String(repeating: "0", count: 64)

    /// Appends the events of one transaction. Call once, last, inside the write transaction.
    public static func append(_ events: [AuditEvent], at instant: Date, on database: any Database) async throws {
        _ = try await append(events, at: instant, on: database, remembering: nil)
    }

    /// Appends the events of one transaction together with the record that answers its retries: on
    /// PostgreSQL both travel in one statement. Returns whether the record was new — `false` means the
    /// same request was recorded before and this transaction must not commit.
    public static func append(
        _ events: [AuditEvent], at instant: Date, on database: any Database, remembering record: IdempotencyRecord?
    ) async throws -> Bool {
        let remember = record?.insert
        guard let first = events.first else {
            guard let remember else { return true }
            return try await database.sql().raw(remember).first() != nil
        }
        let chain = chain(for: first.entity + ":" + first.entityID)
        let sql = database.sql()
        let milliseconds = Int((instant.timeIntervalSince1970 * 1000).rounded())
        if events.count == 1, let record, let connection = try await PostgresHotPath.connection(of: database) {
            // The common case — one event and its retry record — as one prepared statement.
            let statement = AuditAppendStatement(event: first, chain: chain, milliseconds: milliseconds, record: record)
            return try await PostgresHotPath.first(statement, on: connection, logger: database.logger) == 1
        }
        guard
            let head = try await sql.select().columns("head_hash", "length").from("audit_chains")
                .where("chain", .equal, chain).lockingClause(SQLLockingClause.update).first()
        else { throw LifelineError(.internalError, ["ref": "audit chain \(chain) missing"]) }
        var hash = try head.decode(column: "head_hash", as: String.self)
        var length = try head.decode(column: "length", as: Int.self)
        var rows: [SQLQueryString] = []
        for event in events {
            length += 1
            let previous = hash
            hash = Self.hash(
                previous: previous,
                fields: [
                    String(chain), String(length), String(milliseconds), event.actor.userID.uuidString,
                    event.actor.username, event.action, event.entity, event.entityID, event.path.rawValue,
                    event.before ?? "", event.after ?? "",
                ])
            rows.append(
                """
                (\(bind: chain), \(bind: length), \(bind: milliseconds), \(bind: event.actor.userID), \
                \(bind: event.actor.username), \
                \(bind: event.action), \(bind: event.entity), \(bind: event.entityID), \(bind: event.path.rawValue), \
                \(bind: event.before), \
                \(bind: event.after), \(bind: previous), \(bind: hash))
                """)
        }
        // A long import appends thousands of events: insert them in slices that stay under the
        // engines' limits on bound values (13 per row; SQLite allows 32 766, PostgreSQL 65 535).
        var slices = stride(from: 0, to: rows.count, by: insertSlice).map {
            rows[$0..<min($0 + insertSlice, rows.count)]
        }
        let last = slices.removeLast()
        for slice in slices { try await sql.raw(insertStatement(slice)).run() }
        let insert = insertStatement(last)
        let moveHead: SQLQueryString =
            "UPDATE audit_chains SET head_hash = \(bind: hash), length = \(bind: length) WHERE chain = \(bind: chain)"
        if sql.dialect.name == "postgresql" {
            // One round trip: the entries, the retry record and the new head in one statement.
            guard let remember else {
                try await sql.raw("WITH appended AS (\(insert)) \(moveHead)").run()
                return true
            }
            let row = try await sql.raw(
                """
                WITH appended AS (\(insert)), remembered AS (\(remember)) \(moveHead) RETURNING (SELECT count(*) \
                FROM remembered) AS remembered
                """
            ).first()
            return try row?.decode(column: "remembered", as: Int.self) == 1
        }
        try await sql.raw(insert).run()
        try await sql.raw(moveHead).run()
        guard let remember else { return true }
        return try await sql.raw(remember).first() != nil
    }

    /// The most audit rows one INSERT statement carries.
    static let insertSlice = 1000

    static func insertStatement(_ rows: ArraySlice<SQLQueryString>) -> SQLQueryString {
        """
        INSERT INTO audit_entries (chain, chain_seq, at_ms, actor_id, actor_name, action, entity, entity_id, path, \
        before_json, after_json, prev_hash, hash) VALUES \(rows.joined(separator: ", "))
        """
    }

    /// The chain an entity's events go to: FNV-1a of its key, so the same entity always uses one chain.
    static func chain(for key: String) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        return Int(h % UInt64(chainCount))
    }

    static func hash(previous: String, fields: [String]) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(previous.utf8))
        for field in fields {
            hasher.update(data: Data([0x1F]))
            hasher.update(data: Data(field.utf8))
        }
        return Hex.encode(hasher.finalize())
    }

    /// A break found by ``verify(on:)``.
    public struct Break: Sendable, CustomStringConvertible {
        public var chain: Int
        public var sequence: Int
        public var reason: String
        public var description: String { "audit chain \(chain) at entry \(sequence): \(reason)" }
    }

    /// Recomputes every chain from its first entry and compares hashes, sequence numbers and heads.
    public static func verify(on database: any Database) async throws -> (entries: Int, breaks: [Break]) {
        var breaks: [Break] = []
        var total = 0
        for chain in 0..<chainCount {
            var expectedPrevious = genesisHash
            var expectedSeq = 1
            var after = 0
            while true {
                let rows = try await AuditEntryRecord.query(on: database).filter(\.$chain == chain)
                    .filter(\.$chainSeq > after).sort(\.$chainSeq).limit(5000).all()
                if rows.isEmpty { break }
                for row in rows {
                    total += 1
                    if row.chainSeq != expectedSeq {
                        breaks.append(
                            Break(
                                chain: chain, sequence: row.chainSeq,
                                reason: "expected entry \(expectedSeq) (missing rows?)"))
                    }
                    if row.previousHash != expectedPrevious {
                        breaks.append(
                            Break(chain: chain, sequence: row.chainSeq, reason: "previous hash does not match"))
                    }
                    let recomputed = hash(
                        previous: row.previousHash,
                        fields: [
                            String(chain), String(row.chainSeq), String(row.atMilliseconds), row.actorID.uuidString,
                            row.actorName, row.action, row.entity, row.entityID, row.path, row.before ?? "",
                            row.after ?? "",
                        ])
                    if recomputed != row.hash {
                        breaks.append(
                            Break(chain: chain, sequence: row.chainSeq, reason: "content was changed (hash mismatch)"))
                    }
                    expectedPrevious = row.hash
                    expectedSeq = row.chainSeq + 1
                    after = row.chainSeq
                }
            }
            let head = try await database.sql().select().columns("head_hash", "length").from("audit_chains")
                .where("chain", .equal, chain).first()
            let headHash = try head?.decode(column: "head_hash", as: String.self)
            let length = try head?.decode(column: "length", as: Int.self)
            if headHash != expectedPrevious || length != expectedSeq - 1 {
                breaks.append(
                    Break(
                        chain: chain, sequence: expectedSeq - 1,
                        reason: "chain head does not match its last entry (rows removed at the end?)"))
            }
        }
        return (total, breaks)
    }
}

/// Canonical JSON for audit snapshots: sorted keys, ISO dates, so the same state hashes the same.
public enum AuditJSON {
    public static func encode<T: Encodable>(_ value: T) -> String? {
        guard let data = try? encoder.encode(value) else { return nil }  // snapshots are plain value types; cannot fail
        return String(decoding: data, as: UTF8.self)
    }

    /// One encoder for every snapshot: encoding does not mutate it, so it is safe to share.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}
