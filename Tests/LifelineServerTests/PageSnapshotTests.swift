import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing
import Vapor
import VaporTesting

/// Every console page, rendered for one fixed state (sequential ids, the pinned test clock) in
/// Chinese and in English, against its committed snapshot (Support/Snapshot.swift). Both engines
/// render the same page from the same state, so both compare with the one snapshot.
@Suite struct PageSnapshotTests {
    /// The state the pages show: an event at level IV over Guiyang; an order on the road (with a
    /// carrier and a checkpoint), a request waiting in the inbox, a delivered and signed order with
    /// its charges (priced from a market-price point), an arrived order awaiting signature, a draft, and a
    /// write-off awaiting approval.
    struct State {
        var world: World
        var onRoad: OrderSummary
        var arrived: OrderSummary
        var waiting: RequestView
        var draft: RequestView
        var plan: UUID
        var stocktake: UUID
        var exchange: UUID
        var kit: UUID
    }

    static func state(_ services: Services) async throws -> State {
        let l = try await DispatchLoop.make(services)
        let w = l.world
        _ = try await services.dispatch.declareIncident(
            IncidentInput(title: "贵阳市流感疫情", level: "IV", jurisdictions: ["5201"]), key: "i", by: w.cityOfficer)
        func approved(_ key: String, quantity: Int, carrier: Bool) async throws -> RequestView {
            let draft = try await l.draft(services, quantity: quantity, key: key)
            _ = try await services.dispatch.changeRequest(draft.id, .submit, key: key + "-s", by: l.requester)
            return try await services.dispatch.approveRequest(
                draft.id,
                ApprovalInput(
                    lines: [ApprovalLineInput(itemId: w.mask, depotId: w.nanming, quantity: quantity)],
                    carrierUnitId: carrier ? l.carrier : nil, vehicle: carrier ? "贵A·12345" : nil),
                key: key + "-a", by: w.cityOfficer)
        }
        let road = try await approved("road", quantity: 12, carrier: true)
        let roadGoods = try #require(road.orders.first { $0.kind != .delivery })
        let roadDelivery = try #require(road.orders.first { $0.kind == .delivery })
        for action in [DispatchOrderAction.acknowledge, .pick, .load] {
            _ = try await services.dispatch.track(
                roadGoods.id, TrackingInput(action: action), key: "road-\(action.rawValue)", by: w.cityOfficer)
        }
        _ = try await services.dispatch.track(
            roadDelivery.id, TrackingInput(action: .depart), key: "road-depart", by: l.carrierUser)
        _ = try await services.dispatch.track(
            roadDelivery.id, TrackingInput(action: .checkpoint, note: "省道卡口", longitude: 106.715, latitude: 26.565),
            key: "road-check", by: l.carrierUser)
        // A market price in force when the delivered order leaves: its charges say so.
        _ = try await services.reference.setPrice(
            w.mask, PriceInput(effectiveFrom: "2026-11-01", priceFen: 230, note: "省药监局 11 月挂网价"), key: "price",
            by: l.province)
        let done = try await approved("done", quantity: 8, carrier: false)
        let doneOrder = try #require(done.orders.first)
        for action in [DispatchOrderAction.acknowledge, .pick, .load, .depart, .arrive] {
            _ = try await services.dispatch.track(
                doneOrder.id, TrackingInput(action: action), key: "done-\(action.rawValue)", by: w.cityOfficer)
        }
        let doneLine = try #require(try await services.dispatch.order(doneOrder.id, for: .system).lines.first)
        _ = try await services.dispatch.sign(
            doneOrder.id, SignInput(lines: [SignLineInput(lineId: doneLine.id, accepted: 7, short: 1, note: "少一盒")]),
            key: "done-sign", by: l.requester)
        let arrival = try await approved("arrival", quantity: 5, carrier: false)
        let arrivalOrder = try #require(arrival.orders.first)
        for action in [DispatchOrderAction.acknowledge, .pick, .load, .depart, .arrive] {
            _ = try await services.dispatch.track(
                arrivalOrder.id, TrackingInput(action: action), key: "arr-\(action.rawValue)", by: w.cityOfficer)
        }
        let waitingDraft = try await l.draft(services, quantity: 40, key: "wait")
        let waiting = try await services.dispatch.changeRequest(
            waitingDraft.id, .submit, key: "wait-s", by: l.requester)
        let draft = try await l.draft(services, quantity: 3, key: "draft")
        _ = try await services.access.createUser(
            NewUser(
                username: "admin.pages", displayName: "页面管理员", password: World.password, role: .administrator,
                jurisdiction: "CN"), by: .system)
        // A write-off awaiting a second person's approval (R4.3): its units are held on the stock page.
        _ = try await services.stock.requestWriteOff(
            WriteOffInput(lotId: w.lot, quantity: 6, reason: "外包装破损"), key: "write-off", by: w.officerA)
        // A county plan approved by the city; a stocktake being counted; an exchange awaiting approvals.
        let plan = try await services.reserves.createPlan(
            NewReservePlan(jurisdictionCode: "520102", reserveClass: .routine, title: "南明区常规储备"), by: w.officerA)
        _ = try await services.reserves.setNorm(
            plan.id, itemID: w.mask, formula: .population(residents: 1_000, dailyUsePerPerson: 0.2, days: 15),
            note: "口罩按常住人口15天用量", by: w.officerA)
        _ = try await services.reserves.submit(plan.id, by: w.officerA)
        _ = try await services.reserves.approve(plan.id, note: "同意", by: w.cityOfficer)
        let stocktake = try await services.stock.startStocktake(depotID: w.yunyan, limitFen: nil, by: w.officerB)
        let exchange = try await services.stock.offerExchange(
            ExchangeOffer(
                jurisdictionCode: "520103", counterpartCode: "520102", receivingDepotId: w.yunyan,
                lines: [ExchangeLineInput(lotId: w.yunyanLot, quantity: 5)]), by: w.officerB)
        // A storage agreement with the enterprise, a closed subsidy period, its weekly report, a warm zone.
        let maskCode = try await services.reference.item(w.mask, for: .system).definition.code
        _ = try await services.reserves.createAgreement(
            NewAgreement(
                kind: .storage, jurisdictionCode: "520102", enterpriseId: w.enterprise, startDay: "2026-01-01",
                endDay: "2027-12-31", lines: [NewAgreementLine(itemCode: maskCode, quantity: 40)]), by: w.officerA)
        let period = try await services.reserves.createSubsidyPeriod(
            NewSubsidyPeriod(jurisdictionCode: "520102", startDay: "2026-07-01", endDay: "2026-09-30"), by: w.officerA)
        _ = try await services.reserves.closeSubsidyPeriod(period.id, by: w.officerA)
        try await services.reserves.compileWeeklyReports(by: w.officerA)
        _ = try await services.reserves.ingestTemperatures(
            TemperatureBatch(
                depotId: w.nanming, zone: .cool,
                readings: [TemperatureReadingInput(at: testNow.addingTimeInterval(-3_600), tenths: 245)]),
            by: w.officerA)
        _ = try await services.reserves.setPurchaseQuota(
            PurchaseQuotaInput(unitId: w.hospital, itemCode: maskCode, year: 2026, quota: 500), by: w.officerA)
        _ = try await services.reserves.proposeRotation(
            NewRotationPlan(jurisdictionCode: "520102", allowSale: true), by: w.officerA)
        _ = try await services.reference.createItem(
            ItemDefinition(
                code: "KIT-0001", nameZh: "一级防护包", nameEn: "Level-1 kit", reserveClass: .emergency, category: .kits,
                unitZh: "包", unitEn: "kit", shelfLifeDays: 0, storage: .ambient, reusable: false, unitPriceFen: 0,
                volumeCm3: 6_000), by: .system)
        let kit = try await services.stock.defineKit(
            NewKitDefinition(
                code: "L1", nameZh: "一级防护包", nameEn: "Level-1 kit", level: .level1, kitItemCode: "KIT-0001",
                components: [KitComponent(itemCode: maskCode, quantity: 2)]), by: .system)
        _ = try await services.stock.assembleKits(
            KitWorkInput(definitionCode: "L1", depotId: w.nanming, kits: 5), by: w.officerA)
        let point = try await services.dispatch.saveDistributionPoint(
            DistributionPointInput(
                code: "DP-1", name: "中华南路街道网点", countyCode: "520102", longitude: 106.72, latitude: 26.58,
                servedPoints: 51, prePackedPoints: 20,
                site: SiteAttributes(area: .key, density: .dense, kind: .ordinary)),
            by: w.officerA)
        for (code, population) in [("520102", 1_060_000), ("520103", 1_180_000)] {
            _ = try await services.reference.setPopulation(code, to: population, by: .system)
        }
        _ = try await services.reserves.planInspection(
            NewInspection(
                jurisdictionCode: "520102", enterpriseId: w.enterprise, title: "季度抽检", plannedDay: "2026-12-01"),
            by: w.officerA)
        // The transport register: a van and a cold-chain van of Nanming (one out of service), a route to DP-1.
        _ = try await services.dispatch.saveVehicle(
            VehicleInput(
                plate: "贵A·Z1001", countyCode: "520102", carrierUnitId: l.carrier, payloadKg: 1_500, volumeM3: 8,
                driver: "张建国", phone: "139 0851 1001"), by: w.officerA)
        _ = try await services.dispatch.saveVehicle(
            VehicleInput(
                plate: "贵A·L2001", countyCode: "520102", payloadKg: 1_200, volumeM3: 6.25, coldChain: true,
                driver: "王丽", phone: "139 0851 2001", active: false), by: w.officerA)
        _ = try await services.dispatch.saveTransportRoute(
            TransportRouteInput(depotId: w.nanming, distributionPointId: point.id, minutes: 25, km: 9.5), by: w.officerA
        )
        return State(
            world: w, onRoad: roadGoods, arrived: arrivalOrder, waiting: waiting, draft: draft, plan: plan.id,
            stocktake: stocktake.id, exchange: exchange.id, kit: kit.id)
    }

