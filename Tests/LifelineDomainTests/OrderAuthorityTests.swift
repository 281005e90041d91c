import Foundation
import LifelineDomain
import Testing

/// Who may move an order, at every status: one answer for the service and the console (issue #6, rule 4).
struct OrderAuthorityTests {
    let depotOperator = UUID(), carrier = UUID(), receiver = UUID()
    let county = JurisdictionPath(rawValue: "CN/52/5201/520102")!
    let otherCounty = JurisdictionPath(rawValue: "CN/52/5201/520103")!
    let city = JurisdictionPath(rawValue: "CN/52/5201")!

    func order(_ status: DispatchOrderStatus, kind: DispatchOrderKind = .deployment, carrier: UUID? = nil)
        -> OrderParties
    {
        OrderParties(
            kind: kind, status: status, depotPath: county, receiverPath: otherCounty, approverPath: city,
            depotOperator: depotOperator, carrier: carrier ?? self.carrier, receiver: receiver)
    }

    func actor(_ role: Role, scope: JurisdictionPath? = nil, unit: UUID? = nil) -> Actor {
        Actor(userID: UUID(), username: role.rawValue, role: role, scope: scope ?? county, unitID: unit)
    }

    @Test func eachPartyMayTakeItsOwnStepsAndNoOthers() {
        let depot = actor(.storageOperator, unit: depotOperator)
        let driver = actor(.carrier, unit: carrier)
        let nurse = actor(.medicalRequester, scope: otherCounty, unit: receiver)
        let countyOfficer = actor(.supplyOfficer)
        let receiverOfficer = actor(.supplyOfficer, scope: otherCounty)
        let cityOfficer = actor(.supplyOfficer, scope: city)
        let auditor = actor(.auditor, scope: city)

        // Acknowledged by either executing party; picked and loaded by the depot; driven by the carrier.
        #expect(OrderAuthority.actions(on: order(.issued), by: depot).steps == [.acknowledge])
        #expect(OrderAuthority.actions(on: order(.issued), by: driver).steps == [.acknowledge])
        #expect(OrderAuthority.actions(on: order(.acknowledged), by: depot).steps == [.pick])
        #expect(OrderAuthority.actions(on: order(.acknowledged), by: driver).steps.isEmpty)
        #expect(OrderAuthority.actions(on: order(.loaded), by: driver).steps == [.depart])
        #expect(OrderAuthority.actions(on: order(.loaded), by: depot).steps.isEmpty)
        #expect(OrderAuthority.actions(on: order(.departed), by: driver).steps == [.checkpoint, .arrive])
        // Without a carrier the depot drives its own goods.
        let ownTransport = OrderParties(
            kind: .deployment, status: .loaded, depotPath: county, receiverPath: otherCounty, approverPath: city,
            depotOperator: depotOperator, carrier: nil, receiver: receiver)
        #expect(OrderAuthority.actions(on: ownTransport, by: depot).steps == [.depart])
        // An officer over the depot may take any step; one over the receiver only signs.
        #expect(OrderAuthority.actions(on: order(.picked), by: countyOfficer).steps == [.load])
        #expect(OrderAuthority.actions(on: order(.picked), by: receiverOfficer).steps.isEmpty)
        #expect(
            !OrderAuthority.actions(on: order(.picked), by: auditor).cancel
                && OrderAuthority.actions(on: order(.picked), by: auditor).steps.isEmpty)

        // Cancel: the approving office, until the goods are loaded.
        for status in DispatchOrderStatus.allCases {
            #expect(
                OrderAuthority.allows(.cancel, on: order(status), by: cityOfficer)
                    == [.issued, .acknowledged, .picked].contains(status), "\(status)")
            #expect(
                !OrderAuthority.allows(.cancel, on: order(status), by: countyOfficer),
                "the depot's county did not approve it")
            #expect(!OrderAuthority.allows(.cancel, on: order(status), by: depot))
        }
        // Sign: the receiving unit or an officer over it, once arrived; never a delivery order.
        for status in DispatchOrderStatus.allCases {
            #expect(OrderAuthority.allows(.sign, on: order(status), by: nurse) == (status == .arrived), "\(status)")
            #expect(OrderAuthority.allows(.sign, on: order(status), by: receiverOfficer) == (status == .arrived))
            #expect(!OrderAuthority.allows(.sign, on: order(status), by: driver))
            #expect(!OrderAuthority.allows(.sign, on: order(status, kind: .delivery), by: nurse))
        }
        // Recovery: the depot's side, after delivery.
        #expect(OrderAuthority.actions(on: order(.delivered), by: depot).recover)
        #expect(OrderAuthority.actions(on: order(.delivered), by: countyOfficer).recover)
        #expect(!OrderAuthority.actions(on: order(.delivered), by: nurse).recover)
        #expect(!OrderAuthority.actions(on: order(.arrived), by: depot).recover)
    }

    @Test func aRefusalSaysWhyScopeRoleOrState() {
        func code(_ action: DispatchOrderAction, _ order: OrderParties, _ actor: Actor) -> ErrorCode? {
            do {
                try OrderAuthority.check(action, on: order, by: actor)
                return nil
            } catch { return error.code }
        }
        #expect(
            code(.pick, order(.acknowledged), actor(.carrier, unit: carrier)) == .forbidden,
            "a carrier's unit is on the order, not in the depot")
        #expect(code(.pick, order(.acknowledged), actor(.carrier, unit: UUID())) == .outOfScope)
        #expect(code(.pick, order(.issued), actor(.storageOperator, unit: depotOperator)) == .invalidTransition)
        #expect(
            code(.cancel, order(.issued), actor(.storageOperator, unit: depotOperator)) == .forbidden,
            "no approval permission")
        #expect(code(.sign, order(.arrived), actor(.medicalRequester, unit: UUID())) == .outOfScope)
    }
}
