import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import SQLKit
import Testing

/// `verify` sees every broken dispatch invariant: a world with one order carried through the whole
/// loop and one still reserving verifies clean; then each test damages one invariant with raw SQL,
/// keeping the others (and, where that is possible, the lot balances) intact, and expects exactly
/// that invariant named, with the row it is about.
@Suite struct VerifyTests {
    /// Order A (boxes from the enterprise depot, with a 配送令): approved, departed, arrived, signed
    /// 3 accepted + 1 short, charged (charge, buy-back, claim) and 2 recovered; its request
    /// fulfilled. Order B (10 masks from Nanming, no carrier): issued, still reserving; its request approved.
    struct Fixture {
        var services: LifelineServices.Services
        var world: World
        var requestA: UUID
        var orderA: OrderView
        var deliveryA: UUID
        var boxLot: UUID
        var requestB: UUID
        var orderB: OrderView
    }

    static func fixture(_ services: LifelineServices.Services) async throws -> Fixture {
        let l = try await DispatchLoop.make(services)
        let w = l.world
        let box = try #require(
            try await services.reference.items(ItemFilter(), page: PageRequest(per: 500), for: .system).items
                .first { $0.definition.code == "SMP-0004" })
        let boxLot = try await services.stock.receive(
            ReceiptInput(
                depotId: w.enterpriseDepot, itemId: box.id, quantity: 10, batchNo: "BOX-V", manufacturer: "M",
                productionDate: "2026-01-01"),
            key: "v-box", by: .system
        ).movements[0].lotId
        func request(_ key: String, _ item: UUID, _ quantity: Int, post: WorkPost? = nil) async throws -> RequestView {
            let draft = try await services.dispatch.createRequest(
                RequestInput(
                    unitId: w.hospital, priority: .high, neededBy: testNow.addingTimeInterval(6 * 3600),
                    deliveryPlace: "发热门诊",
                    lines: [RequestLineInput(itemId: item, quantity: quantity, post: post)]), key: key, by: l.requester)
            return try await services.dispatch.changeRequest(draft.id, .submit, key: "\(key)-s", by: l.requester)
        }

        var a = try await request("v-a", box.id, 4, post: .sampleTransport)
        a = try await services.dispatch.approveRequest(
            a.id,
            ApprovalInput(
                lines: [ApprovalLineInput(itemId: box.id, depotId: w.enterpriseDepot, quantity: 4)],
                carrierUnitId: l.carrier),
            key: "v-a-a", by: w.cityOfficer)
        let goods = try #require(a.orders.first { $0.kind != .delivery })
        let delivery = try #require(a.orders.first { $0.kind == .delivery })
        for action in [DispatchOrderAction.acknowledge, .pick, .load] {
            _ = try await services.dispatch.track(
                goods.id, TrackingInput(action: action), key: "v-a-\(action.rawValue)", by: w.cityOfficer)
        }
        for action in [DispatchOrderAction.depart, .arrive] {
            _ = try await services.dispatch.track(
                delivery.id, TrackingInput(action: action), key: "v-a-\(action.rawValue)", by: l.carrierUser)
        }
        let line = try #require(try await services.dispatch.order(goods.id, for: l.requester).lines.first)
        _ = try await services.dispatch.sign(
            goods.id, SignInput(lines: [SignLineInput(lineId: line.id, accepted: 3, short: 1)]), key: "v-a-g",
            by: l.requester)
        let orderA = try await services.dispatch.recover(
            goods.id, [RecoveryInput(lineId: line.id, quantity: 2, disinfected: true, grid: "G1", round: 1)],
            key: "v-a-r", by: w.cityOfficer)

        var b = try await request("v-b", w.mask, 10)
        b = try await services.dispatch.approveRequest(
            b.id, ApprovalInput(lines: [ApprovalLineInput(itemId: w.mask, depotId: w.nanming, quantity: 10)]),
            key: "v-b-a", by: w.cityOfficer)
        let orderB = try await services.dispatch.order(try #require(b.orders.first).id, for: w.cityOfficer)
        return Fixture(
            services: services, world: w, requestA: a.id, orderA: orderA, deliveryA: delivery.id, boxLot: boxLot,
            requestB: b.id,
            orderB: orderB)
    }

    /// Runs raw SQL against the fixture's database, bypassing every service.
    static func corrupt(_ services: LifelineServices.Services, _ query: SQLQueryString) async throws {
        try await services.database.sql().raw(query).run()
    }

