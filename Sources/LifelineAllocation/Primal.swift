// swift-format-ignore-file: AlwaysUseLowerCamelCase
// The solver keeps the notation of docs/allocation.md (K items, D depots, S sites, L lots).
// Primal heuristics for the multi-item problem: feasible integer solutions from the
// Lagrangian iterates.
//
//  • Averaged flows (every iteration, O(arcs)): the ergodic average of the relaxed ship-arc
//    flows satisfies every per-item constraint; rounded down it is integral, and only the
//    depot capacities can be exceeded. `repairAndFill` removes the least valuable units at
//    over-capacity depots and then fills leftover capacity greedily.
//  • Then `swapImprove`: at each depot, capacity moves from the shipments worth least per m³
//    to short sites in reach worth most per m³, while that strictly lowers the objective.

/// Ship-arc flows of every item and their objective.
struct PrimalSolution: Sendable {
    var objective: Int
    var shipFlow: [[Int64]]
}

final class PrimalHeuristic: @unchecked Sendable {
    unowned let s: LagrangianSolver
    /// (item, local site) pairs in greedy-fill order: shortage penalty per m³ descending.
    private var fillOrder: [(k: Int32, i: Int32)] = []

    /// Per item: network and unit volume (cached to keep hot loops free of class lookups).
    let nets: [ItemNetwork]
    let vols: [Double]

    init(solver: LagrangianSolver) {
        s = solver
        nets = solver.items.map { $0.net }
        vols = solver.items.map { $0.vol }
        buildFillOrder()
    }

    private func buildFillOrder() {
        struct Cand {
            var key: Double
            var k: Int32
            var i: Int32
        }
        var cands: [Cand] = []
        for k in 0..<s.K {
            let net = s.items[k].net
            for i in 0..<net.nSites {
                let pen = net.marginalPenalty(site: i, delivered: 0)
                if pen > 0 { cands.append(Cand(key: Double(pen) / s.items[k].vol, k: Int32(k), i: Int32(i))) }
            }
        }
        cands.sort { a, b in
            if a.key != b.key { return a.key > b.key }
            if a.k != b.k { return a.k < b.k }
            return a.i < b.i
        }
        fillOrder = cands.map { ($0.k, $0.i) }
    }

    // MARK: heuristics

    /// The current relaxed (Lagrangian) flows as a candidate, repaired and filled.
    func fromRelaxed() -> PrimalSolution {
        var sol = PrimalSolution(
            objective: 0,
            shipFlow: (0..<s.K).map { k in
                Array(UnsafeBufferPointer(start: s.items[k].lag.flow, count: nets[k].nShip))
            })
        repairAndFill(&sol)
        return sol
    }

    /// Rounded-down averaged ship-arc flows, repaired, filled and (if `swap`) improved by
    /// capacity trades. Builds the candidate in `sol`, reusing its buffers (the caller keeps
    /// two solutions and swaps them, so no large array is allocated per iteration).
    func fromAverages(swap: Bool, into sol: inout PrimalSolution) {
        if sol.shipFlow.count != s.K { sol.shipFlow = nets.map { [Int64](repeating: 0, count: $0.nShip) } }
        for k in 0..<s.K {
            let avg = s.items[k].avgShip
            sol.shipFlow[k].withUnsafeMutableBufferPointer { f in
                avg.withUnsafeBufferPointer { a in
                    for e in 0..<f.count { f[e] = Int64(a[e].rounded(.down)) }
                }
            }
        }
        repairAndFill(&sol)
        if swap { swapImprove(&sol) }
    }

    // MARK: repair and fill

    /// Volume shipped per depot by a solution.
    func depotLoad(_ sol: PrimalSolution) -> [Double] {
        let s = self.s
        var load = [Double](repeating: 0, count: s.D)
        for k in 0..<s.K {
            let it = s.items[k]
            let net = it.net
            sol.shipFlow[k].withUnsafeBufferPointer { f in
                for e in 0..<net.nShip where f[e] != 0 {
                    load[Int(net.depotGlobal[Int(net.shipDepot[e])])] += it.vol * Double(f[e])
                }
            }
        }
        return load
    }

