import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// The ledger benchmark behind `lifeline bench ledger`: movements per second through the service
/// layer (validation, scope, guarded update, movement row, document number, audit chain,
/// idempotency record — each movement one transaction), with 1 and N concurrent clients.
public struct LedgerBench: Sendable {
    public struct Result: Sendable {
        public var clients: Int
        public var movements: Int
        public var seconds: Double
        public var p50Milliseconds: Double
        public var p99Milliseconds: Double
        public var failures: Int
        public var perSecond: Double { Double(movements) / seconds }
    }

    let services: Services

    public init(services: Services) { self.services = services }

    /// Creates `depots` depots across the counties of Guiyang with `lotsPerDepot` large lots each.
    public func seed(depots: Int = 20, lotsPerDepot: Int = 10) async throws -> [UUID] {
        let system = Actor.system
        let counties = [
            "520102", "520103", "520111", "520112", "520113", "520115", "520121", "520122", "520123", "520181",
        ]
        guard
            let item = try await services.reference.items(
                ItemFilter(category: .masks), page: PageRequest(), for: system
            ).items.first
        else {
            throw LifelineError(.notFound, ["entity": "item", "id": "masks"])
        }
        var lots: [UUID] = []
        for d in 0..<depots {
            let county = JurisdictionCode(rawValue: counties[d % counties.count]) ?? .nation
            let depot = try await services.reference.createDepot(
                DepotProfile(
                    code: "BENCH-\(d)", name: "基准测试库 \(d)", jurisdiction: county, operatorKind: .government,
                    location: GeoPoint(longitude: 106.6, latitude: 26.6), areaM2: 1000, volumeM3: 5000,
                    zones: [.ambient]), by: system)
            for l in 0..<lotsPerDepot {
                let result = try await services.stock.receive(
                    ReceiptInput(
                        depotId: depot.id, itemId: item.id, quantity: 10_000_000, batchNo: "BENCH-\(d)-\(l)",
                        manufacturer: "bench",
                        productionDate: "2026-01-01", expiryDate: "2029-01-01"), key: "bench-seed-\(d)-\(l)", by: system
                )
                lots.append(result.movements[0].lotId)
            }
        }
        return lots
    }

    /// Runs `movements` one-unit issues spread over `lots` with `clients` concurrent clients.
    public func run(lots: [UUID], clients: Int, movements: Int, tag: String) async throws -> Result {
        let services = self.services
        let perClient = movements / clients
        let start = ContinuousClock.now
        let outcomes = try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
            for client in 0..<clients {
                group.addTask {
                    var latencies: [Double] = []
                    var failures = 0
                    latencies.reserveCapacity(perClient)
                    for n in 0..<perClient {
                        // Each client walks its own share of the lots, so clients rarely meet on one row.
                        let lot = lots[(client + n * clients) % lots.count]
                        let began = ContinuousClock.now
                        do {
                            _ = try await services.stock.issue(
                                IssueInput(lotId: lot, quantity: 1), key: "bench-\(tag)-\(client)-\(n)", by: .system)
                        } catch {
                            failures += 1
                        }
                        let elapsed = ContinuousClock.now - began
                        latencies.append(
                            Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
                    }
                    return (latencies, failures)
                }
            }
            var all: [([Double], Int)] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let latencies = outcomes.flatMap(\.0).sorted()
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
        return Result(
            clients: clients, movements: perClient * clients, seconds: seconds, p50Milliseconds: percentile(0.5),
            p99Milliseconds: percentile(0.99), failures: outcomes.map(\.1).reduce(0, +))
    }
}
