import Foundation

/// Who may see and touch what: the one place scope rules are decided (R12.2).
///
/// Jurisdiction-bound roles reach every row whose path lies in their scope. Unit-bound roles reach
/// only the depots their unit owns or operates (and, later, their own requests and orders).
public enum AccessPolicy {
    /// Throws unless the actor's role grants `permission`.
    public static func require(_ permission: Permission, _ actor: Actor) throws(LifelineError) {
        guard actor.role.permits(permission) else {
            throw LifelineError(.forbidden, localized: ["action": permission.text])
        }
    }

    /// Whether the actor may edit the catalogue: the permission, and a scope at province level or above,
    /// because one catalogue serves every county below.
    public static func requireCatalogueEditor(_ actor: Actor) throws(LifelineError) {
        try require(.manageCatalogue, actor)
        guard actor.scope.level <= .province else {
            throw LifelineError(.forbidden, localized: ["action": Permission.manageCatalogue.text])
        }
    }

    /// Whether a row at `path`, owned by `owner` and operated by `operatorUnit`, is visible to the actor.
    public static func reaches(
        _ actor: Actor, path: JurisdictionPath, ownerUnit: UUID? = nil, operatorUnit: UUID? = nil
    ) -> Bool {
        ScopeFilter(actor).admits(paths: [path], units: [ownerUnit, operatorUnit])
    }

    /// Throws ``ErrorCode/outOfScope`` unless the actor reaches the row.
    public static func requireReach(
        _ actor: Actor, _ entity: EntityName, path: JurisdictionPath, ownerUnit: UUID? = nil, operatorUnit: UUID? = nil
    ) throws(LifelineError) {
        guard reaches(actor, path: path, ownerUnit: ownerUnit, operatorUnit: operatorUnit) else {
            throw .outOfScope(entity)
        }
    }

    /// Whether the actor may read an object that covers several areas (an incident): one of them and
    /// the actor's scope overlap — an event over the city concerns each county in it.
    public static func mayRead(areas: [JurisdictionPath], by actor: Actor) -> Bool {
        areas.contains { actor.scope.contains($0) || $0.contains(actor.scope) }
    }

    /// Whether the actor may change an object that covers several areas (declare, raise, lower or
    /// end an incident): the actor's scope contains every one of them. Reading needs only overlap
    /// (``mayRead(areas:by:)``); a county officer reads the city's event but cannot change it.
    public static func mayChange(areas: [JurisdictionPath], by actor: Actor) -> Bool {
        !actor.role.isUnitBound && !areas.isEmpty && areas.allSatisfy(actor.scope.contains)
    }

    /// Throws ``ErrorCode/outOfScope`` unless ``mayChange(areas:by:)``.
    public static func requireChange(_ actor: Actor, _ entity: EntityName, areas: [JurisdictionPath])
        throws(LifelineError)
    {
        guard mayChange(areas: areas, by: actor) else { throw .outOfScope(entity) }
    }

    /// Whether an administrator may give `target` scope to a new user: only within their own.
    public static func mayGrant(scope target: JurisdictionPath, by actor: Actor) -> Bool {
        actor.role == .administrator && actor.scope.contains(target)
    }
}
