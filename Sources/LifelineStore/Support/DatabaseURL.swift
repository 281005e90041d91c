import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import LifelineDomain

/// The one database setting of every `lifeline` command: `DATABASE_URL`.
///
///     sqlite://./lifeline.sqlite        a file relative to the working directory (the default)
///     sqlite:///var/lib/lifeline/db.sqlite   an absolute path
///     sqlite::memory:                   an in-memory database (tests)
///     postgres://user:pass@host:5432/db
public struct DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    public enum Target: Sendable, Hashable {
        case sqliteFile(String)
        case sqliteMemory
        case postgres(String)
    }

    public static let defaultValue = "sqlite://./lifeline.sqlite"

    public let target: Target

    public init(_ text: String) throws {
        let value = text.trimmingCharacters(in: .whitespaces)
        if value == "sqlite::memory:" || value == "sqlite://:memory:" {
            target = .sqliteMemory
        } else if value.hasPrefix("sqlite://") {
            let path = String(value.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw LifelineError.invalid("DATABASE_URL", "sqlite:// needs a file path") }
            target = .sqliteFile(path)
        } else if value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") {
            target = .postgres(value)
        } else {
            throw LifelineError.invalid(
                "DATABASE_URL", "use sqlite://PATH, sqlite::memory: or postgres://USER:PASS@HOST:PORT/DB")
        }
    }

    public var engine: Store.Engine {
        if case .postgres = target { return .postgres }
        return .sqlite
    }

    /// A plain PostgreSQL connection's configuration (for LISTEN), or nil for SQLite.
    public func postgresConnection() throws -> PostgresConnection.Configuration? {
        guard case .postgres(let url) = target else { return nil }
        return try SQLPostgresConfiguration(url: url).coreConfiguration
    }

    /// The Fluent configuration for this URL.
    public func configuration(maxConnectionsPerEventLoop: Int = 8) throws -> DatabaseConfigurationFactory {
        switch target {
        case .sqliteMemory:
            return .sqlite(.memory)
        case .sqliteFile(let path):
            return .sqlite(.file(path))
        case .postgres(let url):
            var config = try SQLPostgresConfiguration(url: url)
            config.searchPath = nil
            return .postgres(
                configuration: config, maxConnectionsPerEventLoop: maxConnectionsPerEventLoop,
                connectionPoolTimeout: .seconds(30))
        }
    }

    /// The PostgreSQL URL as given (with its password), for tools that connect themselves; nil for SQLite.
    public var postgresURL: String? {
        if case .postgres(let url) = target { return url }
        return nil
    }

    /// Hides the password when printed.
    public var description: String {
        switch target {
        case .sqliteMemory: "sqlite::memory:"
        case .sqliteFile(let path): "sqlite://\(path)"
        case .postgres(let url):
            if let at = url.firstIndex(of: "@"),
                let colon = url[url.index(url.startIndex, offsetBy: 11)..<at].lastIndex(of: ":")
            {
                url[..<url.index(after: colon)] + "***" + url[at...]
            } else {
                url
            }
        }
    }
}

extension Store {
    /// Prepares a freshly opened database: on SQLite, write-ahead logging so readers never block the
    /// writer, and foreign keys on.
    public static func prepareConnection(_ database: any Database, engine: Engine) async throws {
        guard engine == .sqlite else { return }
        try await database.sql().raw("PRAGMA journal_mode=WAL").run()
        try await database.sql().raw("PRAGMA foreign_keys=ON").run()
    }
}
