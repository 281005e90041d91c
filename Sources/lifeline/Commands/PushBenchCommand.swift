import ArgumentParser
import Foundation
import LifelineBench
import LifelineServices

/// `lifeline bench push`: how long a new order takes to reach a dispatch stream open on another
/// instance (PushBenchmark).
struct PushBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push", abstract: "Push latency across two server instances on PostgreSQL.")

    @Option(
        help:
            """
            PostgreSQL server to use (a database is created and dropped there); default DATABASE_URL if it is \
            postgres.
            """
    )
    var postgres: String?
    @Option(help: "Orders to approve.") var orders = 1000
    @Option(help: "Approvals in flight at once.") var concurrency = 4

    func run() async throws {
        guard let base = try postgres ?? Configuration().database.postgresURL else {
            throw ValidationError("give --postgres postgres://… (or DATABASE_URL): the benchmark needs PostgreSQL")
        }
        guard orders > 0, concurrency > 0 else { throw ValidationError("--orders and --concurrency must be positive") }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        print(
            try await PushBenchmark(postgresURL: base, orders: orders, concurrency: concurrency, executable: executable)
                .run())
    }
}
