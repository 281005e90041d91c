import FluentKit
import Foundation
import LifelineDomain

/// A row of `purchase_quotas`: an institution's yearly purchase quota of an item (R4.3) and how
/// much rotation has issued against it.
public final class PurchaseQuotaRecord: Model, @unchecked Sendable {
    public static let schema = "purchase_quotas"

    @ID(key: .id) public var id: UUID?
    @Field(key: "unit_id") public var unitID: UUID
    @Field(key: "item_id") public var itemID: UUID
    @Field(key: "year") public var year: Int
    /// The institution's area.
    @Field(key: "path") public var path: String
    @Field(key: "quota") public var quota: Int
    @Field(key: "used") public var used: Int
    @Field(key: "updated_by_name") public var updatedByName: String
    @Field(key: "updated_at_ms") public var updatedAtMs: Int

    public var properties: [any AnyProperty] {
        [$id, $unitID, $itemID, $year, $path, $quota, $used, $updatedByName, $updatedAtMs]
    }

    public init() {}
}

/// A row of `rotation_plans`: a proposal to rotate a jurisdiction's near-expiry stock (R4.3) —
/// its steps as JSON (``RotationStep``s with the lots' depots) — and, once executed, the documents
/// it made.
public final class RotationPlanRecord: StatefulRecord, @unchecked Sendable {
    public static let schema = "rotation_plans"

    @ID(key: .id) public var id: UUID?
    @Field(key: "number") public var number: String
    @Field(key: "jurisdiction_code") public var jurisdictionCode: String
    @Field(key: "path") public var path: String
    /// Changes only through `Locked.transition(to:on:)` (ADR 0022).
    @Field(key: "status") public internal(set) var status: String
    @Field(key: "allow_sale") public var allowSale: Bool
    @Field(key: "steps") public var steps: String
    @Field(key: "created_by_name") public var createdByName: String
    @Field(key: "created_at_ms") public var createdAtMs: Int
    @OptionalField(key: "decided_by_name") public var decidedByName: String?
    @OptionalField(key: "decided_at_ms") public var decidedAtMs: Int?
    @OptionalField(key: "buyer") public var buyer: String?
    @OptionalField(key: "sale_price_percent") public var salePricePercent: Int?
    /// The document numbers execution made, space-separated.
    @OptionalField(key: "documents") public var documents: String?

    public var properties: [any AnyProperty] {
        [
            $id, $number, $jurisdictionCode, $path, $status, $allowSale, $steps, $createdByName, $createdAtMs,
            $decidedByName, $decidedAtMs, $buyer, $salePricePercent, $documents,
        ]
    }

    public init() {}

    public convenience init(status: String) {
        self.init()
        self.status = status
    }

    public var planStatus: RotationPlanStatus {
        get throws { try Stored.value(RotationPlanStatus.self, status, column: "rotation_plans.status") }
    }
    public var jurisdictionPath: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, path, column: "rotation_plans.path") }
    }
}

extension RotationPlanRecord: StatusWritable {}

/// A row of `lot_sales`: near-expiry units sold (a `sale` movement under `document_no`), with the
/// buyer, the price and the proceeds.
public final class LotSaleRecord: Model, @unchecked Sendable {
    public static let schema = "lot_sales"

    @ID(key: .id) public var id: UUID?
    @Field(key: "document_no") public var documentNo: String
    @OptionalField(key: "rotation_plan_id") public var rotationPlanID: UUID?
    @Field(key: "lot_id") public var lotID: UUID
    @Field(key: "path") public var path: String
    @Field(key: "buyer") public var buyer: String
    @Field(key: "quantity") public var quantity: Int
    @Field(key: "unit_price_fen") public var unitPriceFen: Int
    @Field(key: "proceeds_fen") public var proceedsFen: Int
    @Field(key: "sold_at_ms") public var soldAtMs: Int

    public var properties: [any AnyProperty] {
        [$id, $documentNo, $rotationPlanID, $lotID, $path, $buyer, $quantity, $unitPriceFen, $proceedsFen, $soldAtMs]
    }

    public init() {}
}
