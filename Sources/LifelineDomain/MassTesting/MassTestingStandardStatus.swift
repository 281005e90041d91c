/// Where a stored mass-testing standard stands (R7.2): imported as a draft, approved by an officer
/// other than the one who imported it; the planner uses the latest approved version in force.
public enum MassTestingStandardStatus: String, Sendable, Codable, CaseIterable {
    case draft, approved

    public var text: LocalizedText {
        switch self {
        case .draft: .init(zh: "待审批", en: "Draft")
        case .approved: .init(zh: "已批准", en: "Approved")
        }
    }
}
