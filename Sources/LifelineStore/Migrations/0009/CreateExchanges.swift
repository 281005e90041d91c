import FluentKit
import FluentSQL
import SQLKit

/// Exchanges between jurisdictions (R4.4).
struct CreateExchanges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ExchangeRecord.schema)
            .id()
            .field("number", .string, .required)
            .field("status", .string, .required)
            .field("a_code", .string, .required)
            .field("a_path", .string, .required)
            .field("a_depot_id", .uuid, .required, .references(DepotRecord.schema, "id"))
            .field("b_code", .string, .required)
            .field("b_path", .string, .required)
            .field("b_depot_id", .uuid, .references(DepotRecord.schema, "id"))
            .field("tolerance_percent", .int64, .required)
            .field("a_value_fen", .int64)
            .field("b_value_fen", .int64)
            .field("offered_by_name", .string, .required)
            .field("offered_at_ms", .int64, .required)
            .field("answered_by_name", .string)
            .field("a_approved_by_name", .string)
            .field("b_approved_by_name", .string)
            .field("closed_at_ms", .int64)
            .field("note", .string)
            .unique(on: "number")
            .create()
        try await database.schema(ExchangeLineRecord.schema)
            .id()
            .field("exchange_id", .uuid, .required, .references(ExchangeRecord.schema, "id"))
            .field("side", .string, .required)
            .field("lot_id", .uuid, .required, .references(LotRecord.schema, "id"))
            .field("item_id", .uuid, .required)
            .field("quantity", .int64, .required)
            .field("price_fen", .int64, .required)
            .constraint(.sql(unsafeRaw: "CHECK (quantity > 0)"))
            .create()
        for (name, table, columns) in [
            ("exchanges_a_path", ExchangeRecord.schema, ["a_path"]),
            ("exchanges_b_path", ExchangeRecord.schema, ["b_path"]),
            ("exchange_lines_exchange", ExchangeLineRecord.schema, ["exchange_id"]),
        ] {
            try await columns.reduce(database.sql().create(index: name).on(table)) { $0.column($1) }.run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ExchangeLineRecord.schema).delete()
        try await database.schema(ExchangeRecord.schema).delete()
    }
}
