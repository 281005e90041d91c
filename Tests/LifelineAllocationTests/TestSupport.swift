// swift-format-ignore-file: AlwaysUseLowerCamelCase
// The solver keeps the notation of docs/allocation.md (K items, D depots, S sites, L lots).
// Test helpers: a seeded RNG, random tiny problems, and independent exact methods
// (enumeration, successive shortest paths with Bellman–Ford) to compare the engine with.

import LifelineAllocation

/// SplitMix64: small, fast, deterministic.
struct SeededRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ a: [T]) -> T { a[int(0...(a.count - 1))] }
}

struct TinyShape {
    var depots: ClosedRange<Int> = 1...3
    var sites: ClosedRange<Int> = 1...3
    var items: ClosedRange<Int> = 1...2
    var maxQty = 4
    var arcProbability = 0.7
    var demandProbability = 0.8
}

/// A random tiny problem. Volumes and capacities are multiples of 1/4 so that capacity
/// arithmetic is exact; penalties are comparable to transport costs so trade-offs occur.
func randomProblem(_ rng: inout SeededRNG, _ shape: TinyShape = TinyShape()) -> AllocationProblem {
    let D = rng.int(shape.depots)
    let S = rng.int(shape.sites)
    let K = rng.int(shape.items)
    var p = AllocationProblem()
    p.items = .init(
        id: (0..<K).map { "I\($0)" },
        volumeM3: (0..<K).map { _ in rng.pick([0.25, 0.5, 1.0, 1.5, 2.0]) },
        rate: (0..<K).map { _ in rng.int(1...3) })
    p.depots = .init(
        id: (0..<D).map { "D\($0)" }, xKm: Array(repeating: 0, count: D), yKm: Array(repeating: 0, count: D),
        capacityM3: (0..<D).map { _ in Double(rng.int(0...12)) / 4 })
    p.sites = .init(
        id: (0..<S).map { "S\($0)" }, xKm: Array(repeating: 0, count: S), yKm: Array(repeating: 0, count: S),
        priority: (0..<S).map { _ in rng.int(0...2) })
    for d in 0..<D {
        for k in 0..<K where rng.chance(0.7) {
            for _ in 0..<rng.int(1...2) {
                let l = p.lots.count
                p.lots.id.append("L\(l)")
                p.lots.depot.append(d)
                p.lots.item.append(k)
                p.lots.quantity.append(rng.int(0...shape.maxQty))
                p.lots.expiresInDays.append(rng.int(1...100))
                p.lots.wasteCost.append(rng.int(0...10))
            }
        }
    }
    for s in 0..<S {
        for k in 0..<K where rng.chance(shape.demandProbability) {
            p.demands.site.append(s)
            p.demands.item.append(k)
            p.demands.quantity.append(rng.int(0...shape.maxQty))
        }
    }
    for d in 0..<D {
        for s in 0..<S where rng.chance(shape.arcProbability) {
            p.arcs.depot.append(d)
            p.arcs.site.append(s)
            p.arcs.roadKm.append(rng.int(1...20))
            p.arcs.hours.append(1)
        }
    }
    p.penalty = (0..<3).map { c in (0..<K).map { _ in rng.int(0...60) * (3 - c) } }
    return p
}

