import Crypto
import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension Capability {
    /// Runs a retryable write once per `key`: the first call stores its result, a repeat with the same
    /// input returns that result and creates nothing, a repeat with other input is refused.
    ///
    /// `body` runs inside one write transaction; if it throws ``RetryableConflict`` (a guarded update
    /// lost a race on PostgreSQL), the whole transaction is retried a few times. The key is looked up
    /// only when the write cannot commit — its record already exists, or the body failed (a repeat
    /// whose first call took the stock fails here) — so a first call costs no extra round trip.
    func idempotent<Input: Encodable & Sendable, Output: Codable & Sendable>(
        _ operation: String, key: String, actor: Actor, input: Input,
        _ body: @escaping @Sendable (any Database) async throws -> Audited<Output>
    ) async throws -> Output {
        let key = try IdempotencyStore.validate(key)
        let requestHash = Self.requestHash(operation, input)
        let now = clock.now()
        do {
            return try await retryingConflicts {
                try await store.write { tx in
                    let audited = try await body(tx)
                    try await announce(audited.notices, on: tx)
                    let remember = IdempotencyStore.remember(
                        key: key, actor: actor.userID, requestHash: requestHash,
                        responseJSON: Self.json(audited.output), at: now)
                    guard try await AuditTrail.append(audited.events, at: now, on: tx, remembering: remember) else {
                        throw KeyAlreadyUsed()  // rolls this attempt back
                    }
                    return audited
                }
            }.delivered(by: self)
        } catch {
            // The same key answered before (or concurrently, first): answer as it was answered.
            guard let stored = try await IdempotencyStore.find(key: key, actor: actor.userID, on: database) else {
                throw error
            }
            return try Self.replay(stored, requestHash: requestHash, key: key)
        }
    }

    /// Retries `body` when it throws ``RetryableConflict``; after several lost races the caller is told
    /// to try again later.
    func retryingConflicts<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        for _ in 0..<8 {
            do {
                return try await body()
            } catch is RetryableConflict {
                continue
            }  // deadlocks, serialization failures and unique violations are retried by Store.write itself
        }
        throw LifelineError(.conflict, ["reason": "the stock changed while it was being picked; please retry"])
    }

    static func replay<Output: Decodable>(_ stored: IdempotencyStore.Stored, requestHash: String, key: String) throws
        -> Output
    {
        guard stored.requestHash == requestHash else {
            throw LifelineError(.idempotencyKeyReused, field: "Idempotency-Key", ["key": key])
        }
        return try ServiceJSON.decoder.decode(Output.self, from: Data(stored.responseJSON.utf8))
    }

    static func requestHash<Input: Encodable>(_ operation: String, _ input: Input) -> String {
        let digest = SHA256.hash(data: Data((operation + "\n" + json(input)).utf8))
        return Hex.encode(digest)
    }

    static func json<T: Encodable>(_ value: T) -> String {
        // Inputs and outputs are plain Codable value types; encoding them cannot fail.
        (try? String(decoding: ServiceJSON.encoder.encode(value), as: UTF8.self)) ?? "{}"
    }
}

/// A use case's result with the audit events that record it; ``Services/idempotent(_:key:actor:input:_:)``
/// appends them together with the idempotency record, last in the transaction.
struct Audited<Output: Sendable>: Sendable {
    var output: Output
    var events: [AuditEvent]
    /// Pushed to the units that must act once the transaction commits (R5.4).
    var notices: [DispatchNotice] = []
}

/// Thrown inside a write whose idempotency key turned out to be recorded already.
struct KeyAlreadyUsed: Error {}

/// Thrown inside a write when a guarded update lost a race that a fresh attempt may win.
struct RetryableConflict: Error {}

/// The JSON every capability stores and hashes with: sorted keys, dates in milliseconds.
enum ServiceJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()
}
