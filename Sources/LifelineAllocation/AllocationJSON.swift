// Reading and writing the JSON of FORMAT.md (problem and solution) from and to bytes, fast. The
// files themselves are the caller's (LifelineServices' AllocationFiles): the engine does no I/O.

/// JSON reader and writer for `lifeline-allocation-problem/1` and `lifeline-allocation-solution/1`.
public enum AllocationJSON {

    // MARK: problem

    /// Parses a problem. Unknown keys are ignored; `id`, coordinates, `expires_in_days` and
    /// `hours` are optional (filled with "" or 0); all other columns are required.
    public static func decodeProblem(_ bytes: [UInt8]) throws(AllocationFileError) -> AllocationProblem {
        do {
            return try bytes.withUnsafeBufferPointer { (buf) throws(AllocationFileError) -> AllocationProblem in
                guard let base = buf.baseAddress, buf.count > 0 else {
                    throw AllocationFileError(.syntax, field: "", "empty file")
                }
                var sc = JSONScanner(base, count: buf.count)
                return try decodeProblem(&sc)
            }
        }
    }

    private static func decodeProblem(_ sc: inout JSONScanner) throws(AllocationFileError) -> AllocationProblem {
        var p = AllocationProblem()
        var format: String? = nil
        var seen = Set<String>()
        var cols = [String: Int]()  // "table.column" -> length, for required / optional checks
        try sc.expectObject("")
        if !sc.emptyContainer(0x7D) {
            repeat {
                let key = try sc.parseString("")
                try sc.expect(0x3A, key)
                switch key {
                case "format":
                    format = try sc.parseString("format")
                case "params":
                    let r = try sc.skipValue("params")
                    p.paramsJSON = String(
                        decoding: UnsafeBufferPointer(start: sc.base + r.lowerBound, count: r.count), as: UTF8.self)
                case "items", "depots", "sites", "lots", "demands", "arcs":
                    seen.insert(key)
                    try sc.expectObject(key)
                    if sc.emptyContainer(0x7D) { break }
                    repeat {
                        let col = try sc.parseString(key)
                        let f = "\(key).\(col)"
                        try sc.expect(0x3A, f)
                        var n = -1
                        switch f {
                        case "items.id":
                            p.items.id = try sc.parseStringArray(f)
                            n = p.items.id.count
                        case "items.volume_m3":
                            p.items.volumeM3 = try sc.parseDoubleArray(f)
                            n = p.items.volumeM3.count
                        case "items.rate":
                            p.items.rate = try sc.parseIntArray(f)
                            n = p.items.rate.count
                        case "depots.id":
                            p.depots.id = try sc.parseStringArray(f)
                            n = p.depots.id.count
                        case "depots.x_km":
                            p.depots.xKm = try sc.parseDoubleArray(f)
                            n = p.depots.xKm.count
                        case "depots.y_km":
                            p.depots.yKm = try sc.parseDoubleArray(f)
                            n = p.depots.yKm.count
                        case "depots.capacity_m3":
                            p.depots.capacityM3 = try sc.parseDoubleArray(f)
                            n = p.depots.capacityM3.count
                        case "sites.id":
                            p.sites.id = try sc.parseStringArray(f)
                            n = p.sites.id.count
                        case "sites.x_km":
                            p.sites.xKm = try sc.parseDoubleArray(f)
                            n = p.sites.xKm.count
                        case "sites.y_km":
                            p.sites.yKm = try sc.parseDoubleArray(f)
                            n = p.sites.yKm.count
                        case "sites.priority":
                            p.sites.priority = try sc.parseIntArray(f)
                            n = p.sites.priority.count
                        case "lots.id":
                            p.lots.id = try sc.parseStringArray(f)
                            n = p.lots.id.count
                        case "lots.depot":
                            p.lots.depot = try sc.parseIntArray(f)
                            n = p.lots.depot.count
                        case "lots.item":
                            p.lots.item = try sc.parseIntArray(f)
                            n = p.lots.item.count
                        case "lots.quantity":
                            p.lots.quantity = try sc.parseIntArray(f)
                            n = p.lots.quantity.count
                        case "lots.expires_in_days":
                            p.lots.expiresInDays = try sc.parseIntArray(f)
                            n = p.lots.expiresInDays.count
                        case "lots.waste_cost":
                            p.lots.wasteCost = try sc.parseIntArray(f)
                            n = p.lots.wasteCost.count
                        case "demands.site":
                            p.demands.site = try sc.parseIntArray(f)
                            n = p.demands.site.count
                        case "demands.item":
                            p.demands.item = try sc.parseIntArray(f)
                            n = p.demands.item.count
                        case "demands.quantity":
                            p.demands.quantity = try sc.parseIntArray(f)
                            n = p.demands.quantity.count
                        case "arcs.depot":
                            p.arcs.depot = try sc.parseIntArray(f)
                            n = p.arcs.depot.count
                        case "arcs.site":
                            p.arcs.site = try sc.parseIntArray(f)
                            n = p.arcs.site.count
                        case "arcs.road_km":
                            p.arcs.roadKm = try sc.parseIntArray(f)
                            n = p.arcs.roadKm.count
                        case "arcs.hours":
                            p.arcs.hours = try sc.parseDoubleArray(f)
                            n = p.arcs.hours.count
                        default: try sc.skipValue(f)
                        }
                        if n >= 0 { cols[f] = n }
                    } while try sc.more(0x7D, key)
                case "penalty":
                    try sc.expectArray("penalty")
                    var rows: [[Int]] = []
                    if !sc.emptyContainer(0x5D) {
                        repeat {
                            rows.append(try sc.parseIntArray("penalty[\(rows.count)]"))
                        } while try sc.more(0x5D, "penalty")
                    }
                    p.penalty = rows
                    seen.insert("penalty")
                default:
                    try sc.skipValue(key)
                }
            } while try sc.more(0x7D, "")
        }
        sc.skipWS()
        if sc.pos != sc.end { throw sc.syntax("", nil, "trailing data after the JSON object") }

        guard let format else { throw AllocationFileError(.missingField, field: "format", "missing field format") }
        if format != AllocationProblem.formatIdentifier {
            throw AllocationFileError(
                .wrongFormat, field: "format",
                "expected \"\(AllocationProblem.formatIdentifier)\", found \"\(format)\"")
        }
        let required: [(String, [String])] = [
            ("items", ["volume_m3", "rate"]),
            ("depots", ["capacity_m3"]),
            ("sites", ["priority"]),
            ("lots", ["depot", "item", "quantity", "waste_cost"]),
            ("demands", ["site", "item", "quantity"]),
            ("arcs", ["depot", "site", "road_km"]),
        ]
        for (table, columns) in required {
            if !seen.contains(table) {
                throw AllocationFileError(.missingField, field: table, "missing field \(table)")
            }
            for c in columns where cols["\(table).\(c)"] == nil {
                throw AllocationFileError(.missingField, field: "\(table).\(c)", "missing field \(table).\(c)")
            }
        }
        if !seen.contains("penalty") {
            throw AllocationFileError(.missingField, field: "penalty", "missing field penalty")
        }
        // Optional columns default to the length of the table's first required column.
        func fill<T>(_ a: inout [T], _ key: String, _ n: Int, _ v: T) {
            if cols[key] == nil { a = [T](repeating: v, count: n) }
        }
        fill(&p.items.id, "items.id", p.items.volumeM3.count, "")
        fill(&p.depots.id, "depots.id", p.depots.capacityM3.count, "")
        fill(&p.depots.xKm, "depots.x_km", p.depots.capacityM3.count, 0)
        fill(&p.depots.yKm, "depots.y_km", p.depots.capacityM3.count, 0)
        fill(&p.sites.id, "sites.id", p.sites.priority.count, "")
        fill(&p.sites.xKm, "sites.x_km", p.sites.priority.count, 0)
        fill(&p.sites.yKm, "sites.y_km", p.sites.priority.count, 0)
        fill(&p.lots.id, "lots.id", p.lots.depot.count, "")
        fill(&p.lots.expiresInDays, "lots.expires_in_days", p.lots.depot.count, 0)
        fill(&p.arcs.hours, "arcs.hours", p.arcs.depot.count, 0)
        return p
    }

