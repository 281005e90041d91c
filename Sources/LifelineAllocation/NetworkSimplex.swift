// Primal network simplex for min-cost flow, with block-search pivoting and the thread /
// reverse-thread / successor-count spanning-tree representation. The scheme follows the
// classical description (Ahuja, Magnanti & Orlin, ch. 11; Grigoriadis 1986) and the
// well-known LEMON implementation (Kovács 2015, "Minimum-cost flow algorithms: an
// experimental evaluation"); this is an independent Swift implementation.
//
// Data lives in unsafe contiguous buffers (struct-of-arrays, Int32 indexes, Int64 costs and
// flows); the pivot loop runs on local copies of the pointers. A solved instance can be
// re-solved after cost changes (warm start: same basis, potentials recomputed) — that is what
// the Lagrangian loop does every iteration.

final class NetworkSimplex: @unchecked Sendable {
    static let stateUpper: Int8 = -1
    static let stateTree: Int8 = 0
    static let stateLower: Int8 = 1
    static let dirUp: Int8 = 1  // pred arc goes from the node up to its parent
    static let dirDown: Int8 = -1  // pred arc goes from the parent down to the node
    /// Capacities at or above this are infinite.
    static let infinity: Int64 = Int64.max / 4

    enum Status: Equatable { case optimal, infeasible, unbounded }

    /// Real nodes (0..<nodeCount); with the artificial start, node `nodeCount` is the root.
    let nodeCount: Int
    /// Real arcs (0..<arcCount); artificial arcs, if any, follow.
    let arcCount: Int
    let allocatedNodes: Int
    let allocatedArcs: Int

    let source: UnsafeMutablePointer<Int32>
    let target: UnsafeMutablePointer<Int32>
    let cap: UnsafeMutablePointer<Int64>
    let cost: UnsafeMutablePointer<Int64>
    let flow: UnsafeMutablePointer<Int64>
    let state: UnsafeMutablePointer<Int8>

    let supply: UnsafeMutablePointer<Int64>
    let pi: UnsafeMutablePointer<Int64>
    let parent: UnsafeMutablePointer<Int32>
    let pred: UnsafeMutablePointer<Int32>
    let predDir: UnsafeMutablePointer<Int8>
    let thread: UnsafeMutablePointer<Int32>
    let revThread: UnsafeMutablePointer<Int32>
    let succNum: UnsafeMutablePointer<Int32>
    let lastSucc: UnsafeMutablePointer<Int32>
    let dirtyRevs: UnsafeMutablePointer<Int32>

    private(set) var root: Int = 0
    /// Arcs searched for entering candidates: 0..<searchArcCount.
    private(set) var searchArcCount: Int = 0
    private(set) var allArcCount: Int = 0
    var blockSize: Int = 0
    private var nextArc: Int = 0
    private(set) var initialized = false
    /// Pivots performed by the last `solve()`.
    private(set) var lastPivots: Int = 0

