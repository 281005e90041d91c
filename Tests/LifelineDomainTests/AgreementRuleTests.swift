import LifelineDomain
import Testing

/// Reserve agreements (seed: 协议储备、产能储备、技术储备): what counts, what is bought back, the redundancy.
@Suite struct AgreementRuleTests {
    let start = Day(year: 2026, month: 1, day: 1)
    let end = Day(year: 2026, month: 12, day: 31)

    @Test func kindsAndStatusesReadInBothLanguages() {
        #expect(AgreementKind.allCases.map(\.text.zh) == ["协议储备", "产能储备", "技术储备"])
        #expect(AgreementKind.capacity.text.en == "Capacity reserve")
        #expect(AgreementStatus.allCases.map(\.text.zh) == ["有效", "已到期", "已撤销"])
        #expect(AgreementStatus.revoked.text.en == "Revoked")
    }

    @Test func onlyAnActiveAgreementWithinItsPeriodCounts() {
        #expect(AgreementRule.counts(status: .active, start: start, end: end, today: start))
        #expect(AgreementRule.counts(status: .active, start: start, end: end, today: end))
        #expect(!AgreementRule.counts(status: .active, start: start, end: end, today: end.adding(days: 1)))
        #expect(!AgreementRule.counts(status: .active, start: start, end: end, today: start.adding(days: -1)))
        #expect(!AgreementRule.counts(status: .revoked, start: start, end: end, today: start.adding(days: 10)))
        #expect(!AgreementRule.counts(status: .expired, start: start, end: end, today: start.adding(days: 10)))
    }

    @Test func anActiveAgreementPastItsEndIsExpired() {
        #expect(AgreementRule.effectiveStatus(stored: .active, end: end, today: end) == .active)
        #expect(AgreementRule.effectiveStatus(stored: .active, end: end, today: end.adding(days: 1)) == .expired)
        #expect(AgreementRule.effectiveStatus(stored: .revoked, end: end, today: end.adding(days: 1)) == .revoked)
    }

    @Test func heldStockCountsUpToTheContractAndTheGapIsBoughtBack() {
        #expect(AgreementRule.countedQuantity(contracted: 1_000, held: 600) == 600)
        #expect(AgreementRule.countedQuantity(contracted: 1_000, held: 1_400) == 1_000)
        #expect(AgreementRule.countedQuantity(contracted: 1_000, held: -5) == 0)
        #expect(AgreementRule.toBuyBack(contracted: 1_000, held: 600) == 400)
        #expect(AgreementRule.toBuyBack(contracted: 1_000, held: 1_400) == 0)
        #expect(AgreementRule.toBuyBack(contracted: Int.max, held: Int.min) == Int.max)
        #expect(AgreementRule.toBuyBack(contracted: Int.min, held: Int.max) == 0)
    }

    @Test func redundantCapacityIsTwentyToThirtyPercentRoundedDown() {
        #expect(AgreementRule.redundancyPercentRange == 20...30)
        // 3 lines × 333 333 a day × 25 % = 249 999.75 → 249 999
        #expect(
            AgreementRule.redundantDailyOutput(lines: 3, dailyOutputPerLine: 333_333, redundancyPercent: 25) == 249_999)
        #expect(
            AgreementRule.redundantDailyOutput(lines: 2, dailyOutputPerLine: 500_000, redundancyPercent: 20) == 200_000)
        #expect(AgreementRule.redundantDailyOutput(lines: 0, dailyOutputPerLine: 500_000, redundancyPercent: 20) == 0)
        #expect(AgreementRule.redundantDailyOutput(lines: -1, dailyOutputPerLine: 500_000, redundancyPercent: 20) == 0)
        // Beyond 64 bits in the middle, back within them at the end.
        #expect(
            AgreementRule.redundantDailyOutput(
                lines: 1_000_000, dailyOutputPerLine: 1_000_000_000_000, redundancyPercent: 30)
                == 300_000_000_000_000_000)
        #expect(
            AgreementRule.redundantDailyOutput(lines: Int.max, dailyOutputPerLine: Int.max, redundancyPercent: 30)
                == Int.max)
    }

    @Test func aPeriodEndsOnOrAfterItsStartWithinTenYears() throws {
        try AgreementRule.validatePeriod(start: start, end: start)
        try AgreementRule.validatePeriod(start: start, end: Day(year: 2036, month: 1, day: 1))
        #expect(throws: LifelineError.self) {
            try AgreementRule.validatePeriod(start: start, end: start.adding(days: -1))
        }
        do {
            try AgreementRule.validatePeriod(start: start, end: Day(year: 2036, month: 1, day: 2))
            Issue.record("11 years accepted")
        } catch {
            #expect(error.field == "end")
        }
        // 29 February plus ten years is 1 March.
        let leap = Day(year: 2028, month: 2, day: 29)
        try AgreementRule.validatePeriod(start: leap, end: Day(year: 2038, month: 3, day: 1))
        #expect(throws: LifelineError.self) {
            try AgreementRule.validatePeriod(start: leap, end: Day(year: 2038, month: 3, day: 2))
        }
    }
}
