import FluentKit
import Foundation
import LifelineDomain

/// A row of `raw_material_stocks`: one jurisdiction's stock and monthly use of one whitelisted raw
/// material (R3.6).
public final class RawMaterialStockRecord: Model, @unchecked Sendable {
    public static let schema = "raw_material_stocks"

    @ID(key: .id) public var id: UUID?
    @Field(key: "jurisdiction_code") public var jurisdictionCode: String
    @Field(key: "path") public var path: String
    @Field(key: "material") public var material: String
    @Field(key: "stock") public var stock: Int
    @Field(key: "monthly_use") public var monthlyUse: Int
    @Field(key: "updated_by_name") public var updatedByName: String
    @Field(key: "updated_at_ms") public var updatedAtMs: Int

    public var properties: [any AnyProperty] {
        [$id, $jurisdictionCode, $path, $material, $stock, $monthlyUse, $updatedByName, $updatedAtMs]
    }

    public init() {}

    public var materialClass: RawMaterialClass {
        get throws { try Stored.value(RawMaterialClass.self, material, column: "raw_material_stocks.material") }
    }
    public var jurisdictionPath: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, path, column: "raw_material_stocks.path") }
    }
}

/// A row of `raw_material_suppliers`: a whitelisted supplier of a raw material with its agreed price
/// (a long-term purchase agreement, prices within ±15 %) and the latest price it quoted.
public final class RawMaterialSupplierRecord: Model, @unchecked Sendable {
    public static let schema = "raw_material_suppliers"

    @ID(key: .id) public var id: UUID?
    @Field(key: "material") public var material: String
    @Field(key: "name") public var name: String
    /// The jurisdiction that keeps the agreement (scope checks read it).
    @Field(key: "path") public var path: String
    @Field(key: "agreed_price_fen") public var agreedPriceFen: Int
    @OptionalField(key: "latest_price_fen") public var latestPriceFen: Int?
    @Field(key: "created_at_ms") public var createdAtMs: Int

    public var properties: [any AnyProperty] {
        [$id, $material, $name, $path, $agreedPriceFen, $latestPriceFen, $createdAtMs]
    }

    public init() {}

    public var materialClass: RawMaterialClass {
        get throws { try Stored.value(RawMaterialClass.self, material, column: "raw_material_suppliers.material") }
    }
}
