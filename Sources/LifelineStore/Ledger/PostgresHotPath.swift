import FluentKit
import Foundation
import LifelineDomain
import PostgresNIO

/// The three statements every movement runs on PostgreSQL, as named prepared statements.
///
/// Sent as ad-hoc SQL, PostgreSQL parsed, analysed and planned each of them on every call — measured
/// at about a quarter of all CPU in `lifeline bench ledger` (ADR 0018). Prepared once per connection
/// (PostgresNIO prepares on first use and remembers it per connection) the server only binds and
/// runs them, and the rows are decoded without SQLKit's reflection. The SQL is the same as the
/// SQLite path in ``LedgerSQL`` and ``AuditTrail`` spells out; only the way it travels differs.
///
/// Used only inside a transaction, where Fluent holds one connection for the whole unit of work.
enum PostgresHotPath {
    /// The connection a PostgreSQL transaction runs on, or `nil` (SQLite, or not in a transaction).
    static func connection(of database: any Database) async throws -> PostgresConnection? {
        guard database.inTransaction, let postgres = database as? any PostgresDatabase else { return nil }
        return try await postgres.withConnection { $0.eventLoop.makeSucceededFuture($0) }.get()
    }

    /// Runs a statement and returns its first row, reading the rest (there is at most one).
    static func first<Statement: PostgresPreparedStatement>(
        _ statement: Statement, on connection: PostgresConnection, logger: Logger
    ) async throws -> Statement.Row? {
        var first: Statement.Row?
        for try await row in try await connection.execute(statement, logger: logger) where first == nil { first = row }
        return first
    }
}

extension LedgerLot {
    /// The columns ``init(postgresRow:)`` decodes, in its order (the lot, then three of its depot's).
    static let postgresColumns = """
        l.id, l.depot_id, l.item_id, l.path, l.batch_no, l.manufacturer, l.production_date, l.expiry_date, l.status, \
        l.on_hand, l.reserved, l.held, l.unit_cost_fen, l.received_seq, d.jurisdiction_code, d.owner_unit_id, \
        d.operator_unit_id
        """

    /// A lot from a row that starts with ``postgresColumns``; further columns are the caller's.
    init(postgresRow row: PostgresRow) throws {
        let c = try row.decode(
            (
                UUID, UUID, UUID, String, String, String, String?, String?, String, Int, Int, Int, Int, Int, String,
                UUID?, UUID?
            ).self)
        id = c.0
        depotID = c.1
        itemID = c.2
        path = c.3
        batchNo = c.4
        manufacturer = c.5
        productionDate = c.6
        expiryDate = c.7
        status = c.8
        onHand = c.9
        reserved = c.10
        held = c.11
        unitCostFen = c.12
        receivedSeq = c.13
        depotJurisdiction = c.14
        depotOwner = c.15
        depotOperator = c.16
    }
}

