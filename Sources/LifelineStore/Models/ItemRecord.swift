import FluentKit
import Foundation
import LifelineDomain

/// A row of `items`: the item master the catalogue versions are drawn from.
public final class ItemRecord: Model, @unchecked Sendable {
    public static let schema = "items"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "name_zh") public var nameZh: String
    @Field(key: "name_en") public var nameEn: String
    @Field(key: "reserve_class") public var reserveClass: String
    @Field(key: "category") public var category: String
    @Field(key: "unit_zh") public var unitZh: String
    @Field(key: "unit_en") public var unitEn: String
    @OptionalField(key: "spec") public var spec: String?
    @Field(key: "shelf_life_days") public var shelfLifeDays: Int
    @Field(key: "storage") public var storage: String
    @Field(key: "reusable") public var reusable: Bool
    @OptionalField(key: "substitution_group") public var substitutionGroup: String?
    @OptionalField(key: "substitution_role") public var substitutionRole: String?
    @Field(key: "unit_price_fen") public var unitPriceFen: Int
    @Field(key: "volume_cm3") public var volumeCm3: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] {
        [
            $id, $code, $nameZh, $nameEn, $reserveClass, $category, $unitZh, $unitEn, $spec, $shelfLifeDays, $storage,
            $reusable,
            $substitutionGroup, $substitutionRole, $unitPriceFen, $volumeCm3, $createdAt, $updatedAt,
        ]
    }

    public init() {}

    public init(id: UUID, definition: ItemDefinition) {
        self.id = id
        apply(definition)
    }

    public func apply(_ d: ItemDefinition) {
        code = d.code
        nameZh = d.nameZh
        nameEn = d.nameEn
        reserveClass = d.reserveClass.rawValue
        category = d.category.rawValue
        unitZh = d.unitZh
        unitEn = d.unitEn
        spec = d.spec
        shelfLifeDays = d.shelfLifeDays
        storage = d.storage.rawValue
        reusable = d.reusable
        substitutionGroup = d.substitutionGroup
        substitutionRole = d.substitutionRole?.rawValue
        unitPriceFen = d.unitPriceFen
        volumeCm3 = d.volumeCm3
    }

    public var definition: ItemDefinition {
        get throws {
            ItemDefinition(
                code: code, nameZh: nameZh, nameEn: nameEn,
                reserveClass: try Stored.value(ReserveClass.self, reserveClass, column: "items.reserve_class"),
                category: try Stored.value(ItemCategory.self, category, column: "items.category"), unitZh: unitZh,
                unitEn: unitEn, spec: spec,
                shelfLifeDays: shelfLifeDays,
                storage: try Stored.value(StorageCondition.self, storage, column: "items.storage"), reusable: reusable,
                substitutionGroup: substitutionGroup,
                substitutionRole: substitutionRole.flatMap(SubstitutionRole.init(rawValue:)),
                unitPriceFen: unitPriceFen, volumeCm3: volumeCm3)
        }
    }
}
