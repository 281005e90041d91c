import Foundation
import LifelineDomain
import Testing

/// The mass-testing standard as data (#12 item 2, seed 001, ADR 0038): 27 item classes, the seed's
/// three kits, reusable and district-held items, validation naming the entry and field, and CSV.
@Suite struct MassTestingStandardTests {
    let seed = MassTestingStandard.seed001

    /// The Lifeline error `body` throws, if any.
    static func error(_ body: () throws -> Void) -> LifelineError? {
        do {
            try body()
            return nil
        } catch {
            return error as? LifelineError
        }
    }

    /// The demo catalogue's rows by code (Sources/LifelineStore/Reference/default-catalogue.csv).
    static func catalogue() throws -> [String: [String: String]] {
        let url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/LifelineStore/Reference/default-catalogue.csv")
        let table = try CSVTable(parsing: try String(contentsOf: url, encoding: .utf8))
        return Dictionary(table.records.map { ($0.values["code"] ?? "", $0.values) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func theSeedStandardCoversTwentySevenClassesAndIsValid() throws {
        #expect(seed.entries.count == 27)  // 保障物资27类
        #expect(Set(seed.itemClasses).count == 27)
        #expect(Set(seed.entries.compactMap(\.catalogueCode)).count == seed.entries.compactMap(\.catalogueCode).count)
        #expect(try seed.validated() == seed, "the seed standard is already in its validated form")
        #expect(seed.version == "seed-001")
        #expect(seed.effectiveFrom == nil && seed.approvedBy == nil, "a draft until an office approves it")
    }

    /// R7.1: the seed's kits word for word.
    @Test func theKitsHoldWhatTheSeedLists() {
        func names(_ level: ProtectionLevel) -> Set<String> { Set(seed.kit(level).map(\.nameZh)) }
        #expect(names(.level1) == ["医用防护口罩", "一次性工作帽", "一次性隔离衣", "乳胶手套"])
        let level2 = Set(["医用防护口罩", "一次性工作帽", "医用防护服", "乳胶手套", "乳胶检查手套（无菌）", "靴套"])
        #expect(names(.level2Waste) == level2.union(["护目镜"]))
        #expect(names(.level2Sample) == level2.union(["隔离面屏"]))
        #expect(seed.kit(.level1).allSatisfy { $0.quantity == 1 }, "one of each item per kit")
    }

    @Test func reusableAndDistrictItemsAreTheSeeds() {
        let reusable = Set(seed.entries.filter(\.reusable).map(\.itemClass))
        // The list: transport boxes, waste boxes, thermometers, tents, sprayers.
        #expect(reusable.isSuperset(of: ["transport_box", "waste_box", "thermometer", "tent", "sprayer"]))
        #expect(
            reusable == [
                "goggles", "transport_box", "ice_pack", "sprayer", "waste_box", "thermometer", "tent", "megaphone",
                "sampling_desk", "code_scanner",
            ])
        let districts = Set(seed.entries.filter(\.districtOnly).map(\.itemClass))
        #expect(districts == ["ethanol", "chlorine_tablets", "sprayer", "waste_bag", "waste_box"])
        #expect(seed.entry("pooled_tube")?.poolSize == 10, "10-in-1 tubes")
        #expect(seed.entry("swab")?.poolSize == nil)
    }

    /// Each class maps to the demo catalogue's code where one exists, and agrees with it on reuse.
    @Test func catalogueCodesExistAndAgreeOnReuse() throws {
        let catalogue = try Self.catalogue()
        for entry in seed.entries {
            guard let code = entry.catalogueCode else { continue }
            let row = try #require(catalogue[code], "\(entry.itemClass): \(code) is not in the demo catalogue")
            #expect(row["reusable"] == (entry.reusable ? "1" : "0"), "\(entry.itemClass)")
            #expect(row["unit_zh"] == entry.unitZh, "\(entry.itemClass)")
        }
        #expect(
            Set(seed.entries.filter { $0.catalogueCode == nil }.map(\.itemClass))
                == ["ice_pack", "sampling_desk", "code_scanner", "barrier_tape"])
    }

    @Test(arguments: [
        (2, Decimal(0), "entries[2].quantity"),
        (2, Decimal(1_001), "entries[2].quantity"),
        (2, Decimal(string: "0.0000001")!, "entries[2].quantity"),
        (5, Decimal.nan, "entries[5].quantity"),
    ])
    func aBadQuantityNamesTheEntry(_ index: Int, _ value: Decimal, _ field: String) {
        var standard = seed
        standard.entries[index].quantity = value
        let error = Self.error { _ = try standard.validated() }
        #expect(error?.field == field)
        #expect(error?.code == .invalidValue)
    }

    @Test func validationNamesTheEntryAndField() {
        func field(_ change: (inout MassTestingStandard) -> Void) -> String? {
            var standard = seed
            change(&standard)
            return Self.error { _ = try standard.validated() }?.field
        }
        #expect(field { $0.version = " " } == "version")
        #expect(field { $0.entries = [] } == "entries")
        #expect(field { $0.entries[0].poolSize = 10 } == "entries[0].poolSize", "pools are for people tested")
        #expect(field { $0.entries[10].poolSize = 0 } == "entries[10].poolSize")
        #expect(field { $0.entries[0].kits = [] } == "entries[0].kits", "a kit item names its kits")
        #expect(field { $0.entries[9].kits = [.level1] } == "entries[9].kits", "only kit items name kits")
        #expect(field { $0.entries[9].reusable = true } == "entries[9].reusable", "swabs are used up")
        #expect(field { $0.entries[3].itemClass = "Latex Gloves" } == "entries[3].itemClass")
        #expect(field { $0.entries[3].nameZh = "" } == "entries[3].nameZh")
        #expect(field { $0.entries[4].catalogueCode = "PPE 5" } == "entries[4].catalogueCode")
        #expect(field { $0.entries[4].itemClass = "work_cap" } == "entries[4].itemClass")
        #expect(field { $0.entries[4].catalogueCode = "PPE-0001" } == "entries[4].catalogueCode")
        let duplicate = Self.error {
            var standard = seed
            standard.entries[4].itemClass = "work_cap"
            _ = try standard.validated()
        }
        #expect(duplicate?.code == .duplicate)
    }

    @Test func validationTidiesKitsAndText() throws {
        var standard = seed
        standard.entries[0].kits = [.level2Waste, .level1, .level2Waste]
        standard.entries[0].nameEn = "  Medical protective mask "
        standard.approvedBy = "  "
        let tidy = try standard.validated()
        #expect(tidy.entries[0].kits == [.level1, .level2Waste])
        #expect(tidy.entries[0].nameEn == "Medical protective mask")
        #expect(tidy.approvedBy == nil)
    }

    @Test func csvRoundTripsTheStandard() throws {
        #expect(try MassTestingStandard(csv: seed.csv()) == seed)
        var approved = seed
        approved.version = "2022-1"
        approved.effectiveFrom = Day(year: 2022, month: 4, day: 1)
        approved.approvedBy = "王科长, 市物资保障组"
        approved.entries[2].nameEn = "Gown, \"isolation\""
        approved.entries[11].quantity = Decimal(string: "0.125")!
        let text = approved.csv()
        #expect(text.hasPrefix("\u{FEFF}item_class,name_zh,"))
        #expect(try MassTestingStandard(csv: text) == approved)
        // The seed's kits and flags as the file shows them.
        let table = try CSVTable(parsing: text)
        let mask = try #require(table.records.first { $0.values["item_class"] == "protective_mask" })
        #expect(mask.values["kits"] == "level_1|level_2_sample|level_2_waste")
        #expect(mask.values["effective_from"] == "2022-04-01")
        #expect(table.records.first { $0.values["item_class"] == "single_tube" }?.values["quantity"] == "0.125")
    }

    /// A file edited by hand: every error names its line (header = 1) and column.
    @Test(arguments: [
        (4, "quantity", "abc", "quantity"),
        (4, "quantity", "1e3", "quantity"),
        (4, "quantity", "-1", "quantity"),
        (6, "quantity", "0", "quantity"),
        (7, "basis", "per_day", "basis"),
        (8, "pool_size", "ten", "pool_size"),
        (8, "pool_size", "10", "pool_size"),  // a per-kit item: validation, moved onto the file
        (9, "kits", "level3", "kits"),
        (20, "reusable", "maybe", "reusable"),
        (21, "district_only", "2", "district_only"),
        (25, "effective_from", "2022-02-30", "effective_from"),
        (26, "version", "seed-002", "version"),
        (27, "approved_by", "someone", "approved_by"),
        (28, "item_class", "protective_mask", "item_class"),
        (12, "catalogue_code", "PPE-0001", "catalogue_code"),
        (2, "version", "", "version"),
    ])
    func aBadFileNamesLineAndColumn(_ line: Int, _ column: String, _ value: String, _ expected: String) throws {
        var table = try CSVTable(parsing: seed.csv())
        let index = try table.column(column)
        if column == "version" && line == 2 {
            for row in table.rows.indices { table.rows[row][index] = value }
        } else {
            table.rows[line - 2][index] = value
        }
        let error = Self.error { _ = try MassTestingStandard(csv: table.encoded()) }
        #expect(error?.code == .importFailed)
        #expect(error?.parameters["row"] == String(line), "\(String(describing: error))")
        #expect(error?.field == expected, "\(String(describing: error))")
        #expect(error?.message(.zh).contains("第 \(line) 行") == true, "\(error?.message(.zh) ?? "")")
    }

    @Test func aFileWithoutItsColumnsOrRowsIsRefusedAtLineOne() {
        let noRows = Self.error {
            _ = try MassTestingStandard(csv: MassTestingStandard.csvHeader.joined(separator: ","))
        }
        #expect(noRows?.code == .importFailed && noRows?.parameters["row"] == "1")
        let header = MassTestingStandard.csvHeader.filter { $0 != "kits" }.joined(separator: ",")
        let missing = Self.error { _ = try MassTestingStandard(csv: header + "\n") }
        #expect(missing?.code == .importFailed && missing?.parameters["row"] == "1")
        #expect(missing?.message(.en).contains("kits") == true)
    }

    @Test func theStandardRoundTripsAsJSON() throws {
        let data = try JSONEncoder().encode(seed)
        #expect(try JSONDecoder().decode(MassTestingStandard.self, from: data) == seed)
    }
}
