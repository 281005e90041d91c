import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import Testing

/// An institution's own reserve (R3.7): 30 days of use kept, the surplus above 20 days drawable.
@Suite struct InstitutionReserveTests {
    @Test func thirtyDaysKeptTwentyNeverDrawn() {
        let reserve = InstitutionReserve(usedIn30Days: 30, onHand: 70)
        #expect(reserve.dailyUse == 1)
        #expect(reserve.requirement == 30)
        #expect(reserve.floor == 20)  // the seed's 20 of 30 days
        #expect(reserve.surplus == 50)
        #expect(reserve.days == 70)
        #expect(!reserve.belowRequirement)
        #expect(InstitutionReserve(usedIn30Days: 90, onHand: 50).surplus == 0)  // floor 60
        #expect(InstitutionReserve(usedIn30Days: 0, onHand: 5).days == nil)
    }

    @Test(arguments: TestDatabase.allCases)
    func aHospitalsOwnDepotShowsItsRequirementAndSurplus(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let depot = try await services.reference.createDepot(
                DepotProfile(
                    code: "H-520102", name: "医院应急库", jurisdiction: JurisdictionCode(rawValue: "520102")!,
                    ownerUnitID: w.hospital, operatorKind: .government, operatorUnitID: nil,
                    location: GeoPoint(longitude: 106.71, latitude: 26.57), areaM2: 100, volumeM3: 300,
                    zones: [.ambient]), by: .system)
            let lot = try await services.stock.receive(
                ReceiptInput(
                    depotId: depot.id, itemId: w.mask, quantity: 100, batchNo: "H-1", manufacturer: "稳健医疗",
                    productionDate: "2026-01-01", expiryDate: "2029-01-01"), key: "h-receive", by: .system
            ).movements[0].lotId
            _ = try await services.stock.issue(
                IssueInput(lotId: lot, quantity: 30, reason: "科室领用"), key: "h-issue", by: .system)
            let rows = try await services.reserves.institutionReserves(unitID: nil, for: w.officerA)
            let row = try #require(rows.first { $0.unitId == w.hospital && $0.itemId == w.mask })
            #expect(row.usedIn30Days == 30 && row.onHand == 70)
            #expect(row.requirement == 30 && row.floor == 20 && row.surplus == 50)
            #expect(try await services.reserves.institutionReserves(unitID: nil, for: w.officerB).isEmpty)
        }
    }
}
