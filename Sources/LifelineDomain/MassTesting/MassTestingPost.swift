import Foundation

/// The posts at a sampling point (岗位) and the people supported beside them, each with the kit it
/// wears (seed 001).
///
/// The seed's 降标原则 allows a lowered standard only where the site allows it and never for waste
/// handling, sample transport and sampling-table posts; the posts map onto the allocation rules'
/// ``WorkPost`` so that both rules read the same thing.
public enum MassTestingPost: String, Sendable, Codable, CaseIterable {
    /// 采样台岗位: the sampler and the registrar at each table.
    case tableStaff = "table_staff"
    /// 样本整理、转运: sorts a point's tubes and hands them to the laboratory's courier.
    case sampleHandler = "sample_handler"
    /// 垃圾清理: bags, disinfects and removes the point's medical waste.
    case wasteHandler = "waste_handler"
    /// Every other post of the point: point leader, order keepers, guides, temperature checks.
    case general
    /// 外围协助人员: people the office supports outside the points' posts (ADR 0038).
    case peripheralHelper = "peripheral_helper"

    /// The kit the post wears. Fixed, not data: table staff and sample handlers always wear the
    /// level-2 sample kit, waste handlers the level-2 waste kit.
    public var protection: ProtectionLevel {
        switch self {
        case .tableStaff, .sampleHandler: .level2Sample
        case .wasteHandler: .level2Waste
        case .general, .peripheralHelper: .level1
        }
    }

    /// The post as the allocation rules know it (R6.1): only general posts may get a substitute.
    public var workPost: WorkPost {
        switch self {
        case .tableStaff: .samplingTable
        case .sampleHandler: .sampleTransport
        case .wasteHandler: .wasteHandling
        case .general, .peripheralHelper: .general
        }
    }

    public var text: LocalizedText {
        switch self {
        case .tableStaff: .init(zh: "采样台人员", en: "table staff")
        case .sampleHandler: .init(zh: "样本整理转运人员", en: "sample handlers")
        case .wasteHandler: .init(zh: "垃圾清理人员", en: "waste handlers")
        case .general: .init(zh: "其他岗位人员", en: "general posts")
        case .peripheralHelper: .init(zh: "外围协助人员", en: "peripheral helpers")
        }
    }
}
