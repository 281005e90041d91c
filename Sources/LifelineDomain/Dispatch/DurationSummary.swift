/// p50 / p90 / max of step durations for the response report (nearest-rank percentiles).
///
/// Nearest rank returns an observed value (no interpolation), so "p90 = 42 min" is a duration that
/// really happened; the rank is computed in integers so that float rounding cannot shift it.
///
///     DurationSummary([5, 1, 4, 2, 3, 10, 7, 6, 9, 8])  // p50 5, p90 9, max 10
public struct DurationSummary: Sendable, Equatable {
    public var count: Int
    public var p50: Double
    public var p90: Double
    public var max: Double

    /// Summarises `samples` (any order); with no samples every figure is 0.
    public init(_ samples: [Double]) {
        let sorted = samples.sorted()
        count = sorted.count
        guard !sorted.isEmpty else {
            p50 = 0
            p90 = 0
            max = 0
            return
        }
        // Nearest rank: the ⌈p·n⌉-th smallest sample, p in percent.
        func rank(_ percent: Int) -> Double { sorted[Swift.max(1, (percent * sorted.count + 99) / 100) - 1] }
        p50 = rank(50)
        p90 = rank(90)
        max = sorted[sorted.count - 1]
    }
}