    /// Encodes a problem (tranches are not part of the file format and are not written).
    public static func encodeProblem(_ p: AllocationProblem) -> [UInt8] {
        var w = JSONWriter()
        w.raw("{\"format\":")
        w.string(AllocationProblem.formatIdentifier)
        if let params = p.paramsJSON {
            w.raw(",\"params\":")
            w.raw(params)
        }
        w.raw(",\"items\":{\"id\":")
        w.strings(p.items.id)
        w.raw(",\"volume_m3\":")
        w.doubles(p.items.volumeM3)
        w.raw(",\"rate\":")
        w.ints(p.items.rate)
        w.raw("},\"depots\":{\"id\":")
        w.strings(p.depots.id)
        w.raw(",\"x_km\":")
        w.doubles(p.depots.xKm)
        w.raw(",\"y_km\":")
        w.doubles(p.depots.yKm)
        w.raw(",\"capacity_m3\":")
        w.doubles(p.depots.capacityM3)
        w.raw("},\"sites\":{\"id\":")
        w.strings(p.sites.id)
        w.raw(",\"x_km\":")
        w.doubles(p.sites.xKm)
        w.raw(",\"y_km\":")
        w.doubles(p.sites.yKm)
        w.raw(",\"priority\":")
        w.ints(p.sites.priority)
        w.raw("},\"lots\":{\"id\":")
        w.strings(p.lots.id)
        w.raw(",\"depot\":")
        w.ints(p.lots.depot)
        w.raw(",\"item\":")
        w.ints(p.lots.item)
        w.raw(",\"quantity\":")
        w.ints(p.lots.quantity)
        w.raw(",\"expires_in_days\":")
        w.ints(p.lots.expiresInDays)
        w.raw(",\"waste_cost\":")
        w.ints(p.lots.wasteCost)
        w.raw("},\"demands\":{\"site\":")
        w.ints(p.demands.site)
        w.raw(",\"item\":")
        w.ints(p.demands.item)
        w.raw(",\"quantity\":")
        w.ints(p.demands.quantity)
        w.raw("},\"arcs\":{\"depot\":")
        w.ints(p.arcs.depot)
        w.raw(",\"site\":")
        w.ints(p.arcs.site)
        w.raw(",\"road_km\":")
        w.ints(p.arcs.roadKm)
        w.raw(",\"hours\":")
        w.doubles(p.arcs.hours)
        w.raw("},\"penalty\":[")
        for (i, row) in p.penalty.enumerated() {
            if i > 0 { w.byte(0x2C) }
            w.ints(row)
        }
        w.raw("]}\n")
        return w.bytes
    }

