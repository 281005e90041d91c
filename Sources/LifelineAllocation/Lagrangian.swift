// swift-format-ignore-file: AlwaysUseLowerCamelCase
// The solver keeps the notation of docs/allocation.md (K items, D depots, S sites, L lots).
// Many items coupled by depot volume capacity: Lagrangian relaxation + primal heuristic.
//
// Relaxing Σ_k vol_k x_dk ≤ cap_d with a price λ_d ≥ 0 per m³ splits the problem into one
// min-cost flow per item, where the capacity arc of depot d costs λ_d × vol_k per unit:
//
//   L(λ) = Σ_k min_x [cost_k(x) + Σ_d λ_d vol_k x_dk] − Σ_d λ_d cap_d  ≤  OPT   for every λ ≥ 0.
//
// Costs are integers scaled by 2^s; the price term is rounded DOWN, so the computed value
// never exceeds L(λ) and stays a valid bound. Subproblems are solved exactly by the network
// simplex, warm-started from the previous iteration's basis (only D arc costs change).
// Multipliers follow projected subgradient steps with Polyak's step length.
//
// The primal heuristic (see Primal.swift) turns the relaxed flows into a feasible integer
// solution: it splits each depot's capacity among items, solves per-item min-cost flows with
// those shares, rebalances shares by marginal values, and fills leftover capacity greedily.

import Dispatch

/// Internal knobs of the multi-item engine (defaults chosen by measurement, see ADR 0102/0103).
struct Tuning: Sendable, Equatable {
    /// Weight of the newest relaxed solution in the exponential flow averages.
    var averagingWeight = 0.2
    /// Initial Polyak step factor θ (halved after 4 iterations without bound progress).
    var theta = 1.0
    /// Run the per-depot capacity trades on the primal candidate every this many iterations
    /// (0: never).
    var swapEvery = 2
}

final class ItemState: @unchecked Sendable {
    let net: ItemNetwork
    let vol: Double
    let lag: NetworkSimplex
    /// Lagrangian capacity-arc flow per local depot (latest solve).
    var capFlow: [Int64]
    /// Smoothed ship-arc flows (ergodic average).
    var avgShip: [Double]
    /// Value of the item's subproblem (unscaled, with constants) at the latest λ.
    var lagValue: Double = 0

    init(net: ItemNetwork, vol: Double, lag: NetworkSimplex) {
        self.net = net
        self.vol = vol
        self.lag = lag
        capFlow = [Int64](repeating: 0, count: net.nDepots)
        avgShip = [Double](repeating: 0, count: net.nShip)
    }

    /// avg ← (1 − a)·avg + a·current, for the ship-arc flows.
    func updateAverages(_ a: Double) {
        let f = lag.flow
        avgShip.withUnsafeMutableBufferPointer { av in
            for e in 0..<net.nShip { av[e] = (1 - a) * av[e] + a * Double(f[e]) }
        }
    }
}

/// A per-item result slot array written by worker threads (each index by one thread only).
final class ResultSlots<T>: @unchecked Sendable {
    private let buf: UnsafeMutableBufferPointer<T?>
    init(_ n: Int) {
        buf = .allocate(capacity: max(n, 1))
        buf.initialize(repeating: nil)
    }
    deinit {
        _ = buf.deinitialize()
        buf.deallocate()
    }
    subscript(i: Int) -> T? {
        get { buf[i] }
        set { buf[i] = newValue }
    }
}

/// Runs `body(k)` for k in 0..<n on up to `threads` threads. Items are assigned to threads by
/// a fixed longest-first plan, so work per item never depends on timing.
func parallelItems(_ n: Int, threads: Int, weights: [Int], _ body: @escaping @Sendable (Int) -> Void) {
    if threads <= 1 || n <= 1 {
        for k in 0..<n { body(k) }
        return
    }
    let t = min(threads, n)
    let order = (0..<n).sorted { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : $0 < $1 }
    var plan = [[Int]](repeating: [], count: t)
    var load = [Int](repeating: 0, count: t)
    for k in order {
        var best = 0
        for i in 1..<t where load[i] < load[best] { best = i }
        plan[best].append(k)
        load[best] += max(weights[k], 1)
    }
    let fixedPlan = plan
    DispatchQueue.concurrentPerform(iterations: t) { i in
        for k in fixedPlan[i] { body(k) }
    }
}

final class LagrangianSolver: @unchecked Sendable {
    let p: AllocationProblem
    let ix: ProblemIndex
    let options: AllocationOptions
    let clock: Stopwatch
    let progress: (@Sendable (AllocationProgress) -> Void)?
    let K: Int, D: Int
    var items: [ItemState] = []
    var weights: [Int] = []
    /// Cost scale (power of two).
    var scale: Int64 = 1
    var lambda: [Double]
    var bestLambda: [Double]
    var bestBound = -Double.infinity
    var best: PrimalSolution? = nil
    /// Capacity per depot used by the relaxation's bound term (checker's allowance).
    let capBound: [Double]
    let cap: [Double]

