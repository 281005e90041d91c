import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import Testing

/// The dispatch loop end to end (R5): a request from draft to signed delivery and charge, on both
/// databases, with the ledger, the audit trail and `verify` checked at the end.
@Suite struct DispatchLoopTests {
    @Test(arguments: TestDatabase.allCases)
    func aRequestGoesFromDraftToSignedDeliveryAndCharge(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            // An event at level I over Guiyang: the county's own dispatch right is frozen.
            let incident = try await services.dispatch.declareIncident(
                IncidentInput(title: "贵阳市新冠疫情", level: "I", jurisdictions: ["5201"]), key: "i1", by: w.cityOfficer)
            var request = try await l.draft(services)
            #expect(request.status == .draft)
            #expect(request.number.hasPrefix("SQ-520102-"))
            request = try await services.dispatch.changeRequest(request.id, .submit, key: "s1", by: l.requester)
            #expect(request.status == .submitted)

            // The inbox and the inventory query.
            let inbox = try await services.dispatch.requests(
                RequestFilter(toDecide: true), page: PageRequest(), for: w.cityOfficer)
            #expect(inbox.items.map(\.id) == [request.id])
            let available = try await services.dispatch.availability(for: request.id, by: w.cityOfficer)
            #expect(available.first?.lots.first?.lotId == w.lot || available.first?.lots.first?.lotId == w.yunyanLot)

            // The county officer may not approve at level I; the city may.
            await #expect(throws: LifelineError.self) {
                _ = try await services.dispatch.approveRequest(
                    request.id,
                    ApprovalInput(lines: [ApprovalLineInput(itemId: w.mask, depotId: w.nanming, quantity: 30)]),
                    key: "a0", by: w.officerA)
            }
            let approval = ApprovalInput(
                lines: [ApprovalLineInput(itemId: w.mask, depotId: w.nanming, quantity: 30)], carrierUnitId: l.carrier,
                vehicle: "贵A·12345", executeFirst: true)
            request = try await services.dispatch.approveRequest(request.id, approval, key: "a1", by: w.cityOfficer)
            #expect(request.status == .approved)
            #expect(request.approverJurisdiction == "5201")
            #expect(request.executeFirst)
            #expect(request.orders.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.delivery, .deployment])
            // A retried approval creates nothing new.
            let again = try await services.dispatch.approveRequest(request.id, approval, key: "a1", by: w.cityOfficer)
            #expect(again.orders.count == 2)
            var lot = try await services.stock.lot(w.lot, for: .system)
            #expect(lot.reserved == 30)
            #expect(lot.onHand == 100)

            let deployment = try #require(request.orders.first { $0.kind == .deployment })
            let delivery = try #require(request.orders.first { $0.kind == .delivery })
            #expect(deployment.number.hasPrefix("DP-5201-"))
            #expect(delivery.number.hasPrefix("PS-5201-"))
            // The carrier sees its delivery order on its board; the hospital sees the deployment.
            let board = try await services.dispatch.orders(
                OrderFilter(openOnly: true), page: PageRequest(), for: l.carrierUser)
            #expect(board.items.map(\.id).contains(delivery.id))

