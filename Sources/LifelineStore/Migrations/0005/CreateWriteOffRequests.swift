import FluentKit
import FluentSQL
import SQLKit

/// Write-offs need a second person's approval (R4.3, ADR 0025): the request holds the units (a
/// `hold` movement under its number); the decision writes them off or releases them.
struct CreateWriteOffRequests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(WriteOffRequestRecord.schema)
            .id()
            .field("number", .string, .required)
            .field("lot_id", .uuid, .required, .references(LotRecord.schema, "id"))
            .field("depot_id", .uuid, .required, .references(DepotRecord.schema, "id"))
            .field("item_id", .uuid, .required, .references(ItemRecord.schema, "id"))
            .field("path", .string, .required)
            .field("quantity", .int64, .required)
            .field("reason", .string, .required)
            .field("status", .string, .required)
            .field("requested_by", .uuid, .required)
            .field("requested_by_name", .string, .required)
            .field("requested_at_ms", .int64, .required)
            .field("decided_by", .uuid)
            .field("decided_by_name", .string)
            .field("decided_at_ms", .int64)
            .field("decision_note", .string)
            .field("hold_movement_id", .int64, .required)
            .field("write_off_movement_id", .int64)
            .unique(on: "number")
            .constraint(.sql(unsafeRaw: "CHECK (quantity > 0)"))
            .create()
        for (name, columns) in [
            ("write_offs_path", ["path"]), ("write_offs_status", ["status"]), ("write_offs_lot", ["lot_id"]),
            ("write_offs_depot", ["depot_id"]), ("write_offs_requested", ["requested_at_ms"]),
        ] {
            try await columns.reduce(database.sql().create(index: name).on(WriteOffRequestRecord.schema)) {
                $0.column($1)
            }.run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(WriteOffRequestRecord.schema).delete()
    }
}
