import FluentKit
import Foundation
import LifelineDomain

/// A row of `subsidy_periods`: a period a jurisdiction pays storage subsidies for (R9.2), with the
/// rates in force. Open while its statements are still figures of the day; closing stores them.
public final class SubsidyPeriodRecord: StatefulRecord, @unchecked Sendable {
    public static let schema = "subsidy_periods"

    @ID(key: .id) public var id: UUID?
    @Field(key: "jurisdiction_code") public var jurisdictionCode: String
    @Field(key: "path") public var path: String
    @Field(key: "start_day") public var startDay: String
    @Field(key: "end_day") public var endDay: String
    /// Changes only through `Locked.transition(to:on:)` (ADR 0022).
    @Field(key: "status") public internal(set) var status: String
    @Field(key: "storage_permille") public var storagePermille: Int
    @Field(key: "management_permille") public var managementPermille: Int
    @Field(key: "capacity_percent") public var capacityPercent: Int
    @Field(key: "created_by_name") public var createdByName: String
    @Field(key: "created_at_ms") public var createdAtMs: Int
    @OptionalField(key: "closed_by_name") public var closedByName: String?
    @OptionalField(key: "closed_at_ms") public var closedAtMs: Int?

    public var properties: [any AnyProperty] {
        [
            $id, $jurisdictionCode, $path, $startDay, $endDay, $status, $storagePermille, $managementPermille,
            $capacityPercent, $createdByName, $createdAtMs, $closedByName, $closedAtMs,
        ]
    }

    public init() {}

    public convenience init(status: String) {
        self.init()
        self.status = status
    }

    public var periodStatus: SubsidyPeriodStatus {
        get throws { try Stored.value(SubsidyPeriodStatus.self, status, column: "subsidy_periods.status") }
    }
    public var jurisdictionPath: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, path, column: "subsidy_periods.path") }
    }
    public var start: Day {
        get throws { try Stored.value(Day.self, startDay, column: "subsidy_periods.start_day") }
    }
    public var end: Day {
        get throws { try Stored.value(Day.self, endDay, column: "subsidy_periods.end_day") }
    }
    public var rates: SubsidyRates {
        SubsidyRates(
            storagePermille: storagePermille, managementPermille: managementPermille,
            capacityRetentionPercent: capacityPercent)
    }
}

extension SubsidyPeriodRecord: StatusWritable {}

/// A row of `subsidy_statements`: one enterprise's subsidies for a closed period, in fen, as
/// computed from the ledger and its agreements when the period closed.
public final class SubsidyStatementRecord: Model, @unchecked Sendable {
    public static let schema = "subsidy_statements"

    @ID(key: .id) public var id: UUID?
    @Field(key: "period_id") public var periodID: UUID
    @Field(key: "enterprise_unit_id") public var enterpriseUnitID: UUID
    @Field(key: "enterprise_name") public var enterpriseName: String
    @Field(key: "value_days_fen") public var valueDaysFen: Int
    @Field(key: "storage_fen") public var storageFen: Int
    @Field(key: "purchase_value_fen") public var purchaseValueFen: Int
    @Field(key: "management_fen") public var managementFen: Int
    @Field(key: "depreciation_fen") public var depreciationFen: Int
    @Field(key: "capacity_fen") public var capacityFen: Int
    @Field(key: "total_fen") public var totalFen: Int

    public var properties: [any AnyProperty] {
        [
            $id, $periodID, $enterpriseUnitID, $enterpriseName, $valueDaysFen, $storageFen, $purchaseValueFen,
            $managementFen, $depreciationFen, $capacityFen, $totalFen,
        ]
    }

    public init() {}
}
