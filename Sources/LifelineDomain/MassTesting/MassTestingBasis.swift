import Foundation

/// What one unit of a mass-testing standard entry is counted against (seed 001, R7.4).
///
/// | basis | counted per | multiplied by |
/// |---|---|---|
/// | ``perKit`` | person wearing one of the entry's kits | shifts per round, rounds |
/// | ``perTable`` | sampling table (采样台) | rounds |
/// | ``perPoint`` | sampling point (采样点) | rounds |
/// | ``perPersonTested`` | person tested, ÷ the pool size | rounds |
///
/// A kit is worn for one shift, so kit items are per shift; a table's and a point's consumables
/// last the round whatever its shifts; every round tests the whole population once. A reusable
/// entry (``MassTestingStandardEntry/reusable``) is needed in round 1 only.
public enum MassTestingBasis: String, Sendable, Codable, CaseIterable {
    case perKit = "per_kit"
    case perTable = "per_table"
    case perPoint = "per_point"
    case perPersonTested = "per_person_tested"

    public var text: LocalizedText {
        switch self {
        case .perKit: .init(zh: "每人每班（防护包）", en: "per kit worn, per shift")
        case .perTable: .init(zh: "每采样台每轮", en: "per table, per round")
        case .perPoint: .init(zh: "每采样点每轮", en: "per point, per round")
        case .perPersonTested: .init(zh: "每受检人每轮", en: "per person tested, per round")
        }
    }
}