    // MARK: solution

    public static func decodeSolution(_ bytes: [UInt8]) throws(AllocationFileError) -> AllocationSolution {
        try bytes.withUnsafeBufferPointer { (buf) throws(AllocationFileError) -> AllocationSolution in
            guard let base = buf.baseAddress, buf.count > 0 else {
                throw AllocationFileError(.syntax, field: "", "empty file")
            }
            var sc = JSONScanner(base, count: buf.count)
            var s = AllocationSolution()
            var format: String? = nil
            var cols = Set<String>()
            var sawShipments = false
            try sc.expectObject("")
            if !sc.emptyContainer(0x7D) {
                repeat {
                    let key = try sc.parseString("")
                    try sc.expect(0x3A, key)
                    switch key {
                    case "format": format = try sc.parseString("format")
                    case "shipments":
                        sawShipments = true
                        try sc.expectObject(key)
                        if sc.emptyContainer(0x7D) { break }
                        repeat {
                            let col = try sc.parseString(key)
                            let f = "shipments.\(col)"
                            try sc.expect(0x3A, f)
                            switch col {
                            case "lot":
                                s.lot = try sc.parseIntArray(f)
                                cols.insert(col)
                            case "site":
                                s.site = try sc.parseIntArray(f)
                                cols.insert(col)
                            case "quantity":
                                s.quantity = try sc.parseIntArray(f)
                                cols.insert(col)
                            default: try sc.skipValue(f)
                            }
                        } while try sc.more(0x7D, key)
                    case "objective":
                        sc.skipWS()
                        if sc.peekByte() == 0x6E {
                            try sc.skipValue(key)
                        } else {
                            let d = try sc.parseDouble(key)
                            if d.isFinite && abs(d) < 9.2e18 { s.objective = Int(d.rounded()) }
                        }
                    case "lower_bound":
                        sc.skipWS()
                        if sc.peekByte() == 0x6E {
                            try sc.skipValue(key)
                        } else {
                            s.lowerBound = try sc.parseDouble(key)
                        }
                    case "solve_seconds":
                        sc.skipWS()
                        if sc.peekByte() == 0x6E {
                            try sc.skipValue(key)
                        } else {
                            s.solveSeconds = try sc.parseDouble(key)
                        }
                    default:
                        try sc.skipValue(key)
                    }
                } while try sc.more(0x7D, "")
            }
            sc.skipWS()
            if sc.pos != sc.end { throw sc.syntax("", nil, "trailing data after the JSON object") }
            guard let format else { throw AllocationFileError(.missingField, field: "format", "missing field format") }
            if format != AllocationSolution.formatIdentifier {
                throw AllocationFileError(
                    .wrongFormat, field: "format",
                    "expected \"\(AllocationSolution.formatIdentifier)\", found \"\(format)\"")
            }
            if !sawShipments { throw AllocationFileError(.missingField, field: "shipments", "missing field shipments") }
            for c in ["lot", "site", "quantity"] where !cols.contains(c) {
                throw AllocationFileError(.missingField, field: "shipments.\(c)", "missing field shipments.\(c)")
            }
            try AllocationProblem.sameLength(
                "shipments", [("lot", s.lot.count), ("site", s.site.count), ("quantity", s.quantity.count)])
            return s
        }
    }

