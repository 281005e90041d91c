import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LifelineServer
import LifelineServices
import LifelineStore
import Vapor

/// `lifeline bench …`: measurements quoted in closing notes (never timed unit tests).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Benchmarks.", subcommands: [LedgerCommand.self, PushCommand.self])
}

/// `lifeline bench ledger`: movements per second through the service layer on a fresh SQLite file
/// and a fresh PostgreSQL database, with 1 and 8 clients, next to pgbench's TPC-B measured in the
/// same run on the same server.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ledger", abstract: "Ledger movements per second vs pgbench.")

    @ArgumentParser.Option(help: "PostgreSQL server to use (a database is created and dropped there); default DATABASE_URL if it is postgres.")
    var postgres: String?
    @ArgumentParser.Option(help: "Movements per run (long enough to be steady: ~10 s at 8 clients on PostgreSQL).") var movements = 12000
    @ArgumentParser.Option(help: "Client counts to run, comma-separated.") var clients = "1,8"
    @ArgumentParser.Option(help: "pgbench duration in seconds (0 skips pgbench).") var pgbenchSeconds = 30
    @ArgumentParser.Flag(help: "Skip the SQLite runs.") var noSqlite = false

    func run() async throws {
        let clientCounts = clients.split(separator: ",").compactMap { Int($0) }
        var rows: [String] = []
        if !noSqlite {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("lifeline-bench-\(getpid()).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }  // temporary file
            rows += try await measure(url: try DatabaseURL("sqlite://" + path), label: "SQLite (file, WAL, synchronous=FULL)", clientCounts).rows
        }
        let base = try postgres ?? Configuration().database.postgresURL
        if let base {
            let name = "lifeline_bench_\(getpid())"
            try Shell.psql(base, "DROP DATABASE IF EXISTS \(name)")
            try Shell.psql(base, "CREATE DATABASE \(name)")
            defer { try? Shell.psql(base, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }  // best effort clean-up
            let measured = try await measure(url: try DatabaseURL(Shell.replacingDatabase(in: base, with: name)), label: "PostgreSQL", clientCounts)
            rows += measured.rows
            let postgresEightClients = measured.perSecond[8]
            if pgbenchSeconds > 0 {
                let pgName = "lifeline_pgbench_\(getpid())"
                try Shell.psql(base, "DROP DATABASE IF EXISTS \(pgName)")
                try Shell.psql(base, "CREATE DATABASE \(pgName)")
                defer { try? Shell.psql(base, "DROP DATABASE IF EXISTS \(pgName) WITH (FORCE)") }  // best effort clean-up
                let url = Shell.replacingDatabase(in: base, with: pgName)
                _ = try Shell.run("pgbench", ["-i", "-q", url])
                let output = try Shell.run("pgbench", ["-c", "8", "-j", "2", "-T", String(pgbenchSeconds), url])
                let tps = output.split(separator: "\n").first { $0.hasPrefix("tps") }.map(String.init) ?? "tps = ?"
                rows.append("pgbench TPC-B (scale 1) | 8 clients, 2 threads, \(pgbenchSeconds) s | \(tps)")
                if let pgbench = Self.number(after: "tps = ", in: tps), let ledger = postgresEightClients, pgbench > 0 {
                    rows.append(String(format: "PostgreSQL ledger with 8 clients / pgbench: %.0f %% (target ≥ 50 %%)", 100 * ledger / pgbench))
                }
            }
        } else {
            rows.append("PostgreSQL: skipped (pass --postgres postgres://… or set DATABASE_URL)")
        }
        print("\nLedger benchmark — \(ProcessInfo.processInfo.activeProcessorCount) cores, \(movements) movements per run")
        for row in rows { print(row) }
    }

    /// The rows to print and the movements per second by client count.
    private func measure(url: DatabaseURL, label: String, _ clientCounts: [Int]) async throws -> (rows: [String], perSecond: [Int: Double]) {
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
                rows.append(String(format: "%@ | %d client(s) | %.0f movements/s | p50 %.1f ms | p99 %.1f ms | %d failed",
                                   label, clients, result.perSecond, result.p50Milliseconds, result.p99Milliseconds, result.failures))
                FileHandle.standardError.write(Data((rows.last ?? "").utf8 + Data("\n".utf8)))
            }
            let report = try await app.lifeline.operations.verify()
            rows.append("\(label) | verify after the runs: \(report.isClean ? "OK" : "FAILED") (\(report.movements) movements)")
            try await app.asyncShutdown()
            return (rows, perSecond)
        } catch {
            try? await app.asyncShutdown()  // the benchmark's own error is the one to report
            throw error
        }
    }
}

extension LedgerCommand {
    /// The number right after `prefix` in `text` ("tps = 2306.1 (…)" → 2306.1).
    static func number(after prefix: String, in text: String) -> Double? {
        guard let range = text.range(of: prefix) else { return nil }
        return Double(text[range.upperBound...].prefix { $0.isNumber || $0 == "." })
    }
}

/// Running the PostgreSQL client tools the benchmark compares against.
///
/// Spawned with `posix_spawn`, an empty signal mask and default signal handlers: a child inherits
/// the spawning thread's blocked signals, and pgbench's `-T` timer is a SIGALRM that would then never
/// arrive (seen here: pgbench ran forever under Foundation's `Process`).
enum Shell {
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("lifeline-shell-\(getpid())-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: output) }  // temporary file
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([tool] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, tool, &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw ValidationError("cannot start \(tool): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""  // the tool may print nothing
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else { throw ValidationError("\(tool) failed: \(text)") }
        return text
    }

    static func psql(_ url: String, _ sql: String) throws {
        try run("psql", ["-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql])
    }

    static func replacingDatabase(in url: String, with name: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + name
        return components.string ?? url
    }
}
