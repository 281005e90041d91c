// swift-format-ignore-file: AlwaysUseLowerCamelCase
// The solver keeps the notation of docs/allocation.md (K items, D depots, S sites, L lots).
// The min-cost-flow network of one item.
//
//   lot supply ─▶ d_in ──capacity arc──▶ d_out ──ship arcs──▶ site ◀──unmet arcs── R
//                  │                                                             ▲
//                  └──────────────── unused arcs (one per lot, cost = waste) ────┘
//                  └──────────────── overflow arc (cost > any waste; never used at optimum)
//
// Node 0 is R: it absorbs unused stock and supplies unmet demand (supply Σdemand − Σstock).
// d_in holds the item's stock at the depot; the capacity arc d_in → d_out carries what the
// depot ships of this item (its capacity is the depot capacity in units for one item, ∞ in the
// Lagrangian subproblem, the item's share in the primal heuristic; its cost is the Lagrangian
// price). Ship arcs cost rate × road_km; unmet arcs (one per tranche) cost the shortage
// penalty. Costs are multiplied by `scale` (a power of two) so that fractional Lagrangian
// prices can be rounded down to integers.
//
// Only sites demanding the item and depots holding it with at least one arc to such a site
// enter the network; everything else is a constant cost.

#if ALLOC_DEV_TUNING
    #if canImport(Glibc)
        import Glibc
    #endif
#endif

final class ItemNetwork: Sendable {
    let item: Int
    let nSites: Int
    let nDepots: Int
    var nodeCount: Int { 1 + nSites + 2 * nDepots }
    @inline(__always) func siteNode(_ i: Int) -> Int { 1 + i }
    @inline(__always) func depotIn(_ j: Int) -> Int { 1 + nSites + 2 * j }
    @inline(__always) func depotOut(_ j: Int) -> Int { 2 + nSites + 2 * j }

    /// Local site i → demand row; local depot j → global depot.
    let siteRow: [Int32]
    let siteGlobal: [Int32]
    let depotGlobal: [Int32]
    /// Global depot → local depot or -1.
    let depotLocal: [Int32]
    /// Units of the item in stock at local depot j (all its lots).
    let depotStock: [Int64]

    // Arc layout: [0, nShip) ship arcs, then nDepots capacity arcs, nDepots overflow arcs,
    // unused arcs (one per lot), unmet arcs (one per tranche).
    let nShip: Int
    var capArc0: Int { nShip }
    var overflowArc0: Int { nShip + nDepots }
    var unusedArc0: Int { nShip + 2 * nDepots }
    let nUnused: Int
    var unmetArc0: Int { unusedArc0 + nUnused }
    let nUnmet: Int
    var arcCount: Int { unmetArc0 + nUnmet }

    /// Ship arcs of local site i: siteShipStart[i]..<siteShipStart[i+1].
    let siteShipStart: [Int32]
    let shipArc: [Int32]  // problem arc row of each ship arc
    let shipDepot: [Int32]  // local depot
    let shipSite: [Int32]  // local site
    let shipCost: [Int64]  // rate × road_km (unscaled)
    let unusedLot: [Int32]  // lot row
    let unusedDepot: [Int32]  // local depot
    let unusedCap: [Int64]
    let unusedCost: [Int64]
    let unmetSite: [Int32]  // local site
    /// Unmet arcs (= tranches in order) of local site i: unmetArc0 + siteUnmetStart[i]..<siteUnmetStart[i+1].
    let siteUnmetStart: [Int32]
    let unmetCap: [Int64]
    let unmetCost: [Int64]
    /// Largest waste cost at each local depot (the overflow arc costs more).
    let depotMaxWaste: [Int64]
    /// Ship arcs of each local depot: depotShips[depotShipStart[j]..<depotShipStart[j+1]].
    let depotShipStart: [Int32]
    let depotShips: [Int32]
    /// Unused-arc indexes (0..<nUnused) of each local depot in the order lots are used:
    /// waste cost desc, expires_in_days asc, lot row asc.
    let depotLotStart: [Int32]
    let depotLots: [Int32]

