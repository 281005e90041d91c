// swift-format-ignore-file: AlwaysUseLowerCamelCase
// The solver keeps the notation of docs/allocation.md (K items, D depots, S sites, L lots).
// A small dense bounded-variable primal simplex (two phases, full tableau), for the exact
// path on tiny multi-item problems. Not meant for large models: O(m × n) per pivot.
//
//   minimise c·v  subject to  A v = b,  lb ≤ v ≤ ub   (ub may be +∞)

struct DenseLP {
    var rows: Int
    var cols: Int
    /// Row-major m × n.
    var a: [Double]
    var b: [Double]
    var c: [Double]
    var lb: [Double]
    var ub: [Double]

    init(rows: Int, cols: Int) {
        self.rows = rows
        self.cols = cols
        a = [Double](repeating: 0, count: rows * cols)
        b = [Double](repeating: 0, count: rows)
        c = [Double](repeating: 0, count: cols)
        lb = [Double](repeating: 0, count: cols)
        ub = [Double](repeating: .infinity, count: cols)
    }

    @inline(__always) subscript(i: Int, j: Int) -> Double {
        get { a[i * cols + j] }
        set { a[i * cols + j] = newValue }
    }
}

enum DenseLPStatus: Equatable { case optimal, infeasible, unbounded, iterationLimit }

struct DenseLPResult {
    var status: DenseLPStatus
    var x: [Double]
    var objective: Double
}