    init(
        problem: AllocationProblem, index: ProblemIndex, options: AllocationOptions, clock: Stopwatch,
        progress: (@Sendable (AllocationProgress) -> Void)?
    ) {
        p = problem
        ix = index
        self.options = options
        self.clock = clock
        self.progress = progress
        K = problem.items.count
        D = problem.depots.count
        lambda = [Double](repeating: 0, count: D)
        bestLambda = lambda
        cap = problem.depots.capacityM3
        capBound = problem.depots.capacityM3.map { AllocationProblem.capacityAllowance($0) }
    }

    var threads: Int { max(1, options.threads) }
    var tuning: Tuning { options.tuning }

    /// Largest scaled cost allowed on the capacity arc of item k (a higher price already
    /// prices the depot out of the item's network).
    func capCost(_ it: ItemState, _ d: Int) -> Int64 {
        let c = lambda[d] * it.vol * Double(scale)
        let limit = Double((it.net.maxCost + 1) &* scale)
        if !(c < limit) { return Int64(limit) }
        return Int64(c.rounded(.down))
    }

    func build() {
        let nets = ResultSlots<ItemNetwork>(K)
        let p = self.p
        let ix = self.ix
        let est = (0..<K).map { ix.demandsByItem.range($0).count }
        parallelItems(K, threads: threads, weights: est) { k in
            nets[k] = ItemNetwork(problem: p, index: ix, item: k)
        }
        var maxCost: Int64 = 1
        var maxNodes = 1
        for k in 0..<K {
            maxCost = max(maxCost, nets[k]!.maxCost)
            maxNodes = max(maxNodes, nets[k]!.nodeCount)
        }
        // Scale: potentials stay below 2^60 (path sums of at most n arcs), at most 2^20.
        let budget = Double(1 << 60) / (Double(maxCost + 1) * Double(maxNodes + 2) * 4)
        var s: Int64 = 1
        while s < (1 << 20) && Double(s * 2) <= budget { s *= 2 }
        scale = s
        let sc = s
        let states = ResultSlots<ItemState>(K)
        weights = (0..<K).map { nets[$0]!.arcCount }
        parallelItems(K, threads: threads, weights: weights) { k in
            let net = nets[k]!
            let lag = net.makeSolver(scale: sc, capUnits: { _ in NetworkSimplex.infinity }, capCost: { _ in 0 })
            states[k] = ItemState(net: net, vol: p.items.volumeM3[k], lag: lag)
        }
        items = (0..<K).map { states[$0]! }
    }

    /// Solves every item's Lagrangian subproblem at the current λ; returns the bound L̂(λ).
    func evaluate() -> Double {
        let sc = scale
        parallelItems(K, threads: threads, weights: weights) { [self] k in
            let it = items[k]
            let net = it.net
            let ns = it.lag
            for j in 0..<net.nDepots {
                ns.cost[net.capArc0 + j] = capCost(it, Int(net.depotGlobal[j]))
            }
            ns.recomputePotentials()
            let st = ns.solve()
            precondition(st == .optimal, "Lagrangian subproblem: \(st)")
            // Value: base costs exactly (Int64, unscaled), price term in Double.
            var base: Int64 = 0
            for e in 0..<net.nShip {
                let f = ns.flow[e]
                if f != 0 { base += (ns.cost[e] / sc) * f }
            }
            for e in net.overflowArc0..<net.arcCount {
                let f = ns.flow[e]
                if f != 0 { base += (ns.cost[e] / sc) * f }
            }
            var price = 0.0
            for j in 0..<net.nDepots {
                let f = ns.flow[net.capArc0 + j]
                it.capFlow[j] = f
                if f != 0 { price += Double(ns.cost[net.capArc0 + j]) * Double(f) }
            }
            it.lagValue = Double(base + Int64(net.constantCost)) + price / Double(sc)
        }
        var total = 0.0
        var magnitude = 0.0
        for k in 0..<K {
            total += items[k].lagValue
            magnitude += abs(items[k].lagValue)
        }
        for d in 0..<D {
            total -= lambda[d] * capBound[d]
            magnitude += lambda[d] * capBound[d]
        }
        // Floating-point sums of at most K + D + 2·arcs terms: a 1e-12 relative margin covers
        // their rounding, so the returned value stays a proven bound.
        return total - 1e-12 * magnitude
    }

    /// Subgradient: load − capacity per depot (m³).
    func loads(_ flowOf: (ItemState, Int) -> Double) -> [Double] {
        var load = [Double](repeating: 0, count: D)
        for it in items {
            for j in 0..<it.net.nDepots {
                load[Int(it.net.depotGlobal[j])] += it.vol * flowOf(it, j)
            }
        }
        return load
    }

