import FluentKit
import Foundation
import LifelineDomain
import SQLKit

/// The ledger's hot path in SQL: guarded balance updates and movement rows, the same on SQLite and
/// PostgreSQL.
public enum LedgerSQL {
    /// Adds `effect` to a lot's balances if, and only if, the result keeps the invariant
    /// (`0 ≤ reserved`, `0 ≤ held`, `reserved + held ≤ on_hand ≤ Limits.lotOnHand`) and, for stock that must be free,
    /// the lot is available and not expired on `issuableOn`.
    ///
    /// Returns the new balance, or `nil` when the guard refused (nothing changed). On PostgreSQL the
    /// row lock taken here holds until commit, so two servers can never promise the same unit twice.
    public static func apply(
        _ effect: BalanceEffect, to lot: UUID, issuableOn today: Day?, at instant: Date, on database: any Database
    ) async throws -> Balance? {
        guard
            let row = try await database.sql().raw(guardedUpdate(effect, lot: lot, issuableOn: today, at: instant))
                .first()
        else {
            return nil
        }
        return try balance(row)
    }

    /// Applies a movement to its lot under the guard of ``apply(_:to:issuableOn:at:on:)`` and appends
    /// the movement row — one statement on PostgreSQL, two on SQLite. Returns the row's id and the new
    /// balance, or `nil` when the guard refused (then nothing changed).
    public static func post(
        _ m: MovementDraft, issuableOn today: Day?, at instant: Date, on database: any Database
    ) async throws -> (id: Int, balance: Balance)? {
        guard let connection = try await PostgresHotPath.connection(of: database) else {
            if !database.inTransaction, database.sql().dialect.name == "postgresql" {
                // The update and the row belong together: outside a caller's transaction, open one.
                return try await database.transaction { try await post(m, issuableOn: today, at: instant, on: $0) }
            }
            guard let balance = try await apply(m.effect, to: m.lotID, issuableOn: today, at: instant, on: database)
            else { return nil }
            return (try await record(m, on: database), balance)
        }
        let statement = PostMovementStatement(movement: m, issuableOn: today, instant: instant)
        guard
            let (id, onHand, reserved, held) = try await PostgresHotPath.first(
                statement, on: connection, logger: database.logger)
        else {
            return nil
        }
        return (id, Balance(onHand: onHand, reserved: reserved, held: held))
    }

    /// The guarded update: adds `effect` only if the invariant holds afterwards (and, with `today`, only
    /// to an available lot not expired on that day), returning the new balances.
    static func guardedUpdate(_ effect: BalanceEffect, lot: UUID, issuableOn today: Day?, at instant: Date)
        -> SQLQueryString
    {
        var query: SQLQueryString = """
            UPDATE lots SET on_hand = on_hand + \(bind: effect.onHand), reserved = reserved + \
            \(bind: effect.reserved), \
            held = held + \(bind: effect.held), updated_at = \(bind: instant) \
            WHERE id = \(bind: lot) AND on_hand + \(bind: effect.onHand) >= 0 AND on_hand + \(bind: effect.onHand) \
            <= \(bind: Limits.lotOnHand) \
            AND reserved + \(bind: effect.reserved) >= 0 \
            AND held + \(bind: effect.held) >= 0 \
            AND reserved + \(bind: effect.reserved) + held + \(bind: effect.held) <= on_hand + \(bind: effect.onHand)
            """
        if let today {
            query.appendInterpolation(" AND " + IssuableLotSQL.condition(alias: "", on: today, requireFree: false))
        }
        query.appendLiteral(" RETURNING on_hand, reserved, held")
        return query
    }

    static func balance(_ row: any SQLRow) throws -> Balance {
        Balance(
            onHand: try row.decode(column: "on_hand", as: Int.self),
            reserved: try row.decode(column: "reserved", as: Int.self),
            held: try row.decode(column: "held", as: Int.self))
    }

    static let movementColumns = """
        kind, lot_id, depot_id, item_id, path, on_hand_delta, reserved_delta, held_delta, document_no, reason, \
        inspection, \
        counterpart_depot_id, unit_id, actor_id, actor_name, at_ms
        """

    static func movementValues(_ m: MovementDraft) -> SQLQueryString {
        """
        \(bind: m.kind.rawValue), \(bind: m.lotID), \(bind: m.depotID), \(bind: m.itemID), \(bind: m.path), \
        \(bind: m.effect.onHand), \
        \(bind: m.effect.reserved), \(bind: m.effect.held), \(bind: m.documentNo), \(bind: m.reason), \
        \(bind: m.inspection?.rawValue), \
        \(bind: m.counterpartDepotID), \(bind: m.unitID), \(bind: m.actorID), \(bind: m.actorName), \
        \(bind: m.atMilliseconds)
        """
    }

