import FluentKit
import FluentSQL
import SQLKit

/// Kits (R7.1): versioned bills of materials over catalogue items, and the assemblies and
/// disassemblies that moved stock, each with the component lots it took or gave back.
struct CreateKits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(KitDefinitionRecord.schema)
            .id()
            .field("code", .string, .required)
            .field("version", .int64, .required)
            .field("name_zh", .string, .required)
            .field("name_en", .string, .required)
            .field("level", .string, .required)
            .field("kit_item_id", .uuid, .required, .references(ItemRecord.schema, "id"))
            .field("components", .string, .required)
            .field("created_by_name", .string, .required)
            .field("created_at_ms", .int64, .required)
            .unique(on: "code", "version")
            .create()
        try await database.schema(KitWorkRecord.schema)
            .id()
            .field("number", .string, .required)
            .field("kind", .string, .required)
            .field("definition_id", .uuid, .required, .references(KitDefinitionRecord.schema, "id"))
            .field("depot_id", .uuid, .required, .references(DepotRecord.schema, "id"))
            .field("path", .string, .required)
            .field("kits", .int64, .required)
            .field("kit_lot_id", .uuid, .required, .references(LotRecord.schema, "id"))
            .field("lines", .string, .required)
            .field("by_name", .string, .required)
            .field("at_ms", .int64, .required)
            .unique(on: "number")
            .constraint(.sql(unsafeRaw: "CHECK (kits > 0)"))
            .create()
        for (name, table, columns) in [
            ("kit_work_path", KitWorkRecord.schema, ["path"]),
            ("kit_work_kit_lot", KitWorkRecord.schema, ["kit_lot_id"]),
        ] {
            try await columns.reduce(database.sql().create(index: name).on(table)) { $0.column($1) }.run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(KitWorkRecord.schema).delete()
        try await database.schema(KitDefinitionRecord.schema).delete()
    }
}
