import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing

/// Every state transition fired 10 times at once with different idempotency keys: exactly one
/// wins, the other nine are refused with a 409 code naming the state, and the effects exist once
/// (ADR 0022). On PostgreSQL the calls really run at once on separate connections; SQLite is
/// covered too. The two-server version over HTTP is Tests/system/test_transitions_under_concurrency.py.
@Suite struct TransitionConcurrencyTests {
    /// Runs `body` 10 times concurrently; returns the winners' count and the losers' error codes.
    static func race<T: Sendable>(_ n: Int = 10, _ body: @escaping @Sendable (Int) async throws -> T) async throws
        -> (wins: [T], refusals: [ErrorCode])
    {
        try await withThrowingTaskGroup(of: Result<T, LifelineError>.self) { group in
            for index in 0..<n {
                group.addTask {
                    do { return .success(try await body(index)) } catch let error as LifelineError {
                        return .failure(error)
                    }
                }
            }
            var wins: [T] = []
            var refusals: [ErrorCode] = []
            for try await outcome in group {
                switch outcome {
                case .success(let value): wins.append(value)
                case .failure(let error): refusals.append(error.code)
                }
            }
            return (wins, refusals)
        }
    }

    /// A submitted 10-unit request of the hospital (World: 100 masks in Nanming).
    static func submitted(_ l: DispatchLoop, _ services: Services, quantity: Int = 10, key: String) async throws
        -> RequestView
    {
        let draft = try await l.draft(services, quantity: quantity, key: key)
        return try await services.dispatch.changeRequest(draft.id, .submit, key: key + "-s", by: l.requester)
    }

