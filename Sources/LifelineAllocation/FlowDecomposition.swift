// Turning depot → site flows of one item into lot → site shipments.
//
// Costs depend on the depot, not the lot, so any split is as cheap in transport; the waste
// term is smallest when the lots with the highest waste cost are used first. Lots of a depot
// are taken in the order (waste cost desc, expires_in_days asc, lot row asc), sites in
// ascending order: deterministic and "near-expiry first".

extension ItemNetwork {
    /// Appends the shipments of this item to `out`, given the flow on each ship arc.
    /// `shipFlow(e)` must be ≥ 0; per depot the total must not exceed the depot's stock.
    func appendShipments(
        problem p: AllocationProblem, index ix: ProblemIndex,
        shipFlow: (Int) -> Int64, to out: inout AllocationSolution
    ) {
        if nShip == 0 { return }
        // Group ship arcs by depot (counting sort keeps site order within a depot).
        var start = [Int](repeating: 0, count: nDepots + 1)
        for e in 0..<nShip where shipFlow(e) > 0 { start[Int(shipDepot[e]) + 1] += 1 }
        for j in 0..<nDepots { start[j + 1] += start[j] }
        var fill = start
        var arcs = [Int32](repeating: 0, count: start[nDepots])
        for e in 0..<nShip where shipFlow(e) > 0 {
            let j = Int(shipDepot[e])
            arcs[fill[j]] = Int32(e)
            fill[j] += 1
        }
        // Lots per local depot.
        var lotStart = [Int](repeating: 0, count: nDepots + 1)
        for i in 0..<nUnused { lotStart[Int(unusedDepot[i]) + 1] += 1 }
        for j in 0..<nDepots { lotStart[j + 1] += lotStart[j] }
        var lfill = lotStart
        var lotsOf = [Int](repeating: 0, count: nUnused)
        for i in 0..<nUnused {
            let j = Int(unusedDepot[i])
            lotsOf[lfill[j]] = Int(unusedLot[i])
            lfill[j] += 1
        }
        for j in 0..<nDepots where start[j] < start[j + 1] {
            var lots = Array(lotsOf[lotStart[j]..<lotStart[j + 1]])
            lots.sort { a, b in
                let wa = p.lots.wasteCost[a]
                let wb = p.lots.wasteCost[b]
                if wa != wb { return wa > wb }
                let ea = p.lots.expiresInDays[a]
                let eb = p.lots.expiresInDays[b]
                if ea != eb { return ea < eb }
                return a < b
            }
            // Sites in ascending global order.
            var list = Array(arcs[start[j]..<start[j + 1]])
            list.sort { siteGlobal[Int(shipSite[Int($0)])] < siteGlobal[Int(shipSite[Int($1)])] }
            var li = 0
            var left = lots.isEmpty ? 0 : p.lots.quantity[lots[0]]
            for e32 in list {
                let e = Int(e32)
                var q = Int(shipFlow(e))
                let s = Int(siteGlobal[Int(shipSite[e])])
                while q > 0 {
                    while left == 0 {
                        li += 1
                        precondition(li < lots.count, "flow exceeds the depot's stock")
                        left = p.lots.quantity[lots[li]]
                    }
                    let take = min(q, left)
                    out.append(lot: lots[li], site: s, quantity: take)
                    q -= take
                    left -= take
                }
            }
        }
    }
}
