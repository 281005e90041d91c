import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import Testing

/// Raw materials (R3.6): stock and use per jurisdiction, a purchase proposed and alerted under three
/// months, suppliers' quotes held to ±15 %.
@Suite struct RawMaterialTests {
    @Test(arguments: TestDatabase.allCases)
    func underThreeMonthsAPurchaseIsProposedAndAlerted(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let reserves = services.reserves
            let rows = try await reserves.rawMaterials(in: "5201", for: w.cityOfficer)
            #expect(rows.count == 8 && rows.allSatisfy { $0.stock == 0 && $0.proposedPurchase == 0 })
            let set = try await reserves.setRawMaterial(
                .meltBlown, in: "5201", stock: 120, monthlyUse: 60, by: w.cityOfficer)
            #expect(set.proposedPurchase == 60 && set.monthsOfCoverTenths == 20)
            await #expect(throws: LifelineError.outOfScope(.jurisdiction)) {
                try await reserves.setRawMaterial(.meltBlown, in: "5201", stock: 1, monthlyUse: 1, by: w.officerA)
            }
            await #expect(throws: LifelineError.self) {
                try await reserves.setRawMaterial(.meltBlown, in: "5201", stock: -1, monthlyUse: 1, by: w.cityOfficer)
            }
            try await services.alerts.refresh()
            let alerts = try await services.alerts.alerts(
                AlertFilter(kind: .rawMaterialLow), page: PageRequest(), for: w.cityOfficer)
            #expect(alerts.total == 1)
            #expect(alerts.items.first?.messageZh.contains("建议政府收储 60 吨") == true)
            #expect(
                try await services.alerts.alerts(
                    AlertFilter(kind: .rawMaterialLow), page: PageRequest(), for: w.officerA
                ).total == 0)
            _ = try await reserves.setRawMaterial(.meltBlown, in: "5201", stock: 200, monthlyUse: 60, by: w.cityOfficer)
            #expect(try await services.alerts.refresh().closed == 1)
            // Suppliers: a quote outside ±15 % is flagged.
            let good = try await reserves.addRawMaterialSupplier(
                NewRawMaterialSupplier(
                    material: .meltBlown, name: "贵州某无纺布厂", agreedPriceFen: 2_000_000, latestPriceFen: 2_200_000),
                by: w.cityOfficer)
            let dear = try await reserves.addRawMaterialSupplier(
                NewRawMaterialSupplier(
                    material: .meltBlown, name: "外省贸易商", agreedPriceFen: 2_000_000, latestPriceFen: 2_400_000),
                by: w.cityOfficer)
            #expect(good.withinBand && !dear.withinBand)
            #expect(try await reserves.rawMaterialSuppliers(for: w.cityOfficer).count == 2)
            #expect(try await reserves.rawMaterialSuppliers(for: w.officerA).isEmpty)  // kept by the city
        }
    }
}
