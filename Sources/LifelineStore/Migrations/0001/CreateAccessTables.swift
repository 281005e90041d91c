import FluentKit
import FluentSQL
import SQLKit

/// Users, API tokens, the hash-chained audit trail, idempotency keys and the SQLite write gate.
struct CreateAccessAndAudit: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserRecord.schema)
            .id()
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("scope_path", .string, .required)
            .field("unit_id", .uuid, .references(UnitRecord.schema, "id"))
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "username")
            .create()
        try await database.schema(APITokenRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id"))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime)
            .field("revoked", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()

        try await database.schema(AuditEntryRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("chain", .int64, .required)
            .field("chain_seq", .int64, .required)
            .field("at_ms", .int64, .required)
            .field("actor_id", .uuid, .required)
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("entity", .string, .required)
            .field("entity_id", .string, .required)
            .field("path", .string, .required)
            .field("before_json", .string)
            .field("after_json", .string)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "chain", "chain_seq")
            .create()
        try await database.sql().create(index: "audit_path").on(AuditEntryRecord.schema).column("path").run()
        try await database.sql().create(index: "audit_entity").on(AuditEntryRecord.schema)
            .column("entity").column("entity_id").run()
        try await database.schema("audit_chains")
            .field("chain", .int64, .identifier(auto: false))
            .field("head_hash", .string, .required)
            .field("length", .int64, .required)
            .create()
        for chain in 0..<AuditTrail.chainCount {
            try await database.sql().insert(into: "audit_chains").columns("chain", "head_hash", "length")
                .values(SQLBind(chain), SQLBind(AuditTrail.genesisHash), SQLBind(0)).run()
        }

        try await database.schema("idempotency_keys")
            .field("actor_id", .uuid, .required)
            .field("key", .string, .required)
            .field("request_hash", .string, .required)
            .field("response_json", .string, .required)
            .field("at_ms", .int64, .required)
            .unique(on: "actor_id", "key")
            .create()

        try await database.schema("write_gate")
            .field("id", .int64, .identifier(auto: false))
            .field("touched", .int64, .required)
            .create()
        try await database.sql().insert(into: "write_gate").columns("id", "touched").values(SQLBind(1), SQLBind(0))
            .run()
    }

    func revert(on database: any Database) async throws {
        for table in [
            "write_gate", "idempotency_keys", "audit_chains", AuditEntryRecord.schema, APITokenRecord.schema,
            UserRecord.schema,
        ] {
            try await database.schema(table).delete()
        }
    }
}
