import FluentKit
import FluentSQL
import SQLKit

/// Mass-testing standards as data (R7.2): each version imported as CSV, approved by an officer.
struct CreateMassTestingStandards: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MassTestingStandardRecord.schema)
            .id()
            .field("version", .string, .required)
            .field("effective_from", .string)
            .field("status", .string, .required)
            .field("body", .string, .required)
            .field("classes", .int64, .required)
            .field("created_by", .uuid, .required)
            .field("created_by_name", .string, .required)
            .field("created_at_ms", .int64, .required)
            .field("approved_by_name", .string)
            .field("approved_at_ms", .int64)
            .unique(on: "version")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MassTestingStandardRecord.schema).delete()
    }
}
