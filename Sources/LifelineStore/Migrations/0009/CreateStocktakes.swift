import FluentKit
import FluentSQL
import SQLKit

/// Stocktakes (R4.5): a count per depot with its frozen sheet.
struct CreateStocktakes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StocktakeRecord.schema)
            .id()
            .field("number", .string, .required)
            .field("depot_id", .uuid, .required, .references(DepotRecord.schema, "id"))
            .field("path", .string, .required)
            .field("status", .string, .required)
            .field("limit_fen", .int64, .required)
            .field("started_by", .uuid, .required)
            .field("started_by_name", .string, .required)
            .field("started_at_ms", .int64, .required)
            .field("submitted_by", .uuid)
            .field("submitted_by_name", .string)
            .field("submitted_at_ms", .int64)
            .field("difference_value_fen", .int64)
            .field("decided_by", .uuid)
            .field("decided_by_name", .string)
            .field("decided_at_ms", .int64)
            .field("decision_note", .string)
            .unique(on: "number")
            .create()
        try await database.schema(StocktakeLineRecord.schema)
            .id()
            .field("stocktake_id", .uuid, .required, .references(StocktakeRecord.schema, "id"))
            .field("lot_id", .uuid, .required, .references(LotRecord.schema, "id"))
            .field("item_id", .uuid, .required)
            .field("frozen", .int64, .required)
            .field("moved_since", .int64)
            .field("counted", .int64)
            .field("reason", .string)
            .field("counted_by_name", .string)
            .field("movement_id", .int64)
            .unique(on: "stocktake_id", "lot_id")
            .constraint(.sql(unsafeRaw: "CHECK (counted IS NULL OR counted >= 0)"))
            .create()
        for (name, table, columns) in [
            ("stocktakes_path", StocktakeRecord.schema, ["path"]),
            ("stocktakes_depot", StocktakeRecord.schema, ["depot_id"]),
            ("stocktake_lines_take", StocktakeLineRecord.schema, ["stocktake_id"]),
        ] {
            try await columns.reduce(database.sql().create(index: name).on(table)) { $0.column($1) }.run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StocktakeLineRecord.schema).delete()
        try await database.schema(StocktakeRecord.schema).delete()
    }
}
