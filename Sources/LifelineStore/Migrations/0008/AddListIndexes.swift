import FluentKit
import FluentSQL

/// Indexes for what the lists filter and sort by (docs/performance.md): the lot list's default
/// order, the tables a page of orders or incidents reads by parent, the unit-bound filters of the
/// dispatch board and the charges, and the newest-first orders of requests and orders.
struct AddListIndexes: AsyncMigration {
    /// Name, table and columns of the plain indexes.
    static let indexes: [(String, String, [String])] = [
        ("incident_events_incident", IncidentEventRecord.schema, ["incident_id"]),
        ("delivery_photos_order", DeliveryPhotoRecord.schema, ["order_id"]),
        ("requests_unit", SupplyRequestRecord.schema, ["unit_id"]),
        ("requests_created", SupplyRequestRecord.schema, ["created_at_ms"]),
        ("orders_issued", DispatchOrderRecord.schema, ["issued_at_ms"]),
        ("orders_operator_unit", DispatchOrderRecord.schema, ["depot_operator_unit_id"]),
        ("orders_carrier_unit", DispatchOrderRecord.schema, ["carrier_unit_id"]),
        ("orders_receiver_unit", DispatchOrderRecord.schema, ["receiver_unit_id"]),
        ("charges_payer", ChargeRecord.schema, ["payer_unit_id"]),
        ("charges_payee", ChargeRecord.schema, ["payee_unit_id"]),
        ("units_name", UnitRecord.schema, ["name"]),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database.sql()
        // The lot list's default order (expiry first, lots that never expire last, then id), so a
        // page is read off the index instead of sorting every lot; the same expression as the
        // list's ORDER BY, which both engines match.
        try await sql.raw("CREATE INDEX lots_expiry_order ON lots ((expiry_date IS NULL), expiry_date, id)").run()
        for (name, table, columns) in Self.indexes {
            try await columns.reduce(sql.create(index: name).on(table)) { $0.column($1) }.run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql()
        for name in ["lots_expiry_order"] + Self.indexes.map(\.0) {
            try await sql.drop(index: name).run()
        }
    }
}
