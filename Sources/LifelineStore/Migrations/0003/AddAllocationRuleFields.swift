import FluentKit
import FluentSQL

/// What the R6 model builder needs from a request: whether the site is suitable for a lowered
/// standard (R2.3) and, per line, the post it serves (waste handling, sample transport and
/// sampling-table posts never get substitutes); and the depot a request may ask to be stocked,
/// which turns its orders into 调拨令 between reserves.
struct AddAllocationRuleFields: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SupplyRequestRecord.schema)
            .field("substitutes_allowed", .bool, .required, .sql(.default(false)))
            .update()
        // SQLite adds one column per ALTER TABLE.
        try await database.schema(SupplyRequestRecord.schema)
            .field("receiving_depot_id", .uuid)
            .update()
        try await database.schema(DispatchOrderRecord.schema)
            .field("receiving_depot_id", .uuid)
            .update()
        // A receiver's photo of a damaged or short line (R5.6), kept in the database so every
        // instance serves it and backups carry it.
        try await database.schema(DeliveryPhotoRecord.schema)
            .id()
            .field("line_id", .uuid, .required, .references(DispatchLineRecord.schema, "id"))
            .field("order_id", .uuid, .required)
            .field("content_type", .string, .required)
            .field("bytes", .data, .required)
            .field("actor_name", .string, .required)
            .field("at_ms", .int64, .required)
            .unique(on: "line_id")
            .create()
        try await database.schema(RequestLineRecord.schema)
            .field("post", .string, .required, .sql(.default("general")))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RequestLineRecord.schema).deleteField("post").update()
        try await database.schema(DeliveryPhotoRecord.schema).delete()
        try await database.schema(DispatchOrderRecord.schema).deleteField("receiving_depot_id").update()
        try await database.schema(SupplyRequestRecord.schema).deleteField("receiving_depot_id").update()
        try await database.schema(SupplyRequestRecord.schema).deleteField("substitutes_allowed").update()
    }
}
