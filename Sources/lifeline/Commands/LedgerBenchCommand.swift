import ArgumentParser
import LifelineBench
import LifelineServices

/// `lifeline bench ledger`: movements per second through the service layer on SQLite and PostgreSQL,
/// with 1 and 8 clients, next to pgbench's TPC-B in the same run (LedgerBenchmark).
struct LedgerBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Ledger movements per second vs pgbench.")

    @Option(
        help:
            """
            PostgreSQL server to use (a database is created and dropped there); default DATABASE_URL if it is \
            postgres.
            """
    )
    var postgres: String?
    @Option(help: "Movements per run (long enough to be steady: ~10 s at 8 clients on PostgreSQL).") var movements =
        12000
    @Option(help: "Client counts to run, comma-separated.") var clients = "1,8"
    @Option(help: "pgbench duration in seconds (0 skips pgbench).") var pgbenchSeconds = 30
    @Flag(help: "Skip the SQLite runs.") var noSqlite = false

    func run() async throws {
        let counts = clients.split(separator: ",").compactMap { Int($0) }
        guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--clients: positive whole numbers, e.g. 1,8")
        }
        let benchmark = LedgerBenchmark(
            postgresURL: try postgres ?? Configuration().database.postgresURL, movements: movements,
            clientCounts: counts,
            pgbenchSeconds: pgbenchSeconds, includeSQLite: !noSqlite)
        for line in try await benchmark.run() { print(line) }
    }
}
