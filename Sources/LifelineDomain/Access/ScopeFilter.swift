import Foundation

/// What an actor's reads are cut to, derived once from the actor: the query-side twin of
/// ``AccessPolicy/reaches(_:path:ownerUnit:operatorUnit:)`` (R12.2).
///
/// Every list applies it through one Services helper (`RowReach`), and every single read asks
/// ``admits(paths:units:)``, so that a list shows exactly what its rows would show when opened
/// alone, and a new list cannot forget the actor's scope.
public enum ScopeFilter: Sendable, Hashable {
    /// Rows that lie in this subtree (the nation: every row).
    case subtree(JurisdictionPath)
    /// Rows that name this unit (its requests and orders, the depots it owns or operates, and
    /// what lies in those depots).
    case unit(UUID)
    /// No row: a unit-bound role not bound to any unit.
    case nothing

    public init(_ actor: Actor) {
        if actor.role.isUnitBound {
            self = actor.unitID.map(ScopeFilter.unit) ?? .nothing
        } else {
            self = .subtree(actor.scope)
        }
    }

    /// Whether a row passes that lies in `paths` (any one suffices: an order concerns its depot's,
    /// its receiver's and its approver's areas) and names `units`.
    public func admits(paths: [JurisdictionPath?], units: [UUID?]) -> Bool {
        switch self {
        case .subtree(let scope): paths.contains { $0.map(scope.contains) ?? false }
        case .unit(let unit): units.contains(unit)
        case .nothing: false
        }
    }

    /// ``admits(paths:units:)`` for paths as stored (an unreadable path never passes).
    public func admits(storedPaths: [String?], units: [UUID?]) -> Bool {
        admits(paths: storedPaths.map { $0.flatMap(JurisdictionPath.init(rawValue:)) }, units: units)
    }
}
