/// p50 / p90 / max of step durations for the response report (nearest-rank percentiles).
public struct DurationSummary: Sendable, Equatable {
    public var count: Int
    public var p50: Double
    public var p90: Double
    public var max: Double

    public init(_ samples: [Double]) {
        let sorted = samples.sorted()
        count = sorted.count
        guard !sorted.isEmpty else {
            p50 = 0; p90 = 0; max = 0
            return
        }
        func rank(_ p: Double) -> Double { sorted[Swift.max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
        p50 = rank(0.5)
        p90 = rank(0.9)
        max = sorted[sorted.count - 1]
    }
}
