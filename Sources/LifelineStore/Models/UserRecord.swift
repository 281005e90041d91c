import FluentKit
import Foundation
import LifelineDomain
import SQLKit

/// A row of `users`: a person who signs in, with one role and one scope.
public final class UserRecord: Model, @unchecked Sendable {
    public static let schema = "users"

    @ID(key: .id) public var id: UUID?
    @Field(key: "username") public var username: String
    @Field(key: "display_name") public var displayName: String
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "role") public var role: String
    @Field(key: "scope_path") public var scopePath: String
    @OptionalField(key: "unit_id") public var unitID: UUID?
    @Field(key: "active") public var active: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] {
        [$id, $username, $displayName, $passwordHash, $role, $scopePath, $unitID, $active, $createdAt]
    }

    public init() {}

    public var actor: Actor? {
        guard let id, let role = Role(rawValue: role), let scope = JurisdictionPath(rawValue: scopePath) else {
            return nil
        }
        return Actor(userID: id, username: username, role: role, scope: scope, unitID: unitID)
    }
}

/// A row of `api_tokens`: a bearer token for other systems; only its SHA-256 is stored.
public final class APITokenRecord: Model, @unchecked Sendable {
    public static let schema = "api_tokens"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserRecord
    @Field(key: "name") public var name: String
    @Field(key: "token_hash") public var tokenHash: String
    @OptionalField(key: "expires_at") public var expiresAt: Date?
    @Field(key: "revoked") public var revoked: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] { [$id, $user, $name, $tokenHash, $expiresAt, $revoked, $createdAt] }

    public init() {}
}

/// What authenticating a bearer token needs: the token's state and its user.
public struct BearerHolder: Sendable {
    public var revoked: Bool
    public var expiresAt: Date?
    public var userActive: Bool
    public var actor: Actor?
    /// The database's change marker as this query saw it (PostgreSQL: its snapshot), when asked for
    /// (ADR 0032): a list can then be checked against its kept answer without another query.
    public var changeMarker: String?
}

extension APITokenRecord {
    /// The token whose hash is `hash`, joined to its user: one indexed query of the eight columns
    /// authentication reads, made on every API request (no models, so nothing is reflected or
    /// decoded that is not used).
    public static func holder(ofHash hash: String, withSnapshot: Bool = false, on database: any Database) async throws
        -> BearerHolder?
    {
        let snapshot: SQLQueryString = withSnapshot ? ", pg_current_snapshot()::text AS marker" : ""
        let row = try await database.sql().raw(
            """
            SELECT t.revoked, t.expires_at, u.id, u.username, u.role, u.scope_path, u.unit_id, u.active\(snapshot) \
            FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = \(bind: hash)
            """
        ).first()
        guard let row else { return nil }
        let actor: Actor?
        if let role = Role(rawValue: try row.decode(column: "role", as: String.self)),
            let scope = JurisdictionPath(rawValue: try row.decode(column: "scope_path", as: String.self))
        {
            actor = Actor(
                userID: try row.decode(column: "id", as: UUID.self),
                username: try row.decode(column: "username", as: String.self),
                role: role, scope: scope, unitID: try row.decode(column: "unit_id", as: UUID?.self))
        } else {
            actor = nil
        }
        return BearerHolder(
            revoked: try row.decode(column: "revoked", as: Bool.self),
            expiresAt: try row.decode(column: "expires_at", as: Date?.self),
            userActive: try row.decode(column: "active", as: Bool.self), actor: actor,
            changeMarker: withSnapshot ? try row.decode(column: "marker", as: String.self) : nil)
    }
}
