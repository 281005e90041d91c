// A small byte-level JSON scanner for the columnar allocation formats.
//
// It reads numeric columns straight into [Int] / [Double] without building a document tree,
// so a 33 MB problem file costs about its own size in memory and parses in a fraction of a
// second. Errors name the field being read and the row index inside a column.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

private let pow10Table: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

struct JSONScanner: ~Copyable {
    let base: UnsafePointer<UInt8>
    let end: Int
    var pos: Int = 0

    init(_ base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.end = count
    }

    @inline(__always) func peekByte() -> UInt8 { pos < end ? base[pos] : 0 }

    @inline(__always) mutating func skipWS() {
        while pos < end {
            let c = base[pos]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { pos += 1 } else { break }
        }
    }

    func syntax(_ field: String, _ index: Int?, _ what: String) -> AllocationFileError {
        let found: String
        if pos >= end {
            found = "end of input"
        } else {
            let c = base[pos]
            found = (c >= 0x20 && c < 0x7F) ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x\(String(c, radix: 16))"
        }
        return AllocationFileError(.syntax, field: field, index: index, "\(what), found \(found) at byte \(pos)")
    }

    /// Consumes `c` (after whitespace) or throws.
    @inline(__always) mutating func expect(_ c: UInt8, _ field: String, _ index: Int? = nil) throws(AllocationFileError)
    {
        skipWS()
        guard pos < end, base[pos] == c else {
            throw syntax(field, index, "expected '\(Character(Unicode.Scalar(c)))'")
        }
        pos += 1
    }

    /// After an element or member: returns true if another follows (consumed ','), false if
    /// the closing bracket `close` was consumed.
    @inline(__always) mutating func more(_ close: UInt8, _ field: String, _ index: Int? = nil)
        throws(AllocationFileError) -> Bool
    {
        skipWS()
        guard pos < end else { throw syntax(field, index, "unexpected end of input") }
        let c = base[pos]
        if c == 0x2C {
            pos += 1
            return true
        }
        if c == close {
            pos += 1
            return false
        }
        throw syntax(field, index, "expected ',' or '\(Character(Unicode.Scalar(close)))'")
    }

    /// Returns true and consumes `close` if the container is empty.
    @inline(__always) mutating func emptyContainer(_ close: UInt8) -> Bool {
        skipWS()
        if pos < end && base[pos] == close {
            pos += 1
            return true
        }
        return false
    }

    // MARK: strings

