import Foundation
import LifelineDomain
import Testing

/// R4.3: a write-off needs a second person — the state machine and who may decide.
@Suite struct WriteOffRuleTests {
    let nanming = JurisdictionPath(rawValue: "CN/52/5201/520102")!
    let yunyan = JurisdictionPath(rawValue: "CN/52/5201/520103")!
    let guiyang = JurisdictionPath(rawValue: "CN/52/5201")!
    let requester = UUID(uuidString: "00000000-0000-0000-0000-0000000000AA")!

    func actor(_ role: Role, _ scope: JurisdictionPath, id: UUID = UUID(), unit: UUID? = nil) -> Actor {
        Actor(userID: id, username: role.rawValue, role: role, scope: scope, unitID: unit)
    }

    @Test func aPendingWriteOffIsDecidedOnce() throws {
        #expect(try WriteOffStatus.pending.deciding(approve: true) == .approved)
        #expect(try WriteOffStatus.pending.deciding(approve: false) == .rejected)
        for decided in [WriteOffStatus.approved, .rejected] {
            for approve in [true, false] {
                #expect(throws: LifelineError.self) { try decided.deciding(approve: approve) }
            }
        }
    }

    @Test func aSecondDecisionIsATypedErrorNamingTheStateInBothLanguages() {
        let error: LifelineError
        do {
            _ = try WriteOffStatus.approved.deciding(approve: false)
            Issue.record("an approved write-off was rejected")
            return
        } catch let caught {
            error = caught
        }
        #expect(error.code == .invalidTransition)
        #expect(error.message(.zh) == "报废核销单不能从“已核销”变为“已驳回”")
        #expect(error.message(.en) == "write-off cannot go from approved to rejected")
    }

    @Test func theDepotsOfficerOrOneAboveDecidesNeverTheRequester() throws {
        // The county officer of the depot, the city above it, an administrator of the nation.
        for decider in [actor(.supplyOfficer, nanming), actor(.supplyOfficer, guiyang), actor(.administrator, .nation)]
        {
            try WriteOffPolicy.checkDecider(decider, requestedBy: requester, depotPath: nanming)
            #expect(WriteOffPolicy.mayDecide(decider, requestedBy: requester, depotPath: nanming))
        }
        // The requester, even an officer whose scope contains the depot, and even an administrator.
        for role in [Role.supplyOfficer, .administrator] {
            let same = actor(role, guiyang, id: requester)
            #expect(throws: LifelineError(.writeOffSamePerson)) {
                try WriteOffPolicy.checkDecider(same, requestedBy: requester, depotPath: nanming)
            }
            #expect(!WriteOffPolicy.mayDecide(same, requestedBy: requester, depotPath: nanming))
        }
        #expect(LifelineError(.writeOffSamePerson).message(.zh).contains("另一人"))
        #expect(LifelineError(.writeOffSamePerson).message(.en).contains("second person"))
    }

    @Test func anotherCountyOrARoleWithoutTheRightMayNotDecide() throws {
        #expect(throws: LifelineError.outOfScope(.writeOff)) {
            try WriteOffPolicy.checkDecider(actor(.supplyOfficer, yunyan), requestedBy: requester, depotPath: nanming)
        }
        // Reading needs overlap, deciding needs containment: a township officer below the depot's county may not.
        let township = try #require(JurisdictionPath(rawValue: "CN/52/5201/520102/520102001"))
        #expect(throws: LifelineError.outOfScope(.writeOff)) {
            try WriteOffPolicy.checkDecider(actor(.supplyOfficer, township), requestedBy: requester, depotPath: nanming)
        }
        for role in [Role.storageOperator, .inspector, .auditor, .financeOfficer, .medicalRequester, .carrier] {
            #expect(!role.permits(.approveWriteOff), "\(role)")
            #expect(throws: LifelineError.self) {
                try WriteOffPolicy.checkDecider(
                    actor(role, nanming, unit: UUID()), requestedBy: requester, depotPath: nanming)
            }
            #expect(
                !WriteOffPolicy.mayDecide(actor(role, guiyang), requestedBy: requester, depotPath: nanming), "\(role)")
        }
        #expect(Role.supplyOfficer.permits(.approveWriteOff))
        #expect(Role.administrator.permits(.approveWriteOff))
    }

    @Test func anApprovedWriteOffTakesTheHeldUnitsInOneMovement() throws {
        let held = try Balance(onHand: 100, reserved: 10).applying(MovementKind.hold.effect(quantity: 30))
        #expect(held == Balance(onHand: 100, reserved: 10, held: 30))
        #expect(held.free == 60)
        let written = try held.applying(MovementKind.writeOff.effect(quantity: 30, fromHold: true))
        #expect(written == Balance(onHand: 70, reserved: 10, held: 0))
        #expect(written.free == 60, "writing held units off leaves free stock as it was")
        let released = try held.applying(MovementKind.unhold.effect(quantity: 30))
        #expect(released.free == 90)
        #expect(MovementKind.writeOff.effect(quantity: 5) == BalanceEffect(onHand: -5))
    }
}
