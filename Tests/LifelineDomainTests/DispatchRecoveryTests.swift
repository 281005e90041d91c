import LifelineDomain
import Testing

/// Recovery of reusable items (R4.6): not back to the same grid in the very next round.
@Suite struct DispatchRecoveryTests {
    @Test(arguments: [
        ("G1", 1, "G1", 2, false),  // the rule
        ("G1", 1, "G2", 2, true),  // another grid
        ("G1", 1, "G1", 3, true),  // a later round
        ("G1", 1, "G1", 1, true),  // not the next round
        ("G7", 4, "G7", 5, false),
        ("G1", 2, "g1", 3, true),  // grid ids are compared exactly
    ])
    func returnedLots(_ grid: String, _ returnedRound: Int, _ toGrid: String, _ round: Int, _ allowed: Bool) {
        #expect(
            RecoveryRule.mayIssue(returnedFromGrid: grid, returnedInRound: returnedRound, toGrid: toGrid, round: round)
                == allowed)
    }

    @Test func lotsNeverReturnedMayGoAnywhere() {
        #expect(RecoveryRule.mayIssue(returnedFromGrid: nil, returnedInRound: nil, toGrid: "G1", round: 2))
        #expect(RecoveryRule.mayIssue(returnedFromGrid: "G1", returnedInRound: nil, toGrid: "G1", round: 2))
        #expect(RecoveryRule.mayIssue(returnedFromGrid: nil, returnedInRound: 1, toGrid: "G1", round: 2))
    }
}