    /// The dispatch findings after the damage; the ledger and audit checks must stay clean unless `balancesToo`.
    static func findings(_ f: Fixture, balancesToo: Bool = false) async throws -> [DispatchFinding] {
        let report = try await f.services.operations.verify()
        #expect(report.auditBreaks.isEmpty)
        if !balancesToo { #expect(report.balanceDifferences.isEmpty, "\(report.balanceDifferences)") }
        #expect(!report.isClean)
        return report.dispatchFindings
    }

    @Test(arguments: TestDatabase.allCases)
    func theWholeLoopVerifiesClean(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let f = try await Self.fixture(services)
            #expect(f.orderA.status == .delivered)
            #expect(f.orderA.lines.first?.recovered == 2)
            #expect(f.orderB.status == .issued)
            #expect(try await services.stock.lot(f.world.lot, for: .system).reserved == 10)
            let kinds = try await services.dispatch.charges(page: PageRequest(), for: .system).items.filter {
                $0.orderId == f.orderA.id
            }.map(\.kind)
            #expect(Set(kinds) == ["charge", "buyback", "claim"])
            #expect(try await services.dispatch.request(f.requestA, for: .system).status == .fulfilled)
            let report = try await services.operations.verify()
            #expect(report.isClean, "\(report.dispatchFindings)")
            #expect(report.dispatchFindings.isEmpty)
            #expect(report.truncatedInvariants.isEmpty)
        }
    }

