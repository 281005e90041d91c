// swift-format-ignore-file: AlwaysUseLowerCamelCase

// The solver keeps the notation of docs/allocation.md (K items, D depots, S sites, L lots).
import Testing

@testable import LifelineAllocation

/// Handcrafted: every explanation reason once (see the test for the story of each site).
func explanationProblem() -> AllocationProblem {
    var p = AllocationProblem()
    p.items = .init(id: ["I0", "I1"], volumeM3: [1, 1], rate: [1, 1])
    p.depots = .init(
        id: ["D0", "D1", "D2", "D3"], xKm: [0, 0, 0, 0], yKm: [0, 0, 0, 0], capacityM3: [2, 100, 100, 100])
    p.sites = .init(
        id: (0..<7).map { "S\($0)" }, xKm: Array(repeating: 0, count: 7), yKm: Array(repeating: 0, count: 7),
        priority: [2, 0, 2, 1, 1, 2, 2])
    p.lots = .init(
        id: ["L0", "L1", "L2", "L3"], depot: [0, 1, 2, 3], item: [0, 1, 0, 1], quantity: [10, 5, 4, 3],
        expiresInDays: [10, 10, 10, 10], wasteCost: [0, 0, 0, 0])
    p.demands = .init(site: [0, 1, 2, 3, 4, 5, 6], item: [0, 1, 1, 0, 0, 1, 1], quantity: [5, 4, 3, 6, 2, 2, 1])
    p.arcs = .init(
        depot: [0, 1, 1, 2, 2, 0, 3], site: [0, 1, 2, 3, 4, 5, 6], roadKm: [3, 1, 1, 5, 1, 1, 1000],
        hours: Array(repeating: 1, count: 7))
    p.penalty = [[1000, 1000], [100, 100], [10, 10]]
    return p
}

/// A mid-size random problem with spatial structure (nearest depots), for determinism.
func midProblem(seed: UInt64, depots D: Int, sites S: Int, items K: Int) -> AllocationProblem {
    var rng = SeededRNG(seed: seed)
    var p = AllocationProblem()
    p.items = .init(
        id: (0..<K).map { "I\($0)" }, volumeM3: (0..<K).map { _ in Double(rng.int(1...50)) / 1000 },
        rate: (0..<K).map { _ in rng.int(1...5) })
    let dx = (0..<D).map { _ in Double(rng.int(0...1000)) }
    let dy = (0..<D).map { _ in Double(rng.int(0...1000)) }
    let sx = (0..<S).map { _ in Double(rng.int(0...1000)) }
    let sy = (0..<S).map { _ in Double(rng.int(0...1000)) }
    p.sites = .init(
        id: (0..<S).map { "S\($0)" }, xKm: sx, yKm: sy,
        priority: (0..<S).map { _ in rng.pick([0, 1, 1, 2, 2, 2, 2, 2]) })
    var stockVolume = [Double](repeating: 0, count: D)
    for d in 0..<D {
        for k in 0..<K where rng.chance(0.7) {
            let q = rng.int(20...400)
            p.lots.id.append("L\(p.lots.count)")
            p.lots.depot.append(d)
            p.lots.item.append(k)
            p.lots.quantity.append(q)
            p.lots.expiresInDays.append(rng.int(7...720))
            p.lots.wasteCost.append(rng.int(0...20))
            stockVolume[d] += Double(q) * p.items.volumeM3[k]
        }
    }
    p.depots = .init(
        id: (0..<D).map { "D\($0)" }, xKm: dx, yKm: dy,
        capacityM3: stockVolume.map { ($0 * 0.85 * 1e6).rounded() / 1e6 })
    for s in 0..<S {
        for k in 0..<K where rng.chance(0.4) {
            p.demands.site.append(s)
            p.demands.item.append(k)
            p.demands.quantity.append(rng.int(1...120))
        }
        let near = (0..<D).sorted {
            let a = (dx[$0] - sx[s]) * (dx[$0] - sx[s]) + (dy[$0] - sy[s]) * (dy[$0] - sy[s])
            let b = (dx[$1] - sx[s]) * (dx[$1] - sx[s]) + (dy[$1] - sy[s]) * (dy[$1] - sy[s])
            return a != b ? a < b : $0 < $1
        }.prefix(5)
        for d in near {
            let km =
                Int(
                    (((dx[d] - sx[s]) * (dx[d] - sx[s]) + (dy[d] - sy[s]) * (dy[d] - sy[s])).squareRoot() * 1.3)
                        .rounded()) + 1
            p.arcs.depot.append(d)
            p.arcs.site.append(s)
            p.arcs.roadKm.append(km)
            p.arcs.hours.append(Double(km) / 60)
        }
    }
    p.penalty = [100, 10, 1].map { w in p.items.rate.map { w * 10 * 480 * $0 } }
    return p
}

