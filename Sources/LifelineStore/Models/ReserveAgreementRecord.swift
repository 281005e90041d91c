import FluentKit
import Foundation
import LifelineDomain

/// A row of `reserve_agreements`: a reserve mode other than the government's own depots (R3.5) —
/// a storage agreement (the enterprise holds contracted quantities for the jurisdiction), a
/// capacity reserve (a manufacturer keeps redundant lines ready) or a technology reserve (who can
/// produce what, how fast). Revoked through `Locked.transition(to:on:)`; past its end it counts no
/// more (``AgreementRule/effectiveStatus(stored:end:today:)``).
public final class ReserveAgreementRecord: StatefulRecord, @unchecked Sendable {
    public static let schema = "reserve_agreements"

    @ID(key: .id) public var id: UUID?
    @Field(key: "number") public var number: String
    @Field(key: "kind") public var kind: String
    /// Changes only through `Locked.transition(to:on:)` (ADR 0022).
    @Field(key: "status") public internal(set) var status: String
    @Field(key: "jurisdiction_code") public var jurisdictionCode: String
    @Field(key: "path") public var path: String
    @Field(key: "enterprise_unit_id") public var enterpriseUnitID: UUID
    @Field(key: "enterprise_name") public var enterpriseName: String
    @Field(key: "start_day") public var startDay: String
    @Field(key: "end_day") public var endDay: String
    /// The product of a capacity or technology reserve.
    @OptionalField(key: "item_id") public var itemID: UUID?
    @OptionalField(key: "production_lines") public var productionLines: Int?
    @OptionalField(key: "daily_output_per_line") public var dailyOutputPerLine: Int?
    @OptionalField(key: "redundancy_percent") public var redundancyPercent: Int?
    @OptionalField(key: "activation_hours") public var activationHours: Int?
    @OptionalField(key: "yearly_depreciation_fen") public var yearlyDepreciationFen: Int?
    @OptionalField(key: "description") public var description: String?
    @OptionalField(key: "lead_days") public var leadDays: Int?
    @Field(key: "created_by_name") public var createdByName: String
    @Field(key: "created_at_ms") public var createdAtMs: Int
    @OptionalField(key: "revoked_by_name") public var revokedByName: String?
    @OptionalField(key: "revoked_at_ms") public var revokedAtMs: Int?
    @OptionalField(key: "revoke_reason") public var revokeReason: String?

    public var properties: [any AnyProperty] {
        [
            $id, $number, $kind, $status, $jurisdictionCode, $path, $enterpriseUnitID, $enterpriseName, $startDay,
            $endDay, $itemID, $productionLines, $dailyOutputPerLine, $redundancyPercent, $activationHours,
            $yearlyDepreciationFen, $description, $leadDays, $createdByName, $createdAtMs, $revokedByName,
            $revokedAtMs, $revokeReason,
        ]
    }

    public init() {}

    public convenience init(status: String) {
        self.init()
        self.status = status
    }

    public var agreementKind: AgreementKind {
        get throws { try Stored.value(AgreementKind.self, kind, column: "reserve_agreements.kind") }
    }
    public var agreementStatus: AgreementStatus {
        get throws { try Stored.value(AgreementStatus.self, status, column: "reserve_agreements.status") }
    }
    public var jurisdictionPath: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, path, column: "reserve_agreements.path") }
    }
    public var start: Day {
        get throws { try Stored.value(Day.self, startDay, column: "reserve_agreements.start_day") }
    }
    public var end: Day {
        get throws { try Stored.value(Day.self, endDay, column: "reserve_agreements.end_day") }
    }
}

extension ReserveAgreementRecord: StatusWritable {}

/// A row of `reserve_agreement_lines`: an item and the quantity a storage agreement contracts.
public final class ReserveAgreementLineRecord: Model, @unchecked Sendable {
    public static let schema = "reserve_agreement_lines"

    @ID(key: .id) public var id: UUID?
    @Field(key: "agreement_id") public var agreementID: UUID
    @Field(key: "item_id") public var itemID: UUID
    @Field(key: "quantity") public var quantity: Int

    public var properties: [any AnyProperty] { [$id, $agreementID, $itemID, $quantity] }

    public init() {}
}
