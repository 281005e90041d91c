import FluentKit
import FluentSQL
import SQLKit

/// Reserve plans and their norms (R3.1–R3.4): one row per plan version, one per item it keeps.
struct CreateReservePlans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReservePlanRecord.schema)
            .id()
            .field("jurisdiction_code", .string, .required)
            .field("path", .string, .required)
            .field("reserve_class", .string, .required)
            .field("version", .int64, .required)
            .field("catalogue_version", .int64, .required)
            .field("title", .string, .required)
            .field("alert_percent", .int64, .required)
            .field("status", .string, .required)
            .field("author_id", .uuid, .required)
            .field("author_name", .string, .required)
            .field("created_at_ms", .int64, .required)
            .field("submitted_at_ms", .int64)
            .field("decided_by", .uuid)
            .field("decided_by_name", .string)
            .field("decided_at_ms", .int64)
            .field("decision_note", .string)
            .field("previous_id", .uuid, .references(ReservePlanRecord.schema, "id"))
            .unique(on: "jurisdiction_code", "reserve_class", "version")
            .constraint(.sql(unsafeRaw: "CHECK (alert_percent BETWEEN 1 AND 100)"))
            .create()
        try await database.schema(ReserveNormRecord.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(ReservePlanRecord.schema, "id"))
            .field("item_id", .uuid, .required, .references(ItemRecord.schema, "id"))
            .field("basis", .string, .required)
            .field("formula", .string, .required)
            .field("quantity", .int64, .required)
            .field("note", .string)
            .unique(on: "plan_id", "item_id")
            .constraint(.sql(unsafeRaw: "CHECK (quantity >= 0)"))
            .create()
        for (name, table, columns) in [
            ("reserve_plans_path", ReservePlanRecord.schema, ["path"]),
            ("reserve_plans_status", ReservePlanRecord.schema, ["status"]),
            ("reserve_norms_item", ReserveNormRecord.schema, ["item_id"]),
        ] {
            try await columns.reduce(database.sql().create(index: name).on(table)) { $0.column($1) }.run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReserveNormRecord.schema).delete()
        try await database.schema(ReservePlanRecord.schema).delete()
    }
}
