import FluentKit
import Foundation

/// A row of `catalogue_versions`: one published revision of the reserve catalogue (R2.2).
public final class CatalogueVersionRecord: Model, @unchecked Sendable {
    public static let schema = "catalogue_versions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "number") public var number: Int
    @Field(key: "title") public var title: String
    @OptionalField(key: "based_on") public var basedOn: Int?
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Children(for: \.$version) public var entries: [CatalogueEntryRecord]

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] { [$id, $number, $title, $basedOn, $createdBy, $createdAt, $entries] }

    public init() {}

    public init(id: UUID, number: Int, title: String, basedOn: Int?, createdBy: String) {
        self.id = id
        self.number = number
        self.title = title
        self.basedOn = basedOn
        self.createdBy = createdBy
    }
}

/// A row of `catalogue_entries`: an item as it stood in a catalogue version (a snapshot, so that
/// later edits of the item master never rewrite a published version).
public final class CatalogueEntryRecord: Model, @unchecked Sendable {
    public static let schema = "catalogue_entries"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "version_id") public var version: CatalogueVersionRecord
    @Field(key: "item_id") public var itemID: UUID
    @Field(key: "code") public var code: String
    @Field(key: "name_zh") public var nameZh: String
    @Field(key: "name_en") public var nameEn: String
    @Field(key: "reserve_class") public var reserveClass: String
    @Field(key: "category") public var category: String
    @Field(key: "unit_zh") public var unitZh: String
    @Field(key: "unit_price_fen") public var unitPriceFen: Int

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] {
        [$id, $version, $itemID, $code, $nameZh, $nameEn, $reserveClass, $category, $unitZh, $unitPriceFen]
    }

    public init() {}

    public init(id: UUID, versionID: UUID, item: ItemRecord) throws {
        self.id = id
        self.$version.id = versionID
        self.itemID = try item.requireID()
        self.code = item.code
        self.nameZh = item.nameZh
        self.nameEn = item.nameEn
        self.reserveClass = item.reserveClass
        self.category = item.category
        self.unitZh = item.unitZh
        self.unitPriceFen = item.unitPriceFen
    }
}
