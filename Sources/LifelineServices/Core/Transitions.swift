import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// The one write path of every state change (ADR 0022): a use case reads the object with
/// `lockForChange` inside its write transaction, asks the Domain state machine for the next state,
/// moves the row with ``transition(_:to:entity:on:)`` and creates the effects in the same
/// transaction. Of N concurrent attempts exactly one finds the state it expects; the others wait
/// for it at the lock, then are refused with 409 naming the state the object is now in.
extension Capability {
    /// Moves `locked` to `next` (compare-and-set on its status). A lost compare-and-set can only
    /// happen to a row read without the lock; it is refused as a conflict, never applied twice.
    func transition<Record: StatefulRecord>(
        _ locked: Locked<Record>, to next: String, entity: EntityName, on tx: any Database
    ) async throws {
        guard try await locked.transition(to: next, on: tx) else {
            throw LifelineError(
                .conflict, ["reason": "\(Record.schema) changed while it was being changed; reload and retry"])
        }
    }

    /// Locks row `id` of `Record` for a change, or throws not-found for `entity`.
    func lock<Record: StatefulRecord>(_ type: Record.Type, _ id: UUID, entity: EntityName, on tx: any Database)
        async throws
        -> Locked<Record>
    {
        guard let locked = try await Record.lockForChange(id, on: tx) else {
            throw LifelineError.notFound(entity, id.uuidString)
        }
        return locked
    }
}