    @Test(arguments: TestDatabase.allCases)
    func tenConcurrentApprovalsReserveOnce(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let request = try await Self.submitted(l, services, key: "r")
            let city = l.world.cityOfficer
            let outcome = try await Self.race { n in
                try await services.dispatch.approveRequest(request.id, ApprovalInput(), key: "approve-\(n)", by: city)
            }
            #expect(outcome.wins.count == 1)
            #expect(outcome.refusals == Array(repeating: .invalidTransition, count: 9))
            let after = try await services.dispatch.request(request.id, for: .system)
            #expect(after.orders.filter { $0.kind != .delivery }.count == 1)
            let reserved =
                try await services.stock.lot(l.world.lot, for: .system).reserved
                + (try await services.stock.lot(l.world.yunyanLot, for: .system).reserved)
            #expect(reserved == 10)
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func tenConcurrentSignaturesChargeOnce(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            var request = try await Self.submitted(l, services, key: "r")
            request = try await services.dispatch.approveRequest(
                request.id, ApprovalInput(lines: [ApprovalLineInput(itemId: w.mask, depotId: w.nanming, quantity: 10)]),
                key: "a", by: w.cityOfficer)
            let order = try #require(request.orders.first)
            for action in [DispatchOrderAction.acknowledge, .pick, .load, .depart, .arrive] {
                _ = try await services.dispatch.track(
                    order.id, TrackingInput(action: action), key: action.rawValue, by: w.cityOfficer)
            }
            let line = try #require(try await services.dispatch.order(order.id, for: l.requester).lines.first)
            let requester = l.requester
            let outcome = try await Self.race { n in
                try await services.dispatch.sign(
                    order.id, SignInput(lines: [SignLineInput(lineId: line.id, accepted: 10)]), key: "sign-\(n)",
                    by: requester)
            }
            #expect(outcome.wins.count == 1)
            #expect(outcome.refusals == Array(repeating: .invalidTransition, count: 9))
            let charges = try await services.dispatch.charges(page: PageRequest(), for: .system).items.filter {
                $0.orderId == order.id
            }
            #expect(charges.filter { $0.kind == "charge" }.count == 1)
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func tenConcurrentRecoveriesReturnTheLineOnce(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            let box = try #require(
                try await services.reference.items(ItemFilter(), page: PageRequest(per: 500), for: .system).items
                    .first { $0.definition.code == "SMP-0004" })
            let lot = try await services.stock.receive(
                ReceiptInput(
                    depotId: w.nanming, itemId: box.id, quantity: 10, batchNo: "BOX-1", manufacturer: "M",
                    productionDate: "2026-01-01"), key: "box", by: .system
            ).movements[0].lotId
            var request = try await services.dispatch.createRequest(
                RequestInput(
                    unitId: w.hospital, priority: .high, neededBy: testNow.addingTimeInterval(3600),
                    deliveryPlace: "采样点",
                    lines: [RequestLineInput(itemId: box.id, quantity: 2, post: .sampleTransport)]), key: "rb",
                by: l.requester)
            request = try await services.dispatch.changeRequest(request.id, .submit, key: "rb-s", by: l.requester)
            request = try await services.dispatch.approveRequest(
                request.id, ApprovalInput(), key: "rb-a", by: w.cityOfficer)
            let order = try #require(request.orders.first)
            for action in [DispatchOrderAction.acknowledge, .pick, .load, .depart, .arrive] {
                _ = try await services.dispatch.track(
                    order.id, TrackingInput(action: action), key: action.rawValue, by: w.cityOfficer)
            }
            let line = try #require(try await services.dispatch.order(order.id, for: l.requester).lines.first)
            _ = try await services.dispatch.sign(
                order.id, SignInput(lines: [SignLineInput(lineId: line.id, accepted: 2)]), key: "g", by: l.requester)
            #expect(try await services.stock.lot(lot, for: .system).onHand == 8)
            let city = w.cityOfficer
            let outcome = try await Self.race { n in
                try await services.dispatch.recover(
                    order.id, [RecoveryInput(lineId: line.id, quantity: 2, disinfected: true, grid: "G1", round: 1)],
                    key: "recover-\(n)", by: city)
            }
            #expect(outcome.wins.count == 1)
            #expect(outcome.refusals == Array(repeating: .recoveryExceedsAccepted, count: 9))
            #expect(try await services.stock.lot(lot, for: .system).onHand == 10, "2 units came back, once")
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func tenConcurrentTrackingStepsMoveTheOrderOnce(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            var request = try await Self.submitted(l, services, key: "r")
            request = try await services.dispatch.approveRequest(
                request.id, ApprovalInput(lines: [ApprovalLineInput(itemId: w.mask, depotId: w.nanming, quantity: 10)]),
                key: "a", by: w.cityOfficer)
            let order = try #require(request.orders.first)
            let city = w.cityOfficer
            for action in [DispatchOrderAction.acknowledge, .pick, .load, .depart, .arrive] {
                let outcome = try await Self.race { n in
                    try await services.dispatch.track(
                        order.id, TrackingInput(action: action), key: "\(action.rawValue)-\(n)", by: city)
                }
                #expect(outcome.wins.count == 1, "\(action)")
                #expect(outcome.refusals == Array(repeating: .invalidTransition, count: 9), "\(action)")
            }
            let movements = try await services.stock.movements(
                MovementFilter(), page: PageRequest(per: 500), for: .system
            ).items
                .filter { $0.documentNo == order.number }
            #expect(
                movements.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.issue, .reserve],
                "departed once: one issue")
            #expect(try await services.stock.lot(w.lot, for: .system).onHand == 90)
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func tenConcurrentCancellationsReleaseOnceAndReopenTheRequestOnce(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            var request = try await Self.submitted(l, services, key: "r")
            request = try await services.dispatch.approveRequest(
                request.id, ApprovalInput(lines: [ApprovalLineInput(itemId: w.mask, depotId: w.nanming, quantity: 10)]),
                key: "a", by: w.cityOfficer)
            let order = try #require(request.orders.first)
            let city = w.cityOfficer
            let outcome = try await Self.race { n in
                try await services.dispatch.track(
                    order.id, TrackingInput(action: .cancel, note: "改派"), key: "cancel-\(n)", by: city)
            }
            #expect(outcome.wins.count == 1)
            #expect(outcome.refusals == Array(repeating: .invalidTransition, count: 9))
            #expect(try await services.stock.lot(w.lot, for: .system).reserved == 0)
            #expect(try await services.dispatch.request(request.id, for: .system).status == .submitted)
            let audit = try await services.access.auditEntries(
                entity: "request", entityID: request.id.uuidString, page: PageRequest(), for: .system)
            #expect(audit.items.filter { $0.action == "request.reopened" }.count == 1)
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func tenConcurrentRequestMovesEachHappenOnce(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let draft = try await l.draft(services, key: "r")
            let requester = l.requester
            for action in [RequestAction.submit, .withdraw] {
                let outcome = try await Self.race { n in
                    try await services.dispatch.changeRequest(
                        draft.id, action, key: "\(action.rawValue)-\(n)", by: requester)
                }
                #expect(outcome.wins.count == 1, "\(action)")
                #expect(outcome.refusals == Array(repeating: .invalidTransition, count: 9), "\(action)")
            }
            let second = try await Self.submitted(l, services, key: "r2")
            let city = l.world.cityOfficer
            let rejections = try await Self.race { n in
                try await services.dispatch.rejectRequest(second.id, note: "库存另有安排", key: "reject-\(n)", by: city)
            }
            #expect(rejections.wins.count == 1)
            #expect(rejections.refusals == Array(repeating: .invalidTransition, count: 9))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func tenConcurrentIncidentChangesApplyOnce(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let city = w.cityOfficer
            let incident = try await services.dispatch.declareIncident(
                IncidentInput(title: "演练", level: "III", jurisdictions: ["5201"]), key: "i", by: city)
            let raises = try await Self.race { n in
                try await services.dispatch.changeIncident(
                    incident.id, IncidentChangeInput(level: "I", note: nil), key: "raise-\(n)", by: city)
            }
            #expect(raises.wins.count == 1)
            #expect(raises.refusals == Array(repeating: .invalidTransition, count: 9))
            let ends = try await Self.race { n in
                try await services.dispatch.changeIncident(
                    incident.id, IncidentChangeInput(level: nil, note: "解除"), key: "end-\(n)", by: city)
            }
            #expect(ends.wins.count == 1)
            #expect(ends.refusals == Array(repeating: .invalidTransition, count: 9))
            let view = try await services.dispatch.incident(incident.id, for: city)
            #expect(view.timeline.map(\.kind) == ["declare", "raise", "end"])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func tenConcurrentLotStatusChangesApplyOnce(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let officer = w.officerA
            let lot = w.lot
            let outcome = try await Self.race { _ in
                try await services.stock.changeStatus(
                    LotStatusInput(lotId: lot, status: .held, reason: "盘点差异"), by: officer)
            }
            #expect(outcome.wins.count == 1)
            #expect(outcome.refusals == Array(repeating: .invalidTransition, count: 9))
            let audit = try await services.access.auditEntries(
                entity: "lot", entityID: lot.uuidString, page: PageRequest(), for: .system)
            #expect(audit.items.filter { $0.action == "lot.status" }.count == 1)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func tenConcurrentWriteOffDecisionsWriteOffOnce(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let approveMe = try await services.stock.requestWriteOff(
                WriteOffInput(lotId: w.lot, quantity: 7, reason: "过期"), key: "w1", by: w.officerA)
            let rejectMe = try await services.stock.requestWriteOff(
                WriteOffInput(lotId: w.lot, quantity: 5, reason: "破损"), key: "w2", by: w.officerA)
            let city = w.cityOfficer
            // Half approve, half reject: whichever decision comes first is the only one.
            let outcome = try await Self.race { n in
                try await services.stock.decideWriteOff(
                    approveMe.id, WriteOffDecisionInput(approve: n % 2 == 0, note: "核实"), key: "d-\(n)", by: city)
            }
            #expect(outcome.wins.count == 1)
            #expect(outcome.refusals == Array(repeating: .invalidTransition, count: 9))
            let won = try #require(outcome.wins.first)
            let rejections = try await Self.race { n in
                try await services.stock.decideWriteOff(
                    rejectMe.id, WriteOffDecisionInput(approve: false, note: "继续使用"), key: "r-\(n)", by: city)
            }
            #expect(rejections.wins.count == 1)
            #expect(rejections.refusals == Array(repeating: .invalidTransition, count: 9))
            let lot = try await services.stock.lot(w.lot, for: .system)
            #expect(lot.onHand == (won.status == .approved ? 93 : 100), "written off once, or not at all")
            #expect(lot.held == 0)
            let movements = try await services.stock.movements(
                MovementFilter(lotId: w.lot), page: PageRequest(per: 500), for: .system
            ).items
            #expect(movements.filter { $0.kind == .writeOff }.count == (won.status == .approved ? 1 : 0))
            #expect(movements.filter { $0.kind == .unhold }.count == (won.status == .approved ? 1 : 2))
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func tenConcurrentPlanApprovalsApproveThePlanOnce(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let first = try await Self.submitted(l, services, quantity: 10, key: "p1")
            let second = try await Self.submitted(l, services, quantity: 20, key: "p2")
            let city = l.world.cityOfficer
            let outcome = try await Self.race { n in
                try await services.allocation.approveAllocationPlan(AllocationPlanInput(), key: "plan-\(n)", for: city)
            }
            #expect(outcome.wins.count == 1)
            #expect(outcome.wins.first.map { Set($0.approved) } == [first.number, second.number])
            #expect(outcome.refusals.count == 9)
            #expect(outcome.refusals.allSatisfy { $0 == .invalidTransition || $0 == .nothingToApprove })
            let reserved =
                try await services.stock.lot(l.world.lot, for: .system).reserved
                + (try await services.stock.lot(l.world.yunyanLot, for: .system).reserved)
            #expect(reserved == 30)
            #expect(try await services.operations.verify().isClean)
        }
    }
}
