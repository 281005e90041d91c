import FluentKit
import Foundation
import LifelineDomain

/// A row of `weekly_reports`: a storage enterprise's report for one Thursday (R11.1, seed 002's
/// 每周四报送) — source, stock, expiry and capacity compiled from the ledger and its agreements,
/// then confirmed by the enterprise; a confirmation after the day's grace is late.
public final class WeeklyReportRecord: StatefulRecord, @unchecked Sendable {
    public static let schema = "weekly_reports"

    @ID(key: .id) public var id: UUID?
    @Field(key: "enterprise_unit_id") public var enterpriseUnitID: UUID
    @Field(key: "enterprise_name") public var enterpriseName: String
    /// The enterprise's area: the offices above it read the report.
    @Field(key: "path") public var path: String
    /// The Thursday the report is for.
    @Field(key: "week_day") public var weekDay: String
    /// The compiled lines, as JSON (``WeeklyReportLine``s).
    @Field(key: "body") public var body: String
    /// Changes only through `Locked.transition(to:on:)` (ADR 0022).
    @Field(key: "status") public internal(set) var status: String
    @Field(key: "compiled_at_ms") public var compiledAtMs: Int
    @OptionalField(key: "confirmed_by_name") public var confirmedByName: String?
    @OptionalField(key: "confirmed_at_ms") public var confirmedAtMs: Int?
    @OptionalField(key: "confirmed_day") public var confirmedDay: String?

    public var properties: [any AnyProperty] {
        [
            $id, $enterpriseUnitID, $enterpriseName, $path, $weekDay, $body, $status, $compiledAtMs, $confirmedByName,
            $confirmedAtMs, $confirmedDay,
        ]
    }

    public init() {}

    public convenience init(status: String) {
        self.init()
        self.status = status
    }

    public var reportStatus: WeeklyReportStatus {
        get throws { try Stored.value(WeeklyReportStatus.self, status, column: "weekly_reports.status") }
    }
    public var week: Day {
        get throws { try Stored.value(Day.self, weekDay, column: "weekly_reports.week_day") }
    }
    public var jurisdictionPath: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, path, column: "weekly_reports.path") }
    }
}

extension WeeklyReportRecord: StatusWritable {}