    /// Cost of everything outside the network (unscaled): penalties of demand rows with no
    /// usable arc, waste of stock at depots with no usable arc.
    let constantCost: Int
    /// Largest unscaled arc cost (for choosing the scale).
    let maxCost: Int64
    /// Σ demand of the network's sites, Σ stock of its depots.
    let totalDemand: Int64
    let totalStock: Int64

    init(problem p: AllocationProblem, index ix: ProblemIndex, item k: Int) {
        item = k
        let D = p.depots.count
        // Stock per depot.
        var stock = [Int64](repeating: 0, count: D)
        for i in ix.lotsByItem.range(k) {
            let l = Int(ix.lotsByItem.rows[i])
            stock[p.lots.depot[l]] += Int64(p.lots.quantity[l])
        }
        // Sites with demand and a usable arc; mark usable depots.
        var usable = [Bool](repeating: false, count: D)
        var sRow: [Int32] = []
        var sGlob: [Int32] = []
        var constant = 0
        var tDemand: Int64 = 0
        var nShipEstimate = 0
        sRow.reserveCapacity(ix.demandsByItem.range(k).count)
        sGlob.reserveCapacity(ix.demandsByItem.range(k).count)
        for i in ix.demandsByItem.range(k) {
            let r = Int(ix.demandsByItem.rows[i])
            let q = ix.demandQtyByItem[i]
            if q <= 0 { continue }
            let s = Int(ix.demandSiteByItem[i])
            var any = false
            for j in ix.arcsBySite.range(s) {
                let d = Int(ix.arcDepotBySite[j])
                if stock[d] > 0 {
                    usable[d] = true
                    any = true
                    nShipEstimate += 1
                }
            }
            if any {
                sRow.append(Int32(r))
                sGlob.append(Int32(s))
                tDemand += Int64(q)
            } else {
                constant += p.shortagePenalty(row: r, shipped: 0)
            }
        }
        var dLocal = [Int32](repeating: -1, count: D)
        var dGlob: [Int32] = []
        var dStock: [Int64] = []
        for d in 0..<D where usable[d] {
            dLocal[d] = Int32(dGlob.count)
            dGlob.append(Int32(d))
            dStock.append(stock[d])
        }
        // Ship arcs grouped by site, in arc-row order within a site.
        var sa: [Int32] = []
        var sd: [Int32] = []
        var ss: [Int32] = []
        var sc: [Int64] = []
        sa.reserveCapacity(nShipEstimate)
        sd.reserveCapacity(nShipEstimate)
        ss.reserveCapacity(nShipEstimate)
        sc.reserveCapacity(nShipEstimate)
        let rate = Int64(p.items.rate[k])
        var maxC: Int64 = 0
        var sStart: [Int32] = [0]
        sStart.reserveCapacity(sGlob.count + 1)
        for (i, s) in sGlob.enumerated() {
            let lo = sa.count
            for j in ix.arcsBySite.range(Int(s)) {
                let jl = dLocal[Int(ix.arcDepotBySite[j])]
                if jl < 0 { continue }
                sa.append(ix.arcsBySite.rows[j])
                sd.append(jl)
                ss.append(Int32(i))
                let c = rate * Int64(ix.arcKmBySite[j])
                sc.append(c)
                maxC = max(maxC, c)
            }
            // Cheapest first within the site (ties: lower arc row), for the greedy fill.
            let hi = sa.count
            if hi - lo > 1 {
                // Insertion sort in place (a site has few arcs).
                for x in (lo + 1)..<hi {
                    let ka = sa[x]
                    let kd = sd[x]
                    let kc = sc[x]
                    var y = x - 1
                    while y >= lo && (sc[y] > kc || (sc[y] == kc && sa[y] > ka)) {
                        sa[y + 1] = sa[y]
                        sd[y + 1] = sd[y]
                        sc[y + 1] = sc[y]
                        y -= 1
                    }
                    sa[y + 1] = ka
                    sd[y + 1] = kd
                    sc[y + 1] = kc
                }
            }
            sStart.append(Int32(sa.count))
        }
        // Unused arcs: lots at usable depots (quantity > 0). Lots elsewhere are constant waste.
        var ul: [Int32] = []
        var ud: [Int32] = []
        var ucap: [Int64] = []
        var ucost: [Int64] = []
        var dMaxWaste = [Int64](repeating: 0, count: dGlob.count)
        var tStock: Int64 = 0
        for i in ix.lotsByItem.range(k) {
            let l = Int(ix.lotsByItem.rows[i])
            let q = p.lots.quantity[l]
            if q <= 0 { continue }
            let jl = dLocal[p.lots.depot[l]]
            if jl < 0 {
                constant += q * p.lots.wasteCost[l]
                continue
            }
            ul.append(Int32(l))
            ud.append(jl)
            ucap.append(Int64(q))
            let w = Int64(p.lots.wasteCost[l])
            ucost.append(w)
            maxC = max(maxC, w)
            dMaxWaste[Int(jl)] = max(dMaxWaste[Int(jl)], w)
            tStock += Int64(q)
        }
        // Unmet arcs: one per tranche of positive quantity.
        var us: [Int32] = []
        var umc: [Int64] = []
        var umcost: [Int64] = []
        for (i, r32) in sRow.enumerated() {
            let r = Int(r32)
            if let ts = p.tranches[r] {
                for t in ts where t.quantity > 0 {
                    us.append(Int32(i))
                    umc.append(Int64(t.quantity))
                    umcost.append(Int64(t.penalty))
                    maxC = max(maxC, Int64(t.penalty))
                }
            } else {
                let pen = Int64(p.penalty[p.sites.priority[Int(sGlob[i])]][k])
                us.append(Int32(i))
                umc.append(Int64(p.demands.quantity[r]))
                umcost.append(pen)
                maxC = max(maxC, pen)
            }
        }
        nSites = sRow.count
        nDepots = dGlob.count
        siteRow = sRow
        siteGlobal = sGlob
        depotGlobal = dGlob
        depotLocal = dLocal
        depotStock = dStock
        nShip = sa.count
        siteShipStart = sStart
        shipArc = sa
        shipDepot = sd
        shipSite = ss
        shipCost = sc
        nUnused = ul.count
        unusedLot = ul
        unusedDepot = ud
        unusedCap = ucap
        unusedCost = ucost
        // Ship arcs per depot.
        var dsStart = [Int32](repeating: 0, count: dGlob.count + 1)
        for j in sd { dsStart[Int(j) + 1] += 1 }
        for j in 0..<dGlob.count { dsStart[j + 1] += dsStart[j] }
        var dsFill = dsStart
        var dShips = [Int32](repeating: 0, count: sd.count)
        for e in 0..<sd.count {
            let j = Int(sd[e])
            dShips[Int(dsFill[j])] = Int32(e)
            dsFill[j] += 1
        }
        depotShipStart = dsStart
        depotShips = dShips
        // Lots per depot in order of use.
        var lStart = [Int32](repeating: 0, count: dGlob.count + 1)
        for j in ud { lStart[Int(j) + 1] += 1 }
        for j in 0..<dGlob.count { lStart[j + 1] += lStart[j] }
        var lfill = lStart
        var lots = [Int32](repeating: 0, count: ul.count)
        for i in 0..<ul.count {
            let j = Int(ud[i])
            lots[Int(lfill[j])] = Int32(i)
            lfill[j] += 1
        }
        for j in 0..<dGlob.count {
            let lo = Int(lStart[j])
            let hi = Int(lStart[j + 1])
            if hi - lo > 1 {
                let sorted = lots[lo..<hi].sorted { a, b in
                    let la = Int(ul[Int(a)])
                    let lb = Int(ul[Int(b)])
                    let wa = p.lots.wasteCost[la]
                    let wb = p.lots.wasteCost[lb]
                    if wa != wb { return wa > wb }
                    let ea = p.lots.expiresInDays[la]
                    let eb = p.lots.expiresInDays[lb]
                    if ea != eb { return ea < eb }
                    return la < lb
                }
                for (o, v) in sorted.enumerated() { lots[lo + o] = v }
            }
        }
        depotLotStart = lStart
        depotLots = lots
        var suStart = [Int32](repeating: 0, count: sRow.count + 1)
        for i in us { suStart[Int(i) + 1] += 1 }
        for i in 0..<sRow.count { suStart[i + 1] += suStart[i] }
        siteUnmetStart = suStart
        nUnmet = us.count
        unmetSite = us
        unmetCap = umc
        unmetCost = umcost
        depotMaxWaste = dMaxWaste
        constantCost = constant
        maxCost = max(maxC, 1)
        totalDemand = tDemand
        totalStock = tStock
    }

