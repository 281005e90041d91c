import AsyncHTTPClient
import Foundation
import LifelineDomain
import LifelineServer
import LifelineServices
import LifelineStore
import NIOConcurrencyHelpers
import NIOCore
import Vapor

#if canImport(Glibc)
    import Glibc
#endif

/// Push latency (`lifeline bench push`): two `lifeline serve` instances on one PostgreSQL; approvals are made
/// through the API of the first while a dispatch stream is open on the second. Reports how long
/// each new order takes to reach the other instance's stream (R5.4 allows 10 minutes; the target
/// is p99 < 1 s).
public struct PushBenchmark: Sendable {
    /// The PostgreSQL server (a database is created there and dropped after).
    public var postgresURL: String
    /// Orders to approve, and approvals in flight at once.
    public var orders: Int
    public var concurrency: Int
    /// The `lifeline` executable to start the two instances from.
    public var executable: String

    public init(postgresURL: String, orders: Int = 1000, concurrency: Int = 4, executable: String) {
        self.postgresURL = postgresURL
        self.orders = orders
        self.concurrency = concurrency
        self.executable = executable
    }

    /// Runs the benchmark and returns its report.
    public func run() async throws -> String {
        let base = postgresURL
        let name = "lifeline_pushbench_\(getpid())"
        try Shell.psql(base, "DROP DATABASE IF EXISTS \(name)")
        try Shell.psql(base, "CREATE DATABASE \(name)")
        // best effort: the numbers are already printed
        defer { try? Shell.psql(base, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        let url = Shell.replacingDatabase(in: base, with: name)

        print("push bench: seeding \(orders) submitted requests…")
        let world = try await PushWorld.seed(url: url, requests: orders)
        let (portA, portB) = (Shell.freePort(), Shell.freePort())
        var servers: [pid_t] = []
        defer { for pid in servers { Shell.stop(pid) } }
        for port in [portA, portB] {
            servers.append(
                try Shell.spawn(
                    executable, ["serve", "--hostname", "127.0.0.1", "--port", String(port), "--no-migrate"],
                    environment: ["DATABASE_URL": url, "LOG_LEVEL": "error"]))
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await Self.waitHealthy(client, port: portA)
            try await Self.waitHealthy(client, port: portB)
            let result = try await measure(client, world: world, approveOn: portA, streamOn: portB)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    func measure(_ client: HTTPClient, world: PushWorld, approveOn portA: Int, streamOn portB: Int) async throws
        -> String
    {
        let received = NIOLockedValueBox<[String: Date]>([:])
        let connected = NIOLockedValueBox(false)
        let expected = world.requests.count
        // The stream on instance B.
        let stream = Task {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(portB)/api/v1/events")
            request.headers.add(name: "Authorization", value: "Bearer \(world.watcherToken)")
            let response = try await client.execute(request, timeout: .seconds(3600))
            guard response.status == .ok else { throw BenchError("stream refused: \(response.status)") }
            var pending = ""
            for try await buffer in response.body {
                connected.withLockedValue { $0 = true }
                pending += String(buffer: buffer)
                while let end = pending.range(of: "\n\n") {
                    let event = String(pending[..<end.lowerBound])
                    pending = String(pending[end.upperBound...])
                    guard
                        let data = event.split(separator: "\n").first(where: { $0.hasPrefix("data: ") })?.dropFirst(6),
                        let notice = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any],
                        notice["kind"] as? String == "order.issued", let number = notice["number"] as? String
                    else { continue }
                    let now = Date()
                    let count = received.withLockedValue { seen -> Int in
                        seen[number] = seen[number] ?? now
                        return seen.count
                    }
                    if count >= expected { return }
                }
            }
        }
        let streamDeadline = Date().addingTimeInterval(10)
        while !connected.withLockedValue({ $0 }) {
            guard Date() < streamDeadline else { throw BenchError("the stream on instance B did not open") }
            try await Task.sleep(for: .milliseconds(20))
        }

        // Approvals on instance A.
        print("push bench: approving \(expected) requests on :\(portA), stream open on :\(portB)…")
        let started = Date()
        let sent = try await withThrowingTaskGroup(of: (String, Date, Date).self) { group in
            var results: [(String, Date, Date)] = []
            var next = 0
            func launch() {
                let id = world.requests[next]
                next += 1
                group.addTask {
                    var request = HTTPClientRequest(
                        url: "http://127.0.0.1:\(portA)/api/v1/requests/\(id.uuidString)/approval")
                    request.method = .POST
                    request.headers.add(name: "Authorization", value: "Bearer \(world.approverToken)")
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.headers.add(name: "Idempotency-Key", value: "push-\(id.uuidString)")
                    request.body = .bytes(
                        ByteBuffer(
                            string:
                                #"""
                                {"lines":[{"itemId":"\#(world.item.uuidString)",\#
                                "depotId":"\#(world.depot.uuidString)","quantity":1}]}
                                """#
                        ))
                    let before = Date()
                    let response = try await client.execute(request, timeout: .seconds(60))
                    let body = try await response.body.collect(upTo: 1 << 20)
                    let after = Date()
                    guard response.status == .ok,
                        let json = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
                        let orders = json["orders"] as? [[String: Any]], let number = orders.first?["number"] as? String
                    else { throw BenchError("approval failed: \(response.status) \(String(buffer: body))") }
                    return (number, before, after)
                }
            }
            for _ in 0..<min(concurrency, expected) { launch() }
            while let result = try await group.next() {
                results.append(result)
                if next < expected { launch() }
            }
            return results
        }
        let approveSeconds = Date().timeIntervalSince(started)
        let deadline = Date().addingTimeInterval(30)
        while received.withLockedValue({ $0.count }) < expected, Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        stream.cancel()

        let seen = received.withLockedValue { $0 }
        var fromSend: [Double] = []
        var fromResponse: [Double] = []
        for (number, before, after) in sent {
            guard let at = seen[number] else { continue }
            fromSend.append(at.timeIntervalSince(before) * 1000)
            fromResponse.append(at.timeIntervalSince(after) * 1000)
        }
        func row(_ label: String, _ samples: [Double]) -> String {
            let s = DurationSummary(samples)
            return String(
                format: "%@ | p50 %.1f ms | p99 %.1f ms | max %.1f ms", label, s.p50, Self.percentile(samples, 0.99),
                s.max)
        }
        let missing = expected - fromSend.count
        return """

            Push latency — two lifeline serve instances on one PostgreSQL, \(expected) orders, \(concurrency) \
            approvals in flight
            approvals on A: \(String(format: "%.1f", Double(expected) / approveSeconds)) /s \
            over \(String(format: "%.1f", approveSeconds)) s
            \(row("approval sent on A → event on B (upper bound of commit → event)", fromSend))
            \(row("approval answered on A → event on B (negative: the event came first)", fromResponse))
            events missing after 30 s: \(missing)
            target p99 < 1000 ms: \(missing == 0 && Self.percentile(fromSend, 0.99) < 1000 ? "met" : "NOT met")
            """
    }

    static func percentile(_ samples: [Double], _ p: Double) -> Double {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
    }

    static func waitHealthy(_ client: HTTPClient, port: Int) async throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let response = try? await client.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(port)/healthz"), timeout: .seconds(2)),
                response.status == .ok
            {
                return
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw BenchError("instance on :\(port) did not start")
    }
}

/// The data the push benchmark works on: submitted requests, one depot with plenty of stock, an
/// approver and a watcher with API tokens.
struct PushWorld: Sendable {
    var requests: [UUID]
    var item: UUID
    var depot: UUID
    var approverToken: String
    var watcherToken: String

    static func seed(url: String, requests count: Int) async throws -> PushWorld {
        let app = try await Application.make(Environment(name: "production", arguments: ["lifeline"]))
        do {
            try await configure(app, ServerOptions(database: try DatabaseURL(url), migrate: true, serveHTTP: false))
            let services = app.lifeline
            let system = Actor.system
            func code(_ raw: String) -> JurisdictionCode { JurisdictionCode(rawValue: raw) ?? .nation }
            let office = try await services.reference.createUnit(
                UnitProfile(kind: .supplyOffice, name: "贵阳市医疗物资保障组", jurisdiction: code("5201")), by: system)
            let hospital = try await services.reference.createUnit(
                UnitProfile(
                    kind: .medicalInstitution, name: "压测医院", jurisdiction: code("520102"), hospitalGrade: .grade3A,
                    beds: 1000), by: system)
            let depot = try await services.reference.createDepot(
                DepotProfile(
                    code: "PUSH-01", name: "压测储备库", jurisdiction: code("520102"), ownerUnitID: office.id,
                    operatorKind: .government,
                    location: GeoPoint(longitude: 106.71, latitude: 26.57), areaM2: 1000, volumeM3: 5000,
                    zones: [.ambient]), by: system
            ).id
            guard
                let item = try await services.reference.items(ItemFilter(), page: PageRequest(per: 500), for: system)
                    .items.first(where: { $0.definition.code == "PPE-0001" })?.id
            else { throw BenchError("the default catalogue lacks PPE-0001") }
            _ = try await services.stock.receive(
                ReceiptInput(
                    depotId: depot, itemId: item, quantity: 10_000_000, batchNo: "PUSH-B1", manufacturer: "压测",
                    productionDate: "2026-01-01", expiryDate: "2030-01-01"), key: "push-lot", by: system)
            func user(_ name: String, _ role: Role, _ jurisdiction: String?, unit: UUID? = nil) async throws -> Actor {
                let view = try await services.access.createUser(
                    NewUser(
                        username: name, displayName: name, password: UUID().uuidString, role: role,
                        jurisdiction: jurisdiction, unitId: unit), by: system)
                guard let actor = try await services.access.actor(userID: view.id) else {
                    throw BenchError("user \(name) vanished")
                }
                return actor
            }
            let requester = try await user("push.requester", .medicalRequester, nil, unit: hospital.id)
            let approver = try await user("push.approver", .supplyOfficer, "5201")
            let watcher = try await user("push.watcher", .supplyOfficer, "5201")
            var ids: [UUID] = []
            for n in 0..<count {
                let request = try await services.dispatch.createRequest(
                    RequestInput(
                        unitId: hospital.id, priority: .critical, neededBy: Date().addingTimeInterval(6 * 3600),
                        deliveryPlace: "发热门诊",
                        lines: [RequestLineInput(itemId: item, quantity: 1)]), key: "push-\(n)", by: requester)
                ids.append(
                    try await services.dispatch.changeRequest(
                        request.id, .submit, key: "push-submit-\(n)", by: requester
                    ).id)
                if (n + 1) % 250 == 0 { print("  \(n + 1)/\(count)") }
            }
            let world = PushWorld(
                requests: ids, item: item, depot: depot,
                approverToken: try await services.access.issueToken(name: "push", validForDays: 1, for: approver).token,
                watcherToken: try await services.access.issueToken(name: "push", validForDays: 1, for: watcher).token)
            try await app.asyncShutdown()
            return world
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