    /// A lot's stored `reserved` raised behind the ledger's back. The ledger check sees it too: with
    /// the balances matching the movements and every order's movements matching its lines, the lot
    /// would agree with its orders, so this invariant never breaks alone.
    @Test(arguments: TestDatabase.allCases)
    func aLotReservingMoreThanItsOpenOrdersIsFound(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let f = try await Self.fixture(services)
            try await Self.corrupt(services, "UPDATE lots SET reserved = reserved + 5 WHERE id = \(bind: f.world.lot)")
            let findings = try await Self.findings(f, balancesToo: true)
            #expect(findings.map(\.invariant) == [.lotReservation])
            #expect(findings.first?.id == f.world.lot)
            #expect(findings.first.map { [$0.stored, $0.expected] } == ["15", "10"])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func approvingMoreThanWasRequestedIsFound(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let f = try await Self.fixture(services)
            try await Self.corrupt(
                services, "UPDATE request_lines SET quantity = 2 WHERE request_id = \(bind: f.requestA)")
            let findings = try await Self.findings(f)
            #expect(findings.map(\.invariant) == [.overApproval])
            #expect(findings.first?.id == f.requestA)
            #expect(findings.first?.itemID == f.orderA.lines.first?.itemId)
            #expect(findings.first.map { [$0.stored, $0.expected] } == ["4", "≤ 2 requested"])
        }
    }

    /// What concurrent approvals of one request leave behind: a second standing order from the same
    /// depot, fully booked (line, reserve movement, lot balance) — and, so that only this invariant
    /// trips, a request line raised to cover both.
    @Test(arguments: TestDatabase.allCases)
    func aRequestApprovedTwiceIsFound(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let f = try await Self.fixture(services)
            let (order, line, number) = (UUID(), UUID(), f.orderB.number + "-X")
            try await Self.corrupt(
                services,
                """
                INSERT INTO dispatch_orders (id, number, kind, request_id, depot_id, depot_path, receiver_unit_id, \
                receiver_path, status, \
                approver_path, needed_by_ms, road_km, border_handover, issued_at_ms) SELECT \(bind: order), \
                \(bind: number), kind, request_id, \
                depot_id, depot_path, receiver_unit_id, receiver_path, status, approver_path, needed_by_ms, road_km, \
                border_handover, issued_at_ms \
                FROM dispatch_orders WHERE id = \(bind: f.orderB.id)
                """)
            try await Self.corrupt(
                services,
                """
                INSERT INTO dispatch_lines (id, order_id, line_no, item_id, lot_id, quantity) \
                SELECT \(bind: line), \(bind: order), line_no, item_id, lot_id, quantity FROM dispatch_lines WHERE \
                order_id = \(bind: f.orderB.id)
                """)
            try await Self.corrupt(
                services,
                """
                INSERT INTO stock_movements (kind, lot_id, depot_id, item_id, path, on_hand_delta, reserved_delta, \
                held_delta, document_no, \
                reason, actor_id, actor_name, at_ms) SELECT kind, lot_id, depot_id, item_id, path, on_hand_delta, \
                reserved_delta, held_delta, \
                \(bind: number), reason, actor_id, actor_name, at_ms FROM stock_movements WHERE document_no = \
                \(bind: f.orderB.number)
                """)
            try await Self.corrupt(services, "UPDATE lots SET reserved = reserved + 10 WHERE id = \(bind: f.world.lot)")
            try await Self.corrupt(
                services, "UPDATE request_lines SET quantity = 20 WHERE request_id = \(bind: f.requestB)")
            let findings = try await Self.findings(f)
            #expect(findings.map(\.invariant) == [.duplicateApproval])
            #expect(findings.first?.id == f.requestB)
            #expect(findings.first.map { [$0.stored, $0.expected] } == ["2", "1"])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func signedQuantitiesThatDoNotAddUpAreFound(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let f = try await Self.fixture(services)
            let line = try #require(f.orderA.lines.first)
            try await Self.corrupt(
                services, "UPDATE dispatch_lines SET accepted = accepted + 1 WHERE id = \(bind: line.id)")
            let findings = try await Self.findings(f)
            #expect(findings.map(\.invariant) == [.signedQuantities])
            #expect(findings.first?.id == line.id)
            #expect(findings.first?.number == "\(f.orderA.number)#1")
            #expect(findings.first.map { [$0.stored, $0.expected] } == ["4 + 1 + 0 = 5", "4 shipped, none negative"])
        }
    }

    /// A recovery row changed behind the service: its units no longer match the return, or it names
    /// another grid than the order served.
    @Test(arguments: TestDatabase.allCases)
    func recoveryRowsThatDisagreeWithTheReturnsAreFound(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let f = try await Self.fixture(services)
            try await Self.corrupt(
                services, "UPDATE lot_recoveries SET quantity = quantity + 1 WHERE order_id = \(bind: f.orderA.id)")
            let findings = try await Self.findings(f)
            #expect(findings.map(\.invariant) == [.recoveryRecords])
            #expect(findings.first?.id == f.orderA.id && findings.first?.lotID == f.boxLot)
            #expect(findings.first.map { [$0.stored, $0.expected] } == ["3", "2 returned under the order"])
            try await Self.corrupt(
                services,
                """
                UPDATE lot_recoveries SET quantity = quantity - 1, grid = 'elsewhere' \
                WHERE order_id = \(bind: f.orderA.id)
                """)
            try await Self.corrupt(
                services, "UPDATE dispatch_orders SET grid = 'G1' WHERE id = \(bind: f.orderA.id)")
            let foreign = try await Self.findings(f)
            #expect(foreign.map(\.invariant) == [.recoveryRecords])
            #expect(foreign.first?.measure == "recovery rows of another grid or round")
        }
    }

    /// An extra recovery posted behind the service's check (its lot balance raised with it).
    @Test(arguments: TestDatabase.allCases)
    func recoveringMoreThanWasAcceptedIsFound(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let f = try await Self.fixture(services)
            try await Self.corrupt(
                services,
                """
                INSERT INTO stock_movements (kind, lot_id, depot_id, item_id, path, on_hand_delta, reserved_delta, \
                held_delta, document_no, \
                reason, actor_id, actor_name, at_ms) SELECT kind, lot_id, depot_id, item_id, path, on_hand_delta, \
                reserved_delta, held_delta, \
                document_no, reason, actor_id, actor_name, at_ms FROM stock_movements WHERE document_no = \
                \(bind: f.orderA.number) \
                AND kind = \(bind: MovementKind.return.rawValue)
                """)
            try await Self.corrupt(services, "UPDATE lots SET on_hand = on_hand + 2 WHERE id = \(bind: f.boxLot)")
            // Its recovery row too, so that only the over-recovery shows.
            try await Self.corrupt(
                services,
                """
                INSERT INTO lot_recoveries (id, lot_id, order_id, grid, round, quantity, path, actor_name, at_ms) \
                SELECT \(bind: UUID()), lot_id, order_id, grid, round, quantity, path, actor_name, at_ms \
                FROM lot_recoveries WHERE order_id = \(bind: f.orderA.id)
                """)
            let findings = try await Self.findings(f)
            #expect(findings.map(\.invariant) == [.overRecovery])
            #expect(findings.first?.id == f.orderA.id)
            #expect(findings.first?.lotID == f.boxLot)
            #expect(findings.first.map { [$0.stored, $0.expected] } == ["4", "≤ 3 accepted"])
        }
    }

    /// The damage of two concurrent signatures: the order charged twice.
    @Test(arguments: TestDatabase.allCases)
    func aSecondChargeForOneLineIsFound(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let f = try await Self.fixture(services)
            try await Self.corrupt(
                services,
                """
                INSERT INTO charges (kind, order_id, payer_unit_id, payee_unit_id, path, item_id, quantity, \
                unit_price_fen, amount_fen, at_ms) \
                SELECT kind, order_id, payer_unit_id, payee_unit_id, path, item_id, quantity, unit_price_fen, \
                amount_fen, at_ms FROM charges \
                WHERE order_id = \(bind: f.orderA.id) AND kind = 'charge'
                """)
            let findings = try await Self.findings(f)
            #expect(findings.map(\.invariant) == [.excessCharge])
            #expect(findings.first?.id == f.orderA.id)
            #expect(
                findings.first.map { [$0.measure, $0.stored, $0.expected] } == [
                    "charge units (rows)", "6 (2)", "≤ 3 (≤ 1, one per line)",
                ])
        }
    }

    /// Goods that left without a reservation: the reserve movement deleted and the issue made not
    /// to consume one, so the lot's balances still match its movements.
    @Test(arguments: TestDatabase.allCases)
    func anOrderWithoutItsReservationIsFound(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let f = try await Self.fixture(services)
            try await Self.corrupt(
                services,
                """
                DELETE FROM stock_movements WHERE document_no = \(bind: f.orderA.number) AND kind = \
                \(bind: MovementKind.reserve.rawValue)
                """)
            try await Self.corrupt(
                services,
                """
                UPDATE stock_movements SET reserved_delta = 0 WHERE document_no = \(bind: f.orderA.number) AND kind \
                = \(bind: MovementKind.issue.rawValue)
                """)
            let findings = try await Self.findings(f)
            #expect(findings.map(\.invariant) == [.orderMovements])
            #expect(findings.first?.id == f.orderA.id)
            #expect(findings.first?.lotID == f.boxLot)
            #expect(
                findings.first.map { [$0.measure, $0.stored, $0.expected] } == ["units reserved by approval", "0", "4"])
        }
    }

    /// A reservation made and given back under a document number that names no order.
    @Test(arguments: TestDatabase.allCases)
    func aReservationNamingNoOrderIsFound(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let f = try await Self.fixture(services)
            for (kind, delta) in [(MovementKind.reserve, 5), (.release, -5)] {
                try await Self.corrupt(
                    services,
                    """
                    INSERT INTO stock_movements (kind, lot_id, depot_id, item_id, path, on_hand_delta, \
                    reserved_delta, held_delta, document_no, \
                    reason, actor_id, actor_name, at_ms) SELECT \(bind: kind.rawValue), lot_id, depot_id, item_id, \
                    path, 0, \(bind: delta), 0, \
                    'DP-NOWHERE-0001', reason, actor_id, actor_name, at_ms FROM stock_movements WHERE document_no = \
                    \(bind: f.orderB.number)
                    """)
            }
            let findings = try await Self.findings(f)
            #expect(findings.map(\.invariant) == [.strayReservation])
            #expect(findings.first?.number == "DP-NOWHERE-0001")
            #expect(findings.first?.lotID == f.world.lot)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aDeliveryOrderLeftBehindItsGoodsOrderIsFound(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let f = try await Self.fixture(services)
            try await Self.corrupt(
                services, "UPDATE dispatch_orders SET status = 'arrived' WHERE id = \(bind: f.deliveryA)")
            let findings = try await Self.findings(f)
            #expect(findings.map(\.invariant) == [.orderState])
            #expect(findings.first?.id == f.deliveryA)
            #expect(findings.first?.stored == "arrived")
            #expect(findings.first?.expected.hasPrefix("delivered as its goods order \(f.orderA.number)") == true)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aRequestStatusThatDisagreesWithItsOrdersIsFound(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let f = try await Self.fixture(services)
            try await Self.corrupt(
                services, "UPDATE supply_requests SET status = 'approved' WHERE id = \(bind: f.requestA)")
            let findings = try await Self.findings(f)
            #expect(findings.map(\.invariant) == [.requestState])
            #expect(findings.first?.id == f.requestA)
            #expect(findings.first.map { [$0.stored, $0.expected] } == ["approved", "fulfilled"])
        }
    }
}
