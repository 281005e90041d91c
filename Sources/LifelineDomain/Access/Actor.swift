import Foundation

/// The person behind a request, as every use case sees them: who, in which role, over which place.
public struct Actor: Sendable, Hashable {
    public var userID: UUID
    public var username: String
    public var role: Role
    /// The jurisdiction subtree the user works in. For unit-bound roles: their unit's jurisdiction.
    public var scope: JurisdictionPath
    /// The unit a unit-bound role acts for.
    public var unitID: UUID?

    public init(userID: UUID, username: String, role: Role, scope: JurisdictionPath, unitID: UUID? = nil) {
        self.userID = userID
        self.username = username
        self.role = role
        self.scope = scope
        self.unitID = unitID
    }

    /// The built-in actor for operator commands run on the server itself (`lifeline demo`, imports).
    public static let system = Actor(
        userID: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!, username: "system",
        role: .administrator, scope: .nation)
}
