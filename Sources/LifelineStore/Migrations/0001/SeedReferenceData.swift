import FluentKit
import Foundation
import LifelineDomain
import SQLKit

/// Loads the whole division tree (nation → 34 provinces → cities → counties) from cn-adcodes.csv.
struct SeedDivisionTree: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let jurisdictions = try DivisionTree.build(
            DivisionTree.rows(from: ReferenceFiles.table(ReferenceFiles.divisions)))
        for chunk in jurisdictions.chunked(into: 200) {
            var insert = database.sql().insert(into: JurisdictionRecord.schema)
                .columns("code", "name", "level", "parent_code", "path", "longitude", "latitude", "population")
            for j in chunk {
                insert = insert.values(
                    SQLBind(j.code.rawValue), SQLBind(j.name), SQLBind(j.level.rawValue),
                    SQLBind(j.code.parent?.rawValue),
                    SQLBind(j.path.rawValue), SQLBind(j.location?.longitude), SQLBind(j.location?.latitude),
                    SQLBind(j.population))
            }
            try await insert.run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.sql().delete(from: JurisdictionRecord.schema).run()
    }
}

/// Loads the five macro-regions and their lead provinces from macro-regions.csv (ADR 0004).
struct SeedMacroRegions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let regions = try MacroRegionFile.regions(from: ReferenceFiles.table(ReferenceFiles.macroRegions))
        let provinces = try await JurisdictionRecord.query(on: database).filter(\.$level == "province").all()
        try MacroRegion.validate(regions, provinces: Set(provinces.map(\.code)))
        for region in regions {
            try await MacroRegionRecord(code: region.code, nameZh: region.name.zh, nameEn: region.name.en).create(
                on: database)
            for member in region.members {
                try await MacroRegionMemberRecord(
                    province: member.rawValue, region: region.code, isLead: region.leads.contains(member)
                ).create(on: database)
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await MacroRegionMemberRecord.query(on: database).delete()
        try await MacroRegionRecord.query(on: database).delete()
    }
}

/// Loads the default catalogue into the item master and publishes it as catalogue version 1.
struct SeedDefaultCatalogue: AsyncMigration {
    /// Fixed ids so that every installation's version 1 is the same document.
    static let versionID = UUID(uuidString: "6c1f0000-0000-4000-8000-000000000001")!

    func prepare(on database: any Database) async throws {
        let table = try ReferenceFiles.table(ReferenceFiles.defaultCatalogue)
        let items = try table.records.map { record throws(LifelineError) in
            try ItemCSV.item(from: record.values, line: record.line)
        }
        var records: [ItemRecord] = []
        for (index, item) in items.enumerated() {
            let record = ItemRecord(id: Self.itemID(index), definition: item)
            try await record.create(on: database)
            records.append(record)
        }
        try await CatalogueVersionRecord(
            id: Self.versionID, number: 1, title: "默认储备目录 / Default reserve catalogue", basedOn: nil,
            createdBy: "system"
        ).create(on: database)
        for (index, record) in records.enumerated() {
            try await CatalogueEntryRecord(id: Self.entryID(index), versionID: Self.versionID, item: record).create(
                on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await CatalogueEntryRecord.query(on: database).filter(\.$version.$id == Self.versionID).delete()
        try await CatalogueVersionRecord.query(on: database).filter(\.$id == Self.versionID).delete()
    }

    static func itemID(_ index: Int) -> UUID {
        UUID(uuidString: String(format: "6c1f1000-0000-4000-8000-%012d", index + 1))!
    }
    static func entryID(_ index: Int) -> UUID {
        UUID(uuidString: String(format: "6c1f2000-0000-4000-8000-%012d", index + 1))!
    }
}

/// Reads macro-regions.csv: `region_code,name_zh,name_en,province_code,is_lead`.
enum MacroRegionFile {
    static func regions(from table: CSVTable) throws -> [MacroRegion] {
        var order: [String] = []
        var regions: [String: MacroRegion] = [:]
        for record in table.records {
            let v = record.values
            guard let code = v["region_code"],
                let province = v["province_code"].flatMap(JurisdictionCode.init(rawValue:))
            else {
                throw LifelineError(
                    .importFailed, ["row": String(record.line), "reason": "bad region or province code"])
            }
            if regions[code] == nil {
                order.append(code)
                regions[code] = MacroRegion(
                    code: code, name: LocalizedText(zh: v["name_zh"] ?? code, en: v["name_en"] ?? code), members: [],
                    leads: [])
            }
            regions[code]?.members.append(province)
            if v["is_lead"] == "1" { regions[code]?.leads.append(province) }
        }
        return order.compactMap { regions[$0] }
    }
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
