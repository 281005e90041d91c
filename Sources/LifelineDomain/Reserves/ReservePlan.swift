import Foundation

/// Where a reserve plan stands (R3.1–R3.4). A plan is drafted by its jurisdiction, submitted, and
/// approved or rejected by the level above; a revision is a new version drafted from the approved
/// one, which stays in force until the revision is approved and then is superseded.
public enum ReservePlanStatus: String, Sendable, Codable, CaseIterable {
    case draft, submitted, approved, rejected, superseded

    public var text: LocalizedText {
        switch self {
        case .draft: .init(zh: "草稿", en: "Draft")
        case .submitted: .init(zh: "待审批", en: "Submitted")
        case .approved: .init(zh: "已批准", en: "Approved")
        case .rejected: .init(zh: "已退回", en: "Rejected")
        case .superseded: .init(zh: "已被新版本取代", en: "Superseded")
        }
    }

    /// Whether norms may still be changed.
    public var isEditable: Bool { self == .draft || self == .rejected }
}

/// What may be done to a reserve plan, and by whom: the one place its rules are decided.
public enum ReservePlanAuthority {
    /// The things one can do to a plan.
    public enum Action: String, Sendable, Codable, CaseIterable {
        case edit, submit, approve, reject, revise

        public var text: LocalizedText {
            switch self {
            case .edit: .init(zh: "修改", en: "edit")
            case .submit: .init(zh: "提交", en: "submit")
            case .approve: .init(zh: "批准", en: "approve")
            case .reject: .init(zh: "退回", en: "reject")
            case .revise: .init(zh: "修订", en: "revise")
            }
        }
    }

    /// Throws unless `actor` may do `action` to a plan of `jurisdiction` in `status`, drafted by
    /// `author`:
    /// - edit, submit, revise: an officer whose scope contains the plan's jurisdiction (its own office
    ///   or one above it);
    /// - approve, reject: an officer of a level above the plan's jurisdiction (a scope that strictly
    ///   contains it) who is not its author; a national plan, which has no level above, by another
    ///   national officer.
    public static func check(
        _ action: Action, status: ReservePlanStatus, jurisdiction: JurisdictionPath, author: UUID, by actor: Actor
    ) throws(LifelineError) {
        try AccessPolicy.require(.managePlans, actor)
        guard !actor.role.isUnitBound, actor.scope.contains(jurisdiction) else { throw .outOfScope(.plan) }
        let allowed: Bool
        switch action {
        case .edit, .submit: allowed = status.isEditable
        case .revise: allowed = status == .approved
        case .approve, .reject:
            guard status == .submitted else { throw transition(status, action) }
            let above = actor.scope != jurisdiction || jurisdiction.level == .nation
            guard above else { throw LifelineError(.planNeedsLevelAbove) }
            guard actor.userID != author else { throw LifelineError(.planSelfApproval) }
            allowed = true
        }
        guard allowed else { throw transition(status, action) }
    }

    /// The actions `actor` may take now, for the plan page's buttons.
    public static func actions(
        status: ReservePlanStatus, jurisdiction: JurisdictionPath, author: UUID, by actor: Actor
    ) -> [Action] {
        Action.allCases.filter { action in
            (try? check(action, status: status, jurisdiction: jurisdiction, author: author, by: actor)) != nil
        }
    }

    static func transition(_ status: ReservePlanStatus, _ action: Action) -> LifelineError {
        LifelineError(
            .invalidTransition, localized: ["entity": EntityName.plan.text, "from": status.text, "to": action.text])
    }
}
