import FluentKit
import Foundation
import LifelineStore
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Testing

/// The two engines every store-touching test runs against.
public enum TestDatabase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    public var testDescription: String { rawValue }

    /// Where the test PostgreSQL is: `LIFELINE_TEST_POSTGRES_URL`, default the cluster of
    /// `scripts/postgres.sh`. A test that cannot reach it fails and says so; none is skipped.
    public static var postgresURL: String {
        ProcessInfo.processInfo.environment["LIFELINE_TEST_POSTGRES_URL"]
            ?? "postgres://lifeline:lifeline@127.0.0.1:54329/lifeline"
    }
}

/// Fresh, migrated databases per test, made fast by copying a template migrated once per run
/// (the SQLite file is copied; PostgreSQL uses `CREATE DATABASE … TEMPLATE`).
public actor TestDatabases {
    public static let shared = TestDatabases()

    // Tasks, not flags: the actor is re-entered while a template is being built, and every caller
    // must wait for the one build.
    private var sqliteTemplate: Task<String, any Error>?
    private var postgresTemplate: Task<Void, any Error>?
    private let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lifeline-tests-\(getpid())")
    /// `<start second>_<random>`: the start time lets a later run tell a crashed run's leftovers from
    /// the databases of a run going on at the same time against the same cluster.
    private let runID = "\(Int(Date().timeIntervalSince1970))_\(String(UUID().uuidString.prefix(8)).lowercased())"
    private var counter = 0

    /// A new database URL with every migration applied, and a clean-up to call afterwards.
    public func make(_ engine: TestDatabase) async throws -> (DatabaseURL, @Sendable () async -> Void) {
        counter += 1
        let number = counter  // read before any await: the actor is re-entered meanwhile
        switch engine {
        case .sqlite:
            let template = try await sqliteTemplatePath()
            let path = directory.appendingPathComponent("test-\(number).sqlite").path
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: template + suffix) {
                try FileManager.default.copyItem(atPath: template + suffix, toPath: path + suffix)
            }
            return (
                try DatabaseURL("sqlite://" + path),
                {
                    // best effort
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                }
            )
        case .postgres:
            try await preparePostgresTemplate()
            let name = "lifeline_t_\(runID)_\(number)"
            try await Self.admin("CREATE DATABASE \(name) TEMPLATE lifeline_template_\(runID)")
            let url = try Self.url(database: name)
            return (
                try DatabaseURL(url),
                {
                    // a leftover is dropped by the next run's sweep
                    try? await Self.admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                }
            )
        }
    }

    private func sqliteTemplatePath() async throws -> String {
        if sqliteTemplate == nil {
            let directory = self.directory
            sqliteTemplate = Task {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                let path = directory.appendingPathComponent("template.sqlite").path
                try await Self.migrate(try DatabaseURL("sqlite://" + path))
                return path
            }
        }
        return try await sqliteTemplate!.value
    }

    private func preparePostgresTemplate() async throws {
        if postgresTemplate == nil {
            let template = "lifeline_template_\(runID)"
            postgresTemplate = Task {
                // Databases left behind by a crashed earlier run.
                let stale = try await Self.adminRows(
                    """
                    SELECT datname FROM pg_database WHERE datname LIKE 'lifeline\\_t\\_%' OR datname LIKE \
                    'lifeline\\_template\\_%'
                    """
                )
                for name in stale where Self.isLeftover(name) {
                    try await Self.admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                }
                try await Self.admin("CREATE DATABASE \(template)")
                try await Self.migrate(try DatabaseURL(try Self.url(database: template)))
            }
        }
        try await postgresTemplate!.value
    }

    /// A test database of a run that started more than three hours ago (or of the older naming
    /// without a start time): nothing runs that long, so it was left behind.
    public static func isLeftover(_ name: String, now: Date = Date()) -> Bool {
        let rest =
            name.hasPrefix("lifeline_t_")
            ? name.dropFirst("lifeline_t_".count) : name.dropFirst("lifeline_template_".count)
        guard let started = rest.split(separator: "_").first.flatMap({ Int($0) }) else { return true }
        return now.timeIntervalSince1970 - Double(started) > 3 * 3600
    }

    /// Applies every migration to the database at `url` (FluentKit's migrator, no web framework).
    private static func migrate(_ url: DatabaseURL) async throws {
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        do {
            databases.use(try url.configuration(maxConnectionsPerEventLoop: 1), as: .lifelineTests)
            let migrations = Migrations()
            migrations.add(LifelineMigrations.all, to: .lifelineTests)
            let migrator = Migrator(
                databases: databases, migrations: migrations, logger: Logger(label: "test-migrate"),
                on: MultiThreadedEventLoopGroup.singleton.any())
            try await migrator.setupIfNeeded().get()
            try await migrator.prepareBatch().get()
            await databases.shutdownAsync()
        } catch {
            await databases.shutdownAsync()
            throw error
        }
    }

    public static func url(database: String) throws -> String {
        guard var components = URLComponents(string: TestDatabase.postgresURL) else {
            throw PostgresUnreachable(reason: "bad URL")
        }
        components.path = "/" + database
        return components.string ?? TestDatabase.postgresURL
    }

    public static func admin(_ sql: String) async throws {
        _ = try await adminRows(sql)
    }

    public static func adminRows(_ sql: String) async throws -> [String] {
        guard let components = URLComponents(string: TestDatabase.postgresURL) else {
            throw PostgresUnreachable(reason: "bad URL")
        }
        let configuration = PostgresConnection.Configuration(
            host: components.host ?? "127.0.0.1", port: components.port ?? 5432,
            username: components.user ?? "postgres",
            password: components.password, database: String(components.path.dropFirst()), tls: .disable)
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 1,
                logger: Logger(label: "test-admin"))
        } catch {
            throw PostgresUnreachable(reason: "\(error)")
        }
        do {
            let rows: PostgresRowSequence
            do {
                rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "test-admin"))
            } catch {
                throw PostgresUnreachable(reason: "\(sql): \(String(reflecting: error))")
            }
            var names: [String] = []
            // DDL has no rows
            for try await row in rows { if let name = try? row.decode(String.self) { names.append(name) } }
            try await connection.close()
            return names
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

public struct PostgresUnreachable: Error, CustomStringConvertible {
    public var reason: String
    public var description: String {
        """
        PostgreSQL for tests is not reachable at \(TestDatabase.postgresURL) (\(reason)). Run scripts/postgres.sh \
        start, 
        """
            + "or the whole suite with scripts/test.sh, or set LIFELINE_TEST_POSTGRES_URL."
    }
}

extension DatabaseID {
    /// The database of a test harness.
    public static let lifelineTests = DatabaseID(string: "lifeline")
}