func solveDenseLP(_ lp: DenseLP, maxPivots: Int = 200_000) -> DenseLPResult {
    let m = lp.rows
    let n = lp.cols
    let N = n + m  // structural + artificial columns
    let tol = 1e-9
    // Tableau rows: B⁻¹[A | I'] with the artificial columns; rhs = basic values.
    var t = [Double](repeating: 0, count: m * N)
    var beta = [Double](repeating: 0, count: m)
    var lo = lp.lb + [Double](repeating: 0, count: m)
    var hi = lp.ub + [Double](repeating: .infinity, count: m)
    for j in 0..<n where lo[j] > hi[j] { return DenseLPResult(status: .infeasible, x: [], objective: .infinity) }
    // Nonbasic structural variables start at their lower bound (finite by construction).
    var atUpper = [Bool](repeating: false, count: N)
    var value = [Double](repeating: 0, count: N)
    for j in 0..<n { value[j] = lo[j] }
    var basic = [Int](repeating: 0, count: m)
    var isBasic = [Bool](repeating: false, count: N)
    for i in 0..<m {
        var r = lp.b[i]
        for j in 0..<n { r -= lp[i, j] * value[j] }
        let sign: Double = r < 0 ? -1 : 1
        for j in 0..<n { t[i * N + j] = sign * lp[i, j] }
        t[i * N + n + i] = 1
        beta[i] = sign * r
        basic[i] = n + i
        isBasic[n + i] = true
    }
    var cost = [Double](repeating: 0, count: N)
    var d = [Double](repeating: 0, count: N)  // reduced costs
    var pivots = 0

    func computeReducedCosts() {
        for j in 0..<N {
            var z = cost[j]
            for i in 0..<m { z -= cost[basic[i]] * t[i * N + j] }
            d[j] = isBasic[j] ? 0 : z
        }
    }

    /// Runs simplex iterations with the current `cost`; `allowed(j)` filters entering columns.
    func iterate(_ allowed: (Int) -> Bool) -> DenseLPStatus {
        computeReducedCosts()
        var degenerate = 0
        while true {
            if pivots >= maxPivots { return .iterationLimit }
            // Entering column: Dantzig, or Bland (smallest index) after many degenerate steps.
            let bland = degenerate > 50
            var enter = -1
            var best = tol
            for j in 0..<N where !isBasic[j] && allowed(j) && lo[j] < hi[j] {
                let dj = d[j]
                let gain = atUpper[j] ? dj : -dj
                if gain > best {
                    if bland {
                        enter = j
                        break
                    }
                    best = gain
                    enter = j
                }
            }
            if enter < 0 { return .optimal }
            let dir: Double = atUpper[enter] ? -1 : 1  // entering moves up (+1) or down (-1)
            // Ratio test: basic i changes by -dir * t[i][enter] * θ.
            var theta = hi[enter] - lo[enter]  // bound flip
            var leave = -1
            var leaveToUpper = false
            for i in 0..<m {
                let alpha = dir * t[i * N + enter]
                let bv = basic[i]
                if alpha > tol {
                    let r = (beta[i] - lo[bv]) / alpha
                    if r < theta - 1e-12 || (r <= theta + 1e-12 && leave >= 0 && bland && bv < basic[leave]) {
                        theta = max(r, 0)
                        leave = i
                        leaveToUpper = false
                    }
                } else if alpha < -tol && hi[bv] < .infinity {
                    let r = (hi[bv] - beta[i]) / -alpha
                    if r < theta - 1e-12 || (r <= theta + 1e-12 && leave >= 0 && bland && bv < basic[leave]) {
                        theta = max(r, 0)
                        leave = i
                        leaveToUpper = true
                    }
                }
            }
            if theta == .infinity { return .unbounded }
            pivots += 1
            if theta <= 1e-12 { degenerate += 1 } else { degenerate = 0 }
            // Update basic values.
            for i in 0..<m { beta[i] -= dir * t[i * N + enter] * theta }
            value[enter] += dir * theta
            if leave < 0 {
                // Bound flip.
                atUpper[enter].toggle()
                value[enter] = atUpper[enter] ? hi[enter] : lo[enter]
                continue
            }
            // Pivot on (leave, enter).
            let lv = basic[leave]
            let enteringValue = value[enter]
            let pv = t[leave * N + enter]
            for j in 0..<N { t[leave * N + j] /= pv }
            for i in 0..<m where i != leave {
                let f = t[i * N + enter]
                if f != 0 {
                    for j in 0..<N { t[i * N + j] -= f * t[leave * N + j] }
                    t[i * N + enter] = 0
                }
            }
            let fd = d[enter]
            if fd != 0 { for j in 0..<N { d[j] -= fd * t[leave * N + j] } }
            d[enter] = 0
            isBasic[lv] = false
            atUpper[lv] = leaveToUpper
            value[lv] = leaveToUpper ? hi[lv] : lo[lv]
            basic[leave] = enter
            isBasic[enter] = true
            beta[leave] = enteringValue
        }
    }

    // Phase 1: minimise the artificials.
    for j in n..<N { cost[j] = 1 }
    let s1 = iterate { _ in true }
    if s1 == .iterationLimit { return DenseLPResult(status: .iterationLimit, x: [], objective: .infinity) }
    var infeas = 0.0
    for i in 0..<m where basic[i] >= n { infeas += beta[i] }
    var scaleB = 1.0
    for v in lp.b { scaleB = max(scaleB, abs(v)) }
    if infeas > 1e-7 * scaleB { return DenseLPResult(status: .infeasible, x: [], objective: .infinity) }
    // Fix artificials at 0 and drive them out of the basis where possible.
    for j in n..<N {
        hi[j] = 0
        lo[j] = 0
    }
    for i in 0..<m where basic[i] >= n {
        var enter = -1
        var big = 1e-7
        for j in 0..<n where !isBasic[j] && abs(t[i * N + j]) > big {
            big = abs(t[i * N + j])
            enter = j
        }
        if enter < 0 { continue }  // redundant row: the artificial stays basic at 0
        let lv = basic[i]
        let pv = t[i * N + enter]
        for j in 0..<N { t[i * N + j] /= pv }
        for r in 0..<m where r != i {
            let f = t[r * N + enter]
            if f != 0 {
                for j in 0..<N { t[r * N + j] -= f * t[i * N + j] }
                t[r * N + enter] = 0
            }
        }
        isBasic[lv] = false
        value[lv] = 0
        atUpper[lv] = false
        basic[i] = enter
        isBasic[enter] = true
        beta[i] = value[enter]
    }
    // Phase 2.
    for j in 0..<N { cost[j] = j < n ? lp.c[j] : 0 }
    let s2 = iterate { $0 < n }
    if s2 != .optimal { return DenseLPResult(status: s2, x: [], objective: .infinity) }
    var x = [Double](repeating: 0, count: n)
    for j in 0..<n { x[j] = value[j] }
    for i in 0..<m where basic[i] < n { x[basic[i]] = beta[i] }
    var obj = 0.0
    for j in 0..<n { obj += lp.c[j] * x[j] }
    return DenseLPResult(status: .optimal, x: x, objective: obj)
}
