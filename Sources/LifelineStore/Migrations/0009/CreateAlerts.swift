import FluentKit
import FluentSQL
import SQLKit

/// The alert centre (#11): one row per alert, live while its cause holds.
struct CreateAlerts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AlertRecord.schema)
            .id()
            .field("kind", .string, .required)
            .field("key", .string, .required)
            .field("path", .string, .required)
            .field("message_zh", .string, .required)
            .field("message_en", .string, .required)
            .field("status", .string, .required)
            .field("raised_at_ms", .int64, .required)
            .field("acknowledged_by", .uuid)
            .field("acknowledged_by_name", .string)
            .field("acknowledged_at_ms", .int64)
            .field("comment", .string)
            .field("closed_at_ms", .int64)
            .create()
        for (name, columns) in [
            ("alerts_key", ["key"]), ("alerts_path", ["path"]), ("alerts_status", ["status"]),
            ("alerts_raised", ["raised_at_ms"]),
        ] {
            try await columns.reduce(database.sql().create(index: name).on(AlertRecord.schema)) { $0.column($1) }.run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AlertRecord.schema).delete()
    }
}