@Suite struct ExplanationTests {
    @Test func classifiesHandcraftedCases() throws {
        let p = explanationProblem()
        for limit in [300, 0] {
            var options = AllocationOptions()
            options.exactVariableLimit = limit
            let r = try Allocator.solve(p, options: options)
            #expect(p.violations(of: r.solution).isEmpty)
            let ex = r.explanations(for: p)
            #expect(ex.map(\.demandRow) == [0, 2, 3, 5, 6])
            #expect(
                ex.map(\.reason) == [
                    .capacity, .claimedByHigherPriority, .claimedByCheaper, .noStockInReach, .uneconomic,
                ])
            #expect(ex.map(\.unmet) == [3, 2, 4, 2, 1])
            #expect(ex[0].depots == [0])
            #expect(ex[1].depots == [1])
            #expect(ex[2].depots == [2])
            #expect(ex[3].depots == [])
            #expect(ex[4].depots == [3])
            #expect(ex == r.explanations(for: p))  // deterministic
        }
    }

    @Test func singleItemCapacityPriceIsReported() throws {
        var p = AllocationProblem()
        p.items = .init(id: ["I0"], volumeM3: [0.5], rate: [1])
        p.depots = .init(id: ["D0"], xKm: [0], yKm: [0], capacityM3: [1.0])
        p.sites = .init(id: ["S0"], xKm: [0], yKm: [0], priority: [0])
        p.lots = .init(id: ["L0"], depot: [0], item: [0], quantity: [10], expiresInDays: [1], wasteCost: [0])
        p.demands = .init(site: [0], item: [0], quantity: [5])
        p.arcs = .init(depot: [0], site: [0], roadKm: [10], hours: [1])
        p.penalty = [[100], [10], [1]]
        let r = try Allocator.solve(p)
        #expect(r.objective == 2 * 10 + 3 * 100)
        let ex = r.explanations(for: p)
        #expect(ex.count == 1 && ex[0].reason == .capacity)
        // One more unit of capacity (0.5 m³) would save 100 − 10: price 180 per m³.
        #expect(r.depotPrices == [180])
        #expect(ex[0].capacityPrice == 180)
    }
}

@Suite struct TrancheTests {
    func fairnessProblem(items K: Int) -> AllocationProblem {
        var p = AllocationProblem()
        p.items = .init(
            id: (0..<K).map { "I\($0)" }, volumeM3: Array(repeating: 1, count: K), rate: Array(repeating: 1, count: K))
        p.depots = .init(id: ["D0"], xKm: [0], yKm: [0], capacityM3: [100])
        p.sites = .init(id: ["A", "B"], xKm: [0, 0], yKm: [0, 0], priority: [2, 2])
        p.lots = .init(
            id: (0..<K).map { "L\($0)" }, depot: Array(repeating: 0, count: K), item: Array(0..<K),
            quantity: Array(repeating: 10, count: K), expiresInDays: Array(repeating: 5, count: K),
            wasteCost: Array(repeating: 0, count: K))
        for k in 0..<K {
            p.demands.site += [0, 1]
            p.demands.item += [k, k]
            p.demands.quantity += [10, 10]
        }
        p.arcs = .init(depot: [0, 0], site: [0, 1], roadKm: [1, 5], hours: [1, 1])
        p.penalty = [Array(repeating: 100, count: K), Array(repeating: 100, count: K), Array(repeating: 100, count: K)]
        return p
    }

    func delivered(_ p: AllocationProblem, _ s: AllocationSolution, site: Int, item: Int) -> Int {
        (0..<s.count).filter { s.site[$0] == site && p.lots.item[s.lot[$0]] == item }.map { s.quantity[$0] }.reduce(
            0, +)
    }

    @Test(arguments: [1, 2])
    func trancheSplitsScarceStock(items K: Int) throws {
        var p = fairnessProblem(items: K)
        let plain = try Allocator.solve(p)
        #expect(delivered(p, plain.solution, site: 0, item: 0) == 10)  // all to the nearer site
        for r in 0..<p.demands.count {
            p.tranches[r] = [DemandTranche(quantity: 5, penalty: 300), DemandTranche(quantity: 5, penalty: 100)]
        }
        for limit in [300, 0] {
            var options = AllocationOptions()
            options.exactVariableLimit = limit
            let r = try Allocator.solve(p, options: options)
            #expect(p.violations(of: r.solution).isEmpty)
            for k in 0..<K {
                #expect(delivered(p, r.solution, site: 0, item: k) == 5)
                #expect(delivered(p, r.solution, site: 1, item: k) == 5)
            }
            #expect(r.objective == K * (5 * 1 + 5 * 5 + 2 * 5 * 100))
            #expect(p.objective(of: r.solution) == r.objective)
        }
    }

    @Test func randomTranchesMatchExactMethods() throws {
        var rng = SeededRNG(seed: 77)
        var compared = 0
        for i in 0..<300 {
            var shape = TinyShape()
            shape.items = i % 2 == 0 ? 1...1 : 2...2
            shape.depots = 1...2
            shape.sites = 1...3
            shape.maxQty = 4
            var p = randomProblem(&rng, shape)
            for r in 0..<p.demands.count where rng.chance(0.6) {
                let q = p.demands.quantity[r]
                let first = rng.int(0...q)
                let hi = rng.int(0...80)
                let lo = rng.int(0...hi)
                p.tranches[r] = [
                    DemandTranche(quantity: first, penalty: hi), DemandTranche(quantity: q - first, penalty: lo),
                ]
            }
            let r = try Allocator.solve(p)
            #expect(p.violations(of: r.solution).isEmpty)
            if p.items.count == 1 {
                #expect(r.objective == sspSingleItemOptimum(p))
                compared += 1
            } else if let opt = bruteForceOptimum(p, limit: 20_000) {
                #expect(r.objective == opt)
                compared += 1
            }
        }
        #expect(compared > 150)
    }
}

