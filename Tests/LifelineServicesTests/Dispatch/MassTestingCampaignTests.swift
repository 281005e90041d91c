import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing

/// A mass-testing response end to end (R7.4, R4.6, R6.1), on both databases: a plan becomes requests
/// for rounds 1 and 2 per grid, the allocation engine serves round 1, the orders are delivered and
/// signed, the transport boxes come back disinfected after round 1, and round 2's picking for the
/// same grid passes over the lot they went back into — while another grid may have it.
@Suite struct MassTestingCampaignTests {
    static func item(_ code: String, _ services: Services) async throws -> ItemView {
        try #require(
            try await services.reference.items(ItemFilter(), page: PageRequest(per: 500), for: .system).items
                .first { $0.definition.code == code })
    }

    /// Delivers every goods order of a request and signs every line in full.
    static func deliverAndSign(_ request: RequestView, _ l: DispatchLoop, _ services: Services, key: String)
        async throws -> [OrderView]
    {
        var signed: [OrderView] = []
        for (index, summary) in request.orders.enumerated() where summary.kind != .delivery {
            for action in [DispatchOrderAction.acknowledge, .pick, .load, .depart, .arrive] {
                _ = try await services.dispatch.track(
                    summary.id, TrackingInput(action: action), key: "\(key)-\(index)-\(action.rawValue)",
                    by: l.world.cityOfficer)
            }
            let order = try await services.dispatch.order(summary.id, for: l.requester)
            signed.append(
                try await services.dispatch.sign(
                    summary.id,
                    SignInput(lines: order.lines.map { SignLineInput(lineId: $0.id, accepted: $0.quantity) }),
                    key: "\(key)-\(index)-sign", by: l.requester))
        }
        return signed
    }

    @Test(arguments: TestDatabase.allCases)
    func aPlanBecomesRoundsThatAreDeliveredRecoveredAndPickedApartByGrid(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            let box = try await Self.item("SMP-0004", services)
            let swab = try await Self.item("SMP-0001", services)
            #expect(box.definition.reusable)
            // Two lots of boxes in the Nanming depot: BOX-A's date is earlier (FEFO takes it first).
            let boxA = try await services.stock.receive(
                ReceiptInput(
                    depotId: w.nanming, itemId: box.id, quantity: 40, batchNo: "BOX-A", manufacturer: "M",
                    productionDate: "2026-01-01", expiryDate: "2030-01-01"), key: "box-a", by: .system
            ).movements[0].lotId
            let boxB = try await services.stock.receive(
                ReceiptInput(
                    depotId: w.nanming, itemId: box.id, quantity: 40, batchNo: "BOX-B", manufacturer: "M",
                    productionDate: "2026-06-01", expiryDate: "2031-01-01"), key: "box-b", by: .system
            ).movements[0].lotId
            _ = try await services.stock.receive(
                ReceiptInput(
                    depotId: w.nanming, itemId: swab.id, quantity: 100_000, batchNo: "SWAB-1", manufacturer: "M",
                    productionDate: "2026-06-01"), key: "swab", by: .system)

            // The plan: two grids, two rounds; the first request covers rounds 1–2.
            let plan = MassTestingInput(
                areas: [
                    MassTestingArea(code: "G1", name: "网格一", populationTested: 3_000, points: 2, tables: 4),
                    MassTestingArea(code: "G2", name: "网格二", populationTested: 1_000, points: 1, tables: 1),
                ], staffPerPointPerShift: 8, rounds: 2)
            let drafted = try await services.dispatch.createMassTestingRequests(
                MassTestingRequestsInput(
                    plan: plan, unitId: w.hospital, deliveryPlace: "南明区采样点", longitude: 106.72, latitude: 26.56,
                    site: SiteAttributes(area: .key, density: .dense, kind: .ordinary), submit: true),
                key: "campaign", by: l.requester)
            #expect(drafted.requests.count == 4, "one request per grid and round")
            #expect(drafted.requests.allSatisfy { $0.status == .submitted })
            func request(_ grid: String, _ round: Int) throws -> RequestView {
                try #require(drafted.requests.first { $0.grid == grid && $0.round == round })
            }
            let g1r1 = try request("G1", 1)
            let g1r2 = try request("G1", 2)
            #expect(g1r1.lines.contains { $0.itemCode == "SMP-0004" }, "boxes are asked for in round 1")
            #expect(!g1r2.lines.contains { $0.itemCode == "SMP-0004" }, "reusables are not multiplied by rounds")
            #expect(g1r1.lines.contains { $0.itemCode == "SMP-0001" && $0.post == .samplingTable })
            #expect(g1r2.neededBy > g1r1.neededBy)
            // The same key again drafts nothing new.
            let again = try await services.dispatch.createMassTestingRequests(
                MassTestingRequestsInput(
                    plan: plan, unitId: w.hospital, deliveryPlace: "南明区采样点", longitude: 106.72, latitude: 26.56,
                    site: SiteAttributes(area: .key, density: .dense, kind: .ordinary), submit: true),
                key: "campaign", by: l.requester)
            #expect(again.requests.map(\.id) == drafted.requests.map(\.id))
            // The same key with another input is refused; nothing more is stored.
            await #expect(throws: LifelineError.self) {
                _ = try await services.dispatch.createMassTestingRequests(
                    MassTestingRequestsInput(
                        plan: plan, unitId: w.hospital, deliveryPlace: "南明区采样点", rounds: 1, submit: true),
                    key: "campaign", by: l.requester)
            }
            #expect(
                try await services.dispatch.requests(RequestFilter(), page: PageRequest(), for: w.cityOfficer).total
                    == 4)

            // Round 1 of both grids through the allocation engine; ranks come from the site and posts.
            let round1 = [g1r1.id, try request("G2", 1).id]
            let proposal = try await services.allocation.allocationPlan(
                AllocationPlanInput(requestIds: round1), for: w.cityOfficer)
            #expect(proposal.allocations.contains { $0.rule.contains("重点采样区域") })
            let approved = try await services.allocation.approveAllocationPlan(
                AllocationPlanInput(requestIds: round1), key: "round-1", for: w.cityOfficer)
            #expect(Set(approved.approved) == Set([g1r1.number, try request("G2", 1).number]))
            let r1 = try await services.dispatch.request(g1r1.id, for: w.cityOfficer)
            #expect(r1.orders.isEmpty == false)
            let orders = try await Self.deliverAndSign(r1, l, services, key: "g1r1")
            #expect(orders.allSatisfy { $0.grid == "G1" && $0.round == 1 })
            let boxOrder = try #require(orders.first { $0.lines.contains { $0.lotId == boxA } })
            let boxLine = try #require(boxOrder.lines.first { $0.lotId == boxA })

            // The boxes come back from G1 after round 1 — not from another grid or round.
            await #expect(throws: LifelineError.self) {
                _ = try await services.dispatch.recover(
                    boxOrder.id,
                    [RecoveryInput(lineId: boxLine.id, quantity: 1, disinfected: true, grid: "G2", round: 1)],
                    key: "wrong-grid", by: w.cityOfficer)
            }
            let recovered = try await services.dispatch.recover(
                boxOrder.id,
                [
                    RecoveryInput(
                        lineId: boxLine.id, quantity: boxLine.quantity, disinfected: true, grid: "G1", round: 1)
                ],
                key: "recover", by: w.cityOfficer)
            #expect(recovered.lines.first { $0.id == boxLine.id }?.recovered == boxLine.quantity)

            // Round 2 for G1 (boxes to replace damaged ones): BOX-A is passed over, with the reason.
            var replacement = try await services.dispatch.createRequest(
                RequestInput(
                    unitId: w.hospital, priority: .high, neededBy: testNow.addingTimeInterval(30 * 3600),
                    deliveryPlace: "南明区采样点", longitude: 106.72, latitude: 26.56,
                    lines: [RequestLineInput(itemId: box.id, quantity: 2, post: .sampleTransport)], grid: "G1",
                    round: 2), key: "g1r2-box", by: l.requester)
            replacement = try await services.dispatch.changeRequest(
                replacement.id, .submit, key: "g1r2-box-s", by: l.requester)
            replacement = try await services.dispatch.approveRequest(
                replacement.id, ApprovalInput(), key: "g1r2-box-a", by: w.cityOfficer)
            let skipped = try #require(replacement.skippedLots?.first)
            #expect(skipped.lotId == boxA && skipped.grid == "G1" && skipped.returnedInRound == 1)
            #expect(skipped.reason.zh.contains("BOX-A") && skipped.reason.en.contains("round 2"))
            let g1Order = try await services.dispatch.order(try #require(replacement.orders.first).id, for: l.requester)
            #expect(g1Order.lines.allSatisfy { $0.lotId == boxB }, "G1's round 2 gets BOX-B")
            #expect(g1Order.grid == "G1" && g1Order.round == 2)

            // G2's round 2 may have the recovered boxes (FEFO: BOX-A first).
            var other = try await services.dispatch.createRequest(
                RequestInput(
                    unitId: w.hospital, priority: .high, neededBy: testNow.addingTimeInterval(30 * 3600),
                    deliveryPlace: "南明区采样点", longitude: 106.72, latitude: 26.56,
                    lines: [RequestLineInput(itemId: box.id, quantity: 2, post: .sampleTransport)], grid: "G2",
                    round: 2), key: "g2r2-box", by: l.requester)
            other = try await services.dispatch.changeRequest(other.id, .submit, key: "g2r2-box-s", by: l.requester)
            other = try await services.dispatch.approveRequest(
                other.id, ApprovalInput(), key: "g2r2-box-a", by: w.cityOfficer)
            #expect(other.skippedLots == nil)
            let g2Order = try await services.dispatch.order(try #require(other.orders.first).id, for: l.requester)
            #expect(g2Order.lines.allSatisfy { $0.lotId == boxA }, "another grid takes the recovered boxes")
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func roundsAndGridsAreCheckedAndNothingIsStoredOnBadInput(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            func attempt(grid: String?, round: Int?) async throws -> LifelineError? {
                do {
                    _ = try await services.dispatch.createRequest(
                        RequestInput(
                            unitId: w.hospital, priority: .high, neededBy: testNow.addingTimeInterval(3600),
                            deliveryPlace: "现场", lines: [RequestLineInput(itemId: w.mask, quantity: 1)], grid: grid,
                            round: round), key: "bad-\(grid ?? "-")-\(round ?? 0)", by: l.requester)
                    return nil
                } catch let error as LifelineError { return error }
            }
            #expect(try await attempt(grid: "G1", round: 0)?.field == "round")
            #expect(try await attempt(grid: "G1", round: 31)?.field == "round")
            #expect(try await attempt(grid: nil, round: 2)?.field == "grid")
            #expect(try await attempt(grid: "G\u{0}1", round: 1)?.field == "grid")
            #expect(try await attempt(grid: String(repeating: "格", count: 101), round: 1)?.field == "grid")
            // A plan with 0 tables or negative staff is refused naming the field; nothing is stored.
            for (plan, field) in [
                (MassTestingInput(points: 1, tables: 0, staffPerPointPerShift: 8, rounds: 2), "areas[0].tables"),
                (MassTestingInput(points: 1, tables: 1, staffPerPointPerShift: -1, rounds: 2), "staffPerPointPerShift"),
            ] {
                do {
                    _ = try await services.dispatch.createMassTestingRequests(
                        MassTestingRequestsInput(plan: plan, unitId: w.hospital, deliveryPlace: "现场"), key: field,
                        by: l.requester)
                    Issue.record("accepted a bad plan")
                } catch let error as LifelineError {
                    #expect(error.field == field)
                }
            }
            let stored = try await services.dispatch.requests(RequestFilter(), page: PageRequest(), for: w.cityOfficer)
            #expect(stored.total == 0)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theSiteAndThePostRankALineAndAnOfficerMayOverrideWithAReason(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            // 150 masks in reach. The fringe, sparse, remote site states "critical"; the key, dense,
            // government site states "normal": the sites decide, not the requesters.
            func submit(_ key: String, stated: RequestPriority, site: SiteAttributes, post: WorkPost) async throws
                -> RequestView
            {
                let draft = try await services.dispatch.createRequest(
                    RequestInput(
                        unitId: w.hospital, priority: stated, neededBy: testNow.addingTimeInterval(6 * 3600),
                        deliveryPlace: "现场", longitude: 106.72, latitude: 26.56,
                        lines: [RequestLineInput(itemId: w.mask, quantity: 120, post: post)], site: site), key: key,
                    by: l.requester)
                return try await services.dispatch.changeRequest(draft.id, .submit, key: key + "-s", by: l.requester)
            }
            let fringe = try await submit("fringe", stated: .critical, site: .worst, post: .general)
            let key = try await submit("key", stated: .normal, site: .best, post: .samplingTable)
            #expect(key.site == .best)
            let plan = try await services.allocation.allocationPlan(AllocationPlanInput(), for: w.cityOfficer)
            let given = Dictionary(grouping: plan.allocations, by: \.requestId).mapValues {
                $0.map(\.quantity).reduce(0, +)
            }
            #expect(given[key.id] == 120, "the key site's table staff first")
            #expect(given[fringe.id] == 30)
            #expect(plan.allocations.first { $0.requestId == key.id }?.rule.contains("重点采样区域") == true)
            // The officer overrides the fringe site to critical, with a reason shown in the explanation.
            let overridden = try await services.allocation.allocationPlan(
                AllocationPlanInput(
                    overrides: [
                        AllocationPriorityOverride(requestId: fringe.id, priority: .critical, reason: "方舱医院开诊"),
                        AllocationPriorityOverride(requestId: key.id, priority: .normal, reason: "已有储备"),
                    ]), for: w.cityOfficer, language: .en)
            let after = Dictionary(grouping: overridden.allocations, by: \.requestId).mapValues {
                $0.map(\.quantity).reduce(0, +)
            }
            #expect(after[fringe.id] == 120)
            #expect(overridden.allocations.first { $0.requestId == fringe.id }?.rule.contains("方舱医院开诊") == true)
            await #expect(throws: LifelineError.self) {
                _ = try await services.allocation.allocationPlan(
                    AllocationPlanInput(
                        overrides: [AllocationPriorityOverride(requestId: fringe.id, priority: .critical, reason: " ")]
                    ),
                    for: w.cityOfficer)
            }
            // One request whose lines rank differently (a general line and a table line of the same
            // item): an officer's pin of both lines' total is split over them, the higher class first.
            let mixed = try await services.dispatch.createRequest(
                RequestInput(
                    unitId: w.hospital, priority: .normal, neededBy: testNow.addingTimeInterval(6 * 3600),
                    deliveryPlace: "现场", longitude: 106.72, latitude: 26.56,
                    lines: [
                        RequestLineInput(itemId: w.mask, quantity: 10, post: .general),
                        RequestLineInput(itemId: w.mask, quantity: 20, post: .samplingTable),
                    ], site: .best), key: "mixed", by: l.requester)
            _ = try await services.dispatch.changeRequest(mixed.id, .submit, key: "mixed-s", by: l.requester)
            let pinned = try await services.allocation.allocationPlan(
                AllocationPlanInput(
                    requestIds: [mixed.id],
                    pins: [AllocationPin(requestId: mixed.id, itemId: w.mask, depotId: w.nanming, quantity: 30)]),
                for: w.cityOfficer)
            #expect(pinned.allocations.filter { $0.pinned }.map(\.quantity).reduce(0, +) == 30)
            #expect(pinned.byPriority.map(\.key).sorted() == ["0", "1"], "the table line critical, the general high")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func planBsKitsAreStoredFromTheStandardAndBadFiguresStoreNothing(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            for code in ["KIT-PB1", "KIT-PB2"] {
                _ = try await services.reference.createItem(
                    ItemDefinition(
                        code: code, nameZh: "方案B包", nameEn: "Plan B kit", reserveClass: .emergency, category: .kits,
                        unitZh: "包", unitEn: "kit", shelfLifeDays: 0, storage: .ambient, reusable: false,
                        unitPriceFen: 0, volumeCm3: 20_000), by: .system)
            }
            let input = PlanBKitsInput(
                staffPerPointPerShift: Decimal(string: "11.4")!, baseKitItemCode: "KIT-PB1",
                incrementKitItemCode: "KIT-PB2")
            let preview = try await services.dispatch.planBKits(input, for: w.auditor)
            let definitions = try await services.dispatch.definePlanBKits(input, by: w.officerA)
            #expect(definitions.map(\.code) == ["PLANB-BASE", "PLANB-INC"])
            #expect(definitions[0].components == preview.base && definitions[1].components == preview.increment)
            // The increment holds no per-point item: a transport box goes once per point.
            #expect(preview.base.contains { $0.itemCode == "SMP-0004" })
            #expect(!preview.increment.contains { $0.itemCode == "SMP-0004" })
            for (bad, field) in [
                (
                    PlanBKitsInput(
                        staffPerPointPerShift: -1, baseKitItemCode: "KIT-PB1", incrementKitItemCode: "KIT-PB2"),
                    "staffPerPointPerShift"
                ),
                (
                    PlanBKitsInput(
                        staffPerPointPerShift: 8, baseKitItemCode: "KIT-PB1", incrementKitItemCode: "KIT-PB1"),
                    "incrementKitItemCode"
                ),
                (
                    PlanBKitsInput(staffPerPointPerShift: 8, baseKitItemCode: "NOPE", incrementKitItemCode: "KIT-PB2"),
                    "baseKitItemCode"
                ),
                (
                    // The base kit's item is fine, the increment's is not: no base version is stored either.
                    PlanBKitsInput(staffPerPointPerShift: 8, baseKitItemCode: "KIT-PB1", incrementKitItemCode: "NOPE"),
                    "incrementKitItemCode"
                ),
            ] {
                do {
                    _ = try await services.dispatch.definePlanBKits(bad, by: w.officerA)
                    Issue.record("accepted \(field)")
                } catch let error as LifelineError {
                    #expect(error.field == field)
                }
            }
            #expect(try await services.stock.kitDefinitions(for: w.officerA).count == 2, "nothing more was stored")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func anOrderPicksARegisteredVehicleInServiceOnly(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            let truck = try await services.dispatch.saveVehicle(
                VehicleInput(
                    plate: "贵A·12345", countyCode: "520102", payloadKg: 3_000, volumeM3: 12, driver: "张师傅",
                    phone: "13800000000"), by: w.officerA)
            let retired = try await services.dispatch.saveVehicle(
                VehicleInput(
                    plate: "贵A·67890", countyCode: "520102", payloadKg: 3_000, volumeM3: 12, driver: "李师傅",
                    phone: "13900000000", active: false), by: w.officerA)
            var request = try await l.draft(services, quantity: 5, key: "v")
            request = try await services.dispatch.changeRequest(request.id, .submit, key: "v-s", by: l.requester)
            // A vehicle out of service is refused naming the field; nothing is reserved.
            do {
                _ = try await services.dispatch.approveRequest(
                    request.id, ApprovalInput(vehicleId: retired.id), key: "v-b", by: w.cityOfficer)
                Issue.record("approved with a retired vehicle")
            } catch let error as LifelineError {
                #expect(error.field == "vehicleId")
            }
            #expect(try await services.dispatch.request(request.id, for: w.cityOfficer).status == .submitted)
            // Another county's officer cannot see the vehicle at all.
            await #expect(throws: LifelineError.self) {
                _ = try await services.dispatch.approveRequest(
                    request.id, ApprovalInput(vehicleId: truck.id), key: "v-c", by: w.officerB)
            }
            request = try await services.dispatch.approveRequest(
                request.id, ApprovalInput(vehicleId: truck.id), key: "v-a", by: w.cityOfficer)
            let order = try await services.dispatch.order(try #require(request.orders.first).id, for: w.cityOfficer)
            #expect(order.vehicleId == truck.id && order.vehicle == truck.plate)
        }
    }
}