    /// Allocates a network simplex instance with this network's topology (costs × scale,
    /// capacity arcs: capacity `capUnits(j)`, cost `capCost(j)` already scaled) and starts it
    /// from the all-unmet / all-unused tree.
    func makeSolver(scale: Int64, capUnits: (Int) -> Int64, capCost: (Int) -> Int64) -> NetworkSimplex {
        let ns = NetworkSimplex(nodes: nodeCount, arcs: arcCount, withArtificial: false)
        for e in 0..<nShip {
            ns.setArc(
                e, from: depotOut(Int(shipDepot[e])), to: siteNode(Int(shipSite[e])),
                capacity: NetworkSimplex.infinity, cost: shipCost[e] &* scale)
        }
        for j in 0..<nDepots {
            ns.setArc(capArc0 + j, from: depotIn(j), to: depotOut(j), capacity: 0, cost: 0)
            ns.setArc(
                overflowArc0 + j, from: depotIn(j), to: 0, capacity: NetworkSimplex.infinity,
                cost: (depotMaxWaste[j] + 1) &* scale)
        }
        for i in 0..<nUnused {
            ns.setArc(
                unusedArc0 + i, from: depotIn(Int(unusedDepot[i])), to: 0, capacity: unusedCap[i],
                cost: unusedCost[i] &* scale)
        }
        for i in 0..<nUnmet {
            ns.setArc(
                unmetArc0 + i, from: 0, to: siteNode(Int(unmetSite[i])), capacity: unmetCap[i],
                cost: unmetCost[i] &* scale)
        }
        restart(ns, capUnits: capUnits, capCost: capCost)
        return ns
    }