    /// Makes `sol` feasible and fills it: at each depot above capacity, removes units of the
    /// shipments with the lowest (penalty − transport) per m³; then ships more wherever stock,
    /// capacity and a short site in reach meet, most valuable shortages first, cheapest arc
    /// first. Sets `sol.objective`.
    func repairAndFill(_ sol: inout PrimalSolution) {
        let s = self.s
        let K = s.K
        let D = s.D
        var load = depotLoad(sol)
        var over = [Bool](repeating: false, count: D)
        var anyOver = false
        for d in 0..<D where load[d] > s.cap[d] {
            over[d] = true
            anyOver = true
        }
        if anyOver {
            struct Chunk {
                var density: Double
                var k: Int32
                var e: Int32
            }
            var chunks = [[Chunk]](repeating: [], count: D)
            for k in 0..<K {
                let it = s.items[k]
                let net = it.net
                for e in 0..<net.nShip where sol.shipFlow[k][e] > 0 {
                    let d = Int(net.depotGlobal[Int(net.shipDepot[e])])
                    if !over[d] { continue }
                    let pen = net.marginalPenalty(site: Int(net.shipSite[e]), delivered: 0)
                    let value = Double(pen) - Double(net.shipCost[e])
                    chunks[d].append(Chunk(density: value / it.vol, k: Int32(k), e: Int32(e)))
                }
            }
            for d in 0..<D where over[d] {
                chunks[d].sort { a, b in
                    if a.density != b.density { return a.density < b.density }
                    if a.k != b.k { return a.k < b.k }
                    return a.e < b.e
                }
                for c in chunks[d] {
                    if load[d] <= s.cap[d] { break }
                    let k = Int(c.k)
                    let e = Int(c.e)
                    let vol = s.items[k].vol
                    let f = sol.shipFlow[k][e]
                    let need = Int64(((load[d] - s.cap[d]) / vol).rounded(.up))
                    let cut = min(f, max(need, 1))
                    sol.shipFlow[k][e] -= cut
                    load[d] -= Double(cut) * vol
                }
            }
        }
        greedyFill(&sol, load: load)
        sol.objective = objective(sol)
    }