    /// Allocates an instance for `nodes` nodes and `arcs` arcs; `withArtificial` reserves room
    /// for the generic artificial-root start (one extra node and one artificial arc per node).
    init(nodes: Int, arcs: Int, withArtificial: Bool) {
        nodeCount = nodes
        arcCount = arcs
        allocatedNodes = nodes + (withArtificial ? 1 : 0)
        allocatedArcs = arcs + (withArtificial ? nodes : 0)
        let an = max(allocatedNodes, 1)
        let am = max(allocatedArcs, 1)
        source = .allocate(capacity: am)
        source.initialize(repeating: 0, count: am)
        target = .allocate(capacity: am)
        target.initialize(repeating: 0, count: am)
        cap = .allocate(capacity: am)
        cap.initialize(repeating: 0, count: am)
        cost = .allocate(capacity: am)
        cost.initialize(repeating: 0, count: am)
        flow = .allocate(capacity: am)
        flow.initialize(repeating: 0, count: am)
        state = .allocate(capacity: am)
        state.initialize(repeating: Self.stateLower, count: am)
        supply = .allocate(capacity: an)
        supply.initialize(repeating: 0, count: an)
        pi = .allocate(capacity: an)
        pi.initialize(repeating: 0, count: an)
        parent = .allocate(capacity: an)
        parent.initialize(repeating: -1, count: an)
        pred = .allocate(capacity: an)
        pred.initialize(repeating: -1, count: an)
        predDir = .allocate(capacity: an)
        predDir.initialize(repeating: 0, count: an)
        thread = .allocate(capacity: an)
        thread.initialize(repeating: 0, count: an)
        revThread = .allocate(capacity: an)
        revThread.initialize(repeating: 0, count: an)
        succNum = .allocate(capacity: an)
        succNum.initialize(repeating: 0, count: an)
        lastSucc = .allocate(capacity: an)
        lastSucc.initialize(repeating: 0, count: an)
        dirtyRevs = .allocate(capacity: an)
        dirtyRevs.initialize(repeating: 0, count: an)
    }

    deinit {
        source.deallocate()
        target.deallocate()
        cap.deallocate()
        cost.deallocate()
        flow.deallocate()
        state.deallocate()
        supply.deallocate()
        pi.deallocate()
        parent.deallocate()
        pred.deallocate()
        predDir.deallocate()
        thread.deallocate()
        revThread.deallocate()
        succNum.deallocate()
        lastSucc.deallocate()
        dirtyRevs.deallocate()
    }

    /// Bytes held by the buffers (for memory accounting).
    var byteSize: Int { allocatedArcs * 33 + allocatedNodes * 49 }

    @inline(__always) func setArc(_ e: Int, from u: Int, to v: Int, capacity c: Int64, cost w: Int64) {
        source[e] = Int32(u)
        target[e] = Int32(v)
        cap[e] = c
        cost[e] = w
    }

    /// Block size for the pivot search: 0.4 √m (measured best between 0.25 and 0.5 √m on the
    /// benchmark instances; LEMON's default is √m).
    static let blockFactor = 0.4
    private func defaultBlockSize(_ m: Int) -> Int {
        max(10, Int(Self.blockFactor * Double(m).squareRoot()))
    }

    // MARK: starts

    /// Generic start: an artificial root joined to every node by an artificial arc of cost
    /// (max |cost| + 1) × (n + 1). Requires Σ supply = 0. After `solve()`, `.infeasible` when
    /// an artificial arc still carries flow.
    func startArtificial() {
        precondition(allocatedNodes == nodeCount + 1, "instance allocated without artificial room")
        let n = nodeCount
        let m = arcCount
        var maxCost: Int64 = 0
        for e in 0..<m { maxCost = max(maxCost, cost[e].magnitude > UInt64(Int64.max) ? Int64.max : abs(cost[e])) }
        let artCost = (maxCost + 1) &* Int64(n + 1)
        for e in 0..<m {
            flow[e] = 0
            state[e] = Self.stateLower
        }
        root = n
        parent[root] = -1
        pred[root] = -1
        thread[root] = n == 0 ? Int32(root) : 0
        revThread[0] = Int32(root)
        succNum[root] = Int32(n + 1)
        lastSucc[root] = Int32(n == 0 ? root : root - 1)
        supply[root] = 0
        pi[root] = 0
        for u in 0..<n {
            let e = m + u
            parent[u] = Int32(root)
            pred[u] = Int32(e)
            thread[u] = Int32(u + 1)
            revThread[u + 1] = Int32(u)
            succNum[u] = 1
            lastSucc[u] = Int32(u)
            cap[e] = Self.infinity
            state[e] = Self.stateTree
            if supply[u] >= 0 {
                predDir[u] = Self.dirUp
                pi[u] = 0
                source[e] = Int32(u)
                target[e] = Int32(root)
                flow[e] = supply[u]
                cost[e] = 0
            } else {
                predDir[u] = Self.dirDown
                pi[u] = artCost
                source[e] = Int32(root)
                target[e] = Int32(u)
                flow[e] = -supply[u]
                cost[e] = artCost
            }
        }
        if n > 0 {
            thread[n - 1] = Int32(root)
            revThread[root] = Int32(n - 1)
        }
        searchArcCount = m
        allArcCount = m + n
        blockSize = defaultBlockSize(m)
        nextArc = 0
        initialized = true
    }