    /// Greedy crash basis: sites in order of shortage penalty (highest first) take what they
    /// profitably can from their depots, cheapest arc first, within stock and capacity; lots are
    /// used in order. The arcs strictly between their bounds form a forest when every short
    /// site has exhausted its depots (the greedy's invariant); the forest is completed into a
    /// strongly feasible spanning tree with arcs at their bounds (overflow arcs for d_in,
    /// capacity arcs at their upper bound for d_out, zero ship arcs for idle d_out, saturated
    /// unmet arcs for unserved sites). Returns false (nothing changed) when that fails, e.g. a
    /// cycle of free arcs; the caller then uses the all-unmet start. Costs and capacities of
    /// `ns` must be set.
    func crashStart(_ ns: NetworkSimplex) -> Bool {
        let n = nodeCount
        if nShip == 0 { return false }
        // Greedy flows.
        var shipFlow = [Int64](repeating: 0, count: nShip)
        var shipped = [Int64](repeating: 0, count: nDepots)
        var delivered = [Int64](repeating: 0, count: nSites)
        var firstPen = [Int64](repeating: 0, count: nSites)
        for i in 0..<nSites { firstPen[i] = marginalPenalty(site: i, delivered: 0) }
        let order = (0..<nSites).sorted { firstPen[$0] != firstPen[$1] ? firstPen[$0] > firstPen[$1] : $0 < $1 }
        for i in order {
            var e = Int(siteShipStart[i])
            let end = Int(siteShipStart[i + 1])
            while e < end {
                let del = delivered[i]
                // Current tranche (scaled penalty from the unmet arc's cost).
                var t = Int(siteUnmetStart[i])
                let tEnd = Int(siteUnmetStart[i + 1])
                var before: Int64 = 0
                while t < tEnd && del >= before + unmetCap[t] {
                    before += unmetCap[t]
                    t += 1
                }
                if t >= tEnd { break }
                let j = Int(shipDepot[e])
                let avail = min(depotStock[j], ns.cap[capArc0 + j]) - shipped[j]
                // Ship only where the route (scaled cost incl. price) is cheaper than the penalty.
                if avail <= 0 || ns.cost[e] &+ ns.cost[capArc0 + j] >= ns.cost[unmetArc0 + t] {
                    e += 1
                    continue
                }
                let q = min(before + unmetCap[t] - del, avail)
                shipFlow[e] += q
                shipped[j] += q
                delivered[i] += q
            }
        }
        // Arc flows and states.
        let m = arcCount
        var flow = [Int64](repeating: 0, count: m)
        for e in 0..<nShip { flow[e] = shipFlow[e] }
        for j in 0..<nDepots {
            flow[capArc0 + j] = shipped[j]
            var left = shipped[j]
            for o in Int(depotLotStart[j])..<Int(depotLotStart[j + 1]) {
                let i = Int(depotLots[o])
                let take = min(left, unusedCap[i])
                left -= take
                flow[unusedArc0 + i] = unusedCap[i] - take
            }
        }
        for i in 0..<nSites {
            var left = delivered[i]
            for t in Int(siteUnmetStart[i])..<Int(siteUnmetStart[i + 1]) {
                let take = min(left, unmetCap[t])
                left -= take
                flow[unmetArc0 + t] = unmetCap[t] - take
            }
        }
        @inline(__always) func isFree(_ e: Int) -> Bool { flow[e] > 0 && flow[e] < ns.cap[e] }
        // Union-find over nodes.
        var uf = [Int32](repeating: 0, count: n)
        for u in 0..<n { uf[u] = Int32(u) }
        func find(_ x: Int) -> Int {
            var r = x
            while Int(uf[r]) != r { r = Int(uf[r]) }
            var y = x
            while Int(uf[y]) != r {
                let nx = Int(uf[y])
                uf[y] = Int32(r)
                y = nx
            }
            return r
        }
        var chosen: [Int32] = []
        chosen.reserveCapacity(n)
        func join(_ e: Int) -> Bool {
            let a = find(Int(ns.source[e]))
            let b = find(Int(ns.target[e]))
            if a == b { return false }
            uf[a] = Int32(b)
            chosen.append(Int32(e))
            return true
        }
        for e in 0..<m where isFree(e) {
            if !join(e) { return false }  // cycle of free arcs: not a basis
        }
        // d_in: overflow arc to R.
        for j in 0..<nDepots where find(depotIn(j)) != find(0) { _ = join(overflowArc0 + j) }
        // d_out whose capacity arc is saturated: hang under d_in.
        for j in 0..<nDepots
        where find(depotOut(j)) != find(0) && flow[capArc0 + j] == ns.cap[capArc0 + j] && ns.cap[capArc0 + j] > 0 {
            _ = join(capArc0 + j)
        }
        // Unserved sites: a saturated unmet arc from R.
        for i in 0..<nSites where find(siteNode(i)) != find(0) {
            for t in Int(siteUnmetStart[i])..<Int(siteUnmetStart[i + 1])
            where flow[unmetArc0 + t] == unmetCap[t] && unmetCap[t] > 0 {
                _ = join(unmetArc0 + t)
                break
            }
        }
        // Idle d_out: a zero ship arc to a site already joined to R.
        for j in 0..<nDepots where find(depotOut(j)) != find(0) {
            for o in Int(depotShipStart[j])..<Int(depotShipStart[j + 1]) {
                let e = Int(depotShips[o])
                if flow[e] == 0 && find(siteNode(Int(shipSite[e]))) == find(0) {
                    _ = join(e)
                    break
                }
            }
        }
        if chosen.count != n - 1 { return false }
        // Orient from R: parent arc per node (BFS over the chosen arcs).
        var adjStart = [Int32](repeating: 0, count: n + 1)
        for e32 in chosen {
            adjStart[Int(ns.source[Int(e32)]) + 1] += 1
            adjStart[Int(ns.target[Int(e32)]) + 1] += 1
        }
        for u in 0..<n { adjStart[u + 1] += adjStart[u] }
        var fill = adjStart
        var adj = [Int32](repeating: 0, count: 2 * chosen.count)
        for e32 in chosen {
            let a = Int(ns.source[Int(e32)])
            let b = Int(ns.target[Int(e32)])
            adj[Int(fill[a])] = e32
            fill[a] += 1
            adj[Int(fill[b])] = e32
            fill[b] += 1
        }
        let tree = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        defer { tree.deallocate() }
        for u in 0..<n { tree[u] = -2 }
        tree[0] = -1
        var queue = [0]
        var qi = 0
        while qi < queue.count {
            let u = queue[qi]
            qi += 1
            for o in Int(adjStart[u])..<Int(adjStart[u + 1]) {
                let e = Int(adj[o])
                let v = Int(ns.source[e]) == u ? Int(ns.target[e]) : Int(ns.source[e])
                if tree[v] != -2 { continue }
                // Strong feasibility of arcs at a bound: positive flow must be able to reach R.
                let up = Int(ns.source[e]) == v  // arc goes from v up to its parent u
                if !isFree(e) {
                    if flow[e] == 0 && !up { return false }
                    if flow[e] == ns.cap[e] && up { return false }
                }
                tree[v] = Int32(e)
                queue.append(v)
            }
        }
        if queue.count != n { return false }
        var inTree = [Bool](repeating: false, count: m)
        for e32 in chosen { inTree[Int(e32)] = true }
        let ok = ns.startTree(root: 0, treeArc: tree) { e in !inTree[e] && flow[e] > 0 && flow[e] == ns.cap[e] }
        return ok
    }