    /// Appends a movement row and returns its id.
    @discardableResult
    public static func record(_ m: MovementDraft, on database: any Database) async throws -> Int {
        let row = try await database.sql().raw(
            "INSERT INTO stock_movements (\(unsafeRaw: movementColumns)) VALUES (\(movementValues(m))) RETURNING id"
        ).first()
        guard let id = try row?.decode(column: "id", as: Int.self) else {
            throw LifelineError(.internalError, ["ref": "movement insert returned no id"])
        }
        return id
    }

    /// One lot with the depot columns scope checks need, in one query; `nil` if there is no such lot.
    public static func lot(_ id: UUID, on database: any Database) async throws -> LedgerLot? {
        try await database.sql().raw("\(unsafeRaw: lotSelect) WHERE l.id = \(bind: id)").first(decoding: LedgerLot.self)
    }

    /// One lot (as ``lot(_:on:)``) and the next number of the `prefix` document series of its depot's
    /// jurisdiction for `day` — one statement on PostgreSQL. `nil` if there is no such lot. Call it when
    /// the movement's lot is known up front (an issue from a named lot, an adjustment); the number is
    /// given back if the transaction rolls back.
    public static func lotAndNextNumber(
        _ id: UUID, _ prefix: DocumentPrefix, day: Day, on database: any Database
    ) async throws -> (LedgerLot, DocumentNumber)? {
        guard let connection = try await PostgresHotPath.connection(of: database) else {
            guard let lot = try await lot(id, on: database) else { return nil }
            return (lot, try await nextDocumentNumber(prefix, jurisdiction: lot.depotCode, day: day, on: database))
        }
        // The counter key as DocumentNumber.counterKey spells it: PREFIX-JURISDICTION-YYYYMMDD.
        let statement = LotAndNumberStatement(lot: id, keyPrefix: prefix.rawValue + "-", keySuffix: "-" + day.compact)
        guard let (lot, sequence) = try await PostgresHotPath.first(statement, on: connection, logger: database.logger)
        else { return nil }
        return try (lot, DocumentNumber(prefix: prefix, jurisdiction: lot.depotCode, day: day, sequence: sequence))
    }

    /// A depot's lots of an item that may be picked now: available, not expired, with free units.
    public static func issuableLots(depot: UUID, item: UUID, on today: Day, on database: any Database) async throws
        -> [LedgerLot]
    {
        var query: SQLQueryString =
            "\(unsafeRaw: lotSelect) WHERE l.depot_id = \(bind: depot) AND l.item_id = \(bind: item) AND "
        query.appendInterpolation(IssuableLotSQL.condition(on: today, requireFree: true))
        return try await database.sql().raw(query).all(decoding: LedgerLot.self)
    }

    /// Issuable lots of any of `items` in depots within `scope`: the approver's inventory query.
    public static func issuableLots(
        items: [UUID], within scope: JurisdictionPath, on today: Day, on database: any Database
    ) async throws
        -> [LedgerLot]
    {
        guard !items.isEmpty else { return [] }
        var query: SQLQueryString = "\(unsafeRaw: lotSelect) WHERE l.item_id IN (\(binds: items)) AND "
        query.appendInterpolation(IssuableLotSQL.condition(on: today, requireFree: true))
        if let subtree = scope.sqlSubtree(column: "l.path") { query.appendInterpolation(" AND " + subtree) }
        return try await database.sql().raw(query).all(decoding: LedgerLot.self)
    }

    private static let lotSelect = """
        SELECT l.id, l.depot_id, l.item_id, l.path, l.batch_no, l.manufacturer, l.production_date, l.expiry_date, \
        l.status, \
        l.on_hand, l.reserved, l.held, l.unit_cost_fen, l.received_seq, d.jurisdiction_code AS depot_jurisdiction, \
        d.owner_unit_id AS depot_owner, d.operator_unit_id AS depot_operator FROM lots l JOIN depots d ON d.id = \
        l.depot_id
        """

    /// Draws the next number of a document series (one per prefix, jurisdiction and day).
    public static func nextDocumentNumber(
        _ prefix: DocumentPrefix, jurisdiction: JurisdictionCode, day: Day, on database: any Database
    ) async throws -> DocumentNumber {
        var number = DocumentNumber(prefix: prefix, jurisdiction: jurisdiction, day: day, sequence: 0)
        let key = number.counterKey
        let row = try await database.sql().raw(
            """
            INSERT INTO document_counters (key, last) VALUES (\(bind: key), 1) \
            ON CONFLICT (key) DO UPDATE SET last = document_counters.last + 1 RETURNING last
            """
        ).first()
        number.sequence = try row?.decode(column: "last", as: Int.self) ?? 1
        return number
    }
}
