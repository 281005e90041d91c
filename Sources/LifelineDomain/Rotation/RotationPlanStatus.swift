/// Where a rotation plan stands (R4.3): proposed from the near-expiry lots and the institutions'
/// quotas, then executed (its issues, sales and write-off requests made in one transaction) or
/// cancelled.
public enum RotationPlanStatus: String, Sendable, Codable, CaseIterable {
    case proposed, executed, cancelled

    public var text: LocalizedText {
        switch self {
        case .proposed: .init(zh: "待执行", en: "Proposed")
        case .executed: .init(zh: "已执行", en: "Executed")
        case .cancelled: .init(zh: "已取消", en: "Cancelled")
        }
    }
}

/// What an officer does to a proposed rotation plan.
public enum RotationAction: String, Sendable, Codable, CaseIterable {
    case execute, cancel

    public var text: LocalizedText {
        switch self {
        case .execute: .init(zh: "执行", en: "execute")
        case .cancel: .init(zh: "取消", en: "cancel")
        }
    }
}
