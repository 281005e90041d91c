// swift-format-ignore-file: AlwaysUseLowerCamelCase
// The solver keeps the notation of docs/allocation.md (K items, D depots, S sites, L lots).
// Exact path for tiny multi-item problems: LP-based branch and bound.
//
// Variables per item network: ship-arc flows x (integer), units shipped per (depot, item)
// T, unused units per lot w, unmet units per tranche u. Rows: T + Σ w = stock and
// T − Σ x = 0 per (depot, item), demand balance per (site, item), Σ vol·T + slack = cap per
// depot. Capacity couples the items only through T: branching first on fractional T, then
// on fractional x (with x integral every vertex is integral). Best bound first, the
// Lagrangian heuristic's solution as the first incumbent; objectives are integers, so a
// node is pruned when ⌈LP bound − ε⌉ ≥ incumbent.

enum ExactSmallSolver {
    /// Shipment variables (depot, site, item) of a problem, for the size test.
    static func variableCount(_ nets: [ItemNetwork]) -> Int { nets.reduce(0) { $0 + $1.nShip } }

    /// `heuristicIterations`: Lagrangian iterations for the first incumbent (0: start from
    /// the empty solution, which tests use to exercise the branch and bound alone).
    static func solveIfSmall(
        _ p: AllocationProblem, index ix: ProblemIndex, options: AllocationOptions,
        clock: Stopwatch, heuristicIterations: Int = 60
    ) -> AllocationResult? {
        let limit = options.exactVariableLimit
        if limit <= 0 { return nil }
        let nets = (0..<p.items.count).map { ItemNetwork(problem: p, index: ix, item: $0) }
        let nx = variableCount(nets)
        if nx > limit { return nil }

        // Incumbent from the heuristic (short run), or the empty solution.
        var incumbentResult: AllocationResult
        if heuristicIterations > 0 {
            var heurOptions = options
            heurOptions.maxIterations = min(options.maxIterations, heuristicIterations)
            heurOptions.targetGap = 0
            heurOptions.exactVariableLimit = 0
            let heuristic = LagrangianSolver(problem: p, index: ix, options: heurOptions, clock: clock, progress: nil)
            incumbentResult = heuristic.run()
            if incumbentResult.gap == 0 {
                incumbentResult.status = .optimal
                return incumbentResult
            }
        } else {
            let empty = AllocationSolution()
            let br = p.objectiveBreakdown(of: empty, index: ix)!
            incumbentResult = AllocationResult(
                solution: empty, objective: br.total, breakdown: br, lowerBound: -.infinity,
                gap: .infinity, status: .timeLimit, iterations: 0, solveSeconds: 0,
                depotPrices: [Double](repeating: 0, count: p.depots.count))
        }

        // LP model.
        let D = p.depots.count
        var colOf: [[Int]] = []  // per item: ship arc → column
        var nCols = 0
        for net in nets {
            colOf.append(Array(nCols..<(nCols + net.nShip)))
            nCols += net.nShip
        }
        // Per (item, depot): T = units shipped (its own column, so that branching can fix it).
        var firstUnused: [Int] = []
        var firstUnmet: [Int] = []
        var firstT: [Int] = []
        for net in nets {
            firstUnused.append(nCols)
            nCols += net.nUnused
            firstUnmet.append(nCols)
            nCols += net.nUnmet
            firstT.append(nCols)
            nCols += net.nDepots
        }
        let slack0 = nCols
        nCols += D
        var nRows = D
        for net in nets { nRows += 2 * net.nDepots + net.nSites }
        var lp = DenseLP(rows: nRows, cols: nCols)
        var row = 0
        var constant = 0.0
        for (k, net) in nets.enumerated() {
            constant += Double(net.constantCost)
            for j in 0..<net.nDepots {
                // Stock balance: T + Σ w = stock.
                lp[row, firstT[k] + j] = 1
                for i in 0..<net.nUnused where Int(net.unusedDepot[i]) == j { lp[row, firstUnused[k] + i] = 1 }
                lp.b[row] = Double(net.depotStock[j])
                row += 1
                // Link: T − Σ x out = 0.
                lp[row, firstT[k] + j] = 1
                for e in 0..<net.nShip where Int(net.shipDepot[e]) == j { lp[row, colOf[k][e]] = -1 }
                row += 1
                lp.ub[firstT[k] + j] = Double(net.depotStock[j])
            }
            // Demand balance per local site: Σ x in + Σ u = demand.
            for i in 0..<net.nSites {
                var dem: Int64 = 0
                for e in Int(net.siteShipStart[i])..<Int(net.siteShipStart[i + 1]) { lp[row, colOf[k][e]] = 1 }
                for t in 0..<net.nUnmet where Int(net.unmetSite[t]) == i {
                    lp[row, firstUnmet[k] + t] = 1
                    dem += net.unmetCap[t]
                }
                lp.b[row] = Double(dem)
                row += 1
            }
            for e in 0..<net.nShip {
                let c = colOf[k][e]
                lp.c[c] = Double(net.shipCost[e])
                lp.ub[c] = Double(net.depotStock[Int(net.shipDepot[e])])
            }
            for i in 0..<net.nUnused {
                lp.c[firstUnused[k] + i] = Double(net.unusedCost[i])
                lp.ub[firstUnused[k] + i] = Double(net.unusedCap[i])
            }
            for t in 0..<net.nUnmet {
                lp.c[firstUnmet[k] + t] = Double(net.unmetCost[t])
                lp.ub[firstUnmet[k] + t] = Double(net.unmetCap[t])
            }
        }
        // Capacity rows: Σ vol T + slack = cap.
        for d in 0..<D {
            lp[row + d, slack0 + d] = 1
            lp.b[row + d] = p.depots.capacityM3[d]
        }
        for (k, net) in nets.enumerated() {
            let vol = p.items.volumeM3[k]
            for j in 0..<net.nDepots {
                lp[row + Int(net.depotGlobal[j]), firstT[k] + j] = vol
            }
        }
        let tCols = (0..<nets.count).flatMap { k in (0..<nets[k].nDepots).map { firstT[k] + $0 } }
        let xCols = (0..<nets.count).flatMap { colOf[$0] }

        // Branch and bound, best bound first (ties: newest node first, which dives).
        var incumbent = incumbentResult.objective
        var incumbentFlows: [[Int64]]? = nil
        struct Node {
            var lb: [Double]
            var ub: [Double]
            var bound: Double
            var seq: Int
        }
        var heap = NodeHeap<Node> { a, b in a.bound != b.bound ? a.bound < b.bound : a.seq > b.seq }
        var seq = 0
        heap.push(Node(lb: lp.lb, ub: lp.ub, bound: -.infinity, seq: seq))
        var nodes = 0
        let nodeLimit = 200_000
        let deadline = min(options.timeLimit, clock.elapsed + Self.timeBudget)
        var aborted = false
        var rootBound = -Double.infinity
        while let node = heap.pop() {
            if node.bound > -.infinity && ceilBound(node.bound) >= incumbent {
                heap.removeAll()
                break
            }  // all remaining are worse
            nodes += 1
            if nodes > nodeLimit || clock.elapsed > deadline {
                heap.push(node)
                aborted = true
                break
            }
            var sub = lp
            sub.lb = node.lb
            sub.ub = node.ub
            let r = solveDenseLP(sub)
            if r.status == .infeasible { continue }
            if r.status != .optimal {
                heap.push(node)
                aborted = true
                break
            }
            let bound = r.objective + constant
            if nodes == 1 { rootBound = bound }
            if ceilBound(bound) >= incumbent { continue }
            // Most fractional depot total T first (capacity couples items only through T),
            // then the most fractional shipment.
            var branch = -1
            var frac = 1e-6
            for c in tCols {
                let v = r.x[c]
                let f = abs(v - v.rounded())
                if f > frac {
                    frac = f
                    branch = c
                }
            }
            if branch < 0 {
                for c in xCols {
                    let v = r.x[c]
                    let f = abs(v - v.rounded())
                    if f > frac {
                        frac = f
                        branch = c
                    }
                }
            }
            if branch < 0 {
                // Integral: evaluate exactly.
                var flows = [[Int64]]()
                for (k, net) in nets.enumerated() {
                    flows.append((0..<net.nShip).map { Int64(r.x[colOf[k][$0]].rounded()) })
                }
                if let obj = exactObjective(p, nets, flows), obj < incumbent {
                    incumbent = obj
                    incumbentFlows = flows
                }
                continue
            }
            let v = r.x[branch]
            var down = node
            var up = node
            down.ub[branch] = v.rounded(.down)
            down.bound = bound
            up.lb[branch] = v.rounded(.up)
            up.bound = bound
            // The nearer side gets the newer sequence number (explored first among equals).
            seq += 1
            let s1 = seq
            seq += 1
            let s2 = seq
            if v - v.rounded(.down) < 0.5 {
                up.seq = s1
                down.seq = s2
            } else {
                down.seq = s1
                up.seq = s2
            }
            heap.push(down)
            heap.push(up)
        }
        var lower: Double
        if aborted {
            lower = heap.peek()?.bound ?? Double(incumbent)
            lower = max(
                min(lower, Double(incumbent)), rootBound.isFinite ? min(rootBound, Double(incumbent)) : -.infinity)
            lower = max(lower, incumbentResult.lowerBound)
        } else {
            lower = Double(incumbent)
        }
        var result = incumbentResult
        if let flows = incumbentFlows {
            var sol = AllocationSolution()
            for (k, net) in nets.enumerated() {
                let f = flows[k]
                net.appendShipments(problem: p, index: ix, shipFlow: { f[$0] }, to: &sol)
            }
            let br = p.objectiveBreakdown(of: sol, index: ix)!
            result.solution = sol
            result.objective = br.total
            result.breakdown = br
        }
        result.lowerBound = min(lower, Double(result.objective))
        result.gap =
            aborted ? max(0, (Double(result.objective) - result.lowerBound) / max(abs(result.lowerBound), 1e-9)) : 0
        result.status =
            !aborted
            ? .optimal
            : (result.gap <= options.targetGap
                ? .gapReached : (clock.elapsed >= options.timeLimit ? .timeLimit : .iterationLimit))
        if !aborted { result.lowerBound = Double(result.objective) }
        return result
    }

