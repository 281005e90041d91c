/// The result of the acceptance inspection recorded with every receipt (验收, R4.2, R11.2).
public enum AcceptanceInspection: String, Sendable, Codable, CaseIterable {
    /// 合格 — the lot enters stock as available.
    case passed
    /// 待检 — accepted into the depot but quarantined until a quality check.
    case pending
    /// 不合格 — received only to be returned or destroyed: quarantined.
    case failed

    /// The status a lot starts in after this inspection.
    public var initialStatus: LotStatus { self == .passed ? .available : .quarantined }

    public var text: LocalizedText {
        switch self {
        case .passed: .init(zh: "验收合格", en: "Passed")
        case .pending: .init(zh: "待检", en: "Pending")
        case .failed: .init(zh: "不合格", en: "Failed")
        }
    }
}