    mutating func parseString(_ field: String, _ index: Int? = nil) throws(AllocationFileError) -> String {
        skipWS()
        guard pos < end, base[pos] == 0x22 else { throw wrongType(field, index, "a string") }
        pos += 1
        let start = pos
        while pos < end {
            let c = base[pos]
            if c == 0x22 {
                let s = String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
                pos += 1
                return s
            }
            if c == 0x5C { break }
            if c < 0x20 { throw syntax(field, index, "control character in string") }
            pos += 1
        }
        // Slow path with escapes.
        var bytes = [UInt8](UnsafeBufferPointer(start: base + start, count: pos - start))
        while pos < end {
            let c = base[pos]
            if c == 0x22 {
                pos += 1
                return String(decoding: bytes, as: UTF8.self)
            }
            if c < 0x20 { throw syntax(field, index, "control character in string") }
            if c != 0x5C {
                bytes.append(c)
                pos += 1
                continue
            }
            pos += 1
            guard pos < end else { break }
            let e = base[pos]
            pos += 1
            switch e {
            case 0x22: bytes.append(0x22)
            case 0x5C: bytes.append(0x5C)
            case 0x2F: bytes.append(0x2F)
            case 0x62: bytes.append(0x08)
            case 0x66: bytes.append(0x0C)
            case 0x6E: bytes.append(0x0A)
            case 0x72: bytes.append(0x0D)
            case 0x74: bytes.append(0x09)
            case 0x75:
                var scalar = try hex4(field, index)
                if scalar >= 0xD800 && scalar < 0xDC00, pos + 1 < end, base[pos] == 0x5C, base[pos + 1] == 0x75 {
                    pos += 2
                    let low = try hex4(field, index)
                    if low >= 0xDC00 && low < 0xE000 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        scalar = 0xFFFD
                    }
                }
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                bytes.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                pos -= 1
                throw syntax(field, index, "invalid escape in string")
            }
        }
        throw syntax(field, index, "unterminated string")
    }

    private mutating func hex4(_ field: String, _ index: Int?) throws(AllocationFileError) -> UInt32 {
        guard pos + 4 <= end else { throw syntax(field, index, "truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = base[pos]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw syntax(field, index, "invalid \\u escape")
            }
            v = v * 16 + d
            pos += 1
        }
        return v
    }

    func wrongType(_ field: String, _ index: Int?, _ expected: String) -> AllocationFileError {
        var found = "end of input"
        if pos < end {
            switch base[pos] {
            case 0x22: found = "a string"
            case 0x7B: found = "an object"
            case 0x5B: found = "an array"
            case 0x74, 0x66: found = "a boolean"
            case 0x6E: found = "null"
            case 0x2D, 0x30...0x39: found = "a number"
            default: return syntax(field, index, "expected \(expected)")
            }
        }
        return AllocationFileError(.wrongType, field: field, index: index, "expected \(expected), found \(found)")
    }

    // MARK: numbers

    /// Scans a JSON number at the current position. Returns the integer value when the
    /// literal is a plain integer that fits in Int, else nil with `double` set.
    @inline(__always)
    mutating func scanNumber(_ field: String, _ index: Int?, _ expected: String) throws(AllocationFileError) -> (
        int: Int?, double: Double
    ) {
        skipWS()
        let start = pos
        var negative = false
        if pos < end && base[pos] == 0x2D {
            negative = true
            pos += 1
        }
        guard pos < end, base[pos] >= 0x30, base[pos] <= 0x39 else {
            pos = start
            throw wrongType(field, index, expected)
        }
        var mantissa: UInt64 = 0
        var digits = 0  // significant digits accumulated into mantissa
        var dropped = 0  // integer digits beyond 19 that did not fit
        var truncated = false
        if base[pos] == 0x30 {
            pos += 1
        } else {
            while pos < end {
                let c = base[pos] &- 0x30
                if c > 9 { break }
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(c)
                    digits += 1
                } else {
                    dropped += 1
                    if c != 0 { truncated = true }
                }
                pos += 1
            }
        }
        var exp10 = dropped
        var isInteger = true
        if pos < end && base[pos] == 0x2E {
            isInteger = false
            pos += 1
            guard pos < end, base[pos] &- 0x30 <= 9 else { throw syntax(field, index, "digit expected after '.'") }
            while pos < end {
                let c = base[pos] &- 0x30
                if c > 9 { break }
                if digits < 19 {
                    if mantissa != 0 || c != 0 {
                        mantissa = mantissa &* 10 &+ UInt64(c)
                        if mantissa != 0 { digits += 1 }
                    }
                    exp10 -= 1
                } else if c != 0 {
                    truncated = true
                }
                pos += 1
            }
        }
        if pos < end && (base[pos] == 0x65 || base[pos] == 0x45) {
            isInteger = false
            pos += 1
            var eneg = false
            if pos < end && (base[pos] == 0x2B || base[pos] == 0x2D) {
                eneg = base[pos] == 0x2D
                pos += 1
            }
            guard pos < end, base[pos] &- 0x30 <= 9 else { throw syntax(field, index, "digit expected in exponent") }
            var e = 0
            while pos < end {
                let c = base[pos] &- 0x30
                if c > 9 { break }
                if e < 100000 { e = e * 10 + Int(c) }
                pos += 1
            }
            exp10 += eneg ? -e : e
        }
        if isInteger && dropped == 0 && mantissa <= UInt64(Int.max) {
            let v = Int(mantissa)
            return (negative ? -v : v, negative ? -Double(v) : Double(v))
        }
        // Clinger's fast path: exact when the mantissa and the power of ten are exact doubles.
        var d: Double
        if !truncated && mantissa <= (1 << 53) && exp10 >= -22 && exp10 <= 22 {
            d = Double(mantissa)
            if exp10 < 0 { d /= pow10Table[-exp10] } else { d *= pow10Table[exp10] }
            if negative { d = -d }
        } else {
            d = slowDouble(start, pos)
        }
        return (nil, d)
    }

    private func slowDouble(_ from: Int, _ to: Int) -> Double {
        var buf = [CChar](repeating: 0, count: to - from + 1)
        for i in 0..<(to - from) { buf[i] = CChar(bitPattern: base[from + i]) }
        return buf.withUnsafeBufferPointer { strtod($0.baseAddress!, nil) }
    }

    mutating func parseInt(_ field: String, _ index: Int? = nil) throws(AllocationFileError) -> Int {
        let start = pos
        let (i, d) = try scanNumber(field, index, "an integer")
        if let i { return i }
        if d.isFinite && d == d.rounded() && abs(d) <= 9.007199254740992e15 { return Int(d) }
        pos = start
        skipWS()
        if d.isFinite && d == d.rounded() {
            throw AllocationFileError(
                .invalidValue, field: field, index: index, "integer \(d) out of the supported range")
        }
        throw AllocationFileError(.wrongType, field: field, index: index, "expected an integer, found \(d)")
    }

    mutating func parseDouble(_ field: String, _ index: Int? = nil) throws(AllocationFileError) -> Double {
        let (_, d) = try scanNumber(field, index, "a number")
        return d
    }

    // MARK: arrays

    mutating func parseIntArray(_ field: String) throws(AllocationFileError) -> [Int] {
        try expectArray(field)
        var out: [Int] = []
        if emptyContainer(0x5D) { return out }
        out.reserveCapacity(estimateCount())
        var i = 0
        repeat {
            out.append(try parseInt(field, i))
            i += 1
        } while try more(0x5D, field, i)
        return out
    }

    mutating func parseDoubleArray(_ field: String) throws(AllocationFileError) -> [Double] {
        try expectArray(field)
        var out: [Double] = []
        if emptyContainer(0x5D) { return out }
        out.reserveCapacity(estimateCount())
        var i = 0
        repeat {
            out.append(try parseDouble(field, i))
            i += 1
        } while try more(0x5D, field, i)
        return out
    }

    mutating func parseStringArray(_ field: String) throws(AllocationFileError) -> [String] {
        try expectArray(field)
        var out: [String] = []
        if emptyContainer(0x5D) { return out }
        var i = 0
        repeat {
            out.append(try parseString(field, i))
            i += 1
        } while try more(0x5D, field, i)
        return out
    }

    mutating func expectArray(_ field: String) throws(AllocationFileError) {
        skipWS()
        guard pos < end, base[pos] == 0x5B else { throw wrongType(field, nil, "an array") }
        pos += 1
    }

    mutating func expectObject(_ field: String) throws(AllocationFileError) {
        skipWS()
        guard pos < end, base[pos] == 0x7B else { throw wrongType(field, nil, "an object") }
        pos += 1
    }

    /// A cheap guess of an array's length (commas in the next bytes up to ']'), to reserve.
    private func estimateCount() -> Int {
        var n = 1
        var p = pos
        let limit = min(end, pos + (1 << 26))
        while p < limit {
            let c = base[p]
            if c == 0x2C { n += 1 } else if c == 0x5D || c == 0x22 || c == 0x7B || c == 0x5B { break }
            p += 1
        }
        return n
    }

    // MARK: skipping

    /// Skips any JSON value, returning its byte range.
    @discardableResult
    mutating func skipValue(_ field: String, depth: Int = 0) throws(AllocationFileError) -> Range<Int> {
        skipWS()
        let start = pos
        guard pos < end else { throw syntax(field, nil, "value expected") }
        guard depth < 256 else { throw syntax(field, nil, "nesting too deep") }
        switch base[pos] {
        case 0x7B:
            pos += 1
            if !emptyContainer(0x7D) {
                repeat {
                    _ = try parseString(field)
                    try expect(0x3A, field)
                    try skipValue(field, depth: depth + 1)
                } while try more(0x7D, field)
            }
        case 0x5B:
            pos += 1
            if !emptyContainer(0x5D) {
                repeat {
                    try skipValue(field, depth: depth + 1)
                } while try more(0x5D, field)
            }
        case 0x22:
            _ = try parseString(field)
        case 0x74:
            try literal("true", field)
        case 0x66:
            try literal("false", field)
        case 0x6E:
            try literal("null", field)
        default:
            _ = try scanNumber(field, nil, "a value")
        }
        return start..<pos
    }

    private mutating func literal(_ word: StaticString, _ field: String) throws(AllocationFileError) {
        let n = word.utf8CodeUnitCount
        guard pos + n <= end else { throw syntax(field, nil, "invalid literal") }
        let w = word.utf8Start
        for i in 0..<n where base[pos + i] != w[i] { throw syntax(field, nil, "invalid literal") }
        pos += n
    }
}
