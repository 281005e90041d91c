import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing

/// Rules where the code disagreed with ../shared/REQUIREMENTS.md (issue #6); each test failed
/// before its fix. The Domain-only ones live beside their rules (DispatchAuthorityTests for R5.2,
/// DispatchMassTestingTests for R6.1, FirstRoundClockTests for R5.4).
@Suite struct RequirementRulesTests {
    /// A hospital-owned depot whose hospital used 60 masks over the last 30 days (2 a day, so it
    /// keeps 40: 20 days of its own use) and holds 60 more.
    static func institutionDepot(_ l: DispatchLoop, _ services: Services) async throws -> UUID {
        let w = l.world
        let depot = try await services.reference.createDepot(
            DepotProfile(
                code: "H-01", name: "南明区人民医院库房", jurisdiction: JurisdictionCode(rawValue: "520102")!,
                ownerUnitID: w.hospital,
                operatorKind: .government, location: GeoPoint(longitude: 106.72, latitude: 26.56), areaM2: 50,
                volumeM3: 100,
                zones: [.ambient]), by: .system
        ).id
        let lot = try await services.stock.receive(
            ReceiptInput(
                depotId: depot, itemId: w.mask, quantity: 120, batchNo: "H-1", manufacturer: "M",
                expiryDate: "2029-01-01"), key: "h", by: .system
        ).movements[0].lotId
        _ = try await services.stock.issue(
            IssueInput(lotId: lot, quantity: 60, unitId: w.hospital, reason: "院内使用"), key: "use", by: .system)
        return depot
    }

    /// R3.7: stock below 20 days of an institution's own use is never drawn for others — also not
    /// when an approver names the depot and the quantity.
    @Test(arguments: TestDatabase.allCases)
    func anInstitutionKeepsTwentyDaysEvenWhenTheApproverNamesTheQuantity(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            let depot = try await Self.institutionDepot(l, services)
            // The county's office asks for 30; the hospital can give 60 − 40 = 20.
            let office = try #require(try await services.reference.depot(w.nanming, for: .system).profile.ownerUnitID)
            var request = try await services.dispatch.createRequest(
                RequestInput(
                    unitId: office, priority: .high, neededBy: testNow.addingTimeInterval(3600),
                    deliveryPlace: "区物资保障组",
                    lines: [RequestLineInput(itemId: w.mask, quantity: 30)]), key: "r", by: w.officerA)
            request = try await services.dispatch.changeRequest(request.id, .submit, key: "s", by: w.officerA)
            do {
                _ = try await services.dispatch.approveRequest(
                    request.id, ApprovalInput(lines: [ApprovalLineInput(itemId: w.mask, depotId: depot, quantity: 30)]),
                    key: "a", by: w.cityOfficer)
                Issue.record("drew on the hospital's last 20 days")
            } catch let error as LifelineError {
                #expect(error.code == .insufficientStock)
                #expect(error.parameters["available"] == "20")
                #expect(error.field == "lines[0].quantity")
            }
            let within = try await services.dispatch.approveRequest(
                request.id, ApprovalInput(lines: [ApprovalLineInput(itemId: w.mask, depotId: depot, quantity: 20)]),
                key: "a2", by: w.cityOfficer)
            #expect(within.status == .approved)
            let kept = try await services.stock.lots(LotFilter(depotId: depot), page: PageRequest(), for: .system).items
                .map(\.available).reduce(0, +)
            #expect(kept == 40, "twenty days of the hospital's own use stay")
        }
    }

    /// R6.2: a depot beyond the first-round travel limit is not "no stock in reach". Only the first
    /// round of a mass-testing response is bound by the 6 h limit; other requests draw on it, and a
    /// mass-testing line it cannot serve in time says where the stock is and whom to ask.
    @Test(arguments: TestDatabase.allCases)
    func aDepotBeyondTheFirstRoundLimitIsALaterSourceNotNoStock(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            let boxes = try #require(
                try await services.reference.items(ItemFilter(), page: PageRequest(per: 500), for: .system).items
                    .first { $0.definition.code == "SMP-0005" })
            // The only specimen bags of the province lie in a depot of Bijie (5205), some 9 h away by road.
            let far = try await services.reference.createDepot(
                DepotProfile(
                    code: "BJ-01", name: "毕节市储备库", jurisdiction: JurisdictionCode(rawValue: "5205")!,
                    operatorKind: .government,
                    location: GeoPoint(longitude: 104.20, latitude: 27.90), areaM2: 100, volumeM3: 100,
                    zones: [.ambient]), by: .system
            ).id
            _ = try await services.stock.receive(
                ReceiptInput(
                    depotId: far, itemId: boxes.id, quantity: 1000, batchNo: "BJ", manufacturer: "M",
                    expiryDate: "2029-01-01"), key: "far", by: .system)
            let plain = try await AllocationPlanTests.submit(
                l, services, priority: .high, item: boxes.id, quantity: 40, key: "plain")
            let plan = try await services.allocation.allocationPlan(
                AllocationPlanInput(requestIds: [plain.id]), for: l.province)
            #expect(
                plan.allocations.map(\.quantity).reduce(0, +) == 40,
                "a request outside a first round is served from the far depot")
            // A mass-testing first round cannot be: the line names the depot and the level to ask.
            let form = MassTestingForm(samplingPoints: 2, tables: 2, staffPerTable: 2, rounds: 1)
            var testing = try await services.dispatch.createRequest(
                RequestInput(
                    unitId: w.hospital, priority: .critical, neededBy: testNow.addingTimeInterval(6 * 3600),
                    deliveryPlace: "采样点",
                    longitude: 106.72, latitude: 26.56, lines: [], massTesting: form), key: "mt", by: l.requester)
            testing = try await services.dispatch.changeRequest(testing.id, .submit, key: "mt-s", by: l.requester)
            let first = try await services.allocation.allocationPlan(
                AllocationPlanInput(requestIds: [testing.id]), for: l.province, language: .en)
            let unmet = try #require(first.unmet.first { $0.itemId == boxes.id })
            #expect(unmet.reason == "beyondFirstRound")
            #expect(unmet.reasonText.contains("毕节市储备库"))
            #expect(unmet.reasonText.contains("province"))
        }
    }
}
