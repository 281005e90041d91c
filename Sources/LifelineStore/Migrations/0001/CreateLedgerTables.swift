import FluentKit
import FluentSQL
import SQLKit

/// Depots, lots with their balances, and the append-only movements (R4.1, R4.2).
struct CreateLedger: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DepotRecord.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("jurisdiction_code", .string, .required, .references(JurisdictionRecord.schema, "code"))
            .field("path", .string, .required)
            .field("owner_unit_id", .uuid, .references(UnitRecord.schema, "id"))
            .field("operator_kind", .string, .required)
            .field("operator_unit_id", .uuid, .references(UnitRecord.schema, "id"))
            .field("longitude", .double, .required)
            .field("latitude", .double, .required)
            .field("address", .string)
            .field("area_m2", .int64, .required)
            .field("volume_m3", .int64, .required)
            .field("zones", .string, .required)
            .field("cold_chain_m3", .int64, .required)
            .field("is_forward", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .create()
        try await database.sql().create(index: "depots_path").on(DepotRecord.schema).column("path").run()

        try await database.schema(LotRecord.schema)
            .id()
            .field("depot_id", .uuid, .required, .references(DepotRecord.schema, "id"))
            .field("item_id", .uuid, .required, .references(ItemRecord.schema, "id"))
            .field("path", .string, .required)
            .field("batch_no", .string, .required)
            .field("manufacturer", .string, .required)
            .field("production_date", .string)
            .field("expiry_date", .string)
            .field("status", .string, .required)
            .field("on_hand", .int64, .required)
            .field("reserved", .int64, .required)
            .field("held", .int64, .required)
            .field("unit_cost_fen", .int64, .required)
            .field("received_seq", .int64, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "depot_id", "item_id", "batch_no")
            // The invariant of every balance, enforced by the database as a last line of defence.
            .constraint(
                .sql(unsafeRaw: "CHECK (on_hand >= 0 AND reserved >= 0 AND held >= 0 AND reserved + held <= on_hand)")
            )
            .create()
        for (name, columns) in [
            ("lots_depot_item", ["depot_id", "item_id"]), ("lots_item", ["item_id"]), ("lots_path", ["path"]),
            ("lots_expiry", ["expiry_date"]),
        ] {
            try await columns.reduce(database.sql().create(index: name).on(LotRecord.schema)) { $0.column($1) }.run()
        }

        try await database.schema(StockMovementRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("lot_id", .uuid, .required, .references(LotRecord.schema, "id"))
            .field("depot_id", .uuid, .required)
            .field("item_id", .uuid, .required)
            .field("path", .string, .required)
            .field("on_hand_delta", .int64, .required)
            .field("reserved_delta", .int64, .required)
            .field("held_delta", .int64, .required)
            .field("document_no", .string, .required)
            .field("reason", .string)
            .field("inspection", .string)
            .field("counterpart_depot_id", .uuid)
            .field("unit_id", .uuid)
            .field("actor_id", .uuid, .required)
            .field("actor_name", .string, .required)
            .field("at_ms", .int64, .required)
            .create()
        for (name, columns) in [
            ("movements_lot", ["lot_id"]), ("movements_depot", ["depot_id"]), ("movements_path", ["path"]),
            ("movements_document", ["document_no"]), ("movements_at", ["at_ms"]),
        ] {
            try await columns.reduce(database.sql().create(index: name).on(StockMovementRecord.schema)) {
                $0.column($1)
            }.run()
        }

        try await database.schema("document_counters")
            .field("key", .string, .identifier(auto: false))
            .field("last", .int64, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("document_counters").delete()
        try await database.schema(StockMovementRecord.schema).delete()
        try await database.schema(LotRecord.schema).delete()
        try await database.schema(DepotRecord.schema).delete()
    }
}
