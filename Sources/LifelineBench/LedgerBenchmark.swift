import Foundation
import LifelineServer
import LifelineServices
import LifelineStore
import Vapor

#if canImport(Glibc)
    import Glibc
#endif

/// Ledger throughput (`lifeline bench ledger`): movements per second through the service layer on a fresh SQLite file
/// and a fresh PostgreSQL database, with 1 and 8 clients, next to pgbench's TPC-B measured in the
/// same run on the same server.
public struct LedgerBenchmark: Sendable {
    /// The PostgreSQL server (a database is created there and dropped after); `nil` skips PostgreSQL.
    public var postgresURL: String?
    /// Movements per run (long enough to be steady: ~10 s at 8 clients on PostgreSQL).
    public var movements: Int
    /// Client counts to run.
    public var clientCounts: [Int]
    /// pgbench duration in seconds (0 skips pgbench).
    public var pgbenchSeconds: Int
    public var includeSQLite: Bool

    public init(
        postgresURL: String?, movements: Int = 12000, clientCounts: [Int] = [1, 8], pgbenchSeconds: Int = 30,
        includeSQLite: Bool = true
    ) {
        self.postgresURL = postgresURL
        self.movements = movements
        self.clientCounts = clientCounts
        self.pgbenchSeconds = pgbenchSeconds
        self.includeSQLite = includeSQLite
    }

    /// Runs the benchmark and returns its report, one line per measurement.
    public func run() async throws -> [String] {
        var rows: [String] = []
        if includeSQLite {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "lifeline-bench-\(getpid()).sqlite"
            ).path
            // temporary file
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            rows += try await measure(
                url: try DatabaseURL("sqlite://" + path), label: "SQLite (file, WAL, synchronous=FULL)", clientCounts
            ).rows
        }
        let base = postgresURL
        if let base {
            let name = "lifeline_bench_\(getpid())"
            try Shell.psql(base, "DROP DATABASE IF EXISTS \(name)")
            try Shell.psql(base, "CREATE DATABASE \(name)")
            defer { try? Shell.psql(base, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }  // best effort clean-up
            let measured = try await measure(
                url: try DatabaseURL(Shell.replacingDatabase(in: base, with: name)), label: "PostgreSQL", clientCounts)
            rows += measured.rows
            let postgresEightClients = measured.perSecond[8]
            if pgbenchSeconds > 0 {
                let pgName = "lifeline_pgbench_\(getpid())"
                try Shell.psql(base, "DROP DATABASE IF EXISTS \(pgName)")
                try Shell.psql(base, "CREATE DATABASE \(pgName)")
                // best effort clean-up
                defer { try? Shell.psql(base, "DROP DATABASE IF EXISTS \(pgName) WITH (FORCE)") }
                let url = Shell.replacingDatabase(in: base, with: pgName)
                _ = try Shell.run("pgbench", ["-i", "-q", url])
                let output = try Shell.run("pgbench", ["-c", "8", "-j", "2", "-T", String(pgbenchSeconds), url])
                let tps = output.split(separator: "\n").first { $0.hasPrefix("tps") }.map(String.init) ?? "tps = ?"
                rows.append("pgbench TPC-B (scale 1) | 8 clients, 2 threads, \(pgbenchSeconds) s | \(tps)")
                if let pgbench = Self.number(after: "tps = ", in: tps), let ledger = postgresEightClients, pgbench > 0 {
                    rows.append(
                        String(
                            format: "PostgreSQL ledger with 8 clients / pgbench: %.0f %% (target ≥ 50 %%)",
                            100 * ledger / pgbench))
                }
            }
        } else {
            rows.append("PostgreSQL: skipped (pass --postgres postgres://… or set DATABASE_URL)")
        }
        return [
            "",
            "Ledger benchmark — \(ProcessInfo.processInfo.activeProcessorCount) cores, \(movements) movements per run",
        ] + rows
    }

    /// The rows to print and the movements per second by client count.
    private func measure(url: DatabaseURL, label: String, _ clientCounts: [Int]) async throws -> (
        rows: [String], perSecond: [Int: Double]
    ) {
        let app = try await Application.make(Environment(name: "production", arguments: ["lifeline"]))
        app.logger.logLevel = .warning
        do {
            var options = ServerOptions(database: url, migrate: true, serveHTTP: false)
            options.connectionsPerEventLoop = 8
            try await configure(app, options)
            let bench = LedgerBench(services: app.lifeline)
            FileHandle.standardError.write(Data("\(label): seeding…\n".utf8))
            let lots = try await bench.seed()
            // Warm up with the most clients measured, so every pooled connection is open and has its
            // statements prepared before the clock starts (pgbench, too, leaves out connection time).
            let most = clientCounts.max() ?? 1
            _ = try await bench.run(lots: lots, clients: most, movements: 100 * most, tag: "warmup")
            var rows: [String] = []
            var perSecond: [Int: Double] = [:]
            for clients in clientCounts {
                let result = try await bench.run(lots: lots, clients: clients, movements: movements, tag: "c\(clients)")
                perSecond[clients] = result.perSecond
                rows.append(
                    String(
                        format: "%@ | %d client(s) | %.0f movements/s | p50 %.1f ms | p99 %.1f ms | %d failed",
                        label, clients, result.perSecond, result.p50Milliseconds, result.p99Milliseconds,
                        result.failures))
                FileHandle.standardError.write(Data((rows.last ?? "").utf8 + Data("\n".utf8)))
            }
            let report = try await app.lifeline.operations.verify()
            rows.append(
                "\(label) | verify after the runs: \(report.isClean ? "OK" : "FAILED") (\(report.movements) movements)")
            try await app.asyncShutdown()
            return (rows, perSecond)
        } catch {
            try? await app.asyncShutdown()  // the benchmark's own error is the one to report
            throw error
        }
    }
}

extension LedgerBenchmark {
    /// The number right after `prefix` in `text` ("tps = 2306.1 (…)" → 2306.1).
    static func number(after prefix: String, in text: String) -> Double? {
        guard let range = text.range(of: prefix) else { return nil }
        return Double(text[range.upperBound...].prefix { $0.isNumber || $0 == "." })
    }
}
