import Foundation
import LifelineDomain
import Testing

/// Dispatch orders (R5.3, R5.4, R5.6, ADR 0013): kinds, the status × action matrix, and what an
/// order's status means for the ledger.
@Suite struct DispatchOrderTests {
    /// Every allowed move; all other (status, action) pairs must be refused.
    static let allowed: [DispatchOrderStatus: [DispatchOrderAction: DispatchOrderStatus]] = [
        .issued: [.acknowledge: .acknowledged, .cancel: .cancelled],
        .acknowledged: [.pick: .picked, .cancel: .cancelled],
        .picked: [.load: .loaded, .cancel: .cancelled],
        .loaded: [.depart: .departed],
        .departed: [.checkpoint: .departed, .arrive: .arrived],
        .arrived: [.sign: .delivered],
    ]

    @Test(arguments: DispatchOrderStatus.allCases)
    func everyMoveFrom(_ status: DispatchOrderStatus) throws {
        for action in DispatchOrderAction.allCases {
            if let next = Self.allowed[status]?[action] {
                #expect(try status.applying(action) == next, "\(status) + \(action)")
            } else {
                let error = #expect(throws: LifelineError.self, "\(status) + \(action)") { try status.applying(action) }
                #expect(error?.code == .invalidTransition)
                #expect(error?.localizedParameters["entity"] == LocalizedText(zh: "调度指令", en: "order"))
                #expect(error?.localizedParameters["from"] == status.text)
            }
        }
    }

    @Test func theMatrixAllowsExactlyTenMoves() {
        #expect(Self.allowed.values.map(\.count).reduce(0, +) == 10)
    }

    @Test func theHappyPathEndsDelivered() throws {
        var status = DispatchOrderStatus.issued
        for action in [
            DispatchOrderAction.acknowledge, .pick, .load, .depart, .checkpoint, .checkpoint, .arrive, .sign,
        ] {
            status = try status.applying(action)
        }
        #expect(status == .delivered)
    }

    @Test func signingBeforeArrivalFails() {
        for status in [DispatchOrderStatus.issued, .acknowledged, .picked, .loaded, .departed] {
            #expect(throws: LifelineError.self) { try status.applying(.sign) }
        }
        let error = #expect(throws: LifelineError.self) { try DispatchOrderStatus.departed.applying(.sign) }
        #expect(error?.message(.zh) == "调度指令不能从“已出发”变为“签收”")
    }

    @Test func signingTwiceFails() {
        #expect(throws: LifelineError.self) { try DispatchOrderStatus.delivered.applying(.sign) }
    }

    @Test func departingBeforeLoadingFails() {
        for status in [DispatchOrderStatus.issued, .acknowledged, .picked] {
            #expect(throws: LifelineError.self) { try status.applying(.depart) }
        }
    }

    @Test func onceLoadedAnOrderCanNoLongerBeCancelled() {
        for status in [DispatchOrderStatus.loaded, .departed, .arrived, .delivered, .cancelled] {
            #expect(throws: LifelineError.self) { try status.applying(.cancel) }
        }
    }

    @Test func openAndReservedStatuses() {
        let open = DispatchOrderStatus.allCases.filter(\.isOpen)
        #expect(open == [.issued, .acknowledged, .picked, .loaded, .departed, .arrived])
        let reserving = DispatchOrderStatus.allCases.filter(\.holdsReservation)
        #expect(
            reserving == [.issued, .acknowledged, .picked, .loaded], "from departure on the goods have left the depot")
        #expect(DispatchOrderStatus.allCases.allSatisfy { !$0.holdsReservation || $0.isOpen })
    }

    @Test func kindsHaveTheirPrefixesAndNames() {
        #expect(DispatchOrderKind.allCases.map(\.prefix) == ["DB", "DP", "PS"])
        #expect(DispatchOrderKind.allCases.map(\.text.zh) == ["调拨令", "调配令", "配送令"])
        #expect(
            DispatchOrderKind.allCases.map { $0.text.en.lowercased() } == [
                "allocation order", "deployment order", "delivery order",
            ])
        #expect(DispatchOrderKind(rawValue: "deployment") == .deployment)
    }

    @Test func statusTexts() {
        #expect(
            DispatchOrderStatus.allCases.map(\.text.zh) == ["已下达", "已确认", "已拣货", "已装车", "已出发", "已到达", "已签收", "已取消"])
        #expect(Set(DispatchOrderAction.allCases.map(\.text.zh)).count == DispatchOrderAction.allCases.count)
    }

    @Test func warehouseStepsAreTheDepotsAndRoadStepsTheCarriers() {
        let table: [(DispatchOrderAction, withCarrier: Set<ExecutingParty>, ownTransport: Set<ExecutingParty>)] = [
            (.acknowledge, [.depot, .carrier], [.depot, .carrier]),
            (.pick, [.depot], [.depot]), (.load, [.depot], [.depot]),
            (.depart, [.carrier], [.depot]), (.checkpoint, [.carrier], [.depot]), (.arrive, [.carrier], [.depot]),
            (.sign, [], []), (.cancel, [], []),
        ]
        #expect(Set(table.map(\.0)) == Set(DispatchOrderAction.allCases), "every action has a row")
        for (action, withCarrier, ownTransport) in table {
            #expect(action.performers(orderHasCarrier: true) == withCarrier, "\(action) with a carrier")
            #expect(action.performers(orderHasCarrier: false) == ownTransport, "\(action) without a carrier")
        }
    }

    @Test func aUnitIsTheDepotTheCarrierBothOrNeither() {
        let enterprise = UUID()
        let carrier = UUID()
        let outsider = UUID()
        #expect(ExecutingParty.of(enterprise, depotOperator: enterprise, carrier: carrier) == [.depot])
        #expect(ExecutingParty.of(carrier, depotOperator: enterprise, carrier: carrier) == [.carrier])
        #expect(ExecutingParty.of(enterprise, depotOperator: enterprise, carrier: enterprise) == [.depot, .carrier])
        #expect(ExecutingParty.of(outsider, depotOperator: enterprise, carrier: carrier).isEmpty)
        #expect(ExecutingParty.of(nil, depotOperator: nil, carrier: nil).isEmpty)
        #expect(DispatchOrderAction.load.isPerformed(byUnit: enterprise, depotOperator: enterprise, carrier: carrier))
        #expect(!DispatchOrderAction.load.isPerformed(byUnit: carrier, depotOperator: enterprise, carrier: carrier))
        #expect(
            !DispatchOrderAction.depart.isPerformed(byUnit: enterprise, depotOperator: enterprise, carrier: carrier))
        #expect(
            DispatchOrderAction.depart.isPerformed(byUnit: enterprise, depotOperator: enterprise, carrier: nil),
            "own transport")
        #expect(
            !DispatchOrderAction.acknowledge.isPerformed(byUnit: outsider, depotOperator: enterprise, carrier: carrier))
    }
}
