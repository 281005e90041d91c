import FluentKit
import FluentSQL
import SQLKit

/// Proposals to change approved reserve plans (R3.1, R3.2): quarterly norm adjustments and
/// catalogue revisions, one per plan and cause.
struct CreatePlanProposals: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlanProposalRecord.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(ReservePlanRecord.schema, "id"))
            .field("path", .string, .required)
            .field("kind", .string, .required)
            .field("cause", .string, .required)
            .field("item_id", .uuid, .references(ItemRecord.schema, "id"))
            .field("current_quantity", .int64)
            .field("proposed_quantity", .int64)
            .field("formula", .string)
            .field("message_zh", .string, .required)
            .field("message_en", .string, .required)
            .field("status", .string, .required)
            .field("created_at_ms", .int64, .required)
            .field("decided_by_name", .string)
            .field("decided_at_ms", .int64)
            .field("note", .string)
            .field("revision_id", .uuid)
            .unique(on: "plan_id", "cause")
            .create()
        try await database.sql().create(index: "plan_proposals_path").on(PlanProposalRecord.schema).column("path").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanProposalRecord.schema).delete()
    }
}
