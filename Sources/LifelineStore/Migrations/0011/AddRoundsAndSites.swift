import FluentKit
import FluentSQL
import SQLKit

/// Rounds, grids and sites (R4.6, R6.1): a request and its orders may name the sampling area (grid)
/// and the round they serve, and the site's attributes that rank it when stock is short; reusable
/// items recovered after a round are recorded per lot, grid and round so that the next round's
/// picking for the same grid can skip them. Every new column is optional: existing rows and
/// clients keep working. An order may also name a registered vehicle (the transport register).
struct AddRoundsAndSites: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // SQLite adds one column per ALTER TABLE.
        for (name, type) in [
            ("grid", DatabaseSchema.DataType.string), ("round", .int64), ("site_area", .string),
            ("site_density", .string), ("site_kind", .string), ("distribution_point_id", .uuid),
            ("skipped_lots", .string),
        ] {
            try await database.schema(SupplyRequestRecord.schema).field(.string(name), type).update()
        }
        for (name, type) in [("grid", DatabaseSchema.DataType.string), ("round", .int64), ("vehicle_id", .uuid)] {
            try await database.schema(DispatchOrderRecord.schema).field(.string(name), type).update()
        }
        for name in ["site_area", "site_density", "site_kind"] {
            try await database.schema(DistributionPointRecord.schema).field(.string(name), .string).update()
        }
        try await database.schema(LotRecoveryRecord.schema)
            .id()
            .field("lot_id", .uuid, .required)
            .field("order_id", .uuid, .required)
            .field("grid", .string, .required)
            .field("round", .int64, .required)
            .field("quantity", .int64, .required)
            .field("path", .string, .required)
            .field("actor_name", .string, .required)
            .field("at_ms", .int64, .required)
            .constraint(.sql(unsafeRaw: "CHECK (quantity > 0 AND round >= 1)"))
            .create()
        try await database.sql().create(index: "lot_recoveries_lot").on(LotRecoveryRecord.schema)
            .column("lot_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LotRecoveryRecord.schema).delete()
        for name in ["site_area", "site_density", "site_kind"] {
            try await database.schema(DistributionPointRecord.schema).deleteField(.string(name)).update()
        }
        for name in ["grid", "round", "vehicle_id"] {
            try await database.schema(DispatchOrderRecord.schema).deleteField(.string(name)).update()
        }
        for name in [
            "grid", "round", "site_area", "site_density", "site_kind", "distribution_point_id", "skipped_lots",
        ] {
            try await database.schema(SupplyRequestRecord.schema).deleteField(.string(name)).update()
        }
    }
}
