import Foundation
import LifelineDomain
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// Answers of list operations (`x-read-cache: true` in openapi.yaml), kept for reuse while the
/// database is provably unchanged (ADR 0032).
///
/// An answer is reused only for the same reader (user, role, scope and unit as authenticated on this
/// request), the same path and query and the same language; only while the database's
/// ``ChangeMarker`` is the one read before the answer was computed and again after it; and for at
/// most ``lifetime``, because some answers depend on the clock (days to expiry, overdue orders).
/// Authentication runs on every request before the cache is consulted, so a revoked token or a
/// disabled account is refused at once.
final class ReadCache: Sendable {
    struct Key: Hashable, Sendable {
        var userID: UUID
        var role: Role
        var scope: String
        var unitID: UUID?
        var uri: String
        var language: Language
    }

    struct Entry: Sendable {
        var marker: String
        var storedAt: NIODeadline
        var headers: HTTPHeaders
        var body: ByteBuffer
    }

    /// How long an answer may be reused at most.
    let lifetime: TimeAmount
    /// How many answers are kept; when full, expired ones are dropped, and if none is, all.
    let capacity: Int
    /// Larger answers are not kept.
    let largestBody: Int
    private let entries = NIOLockedValueBox<[Key: Entry]>([:])

    init(lifetime: TimeAmount, capacity: Int = 1024, largestBody: Int = 1 << 20) {
        self.lifetime = lifetime
        self.capacity = capacity
        self.largestBody = largestBody
    }

    /// The key of `actor`'s request for `uri` in `language`.
    static func key(actor: Actor, uri: String, language: Language) -> Key {
        Key(
            userID: actor.userID, role: actor.role, scope: actor.scope.rawValue, unitID: actor.unitID, uri: uri,
            language: language)
    }

    /// The kept answer for `key`, if it was computed at `marker` and is still young enough.
    func answer(for key: Key, marker: String, now: NIODeadline = .now()) -> Entry? {
        entries.withLockedValue { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.marker == marker, now - entry.storedAt < lifetime else {
                entries[key] = nil
                return nil
            }
            return entry
        }
    }

    /// Keeps `entry` for `key`, unless its body is too large.
    func keep(_ entry: Entry, for key: Key) {
        guard entry.body.readableBytes <= largestBody else { return }
        entries.withLockedValue { entries in
            if entries.count >= capacity, entries[key] == nil {
                let lifetime = self.lifetime
                entries = entries.filter { entry.storedAt - $0.value.storedAt < lifetime }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = entry
        }
    }

    /// How many answers are kept (tests).
    var count: Int { entries.withLockedValue { $0.count } }
}