/// Optimum by enumeration of integer shipments per (depot, site, item): lots are used
/// highest waste first, which is optimal for any depot total. Returns nil if too large.
func bruteForceOptimum(_ p: AllocationProblem, limit: Int = 400_000) -> Int? {
    struct Var {
        var d: Int
        var s: Int
        var k: Int
        var km: Int
        var max: Int
    }
    let K = p.items.count
    var stock = [[Int]](repeating: [Int](repeating: 0, count: K), count: p.depots.count)
    for l in 0..<p.lots.count { stock[p.lots.depot[l]][p.lots.item[l]] += p.lots.quantity[l] }
    var demand = [[Int]](repeating: [Int](repeating: 0, count: K), count: p.sites.count)
    var demandRow = [[Int]](repeating: [Int](repeating: -1, count: K), count: p.sites.count)
    for r in 0..<p.demands.count {
        demand[p.demands.site[r]][p.demands.item[r]] += p.demands.quantity[r]
        demandRow[p.demands.site[r]][p.demands.item[r]] = r
    }
    var vars: [Var] = []
    for a in 0..<p.arcs.count {
        let d = p.arcs.depot[a]
        let s = p.arcs.site[a]
        for k in 0..<K {
            let m = min(stock[d][k], demand[s][k])
            if m > 0 { vars.append(Var(d: d, s: s, k: k, km: p.arcs.roadKm[a], max: m)) }
        }
    }
    var combos = 1
    for v in vars {
        combos *= (v.max + 1)
        if combos > limit { return nil }
    }
    var x = [Int](repeating: 0, count: vars.count)
    var best = Int.max
    // Lots per (depot, item) sorted by waste desc.
    func wasteCost(_ d: Int, _ k: Int, shipped: Int) -> Int {
        var lots = (0..<p.lots.count).filter { p.lots.depot[$0] == d && p.lots.item[$0] == k }
        lots.sort { p.lots.wasteCost[$0] > p.lots.wasteCost[$1] }
        var left = shipped
        var w = 0
        for l in lots {
            let take = min(left, p.lots.quantity[l])
            left -= take
            w += (p.lots.quantity[l] - take) * p.lots.wasteCost[l]
        }
        return w
    }
    while true {
        // Evaluate.
        var shippedDK = [[Int]](repeating: [Int](repeating: 0, count: K), count: p.depots.count)
        var gotSK = [[Int]](repeating: [Int](repeating: 0, count: K), count: p.sites.count)
        var load = [Double](repeating: 0, count: p.depots.count)
        var transport = 0
        for (i, v) in vars.enumerated() where x[i] > 0 {
            shippedDK[v.d][v.k] += x[i]
            gotSK[v.s][v.k] += x[i]
            load[v.d] += p.items.volumeM3[v.k] * Double(x[i])
            transport += p.items.rate[v.k] * v.km * x[i]
        }
        var ok = true
        for d in 0..<p.depots.count {
            if load[d] > p.depots.capacityM3[d] * (1 + 1e-9) + 1e-9 { ok = false }
            for k in 0..<K where shippedDK[d][k] > stock[d][k] { ok = false }
        }
        for s in 0..<p.sites.count { for k in 0..<K where gotSK[s][k] > demand[s][k] { ok = false } }
        if ok {
            var obj = transport
            for d in 0..<p.depots.count { for k in 0..<K { obj += wasteCost(d, k, shipped: shippedDK[d][k]) } }
            for s in 0..<p.sites.count {
                for k in 0..<K where demandRow[s][k] >= 0 {
                    let r = demandRow[s][k]
                    obj += shortage(p, row: r, shipped: gotSK[s][k])
                }
            }
            best = min(best, obj)
        }
        // Next combination.
        var i = 0
        while i < vars.count {
            x[i] += 1
            if x[i] <= vars[i].max { break }
            x[i] = 0
            i += 1
        }
        if i == vars.count { break }
    }
    return best
}

/// Shortage penalty of a demand row (tranches honoured), written independently of the engine.
func shortage(_ p: AllocationProblem, row r: Int, shipped: Int) -> Int {
    if let ts = p.tranches[r] {
        var left = shipped
        var pen = 0
        for t in ts {
            let take = min(left, t.quantity)
            left -= take
            pen += (t.quantity - take) * t.penalty
        }
        return pen
    }
    let unmet = max(0, p.demands.quantity[r] - shipped)
    return unmet * p.penalty[p.sites.priority[p.demands.site[r]]][p.demands.item[r]]
}

