// swift-format-ignore-file: AlwaysUseLowerCamelCase
// The solver keeps the notation of docs/allocation.md (K items, D depots, S sites, L lots).
// Validation of an AllocationProblem: every error names the field and the row.

extension AllocationProblem {
    /// Largest accepted quantity, cost, rate or road distance (2^40 ≈ 1.1e12): keeps every
    /// product and sum of the objective inside 64-bit integers.
    public static let maxMagnitude = 1 << 40

    /// Checks the problem and throws the first error found, naming the field and row.
    /// Order: table shapes, then per-row values table by table, then duplicates, then tranches.
    public func validate() throws(AllocationFileError) {
        let K = items.count
        let D = depots.count
        let S = sites.count
        let L = lots.count
        let R = demands.count
        let A = arcs.count

        // Shapes (ragged columns).
        try Self.sameLength(
            "items", [("id", items.id.count), ("volume_m3", items.volumeM3.count), ("rate", items.rate.count)])
        try Self.sameLength(
            "depots",
            [
                ("id", depots.id.count), ("x_km", depots.xKm.count), ("y_km", depots.yKm.count),
                ("capacity_m3", depots.capacityM3.count),
            ])
        try Self.sameLength(
            "sites",
            [
                ("id", sites.id.count), ("x_km", sites.xKm.count), ("y_km", sites.yKm.count),
                ("priority", sites.priority.count),
            ])
        try Self.sameLength(
            "lots",
            [
                ("id", lots.id.count), ("depot", lots.depot.count), ("item", lots.item.count),
                ("quantity", lots.quantity.count), ("expires_in_days", lots.expiresInDays.count),
                ("waste_cost", lots.wasteCost.count),
            ])
        try Self.sameLength(
            "demands",
            [
                ("site", demands.site.count), ("item", demands.item.count),
                ("quantity", demands.quantity.count),
            ])
        try Self.sameLength(
            "arcs",
            [
                ("depot", arcs.depot.count), ("site", arcs.site.count),
                ("road_km", arcs.roadKm.count), ("hours", arcs.hours.count),
            ])
        let maxM = Self.maxMagnitude

        // Items.
        for k in 0..<K {
            let v = items.volumeM3[k]
            if !v.isFinite {
                throw .init(.invalidValue, field: "items.volume_m3", index: k, "volume \(v) is not a finite number")
            }
            if v < 0 { throw .init(.negative, field: "items.volume_m3", index: k, "negative volume \(v)") }
            if v == 0 {
                throw .init(.invalidValue, field: "items.volume_m3", index: k, "volume must be greater than 0")
            }
            let r = items.rate[k]
            if r < 0 { throw .init(.negative, field: "items.rate", index: k, "negative rate \(r)") }
            if r > maxM { throw .init(.invalidValue, field: "items.rate", index: k, "rate \(r) exceeds \(maxM)") }
        }
        // Penalty: 3 × K.
        if penalty.count != Self.priorityClasses {
            throw .init(
                .invalidValue, field: "penalty",
                "penalty must have \(Self.priorityClasses) rows (one per priority class), found \(penalty.count)")
        }
        for p in 0..<Self.priorityClasses {
            if penalty[p].count != K {
                throw .init(
                    .raggedColumns, field: "penalty", index: p,
                    "row has \(penalty[p].count) entries, expected \(K) (one per item)")
            }
            for k in 0..<K {
                let v = penalty[p][k]
                if v < 0 { throw .init(.negative, field: "penalty[\(p)]", index: k, "negative penalty \(v)") }
                if v > maxM {
                    throw .init(.invalidValue, field: "penalty[\(p)]", index: k, "penalty \(v) exceeds \(maxM)")
                }
            }
        }
        // Depots.
        for d in 0..<D {
            let c = depots.capacityM3[d]
            if !c.isFinite {
                throw .init(
                    .invalidValue, field: "depots.capacity_m3", index: d, "capacity \(c) is not a finite number")
            }
            if c < 0 { throw .init(.negative, field: "depots.capacity_m3", index: d, "negative capacity \(c)") }
            if !depots.xKm[d].isFinite {
                throw .init(.invalidValue, field: "depots.x_km", index: d, "not a finite number")
            }
            if !depots.yKm[d].isFinite {
                throw .init(.invalidValue, field: "depots.y_km", index: d, "not a finite number")
            }
        }
        // Sites.
        for s in 0..<S {
            let p = sites.priority[s]
            if p < 0 || p >= Self.priorityClasses {
                throw .init(
                    .invalidValue, field: "sites.priority", index: s,
                    "priority class \(p) out of range 0..<\(Self.priorityClasses)")
            }
            if !sites.xKm[s].isFinite {
                throw .init(.invalidValue, field: "sites.x_km", index: s, "not a finite number")
            }
            if !sites.yKm[s].isFinite {
                throw .init(.invalidValue, field: "sites.y_km", index: s, "not a finite number")
            }
        }
        // Lots.
        for l in 0..<L {
            let d = lots.depot[l]
            if d < 0 || d >= D {
                throw .init(.indexOutOfRange, field: "lots.depot", index: l, "depot index \(d) out of range 0..<\(D)")
            }
            let k = lots.item[l]
            if k < 0 || k >= K {
                throw .init(.indexOutOfRange, field: "lots.item", index: l, "item index \(k) out of range 0..<\(K)")
            }
            let q = lots.quantity[l]
            if q < 0 { throw .init(.negative, field: "lots.quantity", index: l, "negative quantity \(q)") }
            if q > maxM {
                throw .init(.invalidValue, field: "lots.quantity", index: l, "quantity \(q) exceeds \(maxM)")
            }
            let w = lots.wasteCost[l]
            if w < 0 { throw .init(.negative, field: "lots.waste_cost", index: l, "negative waste cost \(w)") }
            if w > maxM {
                throw .init(.invalidValue, field: "lots.waste_cost", index: l, "waste cost \(w) exceeds \(maxM)")
            }
        }
        // Demands.
        for r in 0..<R {
            let s = demands.site[r]
            if s < 0 || s >= S {
                throw .init(.indexOutOfRange, field: "demands.site", index: r, "site index \(s) out of range 0..<\(S)")
            }
            let k = demands.item[r]
            if k < 0 || k >= K {
                throw .init(.indexOutOfRange, field: "demands.item", index: r, "item index \(k) out of range 0..<\(K)")
            }
            let q = demands.quantity[r]
            if q < 0 { throw .init(.negative, field: "demands.quantity", index: r, "negative quantity \(q)") }
            if q > maxM {
                throw .init(.invalidValue, field: "demands.quantity", index: r, "quantity \(q) exceeds \(maxM)")
            }
        }
        // Arcs.
        for a in 0..<A {
            let d = arcs.depot[a]
            if d < 0 || d >= D {
                throw .init(.indexOutOfRange, field: "arcs.depot", index: a, "depot index \(d) out of range 0..<\(D)")
            }
            let s = arcs.site[a]
            if s < 0 || s >= S {
                throw .init(.indexOutOfRange, field: "arcs.site", index: a, "site index \(s) out of range 0..<\(S)")
            }
            let km = arcs.roadKm[a]
            if km < 0 { throw .init(.negative, field: "arcs.road_km", index: a, "negative distance \(km)") }
            if km > maxM {
                throw .init(.invalidValue, field: "arcs.road_km", index: a, "distance \(km) exceeds \(maxM)")
            }
            let h = arcs.hours[a]
            if !h.isFinite {
                throw .init(.invalidValue, field: "arcs.hours", index: a, "hours \(h) is not a finite number")
            }
            if h < 0 { throw .init(.negative, field: "arcs.hours", index: a, "negative hours \(h)") }
        }
        // Transport cost per unit must stay within the magnitude limit too.
        if A > 0 && K > 0 {
            let maxRate = items.rate.max() ?? 0
            for a in 0..<A where arcs.roadKm[a] > 0 && maxRate > maxM / arcs.roadKm[a] {
                throw .init(
                    .invalidValue, field: "arcs.road_km", index: a,
                    "rate × distance \(maxRate) × \(arcs.roadKm[a]) exceeds \(maxM)")
            }
        }
        // Duplicates: (site, item) demand rows, (depot, site) arcs. Reports the smallest row
        // index that repeats an earlier row.
        if let r = Self.firstDuplicate(groups: demands.site, groupCount: S, members: demands.item, memberCount: K) {
            throw .init(
                .duplicate, field: "demands", index: r,
                "duplicate demand for site \(demands.site[r]) and item \(demands.item[r])")
        }
        if let a = Self.firstDuplicate(groups: arcs.site, groupCount: S, members: arcs.depot, memberCount: D) {
            throw .init(
                .duplicate, field: "arcs", index: a,
                "duplicate arc from depot \(arcs.depot[a]) to site \(arcs.site[a])")
        }
        // Tranches.
        for r in tranches.keys.sorted() {
            let ts = tranches[r]!
            if r < 0 || r >= R {
                throw .init(.invalidTranche, field: "tranches", index: r, "demand row \(r) out of range 0..<\(R)")
            }
            var total = 0
            for (i, t) in ts.enumerated() {
                if t.quantity < 0 {
                    throw .init(
                        .invalidTranche, field: "tranches", index: r, "tranche \(i): negative quantity \(t.quantity)")
                }
                if t.penalty < 0 {
                    throw .init(
                        .invalidTranche, field: "tranches", index: r, "tranche \(i): negative penalty \(t.penalty)")
                }
                if t.penalty > maxM {
                    throw .init(
                        .invalidTranche, field: "tranches", index: r,
                        "tranche \(i): penalty \(t.penalty) exceeds \(maxM)")
                }
                if i > 0 && t.penalty > ts[i - 1].penalty {
                    throw .init(
                        .invalidTranche, field: "tranches", index: r,
                        """
                        tranche \(i): penalty \(t.penalty) above the previous tranche's \(ts[i - 1].penalty); \
                        penalties must not increase (convex shortage cost)
                        """
                    )
                }
                total += t.quantity
                if total > maxM {
                    throw .init(.invalidTranche, field: "tranches", index: r, "tranche quantities exceed \(maxM)")
                }
            }
            if total != demands.quantity[r] {
                throw .init(
                    .invalidTranche, field: "tranches", index: r,
                    "tranche quantities add up to \(total), the demand row asks for \(demands.quantity[r])")
            }
        }
        // Whole-objective magnitude: every term below 2^62 in total.
        var bound = 0.0
        for r in 0..<R {
            var pmax = 0
            if let ts = tranches[r] {
                pmax = ts.first?.penalty ?? 0
            } else {
                for p in 0..<Self.priorityClasses { pmax = max(pmax, penalty[p][demands.item[r]]) }
            }
            bound += Double(demands.quantity[r]) * Double(max(pmax, 1))
        }
        var maxTransport = 0.0
        if let mk = arcs.roadKm.max(), let mr = items.rate.max() { maxTransport = Double(mk) * Double(mr) }
        for l in 0..<L {
            bound += Double(lots.quantity[l]) * (Double(lots.wasteCost[l]) + maxTransport + 1)
        }
        if bound > 4.0e18 {
            throw .init(.invalidValue, field: "", "problem too large: costs × quantities could exceed 64-bit integers")
        }
    }