    /// Cold restart of an instance made by `makeSolver`: new capacity-arc capacities and costs,
    /// flows reset to the all-unmet / all-unused tree.
    func restart(_ ns: NetworkSimplex, capUnits: (Int) -> Int64, capCost: (Int) -> Int64) {
        for j in 0..<nDepots {
            ns.cap[capArc0 + j] = max(0, capUnits(j))
            ns.cost[capArc0 + j] = capCost(j)
        }
        // Supplies.
        let n = nodeCount
        for u in 0..<n { ns.supply[u] = 0 }
        for j in 0..<nDepots { ns.supply[depotIn(j)] = depotStock[j] }
        var dem = [Int64](repeating: 0, count: nSites)
        for i in 0..<nUnmet { dem[Int(unmetSite[i])] += unmetCap[i] }
        for i in 0..<nSites { ns.supply[siteNode(i)] = -dem[i] }
        ns.supply[0] = totalDemand - totalStock
        if crashStart(ns) { return }
        #if ALLOC_DEV_TUNING
            if getenv("ALLOC_DEBUG") != nil { print("crash start failed for item \(item)") }
        #endif
        // Tree: site ← R via its first unmet arc; d_out → first ship arc's site; d_in → R via overflow.
        let tree = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        defer { tree.deallocate() }
        tree[0] = -1
        var firstUnmet = [Int32](repeating: -1, count: nSites)
        for i in 0..<nUnmet where firstUnmet[Int(unmetSite[i])] < 0 {
            firstUnmet[Int(unmetSite[i])] = Int32(unmetArc0 + i)
        }
        for i in 0..<nSites { tree[siteNode(i)] = firstUnmet[i] }
        for j in 0..<nDepots { tree[depotOut(j)] = -1 }
        for e in 0..<nShip where tree[depotOut(Int(shipDepot[e]))] < 0 { tree[depotOut(Int(shipDepot[e]))] = Int32(e) }
        for j in 0..<nDepots { tree[depotIn(j)] = Int32(overflowArc0 + j) }
        let unusedLo = unusedArc0
        let unusedHi = unusedArc0 + nUnused
        let unmetLo = unmetArc0
        let ok = ns.startTree(root: 0, treeArc: tree) { e in
            (e >= unusedLo && e < unusedHi)
                || (e >= unmetLo && tree[self.siteNode(Int(self.unmetSite[e - unmetLo]))] != Int32(e))
        }
        precondition(ok, "item network: initial tree infeasible")
    }

