import Foundation

/// The rules of distribution points (保障网点, R7.3, seed 001 §三(三)): how much of the first round a
/// point must keep pre-packed, when the first round must sink to the points, and the 2-hour leg from
/// the county depot.
public enum DistributionPointRule {
    /// What the pre-packing rule asks of a distribution point serving `servedPoints` sampling points.
    public enum Requirement: Sendable, Hashable, Codable {
        /// ≤ 10 points: the point decides.
        case ownChoice
        /// 11–30 points: at least 5 points' worth.
        case atLeastPoints(Int)
        /// 31–50: at least 20 %; over 50: at least 40 % (of the points served).
        case atLeastPercent(Int)
    }

    public static func requirement(servedPoints: Int) -> Requirement {
        switch servedPoints {
        case ...10: .ownChoice
        case 11...30: .atLeastPoints(5)
        case 31...50: .atLeastPercent(20)
        default: .atLeastPercent(40)
        }
    }

    /// The fewest points' worth the rule asks to keep packed (percentages rounded up).
    public static func minimumPrePacked(servedPoints: Int) -> Int {
        switch requirement(servedPoints: max(0, servedPoints)) {
        case .ownChoice: 0
        case .atLeastPoints(let points): min(points, servedPoints)
        case .atLeastPercent(let percent): (servedPoints * percent + 99) / 100
        }
    }

    /// Whether `prePackedPoints` points' worth meets the rule.
    public static func complies(servedPoints: Int, prePackedPoints: Int) -> Bool {
        prePackedPoints >= minimumPrePacked(servedPoints: servedPoints)
    }

    /// "主要城区物资保障网点数超过6个的，必须将首轮保障物资下沉至各物资保障网点": a district with more than
    /// six distribution points keeps the first round at the points.
    public static let sinkingThreshold = 6

    public static func firstRoundSinks(distributionPointsInDistrict: Int) -> Bool {
        distributionPointsInDistrict > sinkingThreshold
    }

    /// "从县级储备库到各物资保障网点转运不超过2小时".
    public static let maxLegHours = 2.0

    /// The leg's hours from the straight-line distance, on the road model of ``ForwardReach``.
    public static func legHours(kilometres: Double) -> Double { ForwardReach.hours(kilometres: kilometres) }

    /// Checks a point's figures, naming the field: 0–100 000 points served, pre-packed no more than served.
    public static func validate(servedPoints: Int, prePackedPoints: Int) throws(LifelineError) {
        guard (0...100_000).contains(servedPoints) else {
            throw LifelineError(.outOfRange, field: "servedPoints", ["min": "0", "max": "100000"])
        }
        guard (0...servedPoints).contains(prePackedPoints) else {
            throw LifelineError(.outOfRange, field: "prePackedPoints", ["min": "0", "max": String(servedPoints)])
        }
    }
}
