import FluentKit

/// The limits an administrator changed while Lifeline runs (one JSON document a key), so that every
/// instance and every restart uses them (issue #6, configuration).
struct CreateStoredSettings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StoredSettingRecord.schema)
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .field("updated_at_ms", .int64, .required)
            .field("updated_by_name", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StoredSettingRecord.schema).delete()
    }
}
