import Foundation
import LifelineDomain
import LifelineServices
import Testing

/// Rules where the code disagreed with ../shared/REQUIREMENTS.md (issue #6); each test failed
/// before its fix. The Domain-only ones live beside their rules (DispatchAuthorityTests for R5.2,
/// DispatchMassTestingTests for R6.1, FirstRoundClockTests for R5.4).
@Suite struct RequirementRulesTests {
    /// A hospital-owned depot whose hospital used 60 masks over the last 30 days (2 a day, so it
    /// keeps 40: 20 days of its own use) and holds 60 more.
    static func institutionDepot(_ l: DispatchLoopTests.Loop, _ services: Services) async throws -> UUID {
        let w = l.world
        let depot = try await services.createDepot(DepotProfile(
            code: "H-01", name: "南明区人民医院库房", jurisdiction: JurisdictionCode(rawValue: "520102")!, ownerUnitID: w.hospital,
            operatorKind: .government, location: GeoPoint(longitude: 106.72, latitude: 26.56), areaM2: 50, volumeM3: 100,
            zones: [.ambient]), by: .system).id
        let lot = try await services.receive(ReceiptInput(depotId: depot, itemId: w.mask, quantity: 120, batchNo: "H-1", manufacturer: "M",
                                                          expiryDate: "2029-01-01"), key: "h", by: .system).movements[0].lotId
        _ = try await services.issue(IssueInput(lotId: lot, quantity: 60, unitId: w.hospital, reason: "院内使用"), key: "use", by: .system)
        return depot
    }

    /// R3.7: stock below 20 days of an institution's own use is never drawn for others — also not
    /// when an approver names the depot and the quantity.
    @Test(arguments: TestDatabase.allCases)
    func anInstitutionKeepsTwentyDaysEvenWhenTheApproverNamesTheQuantity(_ engine: TestDatabase) async throws {
        try await withApp(engine) { _, services in
            let l = try await DispatchLoopTests.loop(services)
            let w = l.world
            let depot = try await Self.institutionDepot(l, services)
            // The county's office asks for 30; the hospital can give 60 − 40 = 20.
            let office = try #require(try await services.depot(w.nanming, for: .system).profile.ownerUnitID)
            var request = try await services.createRequest(
                RequestInput(unitId: office, priority: .high, neededBy: testNow.addingTimeInterval(3600), deliveryPlace: "区物资保障组",
                             lines: [RequestLineInput(itemId: w.mask, quantity: 30)]), key: "r", by: w.officerA)
            request = try await services.changeRequest(request.id, .submit, key: "s", by: w.officerA)
            do {
                _ = try await services.approveRequest(
                    request.id, ApprovalInput(lines: [ApprovalLineInput(itemId: w.mask, depotId: depot, quantity: 30)]), key: "a", by: w.cityOfficer)
                Issue.record("drew on the hospital's last 20 days")
            } catch let error as LifelineError {
                #expect(error.code == .insufficientStock)
                #expect(error.parameters["available"] == "20")
                #expect(error.field == "lines[0].quantity")
            }
            let within = try await services.approveRequest(
                request.id, ApprovalInput(lines: [ApprovalLineInput(itemId: w.mask, depotId: depot, quantity: 20)]), key: "a2", by: w.cityOfficer)
            #expect(within.status == .approved)
            let kept = try await services.lots(LotFilter(depotId: depot), page: PageRequest(), for: .system).items.map(\.available).reduce(0, +)
            #expect(kept == 40, "twenty days of the hospital's own use stay")
        }
    }
}