    /// Shortage penalty per unit of the next unit delivered to local site i after `delivered`
    /// (0 once the demand is met): the penalty of the tranche that unit falls into.
    @inline(__always) func marginalPenalty(site i: Int, delivered: Int64) -> Int64 {
        var left = delivered
        for t in Int(siteUnmetStart[i])..<Int(siteUnmetStart[i + 1]) {
            if left < unmetCap[t] { return unmetCost[t] }
            left -= unmetCap[t]
        }
        return 0
    }

    /// Units left in the tranche the next unit delivered to local site i falls into.
    @inline(__always) func trancheRemaining(site i: Int, delivered: Int64) -> Int64 {
        var left = delivered
        for t in Int(siteUnmetStart[i])..<Int(siteUnmetStart[i + 1]) {
            if left < unmetCap[t] { return unmetCap[t] - left }
            left -= unmetCap[t]
        }
        return 0
    }

    /// Units delivered within the tranche of the last unit delivered to local site i.
    @inline(__always) func deliveredInLastTranche(site i: Int, delivered: Int64) -> Int64 {
        var left = delivered
        for t in Int(siteUnmetStart[i])..<Int(siteUnmetStart[i + 1]) {
            if left <= unmetCap[t] { return left }
            left -= unmetCap[t]
        }
        return max(left, 0)
    }

