import Testing

@testable import LifelineAllocation

/// A small valid problem: 3 depots, 4 sites, 2 items.
func sampleProblem() -> AllocationProblem {
    var p = AllocationProblem()
    p.items = .init(id: ["masks", "saline"], volumeM3: [0.0272, 0.5], rate: [3, 1])
    p.depots = .init(id: ["D0", "D1", "D2"], xKm: [0, 10.5, 20], yKm: [0, 0, 1e-3], capacityM3: [10, 2.5, 0])
    p.sites = .init(
        id: ["S0", "S1", "S2", "S\"quoted\"\\n"], xKm: [1, 2, 3, 4], yKm: [1, 2, 3, 4], priority: [0, 1, 2, 2])
    p.lots = .init(
        id: ["L0", "L1", "L2", "L3"], depot: [0, 0, 1, 2], item: [0, 1, 0, 1], quantity: [40, 5, 12, 7],
        expiresInDays: [7, 300, 30, 720], wasteCost: [19, 3, 10, 0])
    p.demands = .init(site: [0, 1, 2, 3, 3], item: [0, 0, 1, 0, 1], quantity: [10, 20, 4, 8, 3])
    p.arcs = .init(
        depot: [0, 0, 1, 1, 2, 0], site: [0, 1, 1, 2, 3, 3], roadKm: [12, 30, 8, 40, 5, 60],
        hours: [0.2, 0.5, 0.133, 0.667, 0.083, 1.0])
    p.penalty = [[144000, 48000], [14400, 4800], [1440, 480]]
    return p
}

func encodeToString(_ p: AllocationProblem) -> String {
    String(decoding: AllocationJSON.encodeProblem(p), as: UTF8.self)
}

func decode(_ s: String) throws(AllocationFileError) -> AllocationProblem {
    try AllocationJSON.decodeProblem(Array(s.utf8))
}

/// Decodes and validates, returning the error.
func firstError(_ s: String) -> AllocationFileError? {
    do {
        let p = try decode(s)
        try p.validate()
        return nil
    } catch {
        return error
    }
}

func firstError(_ p: AllocationProblem) -> AllocationFileError? {
    do {
        try p.validate()
        return nil
    } catch { return error }
}

@Suite struct FormatTests {
    @Test func problemRoundTrip() throws {
        let p = sampleProblem()
        try p.validate()
        let q = try decode(encodeToString(p))
        #expect(q == p)
        var rng = SeededRNG(seed: 3)
        for _ in 0..<50 {
            let r = randomProblem(&rng)
            #expect(try decode(encodeToString(r)) == r)
        }
    }