    /// Wall-clock budget of the branch and bound (also capped by the time limit): past it the
    /// heuristic's solution is returned with the best proven bound.
    static let timeBudget = 3.0

    /// ⌈bound − ε⌉: the smallest integer objective the node can still reach.
    static func ceilBound(_ b: Double) -> Int {
        let eps = 1e-7 * max(1, abs(b))
        return Int((b - eps).rounded(.up))
    }

    /// Exact objective of per-item ship flows, or nil if a depot's capacity is exceeded.
    static func exactObjective(_ p: AllocationProblem, _ nets: [ItemNetwork], _ flows: [[Int64]]) -> Int? {
        var load = [Double](repeating: 0, count: p.depots.count)
        var total = 0
        for (k, net) in nets.enumerated() {
            var shipped = [Int64](repeating: 0, count: net.nDepots)
            for e in 0..<net.nShip {
                if flows[k][e] < 0 { return nil }
                shipped[Int(net.shipDepot[e])] += flows[k][e]
            }
            for j in 0..<net.nDepots {
                if shipped[j] > net.depotStock[j] { return nil }
                load[Int(net.depotGlobal[j])] += p.items.volumeM3[k] * Double(shipped[j])
            }
            var dem = [Int64](repeating: 0, count: net.nSites)
            for t in 0..<net.nUnmet { dem[Int(net.unmetSite[t])] += net.unmetCap[t] }
            var got = [Int64](repeating: 0, count: net.nSites)
            for e in 0..<net.nShip { got[Int(net.shipSite[e])] += flows[k][e] }
            for i in 0..<net.nSites where got[i] > dem[i] { return nil }
            total += flows[k].withUnsafeBufferPointer { net.objective(problem: p, shipFlow: $0.baseAddress!) }
        }
        for d in 0..<p.depots.count where load[d] > p.depots.capacityM3[d] * (1 + 1e-12) { return nil }
        return total
    }
}

/// A binary heap ordered by `before` (the first element is the one for which `before` holds
/// against all others).
struct NodeHeap<T> {
    private var items: [T] = []
    let before: (T, T) -> Bool
    init(before: @escaping (T, T) -> Bool) { self.before = before }
    var isEmpty: Bool { items.isEmpty }
    func peek() -> T? { items.first }
    mutating func removeAll() { items.removeAll() }
    mutating func push(_ x: T) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if !before(items[i], items[p]) { break }
            items.swapAt(i, p)
            i = p
        }
    }
    mutating func pop() -> T? {
        guard !items.isEmpty else { return nil }
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1
                let r = l + 1
                var m = i
                if l < items.count && before(items[l], items[m]) { m = l }
                if r < items.count && before(items[r], items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
