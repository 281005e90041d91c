import Foundation
import LifelineDomain
import Testing

/// The quarterly norm adjustment (R3.2): a proposal when use has drifted more than 10 % from the norm.
@Suite struct NormAdjustmentTests {
    @Test func quartersStartInJanuaryAprilJulyAndOctober() {
        let starts = [(1, 1), (2, 28), (3, 31), (4, 1), (6, 30), (7, 15), (9, 30), (10, 1), (11, 24), (12, 31)].map {
            NormAdjustment.quarterStart(of: Day(year: 2026, month: $0.0, day: $0.1)).iso
        }
        #expect(
            starts == [
                "2026-01-01", "2026-01-01", "2026-01-01", "2026-04-01", "2026-04-01", "2026-07-01", "2026-07-01",
                "2026-10-01", "2026-10-01", "2026-10-01",
            ])
    }

    @Test func aDriftOfMoreThanTenPercentIsProposed() {
        // Mean 100 a month × 3 months = 300.
        #expect(NormAdjustment.proposal(currentQuantity: 200, monthlyUse: [90, 100, 110], monthsOfNorm: 3) == 300)
        #expect(NormAdjustment.proposal(currentQuantity: 272, monthlyUse: [90, 100, 110], monthsOfNorm: 3) == 300)
        // 300 against 273: a drift of 27, under 27.3 (10 %).
        #expect(NormAdjustment.proposal(currentQuantity: 273, monthlyUse: [90, 100, 110], monthsOfNorm: 3) == nil)
        // 300 against 331: a drift of 31, under 33.1.
        #expect(NormAdjustment.proposal(currentQuantity: 331, monthlyUse: [90, 100, 110], monthsOfNorm: 3) == nil)
        // 90 against 100: exactly 10 %, not more; against 101, 11 is more than 10.1.
        #expect(NormAdjustment.proposal(currentQuantity: 100, monthlyUse: [30], monthsOfNorm: 3) == nil)
        #expect(NormAdjustment.proposal(currentQuantity: 101, monthlyUse: [30], monthsOfNorm: 3) == 90)
        #expect(NormAdjustment.proposal(currentQuantity: 0, monthlyUse: [1], monthsOfNorm: 3) == 3)
    }

    @Test func theProposalIsRoundedUp() {
        // Mean 10/3 × 1.5 = 5 exactly; 11/3 × 1.5 = 5.5 → 6.
        #expect(NormAdjustment.proposal(currentQuantity: 100, monthlyUse: [3, 3, 4], monthsOfNorm: 1.5) == 5)
        #expect(NormAdjustment.proposal(currentQuantity: 100, monthlyUse: [3, 4, 4], monthsOfNorm: 1.5) == 6)
        #expect(
            NormAdjustment.proposal(currentQuantity: 0, monthlyUse: [1], monthsOfNorm: Decimal(string: "0.01")!) == 1)
    }

    @Test func withoutUseNothingIsProposed() {
        #expect(NormAdjustment.proposal(currentQuantity: 500, monthlyUse: [], monthsOfNorm: 3) == nil)
        #expect(NormAdjustment.proposal(currentQuantity: 500, monthlyUse: [0, 0, 0], monthsOfNorm: 3) == nil)
        #expect(NormAdjustment.proposal(currentQuantity: 500, monthlyUse: [100], monthsOfNorm: 0) == nil)
    }

    @Test func theLargestUseIsCappedAtTheLargestNorm() {
        #expect(
            NormAdjustment.proposal(currentQuantity: 0, monthlyUse: [Int.max, Int.max], monthsOfNorm: 36)
                == NormFormula.largestQuantity)
    }
}
