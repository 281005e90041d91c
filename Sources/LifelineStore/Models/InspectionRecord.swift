import FluentKit
import Foundation
import LifelineDomain

/// A row of `inspections`: a quality inspection of a storage enterprise (R11.2) — planned with its
/// sampled lots, completed with a result and a finding whose effect is applied at once (a notice,
/// a subsidy recovery, or revocation of the storage status: its agreements revoked, no new one).
public final class InspectionRecord: StatefulRecord, @unchecked Sendable {
    public static let schema = "inspections"

    @ID(key: .id) public var id: UUID?
    @Field(key: "jurisdiction_code") public var jurisdictionCode: String
    @Field(key: "path") public var path: String
    @Field(key: "enterprise_unit_id") public var enterpriseUnitID: UUID
    @Field(key: "enterprise_name") public var enterpriseName: String
    @Field(key: "title") public var title: String
    @Field(key: "planned_day") public var plannedDay: String
    /// Changes only through `Locked.transition(to:on:)` (ADR 0022).
    @Field(key: "status") public internal(set) var status: String
    /// The sampled lots' ids, comma-separated.
    @Field(key: "sampled_lots") public var sampledLots: String
    @OptionalField(key: "result") public var result: String?
    @OptionalField(key: "finding") public var finding: String?
    @OptionalField(key: "recovery_fen") public var recoveryFen: Int?
    @OptionalField(key: "notes") public var notes: String?
    @Field(key: "created_by_name") public var createdByName: String
    @Field(key: "created_at_ms") public var createdAtMs: Int
    @OptionalField(key: "completed_by_name") public var completedByName: String?
    @OptionalField(key: "completed_at_ms") public var completedAtMs: Int?

    public var properties: [any AnyProperty] {
        [
            $id, $jurisdictionCode, $path, $enterpriseUnitID, $enterpriseName, $title, $plannedDay, $status,
            $sampledLots, $result, $finding, $recoveryFen, $notes, $createdByName, $createdAtMs, $completedByName,
            $completedAtMs,
        ]
    }

    public init() {}

    public convenience init(status: String) {
        self.init()
        self.status = status
    }

    public var jurisdictionPath: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, path, column: "inspections.path") }
    }
    public var sampledLotIDs: [UUID] { sampledLots.split(separator: ",").compactMap { UUID(uuidString: String($0)) } }
}

extension InspectionRecord: StatusWritable {}