            // Signing before arrival is refused and changes nothing.
            let firstLine = try #require(
                try await services.dispatch.order(deployment.id, for: w.cityOfficer).lines.first)
            await #expect(throws: LifelineError.self) {
                _ = try await services.dispatch.sign(
                    deployment.id, SignInput(lines: [SignLineInput(lineId: firstLine.id, accepted: 30)]), key: "x1",
                    by: l.requester)
            }
            // Depart before loading is refused.
            await #expect(throws: LifelineError.self) {
                _ = try await services.dispatch.track(
                    delivery.id, TrackingInput(action: .depart), key: "x2", by: l.carrierUser)
            }

            // The carrier drives but does not load: that is the depot's step (403, nothing changes).
            do {
                _ = try await services.dispatch.track(
                    deployment.id, TrackingInput(action: .pick), key: "x3", by: l.carrierUser)
                Issue.record("a carrier picked goods in the depot")
            } catch let error as LifelineError {
                #expect(error.code == .forbidden)
                #expect(error.message(.zh).contains("拣货"))
            }
            let seen = try await services.dispatch.order(deployment.id, for: l.carrierUser)
            #expect(seen.status == .issued)
            let carrierMay = try await services.dispatch.orderActions(deployment.id, for: l.carrierUser)
            #expect(
                carrierMay == OrderActions(steps: [.acknowledge], cancel: false, sign: false, recover: false),
                "the carrier's page offers only its own step")
            let officerMay = try await services.dispatch.orderActions(deployment.id, for: w.cityOfficer)
            #expect(
                officerMay.steps == [.acknowledge] && officerMay.cancel,
                "an officer over the depot may take any step, and cancel")
            #expect(
                try await services.dispatch.orderActions(deployment.id, for: l.requester)
                    == OrderActions(steps: [], cancel: false, sign: false, recover: false))

            // The depot (officer over it) and the carrier execute.
            for (index, action) in [DispatchOrderAction.acknowledge, .pick, .load].enumerated() {
                _ = try await services.dispatch.track(
                    deployment.id, TrackingInput(action: action), key: "t\(index)", by: w.cityOfficer)
            }
            _ = try await services.dispatch.track(
                delivery.id, TrackingInput(action: .depart, note: "出库发车"), key: "t3", by: l.carrierUser)
            lot = try await services.stock.lot(w.lot, for: .system)
            #expect(lot.onHand == 70)
            #expect(lot.reserved == 0)
            _ = try await services.dispatch.track(
                delivery.id, TrackingInput(action: .checkpoint, note: "省道卡口", longitude: 106.715, latitude: 26.565),
                key: "t4", by: l.carrierUser)
            let arrived = try await services.dispatch.track(
                delivery.id, TrackingInput(action: .arrive), key: "t5", by: l.carrierUser)
            #expect(arrived.status == .arrived)
            #expect(try await services.dispatch.order(deployment.id, for: l.requester).status == .arrived)

            // The receiver signs: 28 accepted, 2 short.
            let signed = try await services.dispatch.sign(
                deployment.id,
                SignInput(lines: [SignLineInput(lineId: firstLine.id, accepted: 28, short: 2, note: "少两盒")]), key: "g1",
                by: l.requester)
            #expect(signed.status == .delivered)
            #expect(signed.lines.first?.accepted == 28)
            await #expect(throws: LifelineError.self) {
                _ = try await services.dispatch.sign(
                    deployment.id, SignInput(lines: [SignLineInput(lineId: firstLine.id, accepted: 30)]), key: "g2",
                    by: l.requester)
            }
            #expect(try await services.dispatch.request(request.id, for: l.requester).status == .fulfilled)

            // Who draws pays; the shortage is a claim on the shipper.
            let charges = try await services.dispatch.charges(page: PageRequest(), for: w.cityOfficer).items
            let price = try #require(
                try await services.reference.items(ItemFilter(), page: PageRequest(per: 500), for: .system).items.first
                { $0.id == w.mask }
            )
            .definition.unitPriceFen
            #expect(charges.first { $0.kind == "charge" }?.amountFen == 28 * price)
            #expect(charges.first { $0.kind == "charge" }?.payerUnitId == w.hospital)
            #expect(charges.first { $0.kind == "claim" }?.quantity == 2)
            // Unit-bound parties see exactly their own unit's charges; nobody else's.
            let own = try await services.dispatch.charges(page: PageRequest(), for: l.requester).items
            #expect(Set(own.map(\.kind)) == ["charge", "claim"])
            #expect(own.allSatisfy { $0.payerUnitId == w.hospital || $0.payeeUnitId == w.hospital })
            #expect(try await services.dispatch.chargeTotals(for: l.requester).map(\.unitId).contains(w.hospital))
            #expect(
                try await services.dispatch.charges(page: PageRequest(), for: w.operatorActor).items.isEmpty,
                "the enterprise is no party here")
            let parties = try await services.dispatch.chargeTotals(for: w.cityOfficer)
            #expect(parties.first { $0.unitId == w.hospital }?.drawnFen == FenSum(28 * price))
            #expect(
                parties.first { $0.unitId == w.hospital }?.receivableFen == FenSum(2 * price),
                "the hospital's claim for the shortage")

            // The response report after the event ends.
            _ = try await services.dispatch.changeIncident(
                incident.id, IncidentChangeInput(level: nil, note: "解除"), key: "i2", by: w.cityOfficer)
            let report = try await services.dispatch.responseReport(incident.id, for: w.cityOfficer)
            let row = try #require(report.rows.first)
            #expect((row.requested, row.approved, row.shipped, row.received) == (30, 30, 30, 28))
            #expect(report.csv.contains("quantities,520102,"))

            // Ledger, audit trail, verify.
            let movements = try await services.stock.movements(
                MovementFilter(), page: PageRequest(per: 500), for: .system
            ).items
            #expect(
                movements.filter { $0.documentNo == deployment.number }.map(\.kind).sorted { $0.rawValue < $1.rawValue }
                    == [.issue, .reserve])
            let audit = try await services.access.auditEntries(
                entity: nil, entityID: nil, page: PageRequest(per: 500), for: .system
            ).items.map(\.action)
            for action in [
                "incident.declare", "request.create", "request.submit", "request.approve", "order.depart", "order.sign",
                "request.fulfilled", "incident.end",
            ] {
                #expect(audit.contains(action), "audit has \(action)")
            }
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theAuthorityPolicyIsEnforcedAndIllegalMovesChangeNothing(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            // An officer who drafted a request for a unit cannot approve it.
            var own = try await services.dispatch.createRequest(
                RequestInput(
                    unitId: w.hospital, priority: .high, neededBy: testNow.addingTimeInterval(3600),
                    deliveryPlace: "医院",
                    lines: [RequestLineInput(itemId: w.mask, quantity: 5)]), key: "own", by: w.officerA)
            own = try await services.dispatch.changeRequest(own.id, .submit, key: "own-s", by: w.officerA)
            do {
                _ = try await services.dispatch.approveRequest(own.id, ApprovalInput(), key: "own-a", by: w.officerA)
                Issue.record("approved own request")
            } catch let error as LifelineError {
                #expect(error.code == .selfApproval)
            }
            // Without an event the county approves its own county's stock; the city's Yunyan depot needs the city.
            var request = try await l.draft(services, quantity: 10)
            request = try await services.dispatch.changeRequest(request.id, .submit, key: "s", by: l.requester)
            do {
                _ = try await services.dispatch.approveRequest(
                    request.id,
                    ApprovalInput(lines: [ApprovalLineInput(itemId: w.mask, depotId: w.yunyan, quantity: 10)]),
                    key: "b1", by: w.officerA)
                Issue.record("a county officer drew on another county")
            } catch let error as LifelineError {
                #expect(error.code == .approvalTierRequired)
                #expect(error.message(.zh).contains("市级"))
            }
            // Below level III the county's own stock comes first: the city may not send Yunyan's masks
            // while Nanming (the requester's county) still has them.
            do {
                _ = try await services.dispatch.approveRequest(
                    request.id,
                    ApprovalInput(lines: [ApprovalLineInput(itemId: w.mask, depotId: w.yunyan, quantity: 10)]),
                    key: "b-own", by: w.cityOfficer)
                Issue.record("drew on another county before the requester's own stock")
            } catch let error as LifelineError {
                #expect(error.code == .ownSupplyFirst)
                #expect(error.message(.en).contains("100"))
            }
            // Withdrawn requests cannot be approved; nothing is reserved.
            request = try await services.dispatch.changeRequest(request.id, .withdraw, key: "w", by: l.requester)
            do {
                _ = try await services.dispatch.approveRequest(
                    request.id, ApprovalInput(), key: "b2", by: w.cityOfficer)
                Issue.record("approved a withdrawn request")
            } catch let error as LifelineError {
                #expect(error.code == .invalidTransition)
                #expect(error.message(.zh).contains("已撤回"))
            }
            #expect(try await services.stock.lot(w.lot, for: .system).reserved == 0)
            #expect(try await services.stock.lot(w.yunyanLot, for: .system).reserved == 0)

            // Rejection and cancellation release; cancellation after departure is refused.
            var second = try await l.draft(services, quantity: 20, key: "r2")
            second = try await services.dispatch.changeRequest(second.id, .submit, key: "s2", by: l.requester)
            second = try await services.dispatch.approveRequest(
                second.id, ApprovalInput(), key: "c1", by: w.cityOfficer)
            let goods = second.orders.filter { $0.kind != .delivery }
            #expect(!goods.isEmpty)
            #expect(
                try await services.stock.lot(w.lot, for: .system).reserved
                    + (try await services.stock.lot(w.yunyanLot, for: .system).reserved) == 20)
            for (n, order) in goods.enumerated() {
                #expect(
                    try await services.dispatch.request(second.id, for: .system).status == .approved,
                    "an order still stands")
                _ = try await services.dispatch.track(
                    order.id, TrackingInput(action: .cancel, note: "改由省级调拨"), key: "c2-\(n)", by: w.cityOfficer)
            }
            #expect(try await services.stock.lot(w.lot, for: .system).reserved == 0)
            #expect(try await services.stock.lot(w.yunyanLot, for: .system).reserved == 0)
            // Every order cancelled: nothing reached the requester, so the request is back in the inbox.
            second = try await services.dispatch.request(second.id, for: .system)
            #expect(second.status == .submitted)
            let audit = try await services.access.auditEntries(
                entity: "request", entityID: second.id.uuidString, page: PageRequest(), for: .system)
            #expect(audit.items.map(\.action).contains("request.reopened"))
            second = try await services.dispatch.approveRequest(
                second.id, ApprovalInput(), key: "c3", by: w.cityOfficer)
            #expect(second.status == .approved)
            #expect(
                second.orders.filter { $0.kind != .delivery && $0.status != .cancelled }.count >= 1,
                "approved again under new orders")
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aMassTestingFormBecomesItemLinesAndOtherNeedsNeedAReason(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let form = MassTestingForm(samplingPoints: 10, tables: 25, staffPerTable: 4, rounds: 3)
            do {
                _ = try await services.dispatch.createRequest(
                    RequestInput(
                        unitId: l.world.hospital, priority: .critical, neededBy: testNow.addingTimeInterval(3600),
                        deliveryPlace: "采样点",
                        lines: [RequestLineInput(itemId: l.world.mask, quantity: 10)], massTesting: form), key: "m0",
                    by: l.requester)
                Issue.record("an other-needs line without a reason was accepted")
            } catch let error as LifelineError {
                #expect(error.field == "lines[0].reason")
            }
            let view = try await services.dispatch.createRequest(
                RequestInput(
                    unitId: l.world.hospital, priority: .critical, neededBy: testNow.addingTimeInterval(3600),
                    deliveryPlace: "采样点",
                    lines: [RequestLineInput(itemId: l.world.mask, quantity: 10, reason: "转运司机")], massTesting: form),
                key: "m1", by: l.requester)
            #expect(view.massTesting == form)
            let swabs = try #require(view.lines.first { $0.itemCode == "SMP-0001" })
            #expect(swabs.quantity == Int((25.0 * 1000 * 3 * 1.05).rounded(.up)))
            #expect(view.lines.last?.reason == "转运司机")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func reusableItemsComeBackDisinfectedAfterTheRound(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            let box = try #require(
                try await services.reference.items(ItemFilter(), page: PageRequest(per: 500), for: .system).items
                    .first { $0.definition.code == "SMP-0004" })
            #expect(box.definition.reusable)
            let lot = try await services.stock.receive(
                ReceiptInput(
                    depotId: w.nanming, itemId: box.id, quantity: 10, batchNo: "BOX-1", manufacturer: "M",
                    productionDate: "2026-01-01"), key: "box", by: .system
            ).movements[0].lotId
            var request = try await services.dispatch.createRequest(
                RequestInput(
                    unitId: w.hospital, priority: .high, neededBy: testNow.addingTimeInterval(3600),
                    deliveryPlace: "采样点",
                    lines: [RequestLineInput(itemId: box.id, quantity: 4, post: .sampleTransport)]), key: "rb",
                by: l.requester)
            request = try await services.dispatch.changeRequest(request.id, .submit, key: "rb-s", by: l.requester)
            request = try await services.dispatch.approveRequest(
                request.id, ApprovalInput(), key: "rb-a", by: w.cityOfficer)
            let order = try #require(request.orders.first)
            for action in [DispatchOrderAction.acknowledge, .pick, .load, .depart, .arrive] {
                _ = try await services.dispatch.track(
                    order.id, TrackingInput(action: action), key: "rb-\(action.rawValue)", by: w.cityOfficer)
            }
            let line = try #require(try await services.dispatch.order(order.id, for: l.requester).lines.first)
            _ = try await services.dispatch.sign(
                order.id, SignInput(lines: [SignLineInput(lineId: line.id, accepted: 4)]), key: "rb-g", by: l.requester)
            #expect(try await services.stock.lot(lot, for: .system).onHand == 6)
            await #expect(throws: LifelineError.self) {  // not disinfected
                _ = try await services.dispatch.recover(
                    order.id, [RecoveryInput(lineId: line.id, quantity: 3, disinfected: false, grid: "G1", round: 1)],
                    key: "rb-r0", by: w.cityOfficer)
            }
            let back = try await services.dispatch.recover(
                order.id, [RecoveryInput(lineId: line.id, quantity: 3, disinfected: true, grid: "G1", round: 1)],
                key: "rb-r1", by: w.cityOfficer)
            #expect(back.lines.first?.recovered == 3)
            #expect(try await services.stock.lot(lot, for: .system).onHand == 9)
            await #expect(throws: LifelineError.self) {  // only 1 more came back from the grid
                _ = try await services.dispatch.recover(
                    order.id, [RecoveryInput(lineId: line.id, quantity: 2, disinfected: true, grid: "G1", round: 1)],
                    key: "rb-r2", by: w.cityOfficer)
            }
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func anAllocationOrderMovesStockBetweenReserves(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            // The Nanming office restocks its Yunyan depot from Nanming's: a 调拨令 approved by the city.
            let office = try #require(try await services.reference.depot(w.yunyan, for: .system).profile.ownerUnitID)
            var request = try await services.dispatch.createRequest(
                RequestInput(
                    unitId: office, priority: .high, neededBy: testNow.addingTimeInterval(86_400),
                    deliveryPlace: "云岩区储备库",
                    lines: [RequestLineInput(itemId: w.mask, quantity: 20)], receivingDepotId: w.yunyan), key: "al",
                by: w.officerA)
            await #expect(throws: LifelineError.self) {  // a depot that is not the unit's own
                _ = try await services.dispatch.createRequest(
                    RequestInput(
                        unitId: w.hospital, priority: .high, neededBy: testNow.addingTimeInterval(86_400),
                        deliveryPlace: "x",
                        lines: [RequestLineInput(itemId: w.mask, quantity: 1)], receivingDepotId: w.yunyan),
                    key: "al-bad", by: w.officerA)
            }
            request = try await services.dispatch.changeRequest(request.id, .submit, key: "al-s", by: w.officerA)
            request = try await services.dispatch.approveRequest(
                request.id, ApprovalInput(lines: [ApprovalLineInput(itemId: w.mask, depotId: w.nanming, quantity: 20)]),
                key: "al-a", by: w.cityOfficer)
            let order = try #require(request.orders.first)
            #expect(order.kind == .allocation)
            #expect(order.number.hasPrefix("DB-"))
            for action in [DispatchOrderAction.acknowledge, .pick, .load, .depart, .arrive] {
                _ = try await services.dispatch.track(
                    order.id, TrackingInput(action: action), key: "al-\(action.rawValue)", by: w.cityOfficer)
            }
            #expect(try await services.stock.lot(w.lot, for: .system).onHand == 80)
            let line = try #require(try await services.dispatch.order(order.id, for: w.officerA).lines.first)
            _ = try await services.dispatch.sign(
                order.id, SignInput(lines: [SignLineInput(lineId: line.id, accepted: 19, damaged: 1)]), key: "al-g",
                by: w.officerA)
            let yunyanMasks = try await services.stock.lots(
                LotFilter(depotId: w.yunyan, itemId: w.mask), page: PageRequest(), for: .system
            ).items
            #expect(yunyanMasks.map(\.onHand).reduce(0, +) == 50 + 19, "the accepted units entered the receiving depot")
            #expect(yunyanMasks.contains { $0.batchNo == "B-100" && $0.onHand == 19 })
            let kinds = try await services.stock.movements(MovementFilter(), page: PageRequest(per: 500), for: .system)
                .items
                .filter { $0.documentNo == order.number }.map(\.kind)
            #expect(Set(kinds) == [.reserve, .transferOut, .transferIn])
            #expect(try await services.operations.verify().isClean)
        }
    }
}