    public static func encodeSolution(_ s: AllocationSolution) -> [UInt8] {
        var w = JSONWriter()
        w.raw("{\"format\":")
        w.string(AllocationSolution.formatIdentifier)
        w.raw(",\"shipments\":{\"lot\":")
        w.ints(s.lot)
        w.raw(",\"site\":")
        w.ints(s.site)
        w.raw(",\"quantity\":")
        w.ints(s.quantity)
        w.raw("}")
        if let o = s.objective {
            w.raw(",\"objective\":")
            w.int(o)
        }
        if let b = s.lowerBound, b.isFinite {
            w.raw(",\"lower_bound\":")
            w.double(b)
        }
        if let t = s.solveSeconds, t.isFinite {
            w.raw(",\"solve_seconds\":")
            w.double(t)
        }
        w.raw("}\n")
        return w.bytes
    }
}

/// Appends JSON text to a byte buffer.
struct JSONWriter {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(1 << 16) }

    @inline(__always) mutating func byte(_ b: UInt8) { bytes.append(b) }
    mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    mutating func string(_ s: String) {
        bytes.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22:
                bytes.append(0x5C)
                bytes.append(0x22)
            case 0x5C:
                bytes.append(0x5C)
                bytes.append(0x5C)
            case 0x0A:
                bytes.append(0x5C)
                bytes.append(0x6E)
            case 0x0D:
                bytes.append(0x5C)
                bytes.append(0x72)
            case 0x09:
                bytes.append(0x5C)
                bytes.append(0x74)
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: bytes.append(b)
            }
        }
        bytes.append(0x22)
    }

    mutating func int(_ v: Int) {
        if v == 0 {
            bytes.append(0x30)
            return
        }
        var x = v.magnitude
        if v < 0 { bytes.append(0x2D) }
        var tmp:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &tmp) { t in
            while x > 0 {
                t[n] = UInt8(truncatingIfNeeded: x % 10) + 0x30
                x /= 10
                n += 1
            }
            var i = n - 1
            while i >= 0 {
                bytes.append(t[i])
                i -= 1
            }
        }
    }

    mutating func double(_ v: Double) {
        if !v.isFinite {
            raw("null")
            return
        }
        if v == v.rounded() && abs(v) < 1e15 {
            int(Int(v))
            raw(".0")
            return
        }
        raw(v.description)
    }

    mutating func ints(_ a: [Int]) {
        bytes.append(0x5B)
        for (i, v) in a.enumerated() {
            if i > 0 { bytes.append(0x2C) }
            int(v)
        }
        bytes.append(0x5D)
    }

    mutating func doubles(_ a: [Double]) {
        bytes.append(0x5B)
        for (i, v) in a.enumerated() {
            if i > 0 { bytes.append(0x2C) }
            double(v)
        }
        bytes.append(0x5D)
    }

    mutating func strings(_ a: [String]) {
        bytes.append(0x5B)
        for (i, v) in a.enumerated() {
            if i > 0 { bytes.append(0x2C) }
            string(v)
        }
        bytes.append(0x5D)
    }
}