    static func sameLength(_ table: String, _ columns: [(String, Int)]) throws(AllocationFileError) {
        guard let first = columns.first else { return }
        for (name, n) in columns.dropFirst() where n != first.1 {
            throw AllocationFileError(
                .raggedColumns, field: "\(table).\(name)",
                "column has \(n) rows, \(table).\(first.0) has \(first.1)")
        }
    }

    /// Smallest row index r such that (groups[r], members[r]) equals an earlier row, or nil.
    /// O(n + groupCount + memberCount). Assumes indexes are in range.
    static func firstDuplicate(groups: [Int], groupCount: Int, members: [Int], memberCount: Int) -> Int? {
        let n = groups.count
        if n < 2 { return nil }
        var start = [Int](repeating: 0, count: groupCount + 1)
        for g in groups { start[g + 1] += 1 }
        for i in 0..<groupCount { start[i + 1] += start[i] }
        var fill = start
        var rows = [Int](repeating: 0, count: n)
        for r in 0..<n {
            rows[fill[groups[r]]] = r
            fill[groups[r]] += 1
        }
        var stamp = [Int](repeating: -1, count: memberCount)
        var best: Int? = nil
        for g in 0..<groupCount {
            for i in start[g]..<start[g + 1] {
                let r = rows[i]
                let m = members[r]
                if stamp[m] == g {
                    if best == nil || r < best! { best = r }
                } else {
                    stamp[m] = g
                }
            }
        }
        return best
    }
}
