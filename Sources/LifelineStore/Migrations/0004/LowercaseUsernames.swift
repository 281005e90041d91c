import FluentKit
import FluentSQL

/// User names are one account whatever their case (`Officer.A` is `officer.a`): new names are
/// stored in lower case, and existing ones are lowered where that collides with no other account
/// (a collision is left for an administrator; sign-in still finds the name as it was stored).
struct LowercaseUsernames: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql().raw(
            """
            UPDATE users SET username = lower(username) WHERE username <> lower(username) \
            AND NOT EXISTS (SELECT 1 FROM users other WHERE other.username = lower(users.username))
            """
        ).run()
    }

    func revert(on database: any Database) async throws {}
}
