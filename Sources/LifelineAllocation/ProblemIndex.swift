// swift-format-ignore-file: AlwaysUseLowerCamelCase
// The solver keeps the notation of docs/allocation.md (K items, D depots, S sites, L lots).
// Compressed lookups over a validated problem, shared by the evaluator, the solvers and the
// explanations. Built in O(size); no dictionaries.

/// Compressed-sparse-row grouping of rows by a key in 0..<keyCount, rows kept in order.
struct CSR: Sendable {
    var start: [Int32]  // keyCount + 1
    var rows: [Int32]

    init(keys: [Int], keyCount: Int) {
        var start = [Int32](repeating: 0, count: keyCount + 1)
        for k in keys { start[k + 1] += 1 }
        for i in 0..<keyCount { start[i + 1] += start[i] }
        var fill = start
        var rows = [Int32](repeating: 0, count: keys.count)
        for (r, k) in keys.enumerated() {
            rows[Int(fill[k])] = Int32(r)
            fill[k] += 1
        }
        self.start = start
        self.rows = rows
    }

    @inline(__always) func range(_ key: Int) -> Range<Int> { Int(start[key])..<Int(start[key + 1]) }
}

struct ProblemIndex: Sendable {
    let K: Int, D: Int, S: Int
    /// Arc rows grouped by site.
    let arcsBySite: CSR
    /// Demand rows grouped by site.
    let demandsBySite: CSR
    /// Demand rows grouped by item.
    let demandsByItem: CSR
    /// Lot rows grouped by item.
    let lotsByItem: CSR
    /// Lot rows grouped by depot.
    let lotsByDepot: CSR
    /// Depot and road km of each entry of `arcsBySite.rows` (same order: contiguous per site).
    let arcDepotBySite: [Int32]
    let arcKmBySite: [Int]
    /// Site and quantity of each entry of `demandsByItem.rows` (contiguous per item).
    let demandSiteByItem: [Int32]
    let demandQtyByItem: [Int]

    init(_ p: AllocationProblem) {
        K = p.items.count
        D = p.depots.count
        S = p.sites.count
        arcsBySite = CSR(keys: p.arcs.site, keyCount: S)
        demandsBySite = CSR(keys: p.demands.site, keyCount: S)
        demandsByItem = CSR(keys: p.demands.item, keyCount: K)
        lotsByItem = CSR(keys: p.lots.item, keyCount: K)
        lotsByDepot = CSR(keys: p.lots.depot, keyCount: D)
        arcDepotBySite = arcsBySite.rows.map { Int32(p.arcs.depot[Int($0)]) }
        arcKmBySite = arcsBySite.rows.map { p.arcs.roadKm[Int($0)] }
        demandSiteByItem = demandsByItem.rows.map { Int32(p.demands.site[Int($0)]) }
        demandQtyByItem = demandsByItem.rows.map { p.demands.quantity[Int($0)] }
    }

    /// The arc row from depot d to site s, or -1.
    @inline(__always) func arc(_ p: AllocationProblem, depot d: Int, site s: Int) -> Int {
        for i in arcsBySite.range(s) {
            let a = Int(arcsBySite.rows[i])
            if p.arcs.depot[a] == d { return a }
        }
        return -1
    }

    /// The demand row of (site s, item k), or -1.
    @inline(__always) func demand(_ p: AllocationProblem, site s: Int, item k: Int) -> Int {
        for i in demandsBySite.range(s) {
            let r = Int(demandsBySite.rows[i])
            if p.demands.item[r] == k { return r }
        }
        return -1
    }
}

extension AllocationProblem {
    /// Shortage penalty of demand row r when `shipped` units are delivered (tranches honoured).
    @inline(__always)
    func shortagePenalty(row r: Int, shipped: Int) -> Int {
        let dem = demands.quantity[r]
        if let ts = tranches[r] {
            var left = max(0, shipped)
            var pen = 0
            for t in ts {
                let take = min(left, t.quantity)
                left -= take
                pen += (t.quantity - take) * t.penalty
            }
            return pen
        }
        let unmet = max(0, dem - shipped)
        return unmet * penalty[sites.priority[demands.site[r]]][demands.item[r]]
    }

    /// Units of item k that fit in depot d's capacity on their own in a one-item problem:
    /// floor(capacity / volume + 1e-9), the rule of FORMAT.md's one-item case.
    func singleItemCapacityUnits(depot d: Int, item k: Int) -> Int {
        let u = depots.capacityM3[d] / items.volumeM3[k] + 1e-9
        if u >= 9.0e15 { return 1 << 53 }
        return Int(u.rounded(.down))
    }

    /// Whole units of volume `vol` that fit into `free` m³ of a depot of capacity `cap`: exact
    /// fits count (tolerance 1e-9 relative to the unit count), overshoot stays below 1e-12 × cap.
    @inline(__always) static func unitsThatFit(free: Double, volume vol: Double, capacity cap: Double) -> Int64 {
        if !(free > 0) { return 0 }
        let q = free / vol
        if q >= 9.0e15 { return 1 << 53 }
        var u = Int64((q + 1e-9 * max(1, q)).rounded(.down))
        while u > 0 && Double(u) * vol > free + 1e-12 * cap { u -= 1 }
        return u
    }

    /// The feasibility limit used by checkers: load ≤ capacity × (1 + 1e-9) + 1e-9.
    @inline(__always) static func capacityAllowance(_ cap: Double) -> Double {
        cap * (1 + 1e-9) + 1e-9
    }
}
