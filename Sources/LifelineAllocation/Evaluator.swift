// swift-format-ignore-file: AlwaysUseLowerCamelCase
// The solver keeps the notation of docs/allocation.md (K items, D depots, S sites, L lots).
// Solver-independent evaluation of a solution: objective and violated constraints, with the
// definitions of FORMAT.md. Used by the tests and by callers that receive a solution from
// elsewhere.

/// One violated constraint of a solution.
public struct AllocationViolation: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// A shipment refers to a lot or site that does not exist (index = shipment row).
        case indexOutOfRange
        /// A shipment quantity below 0 (index = shipment row).
        case negativeQuantity
        /// No arc from the lot's depot to the site (index = shipment row).
        case noArc
        /// More shipped from a lot than it holds (index = lot).
        case lotOverdrawn
        /// More delivered to a (site, item) than its demand (index = site; `item` set).
        case demandExceeded
        /// A depot ships more volume than its capacity (index = depot).
        case depotCapacity
    }
    public var kind: Kind
    public var index: Int
    public var item: Int?
    public var message: String

    public var description: String { "\(kind.rawValue)[\(index)]: \(message)" }
}

/// The objective of a solution, split into its three terms.
public struct ObjectiveBreakdown: Sendable, Equatable {
    public var transport: Int
    public var penalty: Int
    public var waste: Int
    public var total: Int { transport + penalty + waste }
}

extension AllocationProblem {
    /// The objective of FORMAT.md, or nil when a shipment refers to a missing lot, site or arc.
    /// Shortages use the demand tranches where given.
    public func objective(of solution: AllocationSolution) -> Int? {
        objectiveBreakdown(of: solution)?.total
    }

    public func objectiveBreakdown(of solution: AllocationSolution) -> ObjectiveBreakdown? {
        let index = ProblemIndex(self)
        return objectiveBreakdown(of: solution, index: index)
    }

    func objectiveBreakdown(of solution: AllocationSolution, index: ProblemIndex) -> ObjectiveBreakdown? {
        let L = lots.count
        let S = sites.count
        var transport = 0
        var usedLot = [Int](repeating: 0, count: L)
        var gotRow = [Int](repeating: 0, count: demands.count)
        for i in 0..<solution.count {
            let l = solution.lot[i]
            let s = solution.site[i]
            let q = solution.quantity[i]
            guard l >= 0, l < L, s >= 0, s < S else { return nil }
            let a = index.arc(self, depot: lots.depot[l], site: s)
            guard a >= 0 else { return nil }
            let k = lots.item[l]
            transport += items.rate[k] * arcs.roadKm[a] * q
            usedLot[l] += q
            let r = index.demand(self, site: s, item: k)
            if r >= 0 { gotRow[r] += q }
        }
        var pen = 0
        for r in 0..<demands.count { pen += shortagePenalty(row: r, shipped: gotRow[r]) }
        var waste = 0
        for l in 0..<L { waste += wasteCostLeft(lot: l, used: usedLot[l]) }
        return ObjectiveBreakdown(transport: transport, penalty: pen, waste: waste)
    }

    @inline(__always) func wasteCostLeft(lot l: Int, used: Int) -> Int {
        lots.wasteCost[l] * (lots.quantity[l] - used)
    }

    /// Every violated constraint (empty when feasible), in a deterministic order: shipment rows,
    /// then lots, then demands, then depots.
    public func violations(of solution: AllocationSolution) -> [AllocationViolation] {
        let index = ProblemIndex(self)
        return violations(of: solution, index: index)
    }

    func violations(of solution: AllocationSolution, index: ProblemIndex) -> [AllocationViolation] {
        var v: [AllocationViolation] = []
        let L = lots.count
        let S = sites.count
        let D = depots.count
        let K = items.count
        if solution.site.count != solution.lot.count || solution.quantity.count != solution.lot.count {
            return [
                AllocationViolation(
                    kind: .indexOutOfRange,
                    index: min(solution.lot.count, solution.site.count, solution.quantity.count),
                    message: "shipment columns have different lengths")
            ]
        }
        var usedLot = [Int](repeating: 0, count: L)
        var load = [Double](repeating: 0, count: D)
        var gotRow = [Int](repeating: 0, count: demands.count)
        // Deliveries with no demand row, per (site, item): kept sparse.
        var extra: [Int: Int] = [:]
        for i in 0..<solution.count {
            let l = solution.lot[i]
            let s = solution.site[i]
            let q = solution.quantity[i]
            guard l >= 0, l < L, s >= 0, s < S else {
                v.append(
                    AllocationViolation(
                        kind: .indexOutOfRange, index: i, message: "lot \(l) or site \(s) does not exist"))
                continue
            }
            if q < 0 {
                v.append(AllocationViolation(kind: .negativeQuantity, index: i, message: "negative quantity \(q)"))
            }
            let d = lots.depot[l]
            let k = lots.item[l]
            if index.arc(self, depot: d, site: s) < 0 {
                v.append(AllocationViolation(kind: .noArc, index: i, message: "no arc from depot \(d) to site \(s)"))
            }
            usedLot[l] += q
            load[d] += items.volumeM3[k] * Double(q)
            let r = index.demand(self, site: s, item: k)
            if r >= 0 { gotRow[r] += q } else { extra[s * max(K, 1) + k, default: 0] += q }
        }
        for l in 0..<L where usedLot[l] > lots.quantity[l] {
            v.append(
                AllocationViolation(
                    kind: .lotOverdrawn, index: l, message: "lot ships \(usedLot[l]) of \(lots.quantity[l]) units"))
        }
        for r in 0..<demands.count where gotRow[r] > demands.quantity[r] {
            v.append(
                AllocationViolation(
                    kind: .demandExceeded, index: demands.site[r], item: demands.item[r],
                    message: "item \(demands.item[r]) receives \(gotRow[r]), demand \(demands.quantity[r])"))
        }
        for key in extra.keys.sorted() where extra[key]! > 0 {
            let s = key / max(K, 1)
            let k = key % max(K, 1)
            v.append(
                AllocationViolation(
                    kind: .demandExceeded, index: s, item: k,
                    message: "item \(k) receives \(extra[key]!), no demand"))
        }
        for d in 0..<D where load[d] > AllocationProblem.capacityAllowance(depots.capacityM3[d]) {
            v.append(
                AllocationViolation(
                    kind: .depotCapacity, index: d,
                    message: "ships \(load[d]) m³, capacity \(depots.capacityM3[d]) m³"))
        }
        return v
    }
}
