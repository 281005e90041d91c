import FluentKit
import FluentSQL
import SQLKit

/// Raw materials (R3.6): stock and use per jurisdiction, and whitelisted suppliers.
struct CreateRawMaterials: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RawMaterialStockRecord.schema)
            .id()
            .field("jurisdiction_code", .string, .required)
            .field("path", .string, .required)
            .field("material", .string, .required)
            .field("stock", .int64, .required)
            .field("monthly_use", .int64, .required)
            .field("updated_by_name", .string, .required)
            .field("updated_at_ms", .int64, .required)
            .unique(on: "jurisdiction_code", "material")
            .constraint(.sql(unsafeRaw: "CHECK (stock >= 0 AND monthly_use >= 0)"))
            .create()
        try await database.schema(RawMaterialSupplierRecord.schema)
            .id()
            .field("material", .string, .required)
            .field("name", .string, .required)
            .field("path", .string, .required)
            .field("agreed_price_fen", .int64, .required)
            .field("latest_price_fen", .int64)
            .field("created_at_ms", .int64, .required)
            .create()
        for (name, table, columns) in [
            ("raw_material_stocks_path", RawMaterialStockRecord.schema, ["path"]),
            ("raw_material_suppliers_path", RawMaterialSupplierRecord.schema, ["path"]),
        ] {
            try await columns.reduce(database.sql().create(index: name).on(table)) { $0.column($1) }.run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RawMaterialSupplierRecord.schema).delete()
        try await database.schema(RawMaterialStockRecord.schema).delete()
    }
}
