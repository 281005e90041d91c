import FluentKit
import FluentSQL

/// What the R6 model builder needs from a request: whether the site is suitable for a lowered
/// standard (R2.3) and, per line, the post it serves (waste handling, sample transport and
/// sampling-table posts never get substitutes).
struct AddAllocationRuleFields: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SupplyRequestRecord.schema)
            .field("substitutes_allowed", .bool, .required, .sql(.default(false)))
            .update()
        try await database.schema(RequestLineRecord.schema)
            .field("post", .string, .required, .sql(.default("general")))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RequestLineRecord.schema).deleteField("post").update()
        try await database.schema(SupplyRequestRecord.schema).deleteField("substitutes_allowed").update()
    }
}
