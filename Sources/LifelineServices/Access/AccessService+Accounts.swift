import Crypto
import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// A user as listed.
public struct UserView: Codable, Sendable, Hashable {
    public var id: UUID
    public var username: String
    public var displayName: String
    public var role: Role
    public var scope: String
    public var unitId: UUID?
    public var active: Bool

    init(_ r: UserRecord) throws {
        id = try r.requireID()
        username = r.username
        displayName = r.displayName
        role = try Stored.value(Role.self, r.role, column: "users.role")
        scope = r.scopePath
        unitId = r.unitID
        active = r.active
    }
}

/// A new account.
public struct NewUser: Codable, Sendable, Hashable {
    public var username: String
    public var displayName: String
    public var password: String
    public var role: Role
    /// The jurisdiction the user works in (ignored for unit-bound roles: their unit's is used).
    public var jurisdiction: String?
    public var unitId: UUID?

    public init(
        username: String, displayName: String, password: String, role: Role, jurisdiction: String? = nil,
        unitId: UUID? = nil
    ) {
        self.username = username
        self.displayName = displayName
        self.password = password
        self.role = role
        self.jurisdiction = jurisdiction
        self.unitId = unitId
    }
}

/// A freshly issued API token; the secret is shown once and only its hash is kept.
public struct IssuedToken: Codable, Sendable, Hashable {
    public var id: UUID
    public var token: String
    public var expiresAt: Date?
}

extension AccessService {
    /// Checks a user name and password; the same error for an unknown user and a wrong password.
    public func authenticate(username: String, password: String) async throws -> Actor {
        guard
            let user = try await UserRecord.query(on: database).filter(
                \.$username ~~ [username.lowercased(), username]
            )
            .sort(\.$username, .descending).first(), user.active,
            let actor = user.actor
        else {
            // Spend the same time as a real check, so response times do not reveal which names exist.
            // (hashing costs what verifying costs; its result and any failure are irrelevant here).
            _ = try? await passwords.hash(password)
            throw LifelineError(.invalidCredentials)
        }
        guard try await passwords.verify(password, user.passwordHash) else { throw LifelineError(.invalidCredentials) }
        return actor
    }

    /// The actor behind a session's user id; `nil` when the user no longer exists or was disabled.
    public func actor(userID: UUID) async throws -> Actor? {
        guard let user = try await UserRecord.find(userID, on: database), user.active else { return nil }
        return user.actor
    }

    /// The actor behind a bearer token; `nil` when unknown, revoked or expired.
    public func actor(bearer token: String) async throws -> Actor? {
        try await bearer(token).actor
    }

    /// The actor behind a bearer token (`nil` when unknown, revoked or expired) and, on PostgreSQL,
    /// the database's change marker read by the same query (ADR 0032).
    public func bearer(_ token: String) async throws -> (actor: Actor?, changeMarker: String?) {
        // One indexed query on every API request: the token joined to its user. Nothing is cached,
        // so a revoked token or a disabled user is refused on the very next request.
        guard
            let holder = try await APITokenRecord.holder(
                ofHash: Self.tokenHash(token), withSnapshot: store.engine == .postgres, on: database),
            !holder.revoked, holder.userActive
        else { return (nil, nil) }
        if let expiry = holder.expiresAt, expiry < clock.now() { return (nil, nil) }
        return (holder.actor, holder.changeMarker)
    }

    /// Creates an account in the administrator's scope.
    public func createUser(_ new: NewUser, by actor: Actor) async throws -> UserView {
        try AccessPolicy.require(.manageUsers, actor)
        // Names are kept in lower case: `Officer.A` and `officer.a` are one account (ASCII only, below).
        let username = try Text.required(new.username, field: "username", max: 60).lowercased()
        guard username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw LifelineError.invalid("username", "letters, digits, '.', '_' and '-' only")
        }
        let displayName = try Text.required(new.displayName, field: "displayName", max: 60)
        guard new.password.count >= 10 else { throw LifelineError.invalid("password", "at least 10 characters") }
        let hash = try await passwords.hash(new.password)
        let now = clock.now()
        let id = ids.next()
        return try await store.write { tx in
            if try await UserRecord.query(on: tx).filter(\.$username == username).first() != nil {
                throw LifelineError(.duplicate, field: "username", ["value": username])
            }
            let scope: JurisdictionPath
            if new.role.isUnitBound {
                guard let unitID = new.unitId else { throw LifelineError.required("unitId") }
                let unit = try await unit(unitID, field: "unitId", on: tx)
                guard new.role.requiredUnitKinds.contains(try unit.profile.kind) else {
                    throw LifelineError.invalid(
                        "unitId",
                        """
                        a \(new.role.rawValue) belongs to a \
                        \(new.role.requiredUnitKinds.map(\.rawValue).sorted().joined(separator: " or "))
                        """
                    )
                }
                scope = try unit.jurisdictionPath
            } else {
                guard let code = new.jurisdiction else { throw LifelineError.required("jurisdiction") }
                scope = try await jurisdiction(code, field: "jurisdiction", on: tx).jurisdictionPath
            }
            guard AccessPolicy.mayGrant(scope: scope, by: actor) else { throw LifelineError.outOfScope(.jurisdiction) }
            let user = UserRecord()
            user.id = id
            user.username = username
            user.displayName = displayName
            user.passwordHash = hash
            user.role = new.role.rawValue
            user.scopePath = scope.rawValue
            user.unitID = new.role.isUnitBound ? new.unitId : nil
            user.active = true
            try await user.create(on: tx)
            let view = try UserView(user)
            try await AuditTrail.append(
                [AuditEvent("user.create", by: actor, entity: .user, id: id.uuidString, path: scope, after: view)],
                at: now, on: tx)
            return view
        }
    }

    public func users(page: PageRequest, for actor: Actor) async throws -> Page<UserView> {
        try AccessPolicy.require(.manageUsers, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        return try await UserRecord.query(on: database).within(actor.scope, path: \.$scopePath).sort(\.$username)
            .paginate(page).map(UserView.init)
    }

    /// Issues a bearer token for the actor themself (an API client acting as this user).
    public func issueToken(name: String, validForDays: Int?, for actor: Actor) async throws -> IssuedToken {
        let name = try Text.required(name, field: "name", max: 60)
        if let days = validForDays, !(1...3650).contains(days) {
            throw LifelineError(.outOfRange, field: "validForDays", ["min": "1", "max": "3650"])
        }
        var bytes = [UInt8](repeating: 0, count: 32)
        for index in bytes.indices { bytes[index] = UInt8.random(in: .min ... .max) }
        let secret = "ll_" + Hex.encode(bytes)
        let now = clock.now()
        let id = ids.next()
        let expiry = validForDays.map { now.addingTimeInterval(Double($0) * 86_400) }
        return try await store.write { tx in
            let record = APITokenRecord()
            record.id = id
            record.$user.id = actor.userID
            record.name = name
            record.tokenHash = Self.tokenHash(secret)
            record.expiresAt = expiry
            record.revoked = false
            try await record.create(on: tx)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "token.issue", by: actor, entity: .token, id: id.uuidString, path: actor.scope,
                        after: ["name": name, "expires": expiry.map { "\($0)" } ?? "never"])
                ], at: now, on: tx)
            return IssuedToken(id: id, token: secret, expiresAt: expiry)
        }
    }

    static func tokenHash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }
}
