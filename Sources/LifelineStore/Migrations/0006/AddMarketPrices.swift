import FluentKit
import FluentSQL

/// Market prices at the time of a transfer (ADR 0026): a price history per item; on every charge
/// the source of its unit price; on every dispatch line the catalogue price as it stood when the
/// goods left the depot (the fallback where no price point is in force). Charges stored before
/// this migration were priced from the catalogue, which their new column says.
struct AddMarketPrices: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ItemPriceRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("item_id", .uuid, .required, .references(ItemRecord.schema, "id"))
            .field("effective_from", .string, .required)
            .field("price_fen", .int64, .required)
            .field("note", .string)
            .field("entered_by", .uuid, .required)
            .field("entered_by_name", .string, .required)
            .field("entered_at_ms", .int64, .required)
            .create()
        try await database.sql().create(index: "item_prices_item_day").on(ItemPriceRecord.schema)
            .column("item_id").column("effective_from").run()
        // SQLite adds one column per ALTER TABLE.
        try await database.schema(ChargeRecord.schema)
            .field("price_source", .string, .required, .sql(.default("catalogue")))
            .update()
        try await database.schema(ChargeRecord.schema)
            .field("price_effective_from", .string)
            .update()
        try await database.schema(DispatchLineRecord.schema)
            .field("catalogue_price_fen", .int64)
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DispatchLineRecord.schema).deleteField("catalogue_price_fen").update()
        try await database.schema(ChargeRecord.schema).deleteField("price_effective_from").update()
        try await database.schema(ChargeRecord.schema).deleteField("price_source").update()
        try await database.schema(ItemPriceRecord.schema).delete()
    }
}
