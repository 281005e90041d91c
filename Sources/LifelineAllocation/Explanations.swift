// swift-format-ignore-file: AlwaysUseLowerCamelCase
// The solver keeps the notation of docs/allocation.md (K items, D depots, S sites, L lots).
// Why a demand was left (partly) unmet: a deterministic classification of every demand row
// with a shortage, from the problem and the solution alone.

/// The reason a (site, item) demand was not fully delivered.
public enum UnmetReason: String, Sendable, Equatable, CaseIterable {
    /// No arc from the site to any depot holding the item.
    case noStockInReach
    /// Depots in reach still hold the item, but their outbound capacity is used up
    /// (see the depot prices: the capacity is worth more elsewhere).
    case capacity
    /// All stock in reach was shipped, some of it to sites of a higher priority class.
    case claimedByHigherPriority
    /// All stock in reach was shipped to sites of the same or a lower priority class, because
    /// that was cheaper overall (distance, alternatives of the other sites, shortage tranches).
    case claimedByCheaper
    /// A depot in reach had both the item and capacity left, but delivering would cost more
    /// (transport) than the shortage penalty it saves.
    case uneconomic
}

/// The explanation of one demand row's shortage.
public struct UnmetExplanation: Sendable, Equatable {
    public var demandRow: Int
    public var site: Int
    public var item: Int
    public var demanded: Int
    public var delivered: Int
    public var unmet: Int { demanded - delivered }
    public var reason: UnmetReason
    /// The depots behind the reason, ascending: for `capacity` the capacity-bound depots in
    /// reach that still hold the item; for `uneconomic` the depots in reach with stock and
    /// capacity left; for the `claimedBy…` cases every depot in reach holding the item;
    /// empty for `noStockInReach`.
    public var depots: [Int]
    /// For `capacity`: the highest shadow price (per m³) among `depots`, when prices are given.
    public var capacityPrice: Double?
}

extension AllocationProblem {
    /// Explains every demand row with a shortage, in demand-row order. `depotPrices` (per m³,
    /// e.g. `AllocationResult.depotPrices`) fills `capacityPrice`. The solution is assumed
    /// feasible (see `violations(of:)`).
    public func explainUnmet(_ solution: AllocationSolution, depotPrices: [Double]? = nil) -> [UnmetExplanation] {
        let ix = ProblemIndex(self)
        let K = items.count
        let D = depots.count
        // Stock left and best (lowest) priority class served, per (depot, item).
        var left = [Int](repeating: 0, count: D * K)
        for l in 0..<lots.count { left[lots.depot[l] * K + lots.item[l]] += lots.quantity[l] }
        let stock = left
        var bestClassServed = [Int8](repeating: Int8(AllocationProblem.priorityClasses), count: D * K)
        var load = [Double](repeating: 0, count: D)
        var deliveredRow = [Int](repeating: 0, count: demands.count)
        for i in 0..<solution.count {
            let l = solution.lot[i]
            let s = solution.site[i]
            let q = solution.quantity[i]
            guard l >= 0, l < lots.count, s >= 0, s < sites.count, q > 0 else { continue }
            let d = lots.depot[l]
            let k = lots.item[l]
            left[d * K + k] -= q
            load[d] += items.volumeM3[k] * Double(q)
            bestClassServed[d * K + k] = min(bestClassServed[d * K + k], Int8(sites.priority[s]))
            let r = ix.demand(self, site: s, item: k)
            if r >= 0 { deliveredRow[r] += q }
        }
        var out: [UnmetExplanation] = []
        var reach: [Int] = []
        for r in 0..<demands.count {
            let dem = demands.quantity[r]
            let got = deliveredRow[r]
            if got >= dem { continue }
            let s = demands.site[r]
            let k = demands.item[r]
            let p = sites.priority[s]
            reach.removeAll(keepingCapacity: true)
            for i in ix.arcsBySite.range(s) {
                let d = arcs.depot[Int(ix.arcsBySite.rows[i])]
                if stock[d * K + k] > 0 { reach.append(d) }
            }
            reach.sort()
            var e = UnmetExplanation(
                demandRow: r, site: s, item: k, demanded: dem, delivered: got,
                reason: .noStockInReach, depots: [], capacityPrice: nil)
            if reach.isEmpty {
                out.append(e)
                continue
            }
            let vol = items.volumeM3[k]
            let withStock = reach.filter { left[$0 * K + k] > 0 }
            let spare = withStock.filter { d in
                if K == 1 {
                    let units = singleItemCapacityUnits(depot: d, item: k)
                    return Double(units) * vol > load[d] + 0.5 * vol
                }
                return AllocationProblem.unitsThatFit(
                    free: depots.capacityM3[d] - load[d], volume: vol,
                    capacity: depots.capacityM3[d]) >= 1
            }
            if !spare.isEmpty {
                e.reason = .uneconomic
                e.depots = spare
            } else if !withStock.isEmpty {
                e.reason = .capacity
                e.depots = withStock
                if let prices = depotPrices, prices.count == D { e.capacityPrice = withStock.map { prices[$0] }.max() }
            } else {
                e.depots = reach
                let higher = reach.contains { Int(bestClassServed[$0 * K + k]) < p }
                e.reason = higher ? .claimedByHigherPriority : .claimedByCheaper
            }
            out.append(e)
        }
        return out
    }
}

extension AllocationResult {
    /// Explanations of every shortage of this result's solution (see `explainUnmet`).
    public func explanations(for problem: AllocationProblem) -> [UnmetExplanation] {
        problem.explainUnmet(solution, depotPrices: depotPrices)
    }
}
