import FluentKit
import FluentSQL
import SQLKit

/// Oversight (R11): weekly reports of storage enterprises, quality inspections, and the cold chain
/// (readings per depot zone; an excursion holds the zone's lots — a lot lies in the zone of its item's
/// storage condition, which receipt already enforces).
struct CreateOversight: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(WeeklyReportRecord.schema)
            .id()
            .field("enterprise_unit_id", .uuid, .required, .references(UnitRecord.schema, "id"))
            .field("enterprise_name", .string, .required)
            .field("path", .string, .required)
            .field("week_day", .string, .required)
            .field("body", .string, .required)
            .field("status", .string, .required)
            .field("compiled_at_ms", .int64, .required)
            .field("confirmed_by_name", .string)
            .field("confirmed_at_ms", .int64)
            .field("confirmed_day", .string)
            .unique(on: "enterprise_unit_id", "week_day")
            .create()
        try await database.schema(InspectionRecord.schema)
            .id()
            .field("jurisdiction_code", .string, .required)
            .field("path", .string, .required)
            .field("enterprise_unit_id", .uuid, .required, .references(UnitRecord.schema, "id"))
            .field("enterprise_name", .string, .required)
            .field("title", .string, .required)
            .field("planned_day", .string, .required)
            .field("status", .string, .required)
            .field("sampled_lots", .string, .required)
            .field("result", .string)
            .field("finding", .string)
            .field("recovery_fen", .int64)
            .field("notes", .string)
            .field("created_by_name", .string, .required)
            .field("created_at_ms", .int64, .required)
            .field("completed_by_name", .string)
            .field("completed_at_ms", .int64)
            .create()
        try await database.schema(TemperatureReadingRecord.schema)
            .id()
            .field("depot_id", .uuid, .required, .references(DepotRecord.schema, "id"))
            .field("zone", .string, .required)
            .field("path", .string, .required)
            .field("at_ms", .int64, .required)
            .field("tenths", .int64, .required)
            .unique(on: "depot_id", "zone", "at_ms")
            .create()
        try await database.schema(ZoneExcursionRecord.schema)
            .id()
            .field("depot_id", .uuid, .required, .references(DepotRecord.schema, "id"))
            .field("zone", .string, .required)
            .field("path", .string, .required)
            .field("status", .string, .required)
            .field("first_at_ms", .int64, .required)
            .field("last_at_ms", .int64, .required)
            .field("min_tenths", .int64, .required)
            .field("max_tenths", .int64, .required)
            .field("readings", .int64, .required)
            .field("held_lots", .string, .required)
            .field("decided_by_name", .string)
            .field("decided_at_ms", .int64)
            .field("decision_note", .string)
            .create()
        for (name, table, columns) in [
            ("weekly_reports_path", WeeklyReportRecord.schema, ["path"]),
            ("weekly_reports_week", WeeklyReportRecord.schema, ["week_day"]),
            ("inspections_path", InspectionRecord.schema, ["path"]),
            ("inspections_enterprise", InspectionRecord.schema, ["enterprise_unit_id"]),
            ("zone_excursions_path", ZoneExcursionRecord.schema, ["path"]),
            ("zone_excursions_depot", ZoneExcursionRecord.schema, ["depot_id", "zone"]),
        ] {
            try await columns.reduce(database.sql().create(index: name).on(table)) { $0.column($1) }.run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ZoneExcursionRecord.schema).delete()
        try await database.schema(TemperatureReadingRecord.schema).delete()
        try await database.schema(InspectionRecord.schema).delete()
        try await database.schema(WeeklyReportRecord.schema).delete()
    }
}
