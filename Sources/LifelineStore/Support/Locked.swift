import FluentKit
import FluentSQL
import Foundation
import SQLKit

/// A stored object with a life cycle (a request, an order, an incident, a lot): its `status` column
/// changes only through ``Locked/transition(to:on:)``, never by assignment outside this module.
public protocol StatefulRecord: Model, Sendable where IDValue == UUID {
    /// The stored status: the raw value of the state its Domain state machine is in.
    var status: String { get }
}

/// The in-memory setter of a record's status, for ``Locked`` alone (the models' setters are internal).
protocol StatusWritable: AnyObject {
    var status: String { get set }
}

/// A row read for a change, inside the write transaction that makes the change.
///
/// On PostgreSQL the row is read with `SELECT … FOR UPDATE`: a concurrent writer of the same row
/// waits at its own read until this transaction ends, then reads what this one stored — so of N
/// concurrent transitions exactly one finds the state it expects and the others are refused by the
/// state machine. On SQLite the write gate lets one write transaction run at a time (ADR 0003).
/// The only way to a `Locked` value is ``StatefulRecord/lockForChange(_:on:)``, and the only way to
/// change a status is through a `Locked` value, so a new transition cannot forget the lock (ADR 0022).
public struct Locked<Record: StatefulRecord>: Sendable {
    public let record: Record

    fileprivate init(_ record: Record) { self.record = record }

    /// Moves the row from the status it was read with to `next`: a compare-and-set in the caller's
    /// transaction (`UPDATE … WHERE id = $1 AND status = $expected`, row count checked). Returns
    /// `false`, changing nothing, if the row is no longer in that status.
    public func transition(to next: String, on database: any Database) async throws -> Bool {
        let expected = record.status
        let id = try record.requireID()
        let row = try await database.sql().update(Record.schema)
            .set("status", to: next)
            .where("id", .equal, id)
            .where("status", .equal, expected)
            .returning("id")
            .first()
        guard row != nil else { return false }
        (record as? any StatusWritable)?.status = next
        return true
    }
}

extension StatefulRecord {
    /// Reads row `id` for a change (see ``Locked``); `nil` if there is no such row. Must run inside a
    /// write transaction (``Store/write(_:)``), where the lock holds until commit or rollback.
    public static func lockForChange(_ id: UUID, on database: any Database) async throws -> Locked<Self>? {
        guard database.inTransaction else {
            throw StoreMisuse(reason: "\(Self.schema): a row is locked for a change only inside a write transaction")
        }
        let row = try await database.sql().select().column("*").from(Self.schema)
            .where("id", .equal, id).for(.update).first()
        return try row.map { Locked(try $0.decode(fluentModel: Self.self)) }
    }

    /// Every row of `ids` read for a change, locked in id order so that two writers locking
    /// overlapping sets cannot wait on each other in a cycle.
    public static func lockForChange(_ ids: [UUID], on database: any Database) async throws -> [Locked<Self>] {
        var locked: [Locked<Self>] = []
        for id in Set(ids).sorted(by: { $0.uuidString < $1.uuidString }) {
            if let row = try await lockForChange(id, on: database) { locked.append(row) }
        }
        return locked
    }
}

/// A programming error in the use of the store (not bad input): reported as an internal error.
public struct StoreMisuse: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
