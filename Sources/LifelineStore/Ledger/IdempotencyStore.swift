import FluentKit
import Foundation
import LifelineDomain
import SQLKit

/// Remembers the response to every write a client may retry, under the client's `Idempotency-Key`.
///
/// The same key with the same request returns the first response and creates nothing; the same key
/// with a different request is refused with ``ErrorCode/idempotencyKeyReused``.
public enum IdempotencyStore {
    public struct Stored: Sendable {
        public var requestHash: String
        public var responseJSON: String
    }

    /// The stored response for `key`, if the actor used it before.
    public static func find(key: String, actor: UUID, on database: any Database) async throws -> Stored? {
        guard
            let row = try await database.sql().select().columns("request_hash", "response_json").from(
                "idempotency_keys"
            )
            .where("actor_id", .equal, actor).where("key", .equal, key).first()
        else { return nil }
        return Stored(
            requestHash: try row.decode(column: "request_hash", as: String.self),
            responseJSON: try row.decode(column: "response_json", as: String.self))
    }

    /// The record of a response, written inside the write transaction (hand it to
    /// `AuditTrail.append(_:at:on:remembering:)`). Its insert adds a row only if the key was new: a
    /// request recorded before (or concurrently, committing first) inserts nothing, and its transaction
    /// is rolled back and answered from the stored row.
    public static func remember(
        key: String, actor: UUID, requestHash: String, responseJSON: String, at instant: Date
    ) -> IdempotencyRecord {
        IdempotencyRecord(
            actor: actor, key: key, requestHash: requestHash, responseJSON: responseJSON,
            atMilliseconds: Int(instant.timeIntervalSince1970 * 1000))
    }

    /// Stores `record` inside the caller's transaction, for a write that remembers several keys (a
    /// stock import, one per row). Returns whether the key was new: `false` means it was recorded
    /// before, or by a concurrent transaction that committed first.
    public static func insert(_ record: IdempotencyRecord, on database: any Database) async throws -> Bool {
        try await database.sql().raw(record.insert).first() != nil
    }

    /// Validates a client's key: 1–200 visible ASCII characters.
    public static func validate(_ key: String?) throws(LifelineError) -> String {
        guard let key, !key.isEmpty else { throw LifelineError(.idempotencyKeyMissing, field: "Idempotency-Key") }
        guard key.count <= 200, key.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline }) else {
            throw LifelineError.invalid("Idempotency-Key", "1–200 visible ASCII characters")
        }
        return key
    }
}

/// One response to remember under its client's key (see
/// ``IdempotencyStore/remember(key:actor:requestHash:responseJSON:at:)``).
public struct IdempotencyRecord: Sendable {
    public var actor: UUID
    public var key: String
    public var requestHash: String
    public var responseJSON: String
    public var atMilliseconds: Int

    /// `INSERT … ON CONFLICT DO NOTHING RETURNING 1`: a row back means the key was new.
    var insert: SQLQueryString {
        """
        INSERT INTO idempotency_keys (actor_id, key, request_hash, response_json, at_ms) VALUES (\(bind: actor), \
        \(bind: key), \
        \(bind: requestHash), \(bind: responseJSON), \(bind: atMilliseconds)) ON CONFLICT (actor_id, key) DO NOTHING \
        RETURNING 1 AS inserted
        """
    }
}