    /// Start from a caller-built spanning tree rooted at real node `root`: `treeArc[u]` is the
    /// tree arc joining u to its parent (-1 for the root); every other arc is at its lower bound
    /// (flow 0) or, where `atUpper[e]`, at its upper bound. Tree flows follow from the supplies.
    /// The caller guarantees a strongly feasible tree (positive flow can reach the root from
    /// every node). Returns false if a tree flow would violate its bounds.
    func startTree(root r: Int, treeArc: UnsafePointer<Int32>, atUpper: (Int) -> Bool) -> Bool {
        let n = nodeCount
        let m = arcCount
        root = r
        // Excess after nonbasic flows.
        let excess = UnsafeMutablePointer<Int64>.allocate(capacity: max(n, 1))
        defer { excess.deallocate() }
        for u in 0..<n { excess[u] = supply[u] }
        for e in 0..<m {
            let s = Int(source[e])
            let t = Int(target[e])
            if atUpper(e) {
                state[e] = Self.stateUpper
                flow[e] = cap[e]
                excess[s] -= cap[e]
                excess[t] += cap[e]
            } else {
                state[e] = Self.stateLower
                flow[e] = 0
            }
        }
        // Parents.
        parent[r] = -1
        pred[r] = -1
        predDir[r] = 0
        for u in 0..<n where u != r {
            let e = Int(treeArc[u])
            state[e] = Self.stateTree
            pred[u] = Int32(e)
            if Int(source[e]) == u {
                parent[u] = target[e]
                predDir[u] = Self.dirUp
            } else {
                parent[u] = source[e]
                predDir[u] = Self.dirDown
            }
        }
        // Children lists (CSR) and a preorder walk for thread, succNum, lastSucc.
        let childStart = UnsafeMutablePointer<Int32>.allocate(capacity: n + 1)
        let children = UnsafeMutablePointer<Int32>.allocate(capacity: max(n, 1))
        let stack = UnsafeMutablePointer<Int32>.allocate(capacity: max(n, 1))
        let cursor = UnsafeMutablePointer<Int32>.allocate(capacity: max(n, 1))
        defer {
            childStart.deallocate()
            children.deallocate()
            stack.deallocate()
            cursor.deallocate()
        }
        childStart.initialize(repeating: 0, count: n + 1)
        for u in 0..<n where u != r { childStart[Int(parent[u]) + 1] += 1 }
        for i in 0..<n { childStart[i + 1] += childStart[i] }
        for i in 0..<n { cursor[i] = childStart[i] }
        for u in 0..<n where u != r {
            let p = Int(parent[u])
            children[Int(cursor[p])] = Int32(u)
            cursor[p] += 1
        }
        for i in 0..<n { cursor[i] = childStart[i] }
        // Iterative DFS.
        var order = 0
        var prev = r
        var sp = 0
        stack[0] = Int32(r)
        sp = 1
        revThread[r] = 0
        var visited = 1
        while sp > 0 {
            let u = Int(stack[sp - 1])
            let c = Int(cursor[u])
            if c < Int(childStart[u + 1]) {
                cursor[u] += 1
                let v = Int(children[c])
                thread[prev] = Int32(v)
                revThread[v] = Int32(prev)
                prev = v
                visited += 1
                stack[sp] = Int32(v)
                sp += 1
            } else {
                sp -= 1
                // lastSucc[u] = last node visited in u's subtree = `prev` at this moment.
                lastSucc[u] = Int32(prev)
            }
            order += 1
        }
        if visited != n { return false }  // not a spanning tree
        thread[prev] = Int32(r)
        revThread[r] = Int32(prev)
        // Subtree sizes: reverse preorder accumulation.
        for u in 0..<n { succNum[u] = 1 }
        var u = Int(revThread[r])
        while u != r {
            let p = Int(parent[u])
            succNum[p] += succNum[u]
            u = Int(revThread[u])
        }
        // Tree flows: children before parents (reverse preorder).
        u = Int(revThread[r])
        while u != r {
            let e = Int(pred[u])
            let p = Int(parent[u])
            let x = excess[u]
            let f = predDir[u] == Self.dirUp ? x : -x
            if f < 0 || (cap[e] < Self.infinity && f > cap[e]) { return false }
            flow[e] = f
            excess[p] += x
            u = Int(revThread[u])
        }
        if excess[r] != 0 { return false }
        recomputePotentials()
        searchArcCount = m
        allArcCount = m
        blockSize = defaultBlockSize(m)
        nextArc = 0
        initialized = true
        return true
    }

