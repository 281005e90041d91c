// Public entry point of the allocation engine.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Solver settings.
public struct AllocationOptions: Sendable, Equatable {
    /// Wall-clock limit for the solve, seconds.
    public var timeLimit: Double
    /// Stop when (objective − lower bound) / |lower bound| ≤ targetGap.
    public var targetGap: Double
    /// Worker threads for the per-item subproblems (results do not depend on it).
    public var threads: Int
    /// Multi-item problems with at most this many shipment variables (depot, site, item) are
    /// solved exactly (LP-based branch and bound); 0 disables the exact path.
    public var exactVariableLimit: Int
    /// Upper limit on Lagrangian iterations (mainly for tests).
    public var maxIterations: Int
    /// Internal knobs (tests and development).
    var tuning = Tuning()

    public init(
        timeLimit: Double = 60, targetGap: Double = 0.01, threads: Int = 2,
        exactVariableLimit: Int = 300, maxIterations: Int = 100_000
    ) {
        self.timeLimit = timeLimit
        self.targetGap = targetGap
        self.threads = threads
        self.exactVariableLimit = exactVariableLimit
        self.maxIterations = maxIterations
        #if ALLOC_DEV_TUNING
            if let e = getenv("ALLOC_SWAP_EVERY") { tuning.swapEvery = Int(String(cString: e)) ?? 1 }
            if let e = getenv("ALLOC_ALPHA") { tuning.averagingWeight = Double(String(cString: e)) ?? 0.2 }
            if let e = getenv("ALLOC_THETA") { tuning.theta = Double(String(cString: e)) ?? 1 }
        #endif
    }
}

/// A progress report, sent after each iteration of the multi-item loop (and once at the end).
public struct AllocationProgress: Sendable, Equatable {
    public var iteration: Int
    /// Best feasible objective so far, if any.
    public var bestObjective: Int?
    /// Best proven lower bound so far.
    public var lowerBound: Double
    /// Relative gap (best − bound) / |bound|; infinity without a feasible solution.
    public var gap: Double
    /// Seconds since the solve started.
    public var elapsed: Double

    public var line: String {
        let obj = bestObjective.map { String($0) } ?? "-"
        return
            """
            iter \(iteration)  best \(obj)  bound \(formatBound(lowerBound))  gap \(formatPercent(gap))  \
            \(formatSeconds(elapsed)) s
            """
    }
}

public enum AllocationStatus: String, Sendable, Equatable {
    /// Proven optimal (single item, or the exact small path, or a zero gap).
    case optimal
    /// The target gap was reached.
    case gapReached
    /// Stopped by the time limit with a feasible solution.
    case timeLimit
    /// Stopped by the iteration limit.
    case iterationLimit
}

/// The outcome of a solve.
public struct AllocationResult: Sendable {
    /// The shipments, with objective, lower_bound and solve_seconds filled in.
    public var solution: AllocationSolution
    public var objective: Int
    public var breakdown: ObjectiveBreakdown
    /// A proven lower bound on the optimum of the integer problem.
    public var lowerBound: Double
    /// (objective − lowerBound) / |lowerBound| (0 when both are 0).
    public var gap: Double
    public var status: AllocationStatus
    public var iterations: Int
    public var solveSeconds: Double
    /// Shadow price of each depot's capacity, cost units per m³ (0 where the capacity does not
    /// bind): the Lagrange multipliers of the best bound, or the min-cost-flow duals for one item.
    public var depotPrices: [Double]
}

