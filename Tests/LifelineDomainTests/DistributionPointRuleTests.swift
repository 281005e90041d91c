import LifelineDomain
import Testing

/// Seed 001's distribution-point rules (R7.3): pre-packing by points served, sinking, the 2-hour leg.
@Suite struct DistributionPointRuleTests {
    @Test func prePackingFollowsThePointsServed() {
        #expect(DistributionPointRule.minimumPrePacked(servedPoints: 10) == 0)  // ≤ 10: own choice
        #expect(DistributionPointRule.minimumPrePacked(servedPoints: 11) == 5)
        #expect(DistributionPointRule.minimumPrePacked(servedPoints: 30) == 5)
        #expect(DistributionPointRule.minimumPrePacked(servedPoints: 31) == 7)  // 20 % of 31 = 6.2 → 7
        #expect(DistributionPointRule.minimumPrePacked(servedPoints: 50) == 10)
        #expect(DistributionPointRule.minimumPrePacked(servedPoints: 51) == 21)  // 40 % of 51 = 20.4 → 21
        #expect(DistributionPointRule.complies(servedPoints: 51, prePackedPoints: 21))
        #expect(!DistributionPointRule.complies(servedPoints: 51, prePackedPoints: 20))
        #expect(DistributionPointRule.complies(servedPoints: 8, prePackedPoints: 0))
    }

    @Test func moreThanSixPointsSinkTheFirstRound() {
        #expect(!DistributionPointRule.firstRoundSinks(distributionPointsInDistrict: 6))
        #expect(DistributionPointRule.firstRoundSinks(distributionPointsInDistrict: 7))
    }

    @Test func theLegIsTwoHoursAtMost() {
        #expect(DistributionPointRule.maxLegHours == 2)
        #expect(DistributionPointRule.legHours(kilometres: 40) == ForwardReach.hours(kilometres: 40))
    }

    @Test func figuresAreChecked() {
        #expect(throws: LifelineError.self) {
            try DistributionPointRule.validate(servedPoints: 5, prePackedPoints: 6)
        }
        #expect(throws: LifelineError.self) {
            try DistributionPointRule.validate(servedPoints: -1, prePackedPoints: 0)
        }
        #expect(throws: Never.self) { try DistributionPointRule.validate(servedPoints: 100_000, prePackedPoints: 0) }
    }
}