    /// Every page of the console, by path (the snapshot's name) — a new page belongs here.
    static func pages(_ s: State) -> [(name: String, path: String)] {
        let w = s.world
        return [
            ("dashboard", "/"), ("jurisdictions", "/jurisdictions"),
            ("jurisdictions-5201", "/jurisdictions?parent=5201"),
            ("depots", "/depots"), ("depot-new", "/depots/new"), ("depot", "/depots/\(w.nanming.uuidString)"),
            ("stock", "/stock"),
            ("movements", "/movements"), ("movement-receive", "/movements/receive"),
            ("movement-issue", "/movements/issue?depotId=\(w.nanming.uuidString)"),
            ("movement-transfer", "/movements/transfer"),
            ("movement-adjust", "/movements/adjust?depotId=\(w.nanming.uuidString)"), ("catalogue", "/catalogue"),
            ("units", "/units"),
            ("coming-money", "/coming/money"), ("incidents", "/incidents"), ("requests", "/requests"),
            ("inbox", "/requests?inbox=1"),
            ("request-new", "/requests/new"), ("request-waiting", "/requests/\(s.waiting.id.uuidString)"),
            ("request-draft", "/requests/\(s.draft.id.uuidString)"), ("dispatch", "/dispatch"),
            ("order-on-road", "/orders/\(s.onRoad.id.uuidString)"),
            ("order-print", "/orders/\(s.onRoad.id.uuidString)/print"),
            ("order-sign", "/orders/\(s.arrived.id.uuidString)/sign"), ("charges", "/charges"),
            ("tracking", "/tracking"),
            ("allocation", "/allocation"), ("allocation-run", "/allocation?run=1"), ("settings", "/settings"),
            ("write-offs", "/write-offs"),
            ("reserve-plans", "/reserve-plans"), ("alerts", "/alerts"), ("stocktakes", "/stocktakes"),
            ("exchanges", "/exchanges"), ("raw-materials", "/raw-materials"),
            ("institution-reserves", "/institution-reserves"), ("reserve-plan", "/reserve-plans/\(s.plan.uuidString)"),
            ("stocktake", "/stocktakes/\(s.stocktake.uuidString)"),
            ("stocktake-count", "/stocktakes/\(s.stocktake.uuidString)?count=1"),
            ("exchange", "/exchanges/\(s.exchange.uuidString)"),
            ("item-prices", "/catalogue/items/\(w.mask.uuidString)/prices"),
            ("agreements", "/agreements"), ("subsidies", "/subsidies"), ("oversight", "/oversight"),
            ("rotation", "/rotation"), ("reserve-parameters", "/reserve-parameters?jurisdiction=520102"),
            ("mass-testing", "/mass-testing?example=guiyang"),
            ("mass-testing-split", "/mass-testing?example=guiyang&splitOver=5201"), ("kits", "/kits"),
            ("kit-packing", "/kits/\(s.kit.uuidString)/packing"), ("distribution-points", "/distribution-points"),
            ("transport", "/transport"),
            ("transport-check", "/transport?county=520102&points=20&tables=40&staffPerPoint=11.4&rounds=2"),
        ]
    }

    @Test(arguments: TestDatabase.allCases)
    func everyConsolePageMatchesItsSnapshotInBothLanguages(_ engine: TestDatabase) async throws {
        try await withApp(engine, ids: .sequential()) { app, services in
            let state = try await Self.state(services)
            var session = try await ConsoleSession.signIn(app, "admin.pages")
            for (name, path) in Self.pages(state) {
                for lang in ["zh", "en"] {
                    let page = try await session.get(path + (path.contains("?") ? "&" : "?") + "lang=" + lang)
                    #expect(page.status == .ok, "\(path) \(lang): \(page.status)")
                    Snapshot.expectMatches(page.text, named: "\(name).\(lang)", suite: "PageSnapshotTests")
                }
            }
            var anonymous = ConsoleSession(app: app)
            for lang in ["zh", "en"] {
                Snapshot.expectMatches(
                    try await anonymous.get("/login?lang=" + lang).text, named: "login.\(lang)",
                    suite: "PageSnapshotTests")
            }
        }
    }
}
