import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing

/// The rules of R6 as the model builder applies them, through the engine, on both databases.
@Suite struct AllocationPlanTests {
    static func submit(
        _ l: DispatchLoop, _ services: Services, unit: UUID? = nil, priority: RequestPriority, item: UUID,
        quantity: Int,
        post: WorkPost = .general, substitutes: Bool = false, key: String, by actor: Actor? = nil
    ) async throws -> RequestView {
        let actor = actor ?? l.requester
        let draft = try await services.dispatch.createRequest(
            RequestInput(
                unitId: unit ?? l.world.hospital, priority: priority, neededBy: testNow.addingTimeInterval(6 * 3600),
                deliveryPlace: "现场",
                longitude: 106.72, latitude: 26.56,
                lines: [RequestLineInput(itemId: item, quantity: quantity, post: post)],
                substitutesAllowed: substitutes), key: key, by: actor)
        return try await services.dispatch.changeRequest(draft.id, .submit, key: key + "-s", by: actor)
    }

    @Test(arguments: TestDatabase.allCases)
    func priorityClassesAreServedInOrderWhenStockIsShort(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            let normal = try await Self.submit(l, services, priority: .normal, item: w.mask, quantity: 100, key: "n")
            let critical = try await Self.submit(
                l, services, priority: .critical, item: w.mask, quantity: 120, key: "c")
            let plan = try await services.allocation.allocationPlan(AllocationPlanInput(), for: w.cityOfficer)
            let given = Dictionary(grouping: plan.allocations, by: \.requestId).mapValues {
                $0.map(\.quantity).reduce(0, +)
            }
            #expect(given[critical.id] == 120, "the critical class is filled first")
            #expect(given[normal.id] == 30, "the normal class gets what is left (150 in stock)")
            let unmet = try #require(plan.unmet.first { $0.requestId == normal.id })
            #expect(unmet.reason == "claimedByHigherPriority")
            #expect(unmet.reasonText.contains("更高优先级"))
            #expect(plan.byPriority.first { $0.key == "0" }?.rate == 1)
            #expect(plan.allocations.allSatisfy { $0.rule.contains("先到期先出") && $0.rule.contains("来源") })
            // Approving the plan creates the dispatch orders of the dispatch loop.
            let approved = try await services.allocation.approveAllocationPlan(
                AllocationPlanInput(), key: "plan-1", for: w.cityOfficer)
            #expect(Set(approved.approved) == [critical.number, normal.number])
            #expect(try await services.dispatch.request(critical.id, for: w.cityOfficer).orders.isEmpty == false)
            #expect(
                try await services.stock.lot(w.lot, for: .system).reserved
                    + (try await services.stock.lot(w.yunyanLot, for: .system).reserved) == 150)
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aWasteHandlingPostNeverReceivesASubstitute(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            let items = try await services.reference.items(ItemFilter(), page: PageRequest(per: 500), for: .system)
                .items
            let respirator = try #require(items.first { $0.definition.code == "PPE-0001" })
            let surgical = try #require(items.first { $0.definition.code == "PPE-0003" })
            let gloves = try #require(items.first { $0.definition.code == "PPE-0009" })
            for (item, batch) in [(respirator.id, "R-1"), (surgical.id, "S-1"), (gloves.id, "G-1")] {
                _ = try await services.stock.receive(
                    ReceiptInput(
                        depotId: w.nanming, itemId: item, quantity: 500, batchNo: batch, manufacturer: "M",
                        productionDate: "2026-01-01", expiryDate: "2029-01-01"), key: batch, by: .system)
            }
            let respirators = (w.mask == respirator.id ? 150 : 0) + 500
            let waste = try await Self.submit(
                l, services, priority: .critical, item: respirator.id, quantity: respirators + 200,
                post: .wasteHandling,
                substitutes: true, key: "w")
            var plan = try await services.allocation.allocationPlan(
                AllocationPlanInput(requestIds: [waste.id]), for: w.cityOfficer)
            #expect(
                plan.allocations.allSatisfy { $0.itemId == respirator.id && !$0.substitute },
                "no substitute for waste handling")
            #expect(plan.unmet.first?.requested == respirators + 200)
            _ = try await services.dispatch.changeRequest(waste.id, .withdraw, key: "w-w", by: l.requester)

