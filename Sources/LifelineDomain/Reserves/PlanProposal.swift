/// What the system proposes to change in an approved reserve plan (R3.1, R3.2): a norm measured
/// again from the last months' consumption each quarter, or a revision because the catalogue changed.
public enum PlanProposalKind: String, Sendable, Codable, CaseIterable {
    case normAdjustment = "norm_adjustment"
    case catalogueRevision = "catalogue_revision"

    public var text: LocalizedText {
        switch self {
        case .normAdjustment: .init(zh: "季度定额调整", en: "Quarterly norm adjustment")
        case .catalogueRevision: .init(zh: "目录更新修订", en: "Catalogue revision")
        }
    }
}

/// Where a proposal stands: open until an officer accepts it (a revision of the plan is drafted with
/// the change, to be approved as any version is) or rejects it with a reason.
public enum PlanProposalStatus: String, Sendable, Codable, CaseIterable {
    case open, accepted, rejected

    public var text: LocalizedText {
        switch self {
        case .open: .init(zh: "待处理", en: "Open")
        case .accepted: .init(zh: "已采纳", en: "Accepted")
        case .rejected: .init(zh: "未采纳", en: "Rejected")
        }
    }
}
