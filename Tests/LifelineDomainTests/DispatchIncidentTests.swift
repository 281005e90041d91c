import LifelineDomain
import Testing

/// An emergency event's timeline (R5.3): declared once, raised or lowered while active, ended once.
@Suite struct DispatchIncidentTests {
    @Test func aDeclaredIncidentIsActiveAtItsLevel() {
        #expect(IncidentState.declared(.levelIII) == IncidentState(status: .active, level: .levelIII))
    }

    @Test func theLevelMayBeRaisedAndLowered() throws {
        let raised = try IncidentState.declared(.levelIII).applying(.changeLevel(.levelI))
        #expect(raised == IncidentState(status: .active, level: .levelI))
        let lowered = try raised.applying(.changeLevel(.levelIV))
        #expect(lowered == IncidentState(status: .active, level: .levelIV))
    }

    @Test func endingKeepsTheLastLevel() throws {
        let ended = try IncidentState.declared(.levelII).applying(.end)
        #expect(ended == IncidentState(status: .ended, level: .levelII))
    }

    @Test func changingToTheSameLevelIsRefused() {
        let error = #expect(throws: LifelineError.self) {
            try IncidentState.declared(.levelII).applying(.changeLevel(.levelII))
        }
        #expect(error?.code == .invalidTransition)
        #expect(error?.message(.zh) == "应急事件不能从“Ⅱ级（重大）”变为“Ⅱ级（重大）”")
        #expect(error?.message(.en) == "incident cannot go from Level II (serious) to Level II (serious)")
    }

    @Test func anExistingIncidentIsNotDeclaredAgain() {
        let error = #expect(throws: LifelineError.self) {
            try IncidentState.declared(.levelIII).applying(.declare(.levelI))
        }
        #expect(error?.code == .invalidTransition)
        #expect(error?.localizedParameters["entity"] == LocalizedText(zh: "应急事件", en: "incident"))
        #expect(error?.localizedParameters["to"] == ResponseLevel.levelI.text)
    }

    @Test(arguments: [IncidentChange.declare(.levelI), .changeLevel(.levelI), .changeLevel(.levelIV), .end])
    func anEndedIncidentChangesNoMore(_ change: IncidentChange) {
        let ended = IncidentState(status: .ended, level: .levelIV)
        let error = #expect(throws: LifelineError.self) { try ended.applying(change) }
        #expect(error?.code == .invalidTransition)
        #expect(error?.localizedParameters["from"] == IncidentStatus.ended.text)
    }

    @Test func theEndedMessageNamesBothStates() {
        let error = #expect(throws: LifelineError.self) {
            try IncidentState(status: .ended, level: .levelII).applying(.end)
        }
        #expect(error?.message(.zh) == "应急事件不能从“已结束”变为“已结束”")
    }

    @Test func theMostSevereActiveIncidentIsInForce() {
        #expect(IncidentState.levelInForce([]) == nil)
        #expect(IncidentState.levelInForce([.levelIV]) == .levelIV)
        #expect(IncidentState.levelInForce([.levelIV, .levelII, .levelIII]) == .levelII)
        #expect(IncidentState.levelInForce([.levelIII, .levelI, .levelIV, .levelI]) == .levelI)
    }

    @Test func statusesAreStoredByName() {
        #expect(IncidentStatus(rawValue: "active") == .active)
        #expect(IncidentStatus(rawValue: "ended") == .ended)
        #expect(IncidentStatus.active.text.zh == "响应中")
    }
}