    /// Local improvement at each depot: trade capacity from the shipments with the lowest
    /// value per m³ (penalty saved by their last units + waste avoided − transport) to
    /// short sites in reach with the highest value per m³, while that strictly gains.
    /// Marginal values are exact per chunk (chunks never cross a tranche or lot boundary), so
    /// every accepted trade lowers the objective. Sets `sol.objective`.
    func swapImprove(_ sol: inout PrimalSolution) {
        let s = self.s
        let K = s.K
        let D = s.D
        let nets = self.nets
        let vols = self.vols
        var load = depotLoad(sol)
        var delivered = [[Int64]](repeating: [], count: K)
        var shipped = [[Int64]](repeating: [], count: K)
        for k in 0..<K {
            let net = nets[k]
            var del = [Int64](repeating: 0, count: net.nSites)
            var shp = [Int64](repeating: 0, count: net.nDepots)
            sol.shipFlow[k].withUnsafeBufferPointer { f in
                for e in 0..<net.nShip where f[e] != 0 {
                    del[Int(net.shipSite[e])] += f[e]
                    shp[Int(net.shipDepot[e])] += f[e]
                }
            }
            delivered[k] = del
            shipped[k] = shp
        }
        struct Cand {
            var density: Double
            var k: Int32
            var e: Int32
        }
        var ins: [Cand] = []
        var outs: [Cand] = []
        for d in 0..<D {
            // Quick screen: is the best incoming value per m³ above the worst outgoing one?
            var maxIn = -Double.infinity
            var minOut = Double.infinity
            for k in 0..<K {
                let net = nets[k]
                let j = Int(net.depotLocal[d])
                if j < 0 { continue }
                let shp = shipped[k][j]
                let canTake = net.depotStock[j] > shp
                let wasteIn = canTake ? Double(net.marginalWaste(depot: j, shipped: shp)) : 0
                let wasteOut = shp > 0 ? Double(net.marginalWaste(depot: j, shipped: shp - 1)) : 0
                let inv = 1 / vols[k]
                let flow = sol.shipFlow[k]
                let del = delivered[k]
                for o in Int(net.depotShipStart[j])..<Int(net.depotShipStart[j + 1]) {
                    let e = Int(net.depotShips[o])
                    let i = Int(net.shipSite[e])
                    let tc = Double(net.shipCost[e])
                    if flow[e] > 0 {
                        let v = (Double(net.marginalPenalty(site: i, delivered: del[i] - 1)) + wasteOut - tc) * inv
                        if v < minOut { minOut = v }
                    }
                    if canTake {
                        let v = (Double(net.marginalPenalty(site: i, delivered: del[i])) + wasteIn - tc) * inv
                        if v > maxIn { maxIn = v }
                    }
                }
            }
            if !(maxIn > 0 && maxIn > minOut) { continue }
            ins.removeAll(keepingCapacity: true)
            outs.removeAll(keepingCapacity: true)
            for k in 0..<K {
                let net = nets[k]
                let j = Int(net.depotLocal[d])
                if j < 0 { continue }
                let shp = shipped[k][j]
                let stockLeft = net.depotStock[j] - shp
                let wasteIn = Double(net.marginalWaste(depot: j, shipped: shp))
                let wasteOut = shp > 0 ? Double(net.marginalWaste(depot: j, shipped: shp - 1)) : 0
                let vol = vols[k]
                for o in Int(net.depotShipStart[j])..<Int(net.depotShipStart[j + 1]) {
                    let e = Int(net.depotShips[o])
                    let i = Int(net.shipSite[e])
                    let del = delivered[k][i]
                    let tc = Double(net.shipCost[e])
                    if sol.shipFlow[k][e] > 0 {
                        let v = Double(net.marginalPenalty(site: i, delivered: del - 1)) + wasteOut - tc
                        outs.append(Cand(density: v / vol, k: Int32(k), e: Int32(e)))
                    }
                    if stockLeft > 0 {
                        let pen = net.marginalPenalty(site: i, delivered: del)
                        if pen > 0 {
                            let v = Double(pen) + wasteIn - tc
                            if v > 0 { ins.append(Cand(density: v / vol, k: Int32(k), e: Int32(e))) }
                        }
                    }
                }
            }
            if ins.isEmpty || outs.isEmpty { continue }
            ins.sort { $0.density != $1.density ? $0.density > $1.density : ($0.k != $1.k ? $0.k < $1.k : $0.e < $1.e) }
            outs.sort {
                $0.density != $1.density ? $0.density < $1.density : ($0.k != $1.k ? $0.k < $1.k : $0.e < $1.e)
            }
            // Nothing to gain if the best incoming is not worth more than the cheapest outgoing.
            if ins[0].density <= outs[0].density { continue }
            var oi = 0
            for c in ins {
                let k = Int(c.k)
                let e = Int(c.e)
                let net = nets[k]
                let vol = vols[k]
                let i = Int(net.shipSite[e])
                let j = Int(net.shipDepot[e])
                if oi < outs.count && c.density <= outs[oi].density { break }
                // Take one chunk at a time while the trade gains.
                while true {
                    let del = delivered[k][i]
                    let pen = net.marginalPenalty(site: i, delivered: del)
                    if pen == 0 { break }
                    let stockLeft = net.depotStock[j] - shipped[k][j]
                    if stockLeft <= 0 { break }
                    let vIn =
                        Double(pen) + Double(net.marginalWaste(depot: j, shipped: shipped[k][j]))
                        - Double(net.shipCost[e])
                    if vIn <= 0 { break }
                    let qIn = min(
                        net.trancheRemaining(site: i, delivered: del), stockLeft,
                        net.lotRemaining(depot: j, shipped: shipped[k][j]))
                    var fit = AllocationProblem.unitsThatFit(free: s.cap[d] - load[d], volume: vol, capacity: s.cap[d])
                    if fit <= 0 {
                        // Remove one chunk of the least valuable shipment if it is worth less per m³.
                        while oi < outs.count && sol.shipFlow[Int(outs[oi].k)][Int(outs[oi].e)] == 0 { oi += 1 }
                        if oi >= outs.count { break }
                        let ok = Int(outs[oi].k)
                        let oe = Int(outs[oi].e)
                        if ok == k && oe == e { break }
                        let onet = nets[ok]
                        let ovol = vols[ok]
                        let oj = Int(onet.shipDepot[oe])
                        let osite = Int(onet.shipSite[oe])
                        let odel = delivered[ok][osite]
                        let vOut =
                            Double(onet.marginalPenalty(site: osite, delivered: odel - 1))
                            + Double(onet.marginalWaste(depot: oj, shipped: shipped[ok][oj] - 1))
                            - Double(onet.shipCost[oe])
                        if vIn / vol <= vOut / ovol * (1 + 1e-12) + 1e-12 { break }
                        let chunkOut = min(
                            sol.shipFlow[ok][oe], onet.deliveredInLastTranche(site: osite, delivered: odel),
                            onet.lotUsedInLast(depot: oj, shipped: shipped[ok][oj]))
                        let want = max(Int64((vol / ovol).rounded(.up)), Int64(Double(qIn) * vol / ovol))
                        let q = max(1, min(chunkOut, want))
                        sol.shipFlow[ok][oe] -= q
                        delivered[ok][osite] -= q
                        shipped[ok][oj] -= q
                        load[d] -= Double(q) * ovol
                        fit = AllocationProblem.unitsThatFit(free: s.cap[d] - load[d], volume: vol, capacity: s.cap[d])
                        if fit <= 0 { continue }
                    }
                    let q = min(qIn, fit)
                    sol.shipFlow[k][e] += q
                    delivered[k][i] += q
                    shipped[k][j] += q
                    load[d] += Double(q) * vol
                }
            }
        }
        // Room freed by rounding is used by the greedy fill.
        greedyFill(&sol, load: depotLoad(sol))
        sol.objective = objective(sol)
    }

