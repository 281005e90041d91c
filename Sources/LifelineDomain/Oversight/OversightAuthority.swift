import Foundation

/// Who may act on the oversight records (R11.1) — decided here, used by the use cases and by the
/// pages that show the buttons.
public enum OversightAuthority {
    /// A weekly report is confirmed by the enterprise's own operator, or on its behalf by an officer
    /// who manages plans and whose scope holds the enterprise.
    public static func mayConfirmReport(_ actor: Actor, enterprise: UUID, enterprisePath: JurisdictionPath) -> Bool {
        if actor.unitID == enterprise { return true }
        return actor.role.permits(.managePlans) && !actor.role.isUnitBound && actor.scope.contains(enterprisePath)
    }
}

extension OversightAuthority {
    /// Quality inspections are planned and completed by officers who manage plans, or inspectors —
    /// never by a unit-bound role (R11.2).
    public static func mayInspect(_ actor: Actor) -> Bool {
        (actor.role.permits(.managePlans) || actor.role == .inspector) && !actor.role.isUnitBound
    }
}

extension SubsidyPeriodStatus {
    /// An open period may be closed once its last day is over (R9.2).
    public func mayClose(end: Day, today: Day) -> Bool { self == .open && end < today }
}

extension MassTestingStandardStatus {
    /// A draft is approved by an officer who manages plans and did not import it (R7.2).
    public func mayApprove(importer: UUID, by actor: Actor) -> Bool {
        self == .draft && importer != actor.userID && actor.role.permits(.managePlans) && !actor.role.isUnitBound
    }
}
