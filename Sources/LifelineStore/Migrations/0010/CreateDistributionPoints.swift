import FluentKit
import FluentSQL
import SQLKit

/// Distribution points (保障网点, R7.3): under a county, the sampling points each serves and how many
/// points' worth of the first round it keeps packed.
struct CreateDistributionPoints: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DistributionPointRecord.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("county_code", .string, .required)
            .field("path", .string, .required)
            .field("longitude", .double, .required)
            .field("latitude", .double, .required)
            .field("served_points", .int64, .required)
            .field("pre_packed_points", .int64, .required)
            .field("updated_by_name", .string, .required)
            .field("updated_at_ms", .int64, .required)
            .unique(on: "code")
            .constraint(.sql(unsafeRaw: "CHECK (pre_packed_points >= 0 AND pre_packed_points <= served_points)"))
            .create()
        try await database.sql().create(index: "distribution_points_path").on(DistributionPointRecord.schema)
            .column("path").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DistributionPointRecord.schema).delete()
    }
}
