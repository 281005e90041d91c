import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing

/// Lists and sums, on both engines.
@Suite struct QueryTests {
    @Test(arguments: TestDatabase.allCases)
    func stockPositionsSumByEveryGrouping(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            _ = try await services.stock.issue(IssueInput(lotId: w.lot, quantity: 10), key: "i", by: w.officerA)
            let city = w.cityOfficer
            let byDepot = try await services.stock.positions(by: .depot, for: city)
            #expect(Set(byDepot.map(\.key)) == [w.nanming.uuidString, w.yunyan.uuidString])
            #expect(byDepot.first { $0.key == w.nanming.uuidString }?.onHand == 90)
            let byJurisdiction = try await services.stock.positions(by: .jurisdiction, for: city)
            #expect(Set(byJurisdiction.map(\.key)) == ["CN/52/5201/520102", "CN/52/5201/520103"])
            #expect(byJurisdiction.first { $0.key == "CN/52/5201/520103" }?.label == "云岩区")
            #expect(byJurisdiction.map(\.onHand).reduce(0, +) == 140)
            let province = try await services.stock.positions(
                by: .jurisdiction, under: JurisdictionCode(rawValue: "52"), for: .system)
            #expect(province.map(\.key) == ["CN/52/5201"])
            let byCategory = try await services.stock.positions(by: .category, for: city)
            #expect(byCategory.map(\.key) == ["masks"])
            #expect(byCategory[0].available == 140)
            #expect(byCategory[0].value > FenSum())
            let byItem = try await services.stock.positions(by: .item, for: w.officerA)
            #expect(byItem.map(\.onHand) == [90])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func listsPaginateSortAndFilterInSQL(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            for n in 1...12 {
                _ = try await services.stock.receive(
                    ReceiptInput(
                        depotId: w.nanming, itemId: w.mask, quantity: n, batchNo: String(format: "P%02d", n),
                        manufacturer: "M",
                        productionDate: "2025-01-01", expiryDate: String(format: "2027-%02d-01", n)), key: "p\(n)",
                    by: .system)
            }
            let first = try await services.stock.lots(
                LotFilter(depotId: w.nanming), page: PageRequest(page: 1, per: 5, sort: "expiry"), for: w.officerA)
            #expect(first.total == 13)
            #expect(first.pageCount == 3)
            #expect(first.items.map(\.batchNo) == ["P01", "P02", "P03", "P04", "P05"])
            let last = try await services.stock.lots(
                LotFilter(depotId: w.nanming), page: PageRequest(page: 3, per: 5, sort: "expiry"), for: w.officerA)
            #expect(
                last.items.map(\.batchNo) == ["P10", "P11", "P12"],
                "B-100 (2027-06-30) sits on page 2 between P06 and P07")
            let byQuantity = try await services.stock.lots(
                LotFilter(), page: PageRequest(page: 1, per: 2, sort: "-onHand"), for: w.officerA)
            #expect(byQuantity.items.map(\.onHand) == [100, 12])
            let soon = try await services.stock.lots(
                LotFilter(expiringWithinDays: 60), page: PageRequest(), for: w.officerA)
            #expect(soon.items.map(\.batchNo) == ["P01"])
            #expect(soon.items.first?.expiryBand == .near)
            let jurisdictions = try await services.reference.jurisdictions(
                JurisdictionFilter(parent: "5201"), page: PageRequest(per: 100), for: .system)
            #expect(jurisdictions.total == 10)
            let search = try await services.reference.jurisdictions(
                JurisdictionFilter(query: "南明"), page: PageRequest(), for: .system)
            #expect(search.items.map(\.code) == ["520102"])
            await #expect(throws: LifelineError.self) {
                try await services.stock.lots(LotFilter(), page: PageRequest(page: 0), for: w.officerA)
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theDivisionTreeAndMacroRegionsAreLoaded(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let provinces = try await services.reference.jurisdictions(
                JurisdictionFilter(level: .province), page: PageRequest(per: 100), for: .system)
            #expect(provinces.total == 34)
            let cities = try await services.reference.jurisdictions(
                JurisdictionFilter(level: .city), page: PageRequest(per: 1), for: .system)
            #expect(cities.total == 344)
            let counties = try await services.reference.jurisdictions(
                JurisdictionFilter(level: .county), page: PageRequest(per: 1), for: .system)
            #expect(counties.total == 3133 - 282, "county-level 市辖区 placeholders are not jurisdictions")
            let all = try await services.reference.jurisdictions(
                JurisdictionFilter(), page: PageRequest(per: 500), for: .system)
            #expect(all.items.allSatisfy { $0.longitude != nil && $0.latitude != nil })
            let beijing = try await services.reference.jurisdiction("1101", for: .system)
            #expect(beijing.name == "北京市市辖区")
            let regions = try await services.reference.macroRegions(for: .system)
            #expect(regions.count == 5)
            #expect(regions.allSatisfy { $0.leads.count == 2 })
            #expect(regions.flatMap(\.members).count == 34)
            #expect(regions.first { $0.members.contains("52") }?.nameZh == "西南片区")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theCatalogueIsVersioned(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let first = try await services.reference.catalogueVersion(1, for: .system)
            #expect(first.itemCount >= 60)
            let categories = Set(first.entries?.map(\.category) ?? [])
            // Every category but kits, which an office assembles from the others (R7.1).
            #expect(categories.isSuperset(of: ItemCategory.allCases.filter { $0 != .kits }.map(\.rawValue)))
            var item = try #require(
                try await services.reference.items(ItemFilter(query: "N95"), page: PageRequest(), for: .system).items
                    .first)
            item.definition.unitPriceFen += 100
            _ = try await services.reference.updateItem(item.id, item.definition, by: .system)
            let codes = (first.entries ?? []).map(\.code)
            let second = try await services.reference.reviseCatalogue(
                CatalogueRevision(title: "2027 修订", itemCodes: Array(codes.prefix(10))), by: .system)
            #expect(second.number == 2)
            #expect(second.basedOn == 1)
            #expect(
                try await services.reference.catalogueVersion(1, for: .system).itemCount == first.itemCount,
                "a published version never changes")
            await #expect(throws: LifelineError.self) {
                try await services.reference.reviseCatalogue(
                    CatalogueRevision(title: "bad", itemCodes: ["NOPE-1"]), by: .system)
            }
            let county = Actor(
                userID: UUID(), username: "c", role: .supplyOfficer, scope: JurisdictionCode(rawValue: "520102")!.path)
            await #expect(throws: LifelineError.self) {
                try await services.reference.reviseCatalogue(
                    CatalogueRevision(title: "x", itemCodes: ["PPE-0001"]), by: county)
            }
        }
    }
}
