/// Who may see and acknowledge an alert.
public enum AlertPolicy {
    /// Reading: the role reads stock and the scope contains the alert's area — the county's officers
    /// and those of every level above it (unit-bound roles read none: their unit's stock is in the
    /// lists they have).
    public static func mayRead(_ actor: Actor, path: JurisdictionPath) -> Bool {
        actor.role.permits(.readStock) && !actor.role.isUnitBound && actor.scope.contains(path)
    }

    /// Acknowledging (with a comment): a reader who acts — not an auditor, who changes nothing.
    public static func checkAcknowledge(_ actor: Actor, path: JurisdictionPath) throws(LifelineError) {
        guard mayRead(actor, path: path) else { throw .outOfScope(.alert) }
        guard actor.role != .auditor else {
            throw LifelineError(.forbidden, localized: ["action": .init(zh: "确认预警", en: "acknowledge alerts")])
        }
    }
}
