import ArgumentParser
import LifelineBench
import LifelineServices

/// `lifeline bench coverage`: a provincial plan's coverage over many lots and movements on
/// PostgreSQL, with the query plans of its statements (CoverageBenchmark).
struct CoverageBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage", abstract: "Coverage of a provincial plan over 100 000 lots and 200 000 movements.")

    @Option(help: "PostgreSQL server to use (a database is created and dropped there); default DATABASE_URL.")
    var postgres: String?
    @Option(help: "Lots to add to the demo.") var lots = 100_000
    @Option(help: "Issues to add to the demo, over the last 90 days.") var movements = 200_000
    @Option(help: "Timed runs.") var runs = 10

    func run() async throws {
        guard let url = try postgres ?? Configuration().database.postgresURL else {
            throw ValidationError("--postgres postgres://… (or DATABASE_URL) is required")
        }
        guard lots > 0, movements >= 0, runs > 0 else { throw ValidationError("--lots and --runs must be positive") }
        let benchmark = CoverageBenchmark(postgresURL: url, lots: lots, movements: movements, runs: runs)
        for line in try await benchmark.run() { print(line) }
    }
}
