import FluentKit
import Foundation

/// A row of `macro_regions`: one of the five 片区.
public final class MacroRegionRecord: Model, @unchecked Sendable {
    public static let schema = "macro_regions"

    @ID(custom: "code", generatedBy: .user) public var id: String?
    @Field(key: "name_zh") public var nameZh: String
    @Field(key: "name_en") public var nameEn: String
    @Children(for: \.$region) public var members: [MacroRegionMemberRecord]

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] { [$id, $nameZh, $nameEn, $members] }

    public init() {}

    public init(code: String, nameZh: String, nameEn: String) {
        self.id = code
        self.nameZh = nameZh
        self.nameEn = nameEn
    }
}

/// A row of `macro_region_members`: a province in a macro-region, and whether it leads it.
public final class MacroRegionMemberRecord: Model, @unchecked Sendable {
    public static let schema = "macro_region_members"

    @ID(custom: "province_code", generatedBy: .user) public var id: String?
    @Parent(key: "region_code") public var region: MacroRegionRecord
    @Field(key: "is_lead") public var isLead: Bool

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] { [$id, $region, $isLead] }

    public init() {}

    public init(province: String, region: String, isLead: Bool) {
        self.id = province
        self.$region.id = region
        self.isLead = isLead
    }
}
