import FluentKit
import FluentSQL
import SQLKit

/// Rotation (R4.3): institutions' yearly purchase quotas, rotation plans, and the sales they make.
struct CreateRotation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PurchaseQuotaRecord.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(UnitRecord.schema, "id"))
            .field("item_id", .uuid, .required, .references(ItemRecord.schema, "id"))
            .field("year", .int64, .required)
            .field("path", .string, .required)
            .field("quota", .int64, .required)
            .field("used", .int64, .required)
            .field("updated_by_name", .string, .required)
            .field("updated_at_ms", .int64, .required)
            .unique(on: "unit_id", "item_id", "year")
            .constraint(.sql(unsafeRaw: "CHECK (quota >= 0 AND used >= 0 AND used <= quota)"))
            .create()
        try await database.schema(RotationPlanRecord.schema)
            .id()
            .field("number", .string, .required)
            .field("jurisdiction_code", .string, .required)
            .field("path", .string, .required)
            .field("status", .string, .required)
            .field("allow_sale", .bool, .required)
            .field("steps", .string, .required)
            .field("created_by_name", .string, .required)
            .field("created_at_ms", .int64, .required)
            .field("decided_by_name", .string)
            .field("decided_at_ms", .int64)
            .field("buyer", .string)
            .field("sale_price_percent", .int64)
            .field("documents", .string)
            .unique(on: "number")
            .create()
        try await database.schema(LotSaleRecord.schema)
            .id()
            .field("document_no", .string, .required)
            .field("rotation_plan_id", .uuid, .references(RotationPlanRecord.schema, "id"))
            .field("lot_id", .uuid, .required, .references(LotRecord.schema, "id"))
            .field("path", .string, .required)
            .field("buyer", .string, .required)
            .field("quantity", .int64, .required)
            .field("unit_price_fen", .int64, .required)
            .field("proceeds_fen", .int64, .required)
            .field("sold_at_ms", .int64, .required)
            .constraint(.sql(unsafeRaw: "CHECK (quantity > 0 AND unit_price_fen >= 0 AND proceeds_fen >= 0)"))
            .create()
        for (name, table, columns) in [
            ("purchase_quotas_path", PurchaseQuotaRecord.schema, ["path"]),
            ("rotation_plans_path", RotationPlanRecord.schema, ["path"]),
            ("lot_sales_path", LotSaleRecord.schema, ["path"]),
            ("lot_sales_document", LotSaleRecord.schema, ["document_no"]),
        ] {
            try await columns.reduce(database.sql().create(index: name).on(table)) { $0.column($1) }.run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LotSaleRecord.schema).delete()
        try await database.schema(RotationPlanRecord.schema).delete()
        try await database.schema(PurchaseQuotaRecord.schema).delete()
    }
}
