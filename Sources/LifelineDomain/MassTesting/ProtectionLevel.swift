import Foundation

/// The protection kits of mass testing (防护包, seed 001, R7.1): the set of protective equipment a post
/// wears for one shift.
///
/// - ``level1``: 一级防护包 — protective mask, work cap, isolation gown, latex gloves;
/// - ``level2Waste``: 二级防护包（垃圾清理）— protective mask, work cap, protective suit, latex gloves,
///   sterile examination gloves, boot covers, goggles;
/// - ``level2Sample``: 二级防护包（样本整理、样本转运）— the same with a face shield instead of goggles.
///
/// What a kit holds is data (``MassTestingStandard/kit(_:)``, editable); which post wears which kit is
/// not (``MassTestingPost/protection``), so that no edit can lower the standard of a protected post.
/// Raw values (`level_1`, `level_2_sample`, `level_2_waste`) are spelt as the packed kits' levels.
public enum ProtectionLevel: String, Sendable, Codable, CaseIterable, Hashable {
    case level1 = "level_1"
    case level2Sample = "level_2_sample"
    case level2Waste = "level_2_waste"

    public var text: LocalizedText {
        switch self {
        case .level1: .init(zh: "一级防护", en: "level 1")
        case .level2Sample: .init(zh: "二级防护（样本）", en: "level 2, sample handling")
        case .level2Waste: .init(zh: "二级防护（垃圾清理）", en: "level 2, waste handling")
        }
    }
}
