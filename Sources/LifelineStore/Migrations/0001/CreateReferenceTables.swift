import FluentKit
import SQLKit

/// Jurisdictions and macro-regions: the division tree everything else hangs from.
struct CreateJurisdictions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(JurisdictionRecord.schema)
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("level", .string, .required)
            .field("parent_code", .string)
            .field("path", .string, .required)
            .field("longitude", .double)
            .field("latitude", .double)
            .field("population", .int64)
            .field("updated_at", .datetime)
            .create()
        try await database.sql().create(index: "jurisdictions_parent").on(JurisdictionRecord.schema)
            .column("parent_code").run()
        try await database.sql().create(index: "jurisdictions_path").on(JurisdictionRecord.schema).column("path").run()
        try await database.schema(MacroRegionRecord.schema)
            .field("code", .string, .identifier(auto: false))
            .field("name_zh", .string, .required)
            .field("name_en", .string, .required)
            .create()
        try await database.schema(MacroRegionMemberRecord.schema)
            .field("province_code", .string, .identifier(auto: false))
            .field("region_code", .string, .required, .references(MacroRegionRecord.schema, "code"))
            .field("is_lead", .bool, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MacroRegionMemberRecord.schema).delete()
        try await database.schema(MacroRegionRecord.schema).delete()
        try await database.schema(JurisdictionRecord.schema).delete()
    }
}

/// Units of every kind R1.2 names.
struct CreateUnits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UnitRecord.schema)
            .id()
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("name_en", .string)
            .field("jurisdiction_code", .string, .required, .references(JurisdictionRecord.schema, "code"))
            .field("path", .string, .required)
            .field("hospital_grade", .string)
            .field("beds", .int64)
            .field("qualification", .string)
            .field("vehicles", .int64)
            .field("longitude", .double)
            .field("latitude", .double)
            .field("address", .string)
            .field("phone", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.sql().create(index: "units_path").on(UnitRecord.schema).column("path").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UnitRecord.schema).delete()
    }
}

/// The item master and the catalogue versions drawn from it (R2).
struct CreateCatalogue: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ItemRecord.schema)
            .id()
            .field("code", .string, .required)
            .field("name_zh", .string, .required)
            .field("name_en", .string, .required)
            .field("reserve_class", .string, .required)
            .field("category", .string, .required)
            .field("unit_zh", .string, .required)
            .field("unit_en", .string, .required)
            .field("spec", .string)
            .field("shelf_life_days", .int64, .required)
            .field("storage", .string, .required)
            .field("reusable", .bool, .required)
            .field("substitution_group", .string)
            .field("substitution_role", .string)
            .field("unit_price_fen", .int64, .required)
            .field("volume_cm3", .int64, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .create()
        try await database.schema(CatalogueVersionRecord.schema)
            .id()
            .field("number", .int64, .required)
            .field("title", .string, .required)
            .field("based_on", .int64)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "number")
            .create()
        try await database.schema(CatalogueEntryRecord.schema)
            .id()
            .field("version_id", .uuid, .required, .references(CatalogueVersionRecord.schema, "id"))
            .field("item_id", .uuid, .required, .references(ItemRecord.schema, "id"))
            .field("code", .string, .required)
            .field("name_zh", .string, .required)
            .field("name_en", .string, .required)
            .field("reserve_class", .string, .required)
            .field("category", .string, .required)
            .field("unit_zh", .string, .required)
            .field("unit_price_fen", .int64, .required)
            .unique(on: "version_id", "item_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CatalogueEntryRecord.schema).delete()
        try await database.schema(CatalogueVersionRecord.schema).delete()
        try await database.schema(ItemRecord.schema).delete()
    }
}