    /// Potentials from the tree: pi[root] = 0 and zero reduced cost on tree arcs. Used after
    /// cost changes for a warm start.
    func recomputePotentials() {
        let r = root
        pi[r] = 0
        var u = Int(thread[r])
        while u != r {
            let e = Int(pred[u])
            let p = Int(parent[u])
            pi[u] = predDir[u] == Self.dirUp ? pi[p] &- cost[e] : pi[p] &+ cost[e]
            u = Int(thread[u])
        }
    }

    // MARK: pivoting

    /// Runs pivots until optimal. Returns the status; `.infeasible` only for the artificial
    /// start when artificial arcs keep flow.
    @discardableResult
    func solve() -> Status {
        precondition(initialized)
        let source = self.source
        let target = self.target
        let cap = self.cap
        let cost = self.cost
        let flow = self.flow
        let state = self.state
        let pi = self.pi
        let parent = self.parent
        let pred = self.pred
        let predDir = self.predDir
        let thread = self.thread
        let revThread = self.revThread
        let succNum = self.succNum
        let lastSucc = self.lastSucc
        let dirtyRevs = self.dirtyRevs
        let searchArcs = searchArcCount
        let block = blockSize
        let inf = Self.infinity
        var next = nextArc
        var pivots = 0
        var status = Status.optimal
        let nodeTotal = Int(succNum[root])

        pivotLoop: while true {
            var inArc = -1
            // --- Block search for the entering arc: scan blocks of `block` arcs cyclically
            // from `next`; stop after the first block holding an improving arc.
            var scanned = 0
            var e = next
            var minC: Int64 = 0
            while scanned < searchArcs {
                let hi = min(e + block, searchArcs)
                let (a, c) = NetworkSimplex.bestInRange(e, hi, state, cost, source, target, pi)
                scanned += hi - e
                if c < minC {
                    minC = c
                    inArc = a
                }
                e = hi >= searchArcs ? 0 : hi
                if minC < 0 { break }
            }
            if minC >= 0 { break pivotLoop }
            next = e
            pivots += 1

            // --- Join node.
            var u = Int(source[inArc])
            var v = Int(target[inArc])
            while u != v {
                if succNum[u] < succNum[v] { u = Int(parent[u]) } else { v = Int(parent[v]) }
            }
            let join = u

            // --- Leaving arc.
            let first: Int
            let second: Int
            if state[inArc] == Self.stateLower {
                first = Int(source[inArc])
                second = Int(target[inArc])
            } else {
                first = Int(target[inArc])
                second = Int(source[inArc])
            }
            var delta = cap[inArc]
            var result = 0
            var uOut = -1
            u = first
            while u != join {
                let a = Int(pred[u])
                var d = flow[a]
                if predDir[u] == Self.dirDown {
                    let c = cap[a]
                    d = c >= inf ? inf : c - d
                }
                if d < delta {
                    delta = d
                    uOut = u
                    result = 1
                }
                u = Int(parent[u])
            }
            u = second
            while u != join {
                let a = Int(pred[u])
                var d = flow[a]
                if predDir[u] == Self.dirUp {
                    let c = cap[a]
                    d = c >= inf ? inf : c - d
                }
                if d <= delta {
                    delta = d
                    uOut = u
                    result = 2
                }
                u = Int(parent[u])
            }
            let uIn: Int
            let vIn: Int
            if result == 1 {
                uIn = first
                vIn = second
            } else {
                uIn = second
                vIn = first
            }
            if delta >= inf {
                status = .unbounded
                break pivotLoop
            }
            let change = result != 0

            // --- Change flows.
            if delta > 0 {
                let val = Int64(state[inArc]) &* delta
                flow[inArc] &+= val
                u = Int(source[inArc])
                while u != join {
                    flow[Int(pred[u])] &-= Int64(predDir[u]) &* val
                    u = Int(parent[u])
                }
                u = Int(target[inArc])
                while u != join {
                    flow[Int(pred[u])] &+= Int64(predDir[u]) &* val
                    u = Int(parent[u])
                }
            }
            if !change {
                state[inArc] = -state[inArc]
                continue pivotLoop
            }
            state[inArc] = Self.stateTree
            let outArc = Int(pred[uOut])
            state[outArc] = flow[outArc] == 0 ? Self.stateLower : Self.stateUpper

            // --- Update the tree structure.
            let oldRevThread = Int(revThread[uOut])
            let oldSuccNum = succNum[uOut]
            let oldLastSucc = Int(lastSucc[uOut])
            let vOut = Int(parent[uOut])

            if uIn == uOut {
                parent[uIn] = Int32(vIn)
                pred[uIn] = Int32(inArc)
                predDir[uIn] = uIn == Int(source[inArc]) ? Self.dirUp : Self.dirDown
                if Int(thread[vIn]) != uOut {
                    var after = Int(thread[oldLastSucc])
                    thread[oldRevThread] = Int32(after)
                    revThread[after] = Int32(oldRevThread)
                    after = Int(thread[vIn])
                    thread[vIn] = Int32(uOut)
                    revThread[uOut] = Int32(vIn)
                    thread[oldLastSucc] = Int32(after)
                    revThread[after] = Int32(oldLastSucc)
                }
            } else {
                let threadContinue = oldRevThread == vIn ? Int(thread[oldLastSucc]) : Int(thread[vIn])
                var stem = uIn
                var parStem = vIn
                var last = Int(lastSucc[uIn])
                var after = Int(thread[last])
                thread[vIn] = Int32(uIn)
                var nDirty = 0
                dirtyRevs[nDirty] = Int32(vIn)
                nDirty += 1
                while stem != uOut {
                    let nextStem = Int(parent[stem])
                    thread[last] = Int32(nextStem)
                    dirtyRevs[nDirty] = Int32(last)
                    nDirty += 1
                    let before = Int(revThread[stem])
                    thread[before] = Int32(after)
                    revThread[after] = Int32(before)
                    parent[stem] = Int32(parStem)
                    parStem = stem
                    stem = nextStem
                    last = lastSucc[stem] == lastSucc[parStem] ? Int(revThread[parStem]) : Int(lastSucc[stem])
                    after = Int(thread[last])
                }
                parent[uOut] = Int32(parStem)
                thread[last] = Int32(threadContinue)
                revThread[threadContinue] = Int32(last)
                lastSucc[uOut] = Int32(last)
                if oldRevThread != vIn {
                    thread[oldRevThread] = Int32(after)
                    revThread[after] = Int32(oldRevThread)
                }
                for i in 0..<nDirty {
                    let w = Int(dirtyRevs[i])
                    revThread[Int(thread[w])] = Int32(w)
                }
                var tmpSc: Int32 = 0
                let tmpLs = lastSucc[uOut]
                var w = uOut
                var p = Int(parent[w])
                while w != uIn {
                    pred[w] = pred[p]
                    predDir[w] = -predDir[p]
                    tmpSc += succNum[w] - succNum[p]
                    succNum[w] = tmpSc
                    lastSucc[p] = tmpLs
                    w = p
                    p = Int(parent[w])
                }
                pred[uIn] = Int32(inArc)
                predDir[uIn] = uIn == Int(source[inArc]) ? Self.dirUp : Self.dirDown
                succNum[uIn] = oldSuccNum
            }

            let upLimitOut = Int(lastSucc[join]) == vIn ? join : -1
            let lastSuccOut = lastSucc[uOut]
            u = vIn
            while u != -1 && Int(lastSucc[u]) == vIn {
                lastSucc[u] = lastSuccOut
                u = Int(parent[u])
            }
            if join != oldRevThread && vIn != oldRevThread {
                u = vOut
                while u != upLimitOut && Int(lastSucc[u]) == oldLastSucc {
                    lastSucc[u] = Int32(oldRevThread)
                    u = Int(parent[u])
                }
            } else if Int(lastSuccOut) != oldLastSucc {
                u = vOut
                while u != upLimitOut && Int(lastSucc[u]) == oldLastSucc {
                    lastSucc[u] = lastSuccOut
                    u = Int(parent[u])
                }
            }
            u = vIn
            while u != join {
                succNum[u] += oldSuccNum
                u = Int(parent[u])
            }
            u = vOut
            while u != join {
                succNum[u] -= oldSuccNum
                u = Int(parent[u])
            }

            // --- Update potentials of the moved subtree.
            let sigma = pi[vIn] &- pi[uIn] &- Int64(predDir[uIn]) &* cost[inArc]
            let end = Int(thread[Int(lastSucc[uIn])])
            if Int(succNum[uIn]) * 2 <= nodeTotal {
                u = uIn
                while u != end {
                    pi[u] &+= sigma
                    u = Int(thread[u])
                }
            } else {
                // Shift the rest of the tree the other way instead (potentials are relative).
                u = end
                while u != uIn {
                    pi[u] &-= sigma
                    u = Int(thread[u])
                }
            }
        }
        nextArc = next
        lastPivots = pivots
        // Keep potentials anchored at the root (pi[root] = 0).
        let p0 = pi[root]
        if p0 != 0 { for i in 0..<allocatedNodes { pi[i] &-= p0 } }
        if status == .optimal {
            for e in searchArcCount..<allArcCount where flow[e] != 0 { return .infeasible }
        }
        return status
    }

    /// The arc of most negative `state × reduced cost` in [lo, hi), and that value (0 if none).
    @inline(never)
    static func bestInRange(
        _ lo: Int, _ hi: Int, _ state: UnsafeMutablePointer<Int8>, _ cost: UnsafeMutablePointer<Int64>,
        _ source: UnsafeMutablePointer<Int32>, _ target: UnsafeMutablePointer<Int32>,
        _ pi: UnsafeMutablePointer<Int64>
    ) -> (Int, Int64) {
        var best = -1
        var minC: Int64 = 0
        var e = lo
        while e < hi {
            let c = Int64(state[e]) &* (cost[e] &+ pi[Int(source[e])] &- pi[Int(target[e])])
            if c < minC {
                minC = c
                best = e
            }
            e += 1
        }
        return (best, minC)
    }

    /// Total cost Σ cost × flow over the real arcs (wrapping arithmetic; callers keep it in range).
    func totalCost() -> Int64 {
        var c: Int64 = 0
        for e in 0..<arcCount { c &+= cost[e] &* flow[e] }
        return c
    }
}