/// One-item optimum by successive shortest paths with Bellman–Ford on an explicit network
/// (lot → depot-in → depot-out → site → sink, plus unused and unmet arcs). Independent of
/// the engine's network simplex.
func sspSingleItemOptimum(_ p: AllocationProblem) -> Int {
    precondition(p.items.count == 1)
    struct Arc {
        var to: Int
        var cap: Int
        var cost: Int
        var rev: Int
    }
    let D = p.depots.count
    let S = p.sites.count
    let L = p.lots.count
    // Nodes: source 0, lots 1..L, depot-in, depot-out, sites, sink.
    let src = 0
    let lot0 = 1
    let din0 = lot0 + L
    let dout0 = din0 + D
    let site0 = dout0 + D
    let sink = site0 + S
    var g = [[Arc]](repeating: [], count: sink + 1)
    func add(_ u: Int, _ v: Int, _ cap: Int, _ cost: Int) {
        g[u].append(Arc(to: v, cap: cap, cost: cost, rev: g[v].count))
        g[v].append(Arc(to: u, cap: 0, cost: -cost, rev: g[u].count - 1))
    }
    let big = 1 << 40
    var totalSupply = 0
    var totalDemand = 0
    for l in 0..<L {
        add(src, lot0 + l, p.lots.quantity[l], 0)
        add(lot0 + l, din0 + p.lots.depot[l], p.lots.quantity[l], -p.lots.wasteCost[l])
        totalSupply += p.lots.quantity[l]
    }
    for d in 0..<D {
        let units = Int((p.depots.capacityM3[d] / p.items.volumeM3[0] + 1e-9).rounded(.down))
        add(din0 + d, dout0 + d, units, 0)
    }
    for a in 0..<p.arcs.count {
        add(dout0 + p.arcs.depot[a], site0 + p.arcs.site[a], big, p.items.rate[0] * p.arcs.roadKm[a])
    }
    var constant = 0
    for r in 0..<p.demands.count {
        let s = p.demands.site[r]
        // Shortage tranches as the value of delivered units: delivering unit i of a tranche saves its penalty.
        if let ts = p.tranches[r] {
            for t in ts {
                add(site0 + s, sink, t.quantity, -t.penalty)
                constant += t.quantity * t.penalty
            }
        } else {
            let pen = p.penalty[p.sites.priority[s]][0]
            add(site0 + s, sink, p.demands.quantity[r], -pen)
            constant += p.demands.quantity[r] * pen
        }
        totalDemand += p.demands.quantity[r]
    }
    for l in 0..<L { constant += p.lots.quantity[l] * p.lots.wasteCost[l] }
    _ = totalDemand
    _ = totalSupply
    // Min-cost flow of any amount from src to sink: augment along shortest paths while negative.
    var cost = 0
    while true {
        var dist = [Int](repeating: Int.max, count: g.count)
        var prevNode = [Int](repeating: -1, count: g.count)
        var prevArc = [Int](repeating: -1, count: g.count)
        dist[src] = 0
        var changed = true
        var rounds = 0
        while changed && rounds < g.count {
            changed = false
            rounds += 1
            for u in 0..<g.count where dist[u] != Int.max {
                for (i, a) in g[u].enumerated() where a.cap > 0 && dist[u] + a.cost < dist[a.to] {
                    dist[a.to] = dist[u] + a.cost
                    prevNode[a.to] = u
                    prevArc[a.to] = i
                    changed = true
                }
            }
        }
        if dist[sink] == Int.max || dist[sink] >= 0 { break }
        var f = Int.max
        var v = sink
        while v != src {
            let u = prevNode[v]
            f = min(f, g[u][prevArc[v]].cap)
            v = u
        }
        v = sink
        while v != src {
            let u = prevNode[v]
            let i = prevArc[v]
            g[u][i].cap -= f
            g[v][g[u][i].rev].cap += f
            v = u
        }
        cost += f * dist[sink]
    }
    return constant + cost
}