    /// Greedy fill of leftover capacity (see `repairAndFill`).
    func greedyFill(_ sol: inout PrimalSolution, load: [Double]) {
        let s = self.s
        let K = s.K
        let nets = self.nets
        let vols = self.vols
        var free = (0..<s.D).map { s.cap[$0] - load[$0] }
        var delivered = [[Int64]](repeating: [], count: K)
        var shipped = [[Int64]](repeating: [], count: K)
        for k in 0..<K {
            let net = s.items[k].net
            var del = [Int64](repeating: 0, count: net.nSites)
            var shp = [Int64](repeating: 0, count: net.nDepots)
            sol.shipFlow[k].withUnsafeBufferPointer { f in
                for e in 0..<net.nShip where f[e] != 0 {
                    del[Int(net.shipSite[e])] += f[e]
                    shp[Int(net.shipDepot[e])] += f[e]
                }
            }
            delivered[k] = del
            shipped[k] = shp
        }
        for (k32, i32) in fillOrder {
            let k = Int(k32)
            let i = Int(i32)
            let net = nets[k]
            let vol = vols[k]
            var e = Int(net.siteShipStart[i])
            let eEnd = Int(net.siteShipStart[i + 1])
            while e < eEnd {
                let del = delivered[k][i]
                let pen = net.marginalPenalty(site: i, delivered: del)
                if pen == 0 { break }
                let j = Int(net.shipDepot[e])
                let d = Int(net.depotGlobal[j])
                let stockLeft = net.depotStock[j] - shipped[k][j]
                if stockLeft <= 0 {
                    e += 1
                    continue
                }
                let fit = AllocationProblem.unitsThatFit(free: free[d], volume: vol, capacity: s.cap[d])
                if fit <= 0 {
                    e += 1
                    continue
                }
                if net.shipCost[e] > pen {
                    e += 1
                    continue
                }
                let q = min(net.trancheRemaining(site: i, delivered: del), stockLeft, fit)
                if q <= 0 {
                    e += 1
                    continue
                }
                sol.shipFlow[k][e] += q
                delivered[k][i] += q
                shipped[k][j] += q
                free[d] -= Double(q) * vol
            }
        }
    }

    func objective(_ sol: PrimalSolution) -> Int {
        var total = 0
        for k in 0..<s.K {
            total += sol.shipFlow[k].withUnsafeBufferPointer {
                s.items[k].net.objective(problem: s.p, shipFlow: $0.baseAddress!)
            }
        }
        return total
    }

    // MARK: output

    /// Lot-level shipments of a primal solution, after a last capacity guard.
    func solution(from sol: inout PrimalSolution) -> AllocationSolution {
        enforceCapacity(&sol)
        var out = AllocationSolution()
        for k in 0..<s.K {
            let f = sol.shipFlow[k]
            s.items[k].net.appendShipments(problem: s.p, index: s.ix, shipFlow: { f[$0] }, to: &out)
        }
        return out
    }

    /// Removes units where floating-point drift left a depot above capacity by more than
    /// 1e-10 relative (not expected: shares and the fill overshoot by at most 1e-12 × cap).
    func enforceCapacity(_ sol: inout PrimalSolution) {
        let s = self.s
        var load = depotLoad(sol)
        var changed = false
        for d in 0..<s.D where load[d] > s.cap[d] * (1 + 1e-10) {
            for k in 0..<s.K {
                let it = s.items[k]
                let j = Int(it.net.depotLocal[d])
                if j < 0 { continue }
                for e in 0..<it.net.nShip where Int(it.net.shipDepot[e]) == j {
                    while sol.shipFlow[k][e] > 0 && load[d] > s.cap[d] * (1 + 1e-10) {
                        sol.shipFlow[k][e] -= 1
                        load[d] -= it.vol
                        changed = true
                    }
                }
            }
        }
        if changed { sol.objective = objective(sol) }
    }
}
