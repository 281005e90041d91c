import FluentKit
import FluentSQL
import SQLKit

/// Reserve modes (R3.5) and their subsidies (R9.2): storage, capacity and technology agreements
/// with enterprises; subsidy periods and the statements closed for them.
struct CreateAgreements: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReserveAgreementRecord.schema)
            .id()
            .field("number", .string, .required)
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("jurisdiction_code", .string, .required)
            .field("path", .string, .required)
            .field("enterprise_unit_id", .uuid, .required, .references(UnitRecord.schema, "id"))
            .field("enterprise_name", .string, .required)
            .field("start_day", .string, .required)
            .field("end_day", .string, .required)
            .field("item_id", .uuid, .references(ItemRecord.schema, "id"))
            .field("production_lines", .int64)
            .field("daily_output_per_line", .int64)
            .field("redundancy_percent", .int64)
            .field("activation_hours", .int64)
            .field("yearly_depreciation_fen", .int64)
            .field("description", .string)
            .field("lead_days", .int64)
            .field("created_by_name", .string, .required)
            .field("created_at_ms", .int64, .required)
            .field("revoked_by_name", .string)
            .field("revoked_at_ms", .int64)
            .field("revoke_reason", .string)
            .unique(on: "number")
            .create()
        try await database.schema(ReserveAgreementLineRecord.schema)
            .id()
            .field("agreement_id", .uuid, .required, .references(ReserveAgreementRecord.schema, "id"))
            .field("item_id", .uuid, .required, .references(ItemRecord.schema, "id"))
            .field("quantity", .int64, .required)
            .unique(on: "agreement_id", "item_id")
            .constraint(.sql(unsafeRaw: "CHECK (quantity > 0)"))
            .create()
        try await database.schema(SubsidyPeriodRecord.schema)
            .id()
            .field("jurisdiction_code", .string, .required)
            .field("path", .string, .required)
            .field("start_day", .string, .required)
            .field("end_day", .string, .required)
            .field("status", .string, .required)
            .field("storage_permille", .int64, .required)
            .field("management_permille", .int64, .required)
            .field("capacity_percent", .int64, .required)
            .field("created_by_name", .string, .required)
            .field("created_at_ms", .int64, .required)
            .field("closed_by_name", .string)
            .field("closed_at_ms", .int64)
            .unique(on: "jurisdiction_code", "start_day")
            .create()
        try await database.schema(SubsidyStatementRecord.schema)
            .id()
            .field("period_id", .uuid, .required, .references(SubsidyPeriodRecord.schema, "id"))
            .field("enterprise_unit_id", .uuid, .required, .references(UnitRecord.schema, "id"))
            .field("enterprise_name", .string, .required)
            .field("value_days_fen", .int64, .required)
            .field("storage_fen", .int64, .required)
            .field("purchase_value_fen", .int64, .required)
            .field("management_fen", .int64, .required)
            .field("depreciation_fen", .int64, .required)
            .field("capacity_fen", .int64, .required)
            .field("total_fen", .int64, .required)
            .unique(on: "period_id", "enterprise_unit_id")
            .create()
        for (name, table, columns) in [
            ("reserve_agreements_path", ReserveAgreementRecord.schema, ["path"]),
            ("reserve_agreements_enterprise", ReserveAgreementRecord.schema, ["enterprise_unit_id"]),
            ("reserve_agreement_lines_agreement", ReserveAgreementLineRecord.schema, ["agreement_id"]),
            ("subsidy_periods_path", SubsidyPeriodRecord.schema, ["path"]),
            ("subsidy_statements_period", SubsidyStatementRecord.schema, ["period_id"]),
        ] {
            try await columns.reduce(database.sql().create(index: name).on(table)) { $0.column($1) }.run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SubsidyStatementRecord.schema).delete()
        try await database.schema(SubsidyPeriodRecord.schema).delete()
        try await database.schema(ReserveAgreementLineRecord.schema).delete()
        try await database.schema(ReserveAgreementRecord.schema).delete()
    }
}