    /// First prices from the unpriced solve: at each depot, items sorted by the marginal
    /// value per m³ of their shipments (potential of d_out / volume) fill the capacity; the
    /// price is the value density of the item that does not fit entirely (0 if all fit).
    func initialPrices() {
        struct Entry {
            var density: Double
            var volume: Double
        }
        var perDepot = [[Entry]](repeating: [], count: D)
        for it in items {
            let net = it.net
            let ns = it.lag
            for j in 0..<net.nDepots where it.capFlow[j] > 0 {
                let v = Double(ns.pi[net.depotOut(j)]) / Double(scale)
                perDepot[Int(net.depotGlobal[j])].append(
                    Entry(density: max(0, v) / it.vol, volume: it.vol * Double(it.capFlow[j])))
            }
        }
        for d in 0..<D {
            var es = perDepot[d]
            es.sort { $0.density > $1.density }
            var used = 0.0
            var price = 0.0
            for e in es {
                used += e.volume
                if used > cap[d] {
                    price = e.density
                    break
                }
            }
            lambda[d] = price
        }
    }

    func gapOf(_ ub: Int, _ lb: Double) -> Double {
        let diff = Double(ub) - lb
        if diff <= 0 { return 0 }
        return diff / max(abs(lb), 1e-9)
    }

    func run() -> AllocationResult {
        build()
        var iteration = 0
        var theta = tuning.theta
        var sinceImprove = 0
        var status = AllocationStatus.timeLimit
        let primal = PrimalHeuristic(solver: self)
        var candidate = PrimalSolution(objective: 0, shipFlow: [])
        while true {
            let bound = evaluate()
            iteration += 1
            if bound > bestBound {
                let significant = !bestBound.isFinite || bound > bestBound + 1e-6 * abs(bestBound)
                bestBound = bound
                bestLambda = lambda
                if significant { sinceImprove = 0 } else { sinceImprove += 1 }
            } else {
                sinceImprove += 1
            }
            let alpha = iteration == 1 ? 1.0 : tuning.averagingWeight
            parallelItems(K, threads: threads, weights: weights) { [self] k in items[k].updateAverages(alpha) }
            primal.fromAverages(swap: tuning.swapEvery > 0 && iteration % tuning.swapEvery == 0, into: &candidate)
            if best == nil || candidate.objective < best!.objective {
                if best == nil { best = PrimalSolution(objective: 0, shipFlow: []) }
                swap(&best!, &candidate)
            }
            let ub = best!.objective
            let gap = gapOf(ub, bestBound)
            // Stop tests (the final report comes from Allocator.solve).
            if gap <= options.targetGap {
                status = gap == 0 ? .optimal : .gapReached
                break
            }
            if clock.elapsed >= options.timeLimit {
                status = .timeLimit
                break
            }
            if iteration >= options.maxIterations {
                status = .iterationLimit
                break
            }
            progress?(
                AllocationProgress(
                    iteration: iteration, bestObjective: ub, lowerBound: bestBound,
                    gap: gap, elapsed: clock.elapsed))
            if iteration == 1 {
                initialPrices()
                continue
            }
            // Projected subgradient step with Polyak's step length toward the best objective.
            if sinceImprove >= 4 {
                theta = max(theta * 0.5, 1e-3)
                sinceImprove = 0
            }
            let load = loads { it, j in Double(it.capFlow[j]) }
            var g = [Double](repeating: 0, count: D)
            var norm2 = 0.0
            for d in 0..<D {
                var gd = load[d] - cap[d]
                if lambda[d] <= 0 && gd < 0 { gd = 0 }
                g[d] = gd
                norm2 += gd * gd
            }
            if norm2 <= 0 {
                // The relaxed solution fits every depot and meets complementary slackness: it is
                // optimal (up to the rounding of the prices), so take it and stop.
                let relaxed = primal.fromRelaxed()
                if relaxed.objective < best!.objective { best = relaxed }
                status = gapOf(best!.objective, bestBound) <= options.targetGap ? .optimal : .iterationLimit
                break
            }
            let step = theta * max(Double(ub) - bound, 1e-9 * abs(bound)) / norm2
            for d in 0..<D { lambda[d] = max(0, lambda[d] + step * g[d]) }
        }
        var sol = best!
        let solution = primal.solution(from: &sol)
        let br = p.objectiveBreakdown(of: solution, index: ix)!
        let obj = br.total
        let lb = min(bestBound, Double(obj))
        return AllocationResult(
            solution: solution, objective: obj, breakdown: br, lowerBound: lb,
            gap: gapOf(obj, lb), status: status, iterations: iteration,
            solveSeconds: 0, depotPrices: bestLambda)
    }
}
