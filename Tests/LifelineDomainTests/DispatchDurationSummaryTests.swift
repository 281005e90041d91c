import LifelineDomain
import Testing

/// Step durations for the response report: nearest-rank p50 / p90 / max.
@Suite struct DispatchDurationSummaryTests {
    @Test func noSamplesGiveZeros() {
        #expect(DurationSummary([]) == DurationSummary([]))
        let s = DurationSummary([])
        #expect((s.count, s.p50, s.p90, s.max) == (0, 0, 0, 0))
    }

    @Test func oneSampleIsEveryPercentile() {
        let s = DurationSummary([42])
        #expect((s.count, s.p50, s.p90, s.max) == (1, 42, 42, 42))
    }

    @Test func tenSamplesInAnyOrder() {
        let s = DurationSummary([5, 1, 4, 2, 3, 10, 7, 6, 9, 8])
        #expect((s.count, s.p50, s.p90, s.max) == (10, 5, 9, 10))
    }

    @Test func nearestRankRoundsTheRankUp() {
        // n = 3: p50 is the 2nd (⌈1.5⌉), p90 the 3rd (⌈2.7⌉).
        let three = DurationSummary([30, 10, 20])
        #expect((three.p50, three.p90, three.max) == (20, 30, 30))
        // n = 20: p50 the 10th, p90 the 18th.
        let twenty = DurationSummary((1...20).reversed().map(Double.init))
        #expect((twenty.p50, twenty.p90, twenty.max) == (10, 18, 20))
        // n = 11: p50 the 6th (⌈5.5⌉), p90 the 10th (⌈9.9⌉).
        let eleven = DurationSummary((1...11).map { Double($0) * 1.5 })
        #expect((eleven.p50, eleven.p90) == (9, 15))
    }

    @Test func percentilesAreObservedValues() {
        let s = DurationSummary([0.5, 120, 3.25, 3.25, 7])
        #expect(s.p50 == 3.25)
        #expect(s.p90 == 120)
        #expect(s.count == 5)
    }
}
