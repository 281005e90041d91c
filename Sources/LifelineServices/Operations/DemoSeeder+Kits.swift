import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// The demo's kits (R7.1): the three protection kits of seed 001 as catalogue items and
/// definitions (their components from the built-in mass-testing standard), and up to 200 level-1
/// kits assembled in the first of the city's government depots that holds every component.
extension DemoSeeder {
    func seedKits() async throws {
        let standard = MassTestingStandard.seed001
        let kits: [(code: String, item: String, level: KitLevel, zh: String, en: String, protection: ProtectionLevel)] =
            [
                ("L1", "KIT-0001", .level1, "一级防护包", "Level-1 kit", .level1),
                ("L2S", "KIT-0002", .level2Sample, "二级防护包（采样）", "Level-2 sample kit", .level2Sample),
                ("L2W", "KIT-0003", .level2Waste, "二级防护包（医废）", "Level-2 waste kit", .level2Waste),
            ]
        for kit in kits {
            let components = standard.kit(kit.protection).compactMap { entry in
                entry.catalogueCode.map { KitComponent(itemCode: $0, quantity: 1) }
            }
            guard !components.isEmpty else { continue }
            _ = try await services.reference.createItem(
                ItemDefinition(
                    code: kit.item, nameZh: kit.zh, nameEn: kit.en, reserveClass: .emergency, category: .kits,
                    unitZh: "包", unitEn: "kit", spec: kit.level.text.zh, shelfLifeDays: 0, storage: .ambient,
                    reusable: false, unitPriceFen: 0, volumeCm3: 6_000), by: .system)
            _ = try await services.stock.defineKit(
                NewKitDefinition(
                    code: kit.code, nameZh: kit.zh, nameEn: kit.en, level: kit.level, kitItemCode: kit.item,
                    components: components), by: .system)
        }
        // Plan B (seed 001): a base kit per point with one table and an increment kit per extra table,
        // for the seed's 11.4 staff a point.
        for (code, zh, en) in [
            ("KIT-0004", "方案B基础包", "Plan B base kit"), ("KIT-0005", "方案B增量包", "Plan B increment kit"),
        ] {
            _ = try await services.reference.createItem(
                ItemDefinition(
                    code: code, nameZh: zh, nameEn: en, reserveClass: .emergency, category: .kits, unitZh: "包",
                    unitEn: "kit", spec: KitLevel.other.text.zh, shelfLifeDays: 0, storage: .ambient, reusable: false,
                    unitPriceFen: 0, volumeCm3: 60_000), by: .system)
        }
        _ = try await services.dispatch.definePlanBKits(
            PlanBKitsInput(
                staffPerPointPerShift: Decimal(string: "11.4")!, baseKitItemCode: "KIT-0004",
                incrementKitItemCode: "KIT-0005"), by: .system)
        // The first government depot of the city holding every level-1 component: up to 200 kits there.
        let components = standard.kit(.level1).compactMap { entry in
            entry.catalogueCode.map { KitComponent(itemCode: $0, quantity: 1) }
        }
        let items = Dictionary(
            try await ItemRecord.query(on: services.database).filter(\.$code ~~ components.map(\.itemCode)).all()
                .map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let today = services.today
        for depot in try await DepotRecord.query(on: services.database)
            .filter(\.$operatorKind == DepotOperatorKind.government.rawValue).filter(\.$path >= "CN/52/5201")
            .filter(\.$path < "CN/52/5201~").sort(\.$code).all()
        {
            var free: [String: Int] = [:]
            for component in components {
                guard let id = items[component.itemCode]?.id else { continue }
                free[component.itemCode] = try await LedgerSQL.issuableLots(
                    depot: try depot.requireID(), item: id, on: today, on: services.database
                ).reduce(0) { $0 + max(0, $1.balance.free) }
            }
            let possible = KitRule.possibleKits(components: components, free: free)
            guard possible >= 20 else { continue }
            _ = try await services.stock.assembleKits(
                KitWorkInput(definitionCode: "L1", depotId: try depot.requireID(), kits: min(200, possible)),
                by: .system)
            return
        }
    }
}