public enum Allocator {
    /// Validates and solves a problem.
    public static func solve(
        _ problem: AllocationProblem, options: AllocationOptions = AllocationOptions(),
        progress: (@Sendable (AllocationProgress) -> Void)? = nil
    ) throws(AllocationFileError) -> AllocationResult {
        try problem.validate()
        let clock = Stopwatch()
        let index = ProblemIndex(problem)
        var result: AllocationResult
        if problem.items.count <= 1 {
            result = solveSingleItem(problem, index: index)
        } else if let exact = ExactSmallSolver.solveIfSmall(problem, index: index, options: options, clock: clock) {
            result = exact
        } else {
            result = LagrangianSolver(
                problem: problem, index: index, options: options, clock: clock, progress: progress
            ).run()
        }
        result.solveSeconds = clock.elapsed
        result.solution.objective = result.objective
        result.solution.lowerBound = result.lowerBound
        result.solution.solveSeconds = result.solveSeconds
        progress?(
            AllocationProgress(
                iteration: result.iterations, bestObjective: result.objective,
                lowerBound: result.lowerBound, gap: result.gap, elapsed: result.solveSeconds))
        return result
    }

    /// One item (or none): an exact min-cost flow.
    static func solveSingleItem(_ p: AllocationProblem, index ix: ProblemIndex) -> AllocationResult {
        var sol = AllocationSolution()
        var prices = [Double](repeating: 0, count: p.depots.count)
        for k in 0..<p.items.count {
            let net = ItemNetwork(problem: p, index: ix, item: k)
            let ns = net.makeSolver(
                scale: 1,
                capUnits: { j in
                    Int64(
                        min(p.singleItemCapacityUnits(depot: Int(net.depotGlobal[j]), item: k), Int(net.depotStock[j])))
                }, capCost: { _ in 0 })
            let status = ns.solve()
            #if ALLOC_DEV_TUNING
                if getenv("ALLOC_DEBUG") != nil {
                    print("item \(k): nodes \(net.nodeCount) arcs \(net.arcCount) pivots \(ns.lastPivots)")
                }
            #endif
            precondition(status == .optimal, "single-item min-cost flow: \(status)")
            net.appendShipments(problem: p, index: ix, shipFlow: { ns.flow[$0] }, to: &sol)
            let vol = p.items.volumeM3[k]
            for j in 0..<net.nDepots {
                let e = net.capArc0 + j
                let rc = ns.cost[e] &+ ns.pi[net.depotIn(j)] &- ns.pi[net.depotOut(j)]
                if ns.state[e] == NetworkSimplex.stateUpper && rc < 0 {
                    prices[Int(net.depotGlobal[j])] = Double(-rc) / vol
                }
            }
        }
        let br = p.objectiveBreakdown(of: sol, index: ix)!
        let obj = br.total
        return AllocationResult(
            solution: sol, objective: obj, breakdown: br, lowerBound: Double(obj), gap: 0,
            status: .optimal, iterations: 1, solveSeconds: 0, depotPrices: prices)
    }
}

/// Wall-clock stopwatch (monotonic).
struct Stopwatch: Sendable {
    let start: Double
    init() { start = Stopwatch.now() }
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
    var elapsed: Double { Stopwatch.now() - start }
}

func formatPercent(_ g: Double) -> String {
    if !g.isFinite { return "inf" }
    return String(format2(g * 100, 3)) + " %"
}

func formatSeconds(_ s: Double) -> String { format2(s, 2) }

func formatBound(_ b: Double) -> String {
    if !b.isFinite { return "-inf" }
    if abs(b) < 9e15 { return String(Int64(b.rounded(.down))) }
    return "\(b)"
}

/// Fixed-point formatting without Foundation.
func format2(_ v: Double, _ digits: Int) -> String {
    if !v.isFinite { return "\(v)" }
    var m = 1.0
    for _ in 0..<digits { m *= 10 }
    let neg = v < 0
    let x = (abs(v) * m).rounded()
    let ip = Int(x / m)
    var fp = Int(x - Double(ip) * m)
    if fp < 0 { fp = 0 }
    var fs = String(fp)
    while fs.count < digits { fs = "0" + fs }
    return (neg ? "-" : "") + String(ip) + (digits > 0 ? "." + fs : "")
}