@Suite struct DeterminismTests {
    @Test func sameInputSameOutputWithOneOrTwoThreads() throws {
        let p = midProblem(seed: 4, depots: 12, sites: 250, items: 5)
        try p.validate()
        var results: [AllocationResult] = []
        for threads in [1, 2, 2, 1] {
            var options = AllocationOptions(timeLimit: 1000, targetGap: 0, threads: threads)
            options.maxIterations = 12
            options.exactVariableLimit = 0
            results.append(try Allocator.solve(p, options: options))
        }
        for r in results.dropFirst() {
            #expect(r.solution.lot == results[0].solution.lot)
            #expect(r.solution.site == results[0].solution.site)
            #expect(r.solution.quantity == results[0].solution.quantity)
            #expect(r.objective == results[0].objective)
            #expect(r.lowerBound == results[0].lowerBound)
            #expect(r.depotPrices == results[0].depotPrices)
        }
        #expect(p.violations(of: results[0].solution).isEmpty)
        #expect(results[0].lowerBound <= Double(results[0].objective))
        #expect(results[0].iterations == 12)
    }

    @Test func progressIsReported() throws {
        let p = midProblem(seed: 8, depots: 8, sites: 120, items: 3)
        final class Log: @unchecked Sendable { var lines: [AllocationProgress] = [] }
        let log = Log()
        var options = AllocationOptions(timeLimit: 1000, targetGap: 0)
        options.maxIterations = 5
        options.exactVariableLimit = 0
        let r = try Allocator.solve(p, options: options) { log.lines.append($0) }
        #expect(log.lines.count == 5)  // iterations 1–4, then the final report
        #expect(log.lines.last?.bestObjective == r.objective)
        #expect(log.lines.allSatisfy { $0.lowerBound <= Double($0.bestObjective ?? Int.max) })
    }
}

@Suite struct EdgeCaseTests {
    @Test func emptyAndDegenerateProblems() throws {
        // No items at all.
        var p = AllocationProblem()
        p.penalty = [[], [], []]
        var r = try Allocator.solve(p)
        #expect(r.objective == 0 && r.solution.count == 0 && r.status == .optimal)
        // Demand without any arc; stock without any demand; zero capacity everywhere.
        p = sampleProblem()
        p.arcs = .init()
        r = try Allocator.solve(p)
        #expect(r.solution.count == 0)
        #expect(r.objective == p.objective(of: AllocationSolution()))
        #expect(p.explainUnmet(r.solution).allSatisfy { $0.reason == .noStockInReach })
        p = sampleProblem()
        p.depots.capacityM3 = [0, 0, 0]
        for limit in [300, 0] {
            var o = AllocationOptions()
            o.exactVariableLimit = limit
            r = try Allocator.solve(p, options: o)
            #expect(r.solution.count == 0)
            #expect(p.explainUnmet(r.solution).allSatisfy { $0.reason == .capacity || $0.reason == .noStockInReach })
        }
        // Zero quantities.
        p = sampleProblem()
        p.lots.quantity = [0, 0, 0, 0]
        p.demands.quantity = [0, 0, 0, 0, 0]
        r = try Allocator.solve(p)
        #expect(r.objective == 0 && r.solution.count == 0)
    }

    @Test func tinyTimeLimitStillGivesAFeasibleSolution() throws {
        let p = midProblem(seed: 9, depots: 10, sites: 200, items: 4)
        var o = AllocationOptions(timeLimit: 0, targetGap: 0)
        o.exactVariableLimit = 0
        let r = try Allocator.solve(p, options: o)
        #expect(r.iterations == 1)
        #expect(p.violations(of: r.solution).isEmpty)
        #expect(r.lowerBound <= Double(r.objective))
        #expect(r.status == .timeLimit)
    }

    @Test func solutionWriterAndEvaluatorAgreeOnLargerInstances() throws {
        for seed in [UInt64(1), 2, 3] {
            let p = midProblem(seed: seed, depots: 15, sites: 300, items: 6)
            let r = try Allocator.solve(p, options: AllocationOptions(timeLimit: 30, targetGap: 0.005))
            #expect(p.violations(of: r.solution).isEmpty)
            let back = try AllocationJSON.decodeSolution(AllocationJSON.encodeSolution(r.solution))
            #expect(back == r.solution)
            #expect(p.objective(of: back) == r.objective)
            #expect(back.objective == r.objective && back.lowerBound == r.lowerBound)
            #expect(r.gap <= 0.005 || r.status == .timeLimit)
        }
    }
}