    @Test func solutionRoundTrip() throws {
        let s = AllocationSolution(
            lot: [0, 3, 2], site: [0, 3, 1], quantity: [10, 3, 12],
            objective: 123_456_789_012, lowerBound: 123_000_000_000.5, solveSeconds: 0.25)
        let t = try AllocationJSON.decodeSolution(AllocationJSON.encodeSolution(s))
        #expect(t == s)
        let bare = try AllocationJSON.decodeSolution(
            Array(#"{"format":"lifeline-allocation-solution/1","shipments":{"lot":[],"site":[],"quantity":[]}}"#.utf8))
        #expect(bare.count == 0 && bare.objective == nil && bare.lowerBound == nil)
    }

    @Test func readsGeneratorStyleJSON() throws {
        let text = """
             { "format" : "lifeline-allocation-problem/1",
               "params": {"D": 1, "nested": [1, {"a": null, "b": [true, false]}], "s": "x\\u00e9\\"y"},
               "items": {"id": ["I0"], "volume_m3": [2.5E-2], "rate": [3]},
               "depots": {"id": ["D0"], "x_km": [-1.5], "y_km": [0], "capacity_m3": [1e2]},
               "sites": {"id": ["caf\\u00e9 \\ud83d\\ude91"], "x_km": [0.0], "y_km": [0.0], "priority": [2]},
               "lots": {"id": ["L0"], "depot": [0], "item": [0], "quantity": [5], "expires_in_days": [7], \
               "waste_cost": [19]},
               "demands": {"site": [0], "item": [0], "quantity": [3.0]},
               "arcs": {"depot": [0], "site": [0], "road_km": [12], "hours": [0.2]},
               "penalty": [[10], [5], [1]], "extra": {"ignored": true} }
            """
        let p = try decode(text)
        try p.validate()
        #expect(p.items.volumeM3 == [0.025])
        #expect(p.depots.capacityM3 == [100])
        #expect(p.depots.xKm == [-1.5])
        #expect(p.sites.id == ["café 🚑"])
        #expect(p.demands.quantity == [3])
        #expect(p.paramsJSON?.hasPrefix("{\"D\": 1") == true)
        // Transport (3 × 12 per unit) exceeds the penalty (1): nothing ships.
        let r = try Allocator.solve(p)
        #expect(r.objective == 3 * 1 + 5 * 19)
        #expect(p.explainUnmet(r.solution).map(\.reason) == [.uneconomic])
    }

    @Test func optionalColumnsDefault() throws {
        let text = """
            {"format":"lifeline-allocation-problem/1","items":{"volume_m3":[1],"rate":[1]},"depots":{"capacity_m3":[5]},
             "sites":{"priority":[0]},"lots":{"depot":[0],"item":[0],"quantity":[2],"waste_cost":[1]},
             "demands":{"site":[0],"item":[0],"quantity":[1]},"arcs":{"depot":[0],"site":[0],"road_km":[3]},
             "penalty":[[9],[9],[9]]}
            """
        let p = try decode(text)
        try p.validate()
        #expect(p.items.id == [""] && p.arcs.hours == [0] && p.lots.expiresInDays == [0])
    }

    // MARK: errors

    @Test func wrongFormatString() {
        var t = encodeToString(sampleProblem())
        t = t.replacingOccurrences("lifeline-allocation-problem/1", "lifeline-allocation-problem/2")
        let e = firstError(t)
        #expect(e?.kind == .wrongFormat && e?.field == "format")
        let sol = try? AllocationJSON.decodeSolution(
            Array(#"{"format":"lifeline-allocation-problem/1","shipments":{}}"#.utf8))
        #expect(sol == nil)
    }

    @Test(arguments: ["sites.priority", "lots.waste_cost", "arcs.road_km", "items.volume_m3", "demands.site"])
    func missingColumn(_ name: String) {
        let parts = name.split(separator: ".")
        let t = encodeToString(sampleProblem()).replacingOccurrences(
            "\"\(parts[1])\":", "\"renamed_\(parts[1])\":", inTable: String(parts[0]))
        let e = firstError(t)
        #expect(e?.kind == .missingField)
        #expect(e?.field == name)
        #expect(e?.description == "missing field \(name)")
    }

    @Test func missingTableAndPenalty() {
        let t = encodeToString(sampleProblem())
        #expect(firstError(t.replacingOccurrences("\"arcs\":", "\"arcz\":"))?.field == "arcs")
        #expect(firstError(t.replacingOccurrences("\"penalty\":", "\"penaltz\":"))?.field == "penalty")
        #expect(firstError(t.replacingOccurrences("\"format\":", "\"formal\":"))?.field == "format")
    }

    @Test func outOfRangeIndexes() {
        var p = sampleProblem()
        p.lots.depot[2] = 512
        var e = firstError(p)
        #expect(e?.kind == .indexOutOfRange && e?.field == "lots.depot" && e?.index == 2)
        #expect(e?.description == "lots.depot[2]: depot index 512 out of range 0..<3")
        p = sampleProblem()
        p.lots.item[1] = -1
        e = firstError(p)
        #expect(e?.field == "lots.item" && e?.index == 1)
        p = sampleProblem()
        p.demands.site[4] = 4
        #expect(firstError(p)?.field == "demands.site" && firstError(p)?.index == 4)
        p = sampleProblem()
        p.demands.item[0] = 2
        #expect(firstError(p)?.field == "demands.item" && firstError(p)?.index == 0)
        p = sampleProblem()
        p.arcs.depot[5] = 3
        #expect(firstError(p)?.field == "arcs.depot" && firstError(p)?.index == 5)
        p = sampleProblem()
        p.arcs.site[1] = 99
        #expect(firstError(p)?.field == "arcs.site" && firstError(p)?.index == 1)
    }

    @Test func negativeAndInvalidValues() {
        var p = sampleProblem()
        p.demands.quantity[3] = -4
        var e = firstError(p)
        #expect(e?.kind == .negative)
        #expect(e?.description == "demands.quantity[3]: negative quantity -4")
        p = sampleProblem()
        p.lots.quantity[2] = -1
        #expect(firstError(p)?.field == "lots.quantity" && firstError(p)?.index == 2)
        p = sampleProblem()
        p.lots.wasteCost[0] = -3
        #expect(firstError(p)?.field == "lots.waste_cost" && firstError(p)?.index == 0)
        p = sampleProblem()
        p.depots.capacityM3[1] = -0.5
        #expect(firstError(p)?.field == "depots.capacity_m3" && firstError(p)?.index == 1)
        p = sampleProblem()
        p.depots.capacityM3[1] = .nan
        #expect(firstError(p)?.kind == .invalidValue && firstError(p)?.index == 1)
        p = sampleProblem()
        p.items.volumeM3[1] = 0
        e = firstError(p)
        #expect(e?.kind == .invalidValue && e?.field == "items.volume_m3" && e?.index == 1)
        p = sampleProblem()
        p.items.rate[0] = -2
        #expect(firstError(p)?.field == "items.rate" && firstError(p)?.index == 0)
        p = sampleProblem()
        p.sites.priority[2] = 3
        e = firstError(p)
        #expect(e?.kind == .invalidValue && e?.field == "sites.priority" && e?.index == 2)
        p = sampleProblem()
        p.arcs.roadKm[4] = -5
        #expect(firstError(p)?.field == "arcs.road_km" && firstError(p)?.index == 4)
        p = sampleProblem()
        p.penalty[1][1] = -7
        e = firstError(p)
        #expect(e?.field == "penalty[1]" && e?.index == 1 && e?.kind == .negative)
        p = sampleProblem()
        p.lots.quantity[0] = 1 << 41
        #expect(firstError(p)?.kind == .invalidValue && firstError(p)?.field == "lots.quantity")
    }

    @Test func raggedColumnsAndPenaltyShape() {
        var p = sampleProblem()
        p.lots.item.removeLast()
        var e = firstError(p)
        #expect(e?.kind == .raggedColumns && e?.field == "lots.item")
        #expect(e?.description == "lots.item: column has 3 rows, lots.id has 4")
        p = sampleProblem()
        p.arcs.hours.append(1)
        #expect(firstError(p)?.field == "arcs.hours")
        p = sampleProblem()
        p.penalty.removeLast()
        #expect(firstError(p)?.field == "penalty")
        p = sampleProblem()
        p.penalty[2].append(5)
        e = firstError(p)
        #expect(e?.kind == .raggedColumns && e?.field == "penalty" && e?.index == 2)
        // Ragged in the file.
        let t = encodeToString(sampleProblem()).replacingOccurrences("\"priority\":[0,1,2,2]", "\"priority\":[0,1,2]")
        #expect(firstError(t)?.field == "sites.priority")
    }

    @Test func duplicates() {
        var p = sampleProblem()
        p.demands.site.append(1)
        p.demands.item.append(0)
        p.demands.quantity.append(1)
        var e = firstError(p)
        #expect(e?.kind == .duplicate && e?.field == "demands" && e?.index == 5)
        #expect(e?.description == "demands[5]: duplicate demand for site 1 and item 0")
        p = sampleProblem()
        p.arcs.depot.insert(1, at: 0)
        p.arcs.site.insert(2, at: 0)
        p.arcs.roadKm.insert(9, at: 0)
        p.arcs.hours.insert(1, at: 0)
        e = firstError(p)
        #expect(e?.kind == .duplicate && e?.field == "arcs" && e?.index == 4)
    }

    @Test func syntaxAndTypeErrors() {
        let t = encodeToString(sampleProblem())
        var e = firstError(t.replacingOccurrences("\"quantity\":[40,5,12,7]", "\"quantity\":[40,5,\"12\",7]"))
        #expect(e?.kind == .wrongType && e?.field == "lots.quantity" && e?.index == 2)
        e = firstError(t.replacingOccurrences("\"quantity\":[40,5,12,7]", "\"quantity\":[40,5.5,12,7]"))
        #expect(e?.kind == .wrongType && e?.field == "lots.quantity" && e?.index == 1)
        e = firstError(t.replacingOccurrences("\"quantity\":[40,5,12,7]", "\"quantity\":[40,5 12,7]"))
        #expect(e?.kind == .syntax && e?.field == "lots.quantity" && e?.index == 2)
        e = firstError(String(t.dropLast(3)))
        #expect(e?.kind == .syntax)
        e = firstError(t.replacingOccurrences("\"rate\":[3,1]", "\"rate\":{}"))
        #expect(e?.kind == .wrongType && e?.field == "items.rate")
        e = firstError(t + "x")
        #expect(e?.kind == .syntax)
        #expect(firstError("")?.kind == .syntax)
        e = firstError(t.replacingOccurrences("\"capacity_m3\":[10.0,2.5,0.0]", "\"capacity_m3\":[10.0,2.5,null]"))
        #expect(e?.kind == .wrongType && e?.field == "depots.capacity_m3" && e?.index == 2)
    }

    @Test func trancheValidation() {
        var p = sampleProblem()
        p.tranches[1] = [DemandTranche(quantity: 10, penalty: 100), DemandTranche(quantity: 10, penalty: 50)]
        #expect(firstError(p) == nil)
        p.tranches[1] = [DemandTranche(quantity: 10, penalty: 50), DemandTranche(quantity: 10, penalty: 100)]
        var e = firstError(p)
        #expect(e?.kind == .invalidTranche && e?.field == "tranches" && e?.index == 1)
        p.tranches[1] = [DemandTranche(quantity: 10, penalty: 100), DemandTranche(quantity: 5, penalty: 50)]
        e = firstError(p)
        #expect(e?.kind == .invalidTranche && e?.index == 1)
        p.tranches = [7: [DemandTranche(quantity: 1, penalty: 1)]]
        #expect(firstError(p)?.index == 7)
    }
}

extension String {
    func replacingOccurrences(_ a: String, _ b: String) -> String {
        var out = ""
        var rest = self[...]
        while let r = rest.firstRange(of: a) {
            out += rest[..<r.lowerBound]
            out += b
            rest = rest[r.upperBound...]
        }
        return out + rest
    }

    /// Replaces the first occurrence of `a` after the key of `table`.
    func replacingOccurrences(_ a: String, _ b: String, inTable table: String) -> String {
        guard let t = firstRange(of: "\"\(table)\":{"), let r = self[t.upperBound...].firstRange(of: a) else {
            return self
        }
        return String(self[..<r.lowerBound]) + b + String(self[r.upperBound...])
    }
}
