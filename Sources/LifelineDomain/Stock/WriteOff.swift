import Foundation

/// The life of a write-off (报废核销, R4.3): requested, then approved — the units leave the books —
/// or rejected — the units go back to free stock. Until the decision the units are held, not gone.
public enum WriteOffStatus: String, Sendable, Codable, CaseIterable {
    /// 待审批 — requested; the units are held.
    case pending
    /// 已核销 — approved by a second person; the units are written off.
    case approved
    /// 已驳回 — refused; the hold is released.
    case rejected

    public var text: LocalizedText {
        switch self {
        case .pending: .init(zh: "待审批", en: "pending")
        case .approved: .init(zh: "已核销", en: "approved")
        case .rejected: .init(zh: "已驳回", en: "rejected")
        }
    }

    /// The status after a decision, or `state.invalid_transition` naming the status it is in now
    /// (a write-off is decided once).
    public func deciding(approve: Bool) throws(LifelineError) -> WriteOffStatus {
        let next: WriteOffStatus = approve ? .approved : .rejected
        guard self == .pending else {
            throw LifelineError(
                .invalidTransition, localized: ["entity": EntityName.writeOff.text, "from": text, "to": next.text])
        }
        return next
    }
}

/// Who may decide a write-off (R4.3): a second person — never the one who requested it — with the
/// right to approve write-offs (supply officers and administrators), bound to a jurisdiction whose
/// scope contains the depot's. A storage enterprise's operator requests; the government side decides.
public enum WriteOffPolicy {
    /// Throws unless `actor` may approve or reject a write-off of stock at `depotPath` requested by
    /// `requestedBy`: `auth.forbidden` for a role without the right, `stock.write_off_same_person`
    /// for the requester, `auth.out_of_scope` for a scope that does not contain the depot.
    public static func checkDecider(_ actor: Actor, requestedBy: UUID, depotPath: JurisdictionPath)
        throws(LifelineError)
    {
        try AccessPolicy.require(.approveWriteOff, actor)
        guard actor.userID != requestedBy else { throw LifelineError(.writeOffSamePerson) }
        guard !actor.role.isUnitBound, actor.scope.contains(depotPath) else { throw .outOfScope(.writeOff) }
    }

    /// Whether ``checkDecider(_:requestedBy:depotPath:)`` lets `actor` decide (for showing the buttons).
    public static func mayDecide(_ actor: Actor, requestedBy: UUID, depotPath: JurisdictionPath) -> Bool {
        (try? checkDecider(actor, requestedBy: requestedBy, depotPath: depotPath)) != nil
    }
}
