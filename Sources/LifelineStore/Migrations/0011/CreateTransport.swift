import FluentKit
import FluentSQL
import SQLKit

/// The transport register (转运能力底数清单, #12 item 7, ADR 0040): vehicles under a county, and
/// routes from a county depot to a distribution point with their minutes.
struct CreateTransport: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(VehicleRecord.schema)
            .id()
            .field("county_code", .string, .required, .references(JurisdictionRecord.schema, "code"))
            .field("path", .string, .required)
            .field("carrier_unit_id", .uuid, .references(UnitRecord.schema, "id"))
            .field("plate", .string, .required)
            .field("payload_kg", .int64, .required)
            .field("volume_litres", .int64, .required)
            .field("cold_chain", .bool, .required)
            .field("driver", .string, .required)
            .field("phone", .string, .required)
            .field("active", .bool, .required)
            .field("updated_by_name", .string, .required)
            .field("updated_at_ms", .int64, .required)
            .unique(on: "plate")
            .constraint(.sql(unsafeRaw: "CHECK (payload_kg BETWEEN 1 AND 100000)"))
            .constraint(.sql(unsafeRaw: "CHECK (volume_litres BETWEEN 100 AND 200000)"))
            .create()
        try await database.schema(TransportRouteRecord.schema)
            .id()
            .field("depot_id", .uuid, .required, .references(DepotRecord.schema, "id"))
            .field("distribution_point_id", .uuid, .required, .references(DistributionPointRecord.schema, "id"))
            .field("minutes", .int64, .required)
            .field("km", .double)
            .field("path", .string, .required)
            .field("updated_by_name", .string, .required)
            .field("updated_at_ms", .int64, .required)
            .unique(on: "depot_id", "distribution_point_id")
            .constraint(.sql(unsafeRaw: "CHECK (minutes BETWEEN 1 AND 1440)"))
            .create()
        for (name, table, columns) in [
            ("transport_vehicles_path", VehicleRecord.schema, ["path"]),
            ("transport_vehicles_county", VehicleRecord.schema, ["county_code", "active"]),
            ("transport_routes_path", TransportRouteRecord.schema, ["path"]),
            ("transport_routes_point", TransportRouteRecord.schema, ["distribution_point_id"]),
        ] {
            try await columns.reduce(database.sql().create(index: name).on(table)) { $0.column($1) }.run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TransportRouteRecord.schema).delete()
        try await database.schema(VehicleRecord.schema).delete()
    }
}