    /// Demand of local site i (Σ of its tranches).
    @inline(__always) func demand(site i: Int) -> Int64 {
        var q: Int64 = 0
        for t in Int(siteUnmetStart[i])..<Int(siteUnmetStart[i + 1]) { q += unmetCap[t] }
        return q
    }

    /// Units left in the lot that the next unit shipped from depot j comes from.
    @inline(__always) func lotRemaining(depot j: Int, shipped: Int64) -> Int64 {
        var left = shipped
        for o in Int(depotLotStart[j])..<Int(depotLotStart[j + 1]) {
            let cap = unusedCap[Int(depotLots[o])]
            if left < cap { return cap - left }
            left -= cap
        }
        return 0
    }

    /// Units shipped from the lot that the last unit shipped from depot j came from.
    @inline(__always) func lotUsedInLast(depot j: Int, shipped: Int64) -> Int64 {
        var left = shipped
        for o in Int(depotLotStart[j])..<Int(depotLotStart[j + 1]) {
            let cap = unusedCap[Int(depotLots[o])]
            if left <= cap { return left }
            left -= cap
        }
        return max(left, 0)
    }

    /// Waste cost of local depot j's stock when `shipped` units leave it (lots used in order).
    func wasteLeft(depot j: Int, shipped: Int64) -> Int64 {
        var left = shipped
        var w: Int64 = 0
        for o in Int(depotLotStart[j])..<Int(depotLotStart[j + 1]) {
            let i = Int(depotLots[o])
            let take = min(left, unusedCap[i])
            left -= take
            w += (unusedCap[i] - take) * unusedCost[i]
        }
        return w
    }

    /// Waste cost per unit of the next unit of stock shipped from depot j after `shipped`.
    func marginalWaste(depot j: Int, shipped: Int64) -> Int64 {
        var left = shipped
        for o in Int(depotLotStart[j])..<Int(depotLotStart[j + 1]) {
            let i = Int(depotLots[o])
            if left < unusedCap[i] { return unusedCost[i] }
            left -= unusedCap[i]
        }
        return 0
    }

    /// Objective of this item (unscaled, constants included) for the given ship-arc flows.
    func objective(problem p: AllocationProblem, shipFlow: UnsafePointer<Int64>) -> Int {
        var transport: Int64 = 0
        var shipped = [Int64](repeating: 0, count: nDepots)
        var pen = 0
        for i in 0..<nSites {
            var got: Int64 = 0
            for e in Int(siteShipStart[i])..<Int(siteShipStart[i + 1]) {
                let f = shipFlow[e]
                if f != 0 {
                    got += f
                    transport += shipCost[e] * f
                    shipped[Int(shipDepot[e])] += f
                }
            }
            var left = got
            for t in Int(siteUnmetStart[i])..<Int(siteUnmetStart[i + 1]) {
                let take = min(left, unmetCap[t])
                left -= take
                pen += Int((unmetCap[t] - take) * unmetCost[t])
            }
        }
        var waste: Int64 = 0
        for j in 0..<nDepots { waste += wasteLeft(depot: j, shipped: shipped[j]) }
        return Int(transport) + pen + Int(waste) + constantCost
    }
}
