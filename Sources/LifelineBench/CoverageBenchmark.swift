import Foundation
import LifelineDomain
import LifelineServer
import LifelineServices
import LifelineStore
import SQLKit
import Vapor

#if canImport(Glibc)
    import Glibc
#endif

/// Coverage of a provincial plan (`lifeline bench coverage`): the demo's province with `lots` lots
/// and `movements` issues of the last 90 days added by plain SQL, a plan with a norm for every item,
/// then the plan's coverage computed `runs` times on PostgreSQL, with the query plans of its two
/// statements (#11: under 1 s for 100 000 lots and 200 000 movements).
public struct CoverageBenchmark: Sendable {
    public var postgresURL: String
    public var lots: Int
    public var movements: Int
    public var runs: Int

    public init(postgresURL: String, lots: Int = 100_000, movements: Int = 200_000, runs: Int = 10) {
        self.postgresURL = postgresURL
        self.lots = lots
        self.movements = movements
        self.runs = runs
    }

    public func run() async throws -> [String] {
        let name = "lifeline_coverage_\(getpid())"
        try Shell.psql(postgresURL, "DROP DATABASE IF EXISTS \(name)")
        try Shell.psql(postgresURL, "CREATE DATABASE \(name)")
        defer { try? Shell.psql(postgresURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }  // best effort
        let url = try DatabaseURL(Shell.replacingDatabase(in: postgresURL, with: name))
        let app = try await Application.make(Environment(name: "production", arguments: ["lifeline"]))
        app.logger.logLevel = .warning
        do {
            try await configure(app, ServerOptions(database: url, migrate: true, serveHTTP: false))
            let services = app.lifeline
            FileHandle.standardError.write(Data("coverage: loading the demo…\n".utf8))
            _ = try await DemoSeeder(services: services).run(password: "bench-password-2026")
            FileHandle.standardError.write(Data("coverage: adding \(lots) lots and \(movements) issues…\n".utf8))
            try await addVolume(services.store.sql)
            let sql = services.store.sql
            let counted = try await sql.raw(
                "SELECT (SELECT count(*) FROM lots) AS l, (SELECT count(*) FROM stock_movements) AS m"
            )
            .first()
            let lotCount = try counted?.decode(column: "l", as: Int.self) ?? 0
            let movementCount = try counted?.decode(column: "m", as: Int.self) ?? 0
            // A provincial plan with a norm for every item of the catalogue.
            let plan = try await services.reserves.createPlan(
                NewReservePlan(jurisdictionCode: "52", reserveClass: .emergency, title: "基准测试"), by: .system)
            let items = try await ItemRecord.query(on: services.database).all()
            for item in items {
                _ = try await services.reserves.setNorm(
                    plan.id, itemID: try item.requireID(), formula: .peakDay(peakDailyUse: 10_000, days: 30), note: nil,
                    by: .system)
            }
            try await sql.raw("ANALYZE").run()
            _ = try await services.reserves.coverage(plan.id, for: .system)  // warm-up
            var times: [Double] = []
            var alerts = 0
            for _ in 0..<runs {
                let start = ContinuousClock.now
                let coverage = try await services.reserves.coverage(plan.id, for: .system)
                let elapsed = ContinuousClock.now - start
                times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
                alerts = coverage.alerts
            }
            times.sort()
            var rows = [
                "",
                "Coverage benchmark — PostgreSQL, \(ProcessInfo.processInfo.activeProcessorCount) cores",
                "data | \(lotCount) lots, \(movementCount) movements, plan for province 52 with \(items.count) norms",
                String(
                    format: "coverage | %d runs | p50 %.1f ms | max %.1f ms | %d norms below the alert", runs,
                    times[times.count / 2], times.last ?? 0, alerts),
            ]
            let today = Day(Date())
            let since = Int((Date().timeIntervalSince1970 - Double(ReservesService.usageWindowDays) * 86_400) * 1000)
            if let statements = services.reserves.coverageStatements(
                path: JurisdictionCode(rawValue: "52")!.path, items: try items.map { try $0.requireID() }, today: today,
                since: since)
            {
                for (label, statement) in [("stock on hand", statements.stock), ("monthly use", statements.use)] {
                    var explain: SQLQueryString = "EXPLAIN (ANALYZE, BUFFERS) "
                    explain.appendInterpolation(statement)
                    rows.append("query plan — \(label):")
                    for row in try await sql.raw(explain).all() {
                        rows.append("    " + (try row.decode(column: "QUERY PLAN", as: String.self)))
                    }
                }
            }
            try await app.asyncShutdown()
            return rows
        } catch {
            try? await app.asyncShutdown()  // the benchmark's own error is the one to report
            throw error
        }
    }

    /// `lots` lots spread over the demo's depots and items, and `movements` issues from them spread
    /// over the last 90 days, by plain SQL (the ledger's balances are not kept: this database is
    /// thrown away).
    private func addVolume(_ sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            WITH d AS (SELECT array_agg(id ORDER BY code) AS ids, array_agg(path ORDER BY code) AS paths FROM depots), \
            i AS (SELECT array_agg(id ORDER BY code) AS ids FROM items) \
            INSERT INTO lots (id, depot_id, item_id, path, batch_no, manufacturer, production_date, expiry_date, \
            status, on_hand, reserved, held, unit_cost_fen, received_seq) \
            SELECT gen_random_uuid(), d.ids[1 + g % cardinality(d.ids)], i.ids[1 + (g / 7) % cardinality(i.ids)], \
            d.paths[1 + g % cardinality(d.ids)], 'BENCH-' || g, 'bench', '2026-01-01', \
            CASE WHEN g % 10 = 0 THEN '2026-06-30' ELSE '2028-06-30' END, 'available', 100 + g % 900, 0, 0, 100, \
            10000000 + g FROM generate_series(1, \(unsafeRaw: String(lots))) AS g, d, i
            """
        ).run()
        let now = Int(Date().timeIntervalSince1970 * 1000)
        try await sql.raw(
            """
            WITH l AS (SELECT id, depot_id, item_id, path, row_number() OVER (ORDER BY received_seq) AS n FROM lots), \
            c AS (SELECT count(*) AS total FROM lots) \
            INSERT INTO stock_movements (kind, lot_id, depot_id, item_id, path, on_hand_delta, reserved_delta, \
            held_delta, document_no, actor_id, actor_name, at_ms) \
            SELECT 'issue', l.id, l.depot_id, l.item_id, l.path, -(1 + g % 5), 0, 0, 'BENCH-' || g, \
            '00000000-0000-0000-0000-000000000001', 'bench', \(unsafeRaw: String(now)) - (g % 89)::bigint * 86400000 \
            FROM generate_series(1, \(unsafeRaw: String(movements))) AS g, c \
            JOIN l ON true WHERE l.n = 1 + g % c.total
            """
        ).run()
    }
}