            // The same need at a general post of a suitable site takes the lowered standard — a
            // surgical mask for the respirator, never gloves.
            let general = try await Self.submit(
                l, services, priority: .critical, item: respirator.id, quantity: respirators + 200, substitutes: true,
                key: "g")
            plan = try await services.allocation.allocationPlan(
                AllocationPlanInput(requestIds: [general.id]), for: w.cityOfficer)
            let substituted = plan.allocations.filter(\.substitute)
            #expect(substituted.map(\.quantity).reduce(0, +) == 200)
            #expect(substituted.allSatisfy { $0.itemId == surgical.id })
            #expect(substituted.first?.rule.contains("降级替代") == true)
            #expect(plan.unmet.isEmpty)
            // Approval accepts the substitute for that request.
            let approved = try await services.allocation.approveAllocationPlan(
                AllocationPlanInput(requestIds: [general.id]), key: "g-a", for: w.cityOfficer)
            #expect(approved.approved == [general.number])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func anInstitutionsStockBelowTwentyDaysIsNeverDrawn(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            let site = try await services.reference.createUnit(
                UnitProfile(kind: .testingSite, name: "南明区核酸采样点", jurisdiction: JurisdictionCode(rawValue: "520102")!),
                by: .system)
            let hospitalDepot = try await services.reference.createDepot(
                DepotProfile(
                    code: "H-01", name: "医院应急库", jurisdiction: JurisdictionCode(rawValue: "520102")!,
                    ownerUnitID: w.hospital, operatorKind: .government,
                    location: GeoPoint(longitude: 106.72, latitude: 26.56), areaM2: 100, volumeM3: 300,
                    zones: [.ambient]), by: .system
            ).id
            _ = try await services.stock.receive(
                ReceiptInput(
                    depotId: hospitalDepot, itemId: w.mask, quantity: 200, batchNo: "H-B1", manufacturer: "M",
                    productionDate: "2026-01-01", expiryDate: "2028-01-01"), key: "h", by: .system)
            // The hospital used 60 in the last 30 days: 2 a day, so it keeps 40.
            _ = try await services.stock.issue(
                IssueInput(depotId: hospitalDepot, itemId: w.mask, quantity: 60, unitId: w.hospital), key: "use",
                by: .system)
            let need = try await Self.submit(
                l, services, unit: site.id, priority: .critical, item: w.mask, quantity: 1000, key: "need",
                by: w.cityOfficer)
            let plan = try await services.allocation.allocationPlan(
                AllocationPlanInput(requestIds: [need.id]), for: w.cityOfficer)
            let fromHospital = plan.allocations.filter { $0.depotId == hospitalDepot }
            #expect(fromHospital.map(\.quantity).reduce(0, +) == 100, "140 on hand − 40 kept for 20 days")
            #expect(fromHospital.allSatisfy { $0.tier == .institutionSurplus })
            #expect(plan.allocations.map(\.quantity).reduce(0, +) == 250)
            #expect(plan.unmet.first?.reason == "noStockInReach" || plan.unmet.first?.reason == "claimedByCheaper")

            // An approval without named quantities keeps the same floor: 100 of the hospital's 140 free.
            let approved = try await services.dispatch.approveRequest(
                need.id, ApprovalInput(), key: "need-a", by: l.province)  // the city drafted it
            #expect(approved.lines.map(\.approved) == [250])
            let kept = try await services.stock.lots(
                LotFilter(depotId: hospitalDepot, itemId: w.mask), page: PageRequest(), for: .system
            ).items
            #expect(kept.map(\.reserved).reduce(0, +) == 100)
            #expect(kept.map(\.available).reduce(0, +) == 40, "20 days of the hospital's own use stay free")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theOfficerPinsALineAndTheEnginePlansAroundIt(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            let normal = try await Self.submit(l, services, priority: .normal, item: w.mask, quantity: 100, key: "n")
            let critical = try await Self.submit(
                l, services, priority: .critical, item: w.mask, quantity: 120, key: "c")
            // The officer insists the normal request gets Yunyan's 50.
            let pin = AllocationPin(requestId: normal.id, itemId: w.mask, depotId: w.yunyan, quantity: 50)
            let plan = try await services.allocation.allocationPlan(
                AllocationPlanInput(pins: [pin]), for: w.cityOfficer)
            let given = Dictionary(grouping: plan.allocations, by: \.requestId).mapValues {
                $0.map(\.quantity).reduce(0, +)
            }
            #expect(given[normal.id] == 50)
            #expect(given[critical.id] == 100, "the engine plans the rest: Nanming's 100 to the critical request")
            #expect(plan.allocations.filter(\.pinned).map(\.quantity).reduce(0, +) == 50)
            #expect(plan.allocations.first(where: \.pinned)?.rule.hasPrefix("调度员固定") == true)
            // A pin beyond the depot's stock, or beyond the request, names the field.
            do {
                _ = try await services.allocation.allocationPlan(
                    AllocationPlanInput(pins: [
                        AllocationPin(
                            requestId: normal.id, itemId: w.mask, depotId: w.yunyan,
                            quantity: 60)
                    ]), for: w.cityOfficer)
                Issue.record("pinned more than the depot holds")
            } catch let error as LifelineError {
                #expect(error.field == "pins[0].quantity")
            }
            let approved = try await services.allocation.approveAllocationPlan(
                AllocationPlanInput(pins: [pin]), key: "pp", for: w.cityOfficer)
            #expect(Set(approved.approved) == [normal.number, critical.number])
            #expect(try await services.stock.lot(w.yunyanLot, for: .system).reserved == 50)
            #expect(try await services.stock.lot(w.lot, for: .system).reserved == 100)
        }
    }
}