/// One lot (with its depot's columns) and the next number of a document series of the depot's
/// jurisdiction: ``LedgerSQL/lotAndNextNumber(_:_:day:on:)``.
struct LotAndNumberStatement: PostgresPreparedStatement {
    typealias Row = (LedgerLot, Int)
    static let sql = """
        WITH l AS (SELECT \(LedgerLot.postgresColumns) FROM lots l JOIN depots d ON d.id = l.depot_id WHERE l.id = \
        $1), \
        c AS (INSERT INTO document_counters (key, last) SELECT $2 || l.jurisdiction_code || $3, 1 FROM l \
        ON CONFLICT (key) DO UPDATE SET last = document_counters.last + 1 RETURNING last) \
        SELECT l.*, c.last FROM l CROSS JOIN c
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .text, .text]

    var lot: UUID
    /// The counter key around the jurisdiction, as `DocumentNumber.counterKey` spells it: `PREFIX-`…`-YYYYMMDD`.
    var keyPrefix: String
    var keySuffix: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(lot)
        bindings.append(keyPrefix)
        bindings.append(keySuffix)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        (try LedgerLot(postgresRow: row), try row.makeRandomAccess()[17].decode(Int.self))
    }
}

/// A guarded balance update and its movement row in one statement: ``LedgerSQL/post(_:issuableOn:at:on:)``.
/// `$6` (the day) is null for movements that need not take free, issuable stock.
struct PostMovementStatement: PostgresPreparedStatement {
    typealias Row = (Int, Int, Int, Int)
    static let sql = """
        WITH u AS (UPDATE lots SET on_hand = on_hand + $2, reserved = reserved + $3, held = held + $4, updated_at = $5 \
        WHERE id = $1 AND on_hand + $2 >= 0 AND on_hand + $2 <= \(Limits.lotOnHand) AND reserved + $3 >= 0 AND held \
        + $4 >= 0 \
        AND reserved + $3 + held + $4 <= on_hand + $2 \
        AND ($6::text IS NULL OR (\(IssuableLotSQL.condition(alias: "", day: "$6", requireFree: false)))) \
        RETURNING on_hand, reserved, held), \
        m AS (INSERT INTO stock_movements (\(LedgerSQL.movementColumns)) \
        SELECT $7, $1, $8, $9, $10, $2, $3, $4, $11, $12, $13, $14, $15, $16, $17, $18 FROM u RETURNING id) \
        SELECT m.id, u.on_hand, u.reserved, u.held FROM m CROSS JOIN u
        """
    static let bindingDataTypes: [PostgresDataType] = [
        .uuid, .int8, .int8, .int8, .timestamptz, .text, .text, .uuid, .uuid, .text, .text, .text, .text, .uuid, .uuid,
        .uuid, .text, .int8,
    ]

    var movement: MovementDraft
    var issuableOn: Day?
    var instant: Date

    func makeBindings() throws -> PostgresBindings {
        let m = movement
        var bindings = PostgresBindings(capacity: 18)
        bindings.append(m.lotID)
        bindings.append(m.effect.onHand)
        bindings.append(m.effect.reserved)
        bindings.append(m.effect.held)
        bindings.append(instant)
        bindings.append(issuableOn?.iso)
        bindings.append(m.kind.rawValue)
        bindings.append(m.depotID)
        bindings.append(m.itemID)
        bindings.append(m.path)
        bindings.append(m.documentNo)
        bindings.append(m.reason)
        bindings.append(m.inspection?.rawValue)
        bindings.append(m.counterpartDepotID)
        bindings.append(m.unitID)
        bindings.append(m.actorID)
        bindings.append(m.actorName)
        bindings.append(m.atMilliseconds)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

/// One audit entry and the retry record of its request in one statement:
/// ``AuditTrail/append(_:at:on:remembering:)`` for the common case of one event. It locks the chain's
/// head, inserts the entry with its SHA-256 computed by the server — exactly `AuditTrail.hash`: the
/// previous hash and the 0x1F-separated fields, UTF-8 — records the retry and moves the head.
/// `verify` recomputes every hash in Swift, so the two spellings cannot drift unnoticed.
struct AuditAppendStatement: PostgresPreparedStatement {
    typealias Row = Int
    static let sql = """
        WITH h AS (SELECT head_hash, length FROM audit_chains WHERE chain = $1 FOR UPDATE), \
        e AS (INSERT INTO audit_entries (chain, chain_seq, at_ms, actor_id, actor_name, action, entity, entity_id, \
        path, \
        before_json, after_json, prev_hash, hash) \
        SELECT $1, h.length + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, h.head_hash, \
        encode(sha256(convert_to(h.head_hash \
        || chr(31) || $1::text || chr(31) || (h.length + 1)::text || chr(31) || $2::text || chr(31) || $11 || \
        chr(31) || $4 \
        || chr(31) || $5 || chr(31) || $6 || chr(31) || $7 || chr(31) || $8 || chr(31) || coalesce($9, '') || chr(31) \
        || coalesce($10, ''), 'UTF8')), 'hex') FROM h RETURNING hash), \
        r AS (INSERT INTO idempotency_keys (actor_id, key, request_hash, response_json, at_ms) VALUES ($16, $12, \
        $13, $14, $15) \
        ON CONFLICT (actor_id, key) DO NOTHING RETURNING 1) \
        UPDATE audit_chains SET head_hash = (SELECT hash FROM e), length = length + 1 WHERE chain = $1 \
        RETURNING (SELECT count(*) FROM r)
        """
    static let bindingDataTypes: [PostgresDataType] = [
        .int8, .int8, .uuid, .text, .text, .text, .text, .text, .text, .text, .text, .text, .text, .text, .int8, .uuid,
    ]

    var event: AuditEvent
    var chain: Int
    var milliseconds: Int
    var record: IdempotencyRecord

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 16)
        bindings.append(chain)
        bindings.append(milliseconds)
        bindings.append(event.actor.userID)
        bindings.append(event.actor.username)
        bindings.append(event.action)
        bindings.append(event.entity)
        bindings.append(event.entityID)
        bindings.append(event.path.rawValue)
        bindings.append(event.before)
        bindings.append(event.after)
        bindings.append(event.actor.userID.uuidString)  // hashed as Swift spells it (upper case)
        bindings.append(record.key)
        bindings.append(record.requestHash)
        bindings.append(record.responseJSON)
        bindings.append(record.atMilliseconds)
        bindings.append(record.actor)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Int.self) }
}
