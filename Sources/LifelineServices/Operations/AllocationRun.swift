import LifelineAllocation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files of `lifeline allocate` (../shared/bench/allocation/FORMAT.md): read whole into memory
/// and written in one go, with plain C I/O — problem files run to hundreds of megabytes. The engine
/// (LifelineAllocation) only turns bytes into problems and solutions into bytes.
public enum AllocationFiles {
    /// Reads a whole file into memory.
    public static func read(_ path: String) throws(AllocationFileError) -> [UInt8] {
        guard let f = fopen(path, "rb") else {
            throw AllocationFileError(.io, field: "", "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        if fseek(f, 0, SEEK_END) == 0 {
            let size = ftell(f)
            if size > 0 { out.reserveCapacity(size) }
            fseek(f, 0, SEEK_SET)
        }
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            if n > 0 { out.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count {
                if ferror(f) != 0 { throw AllocationFileError(.io, field: "", "cannot read \(path)") }
                break
            }
        }
        return out
    }

    /// Writes bytes to a file (replacing it).
    public static func write(_ bytes: [UInt8], to path: String) throws(AllocationFileError) {
        guard let f = fopen(path, "wb") else {
            throw AllocationFileError(.io, field: "", "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        let n = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        let closed = fclose(f)
        if n != bytes.count || closed != 0 {
            throw AllocationFileError(.io, field: "", "cannot write \(path)")
        }
    }

    /// Reads and parses a problem file. The result is not yet validated (see `validate()`).
    public static func readProblem(path: String) throws(AllocationFileError) -> AllocationProblem {
        try AllocationJSON.decodeProblem(try read(path))
    }

    public static func readSolution(path: String) throws(AllocationFileError) -> AllocationSolution {
        try AllocationJSON.decodeSolution(try read(path))
    }
}

/// `lifeline allocate`: load, validate, solve with progress, write (moved out of the engine,
/// which does no I/O).
public enum AllocationRun {
    /// Writes a line to standard error.
    public static let standardError: @Sendable (String) -> Void = { line in
        var s = line
        if !s.hasSuffix("\n") { s += "\n" }
        s.withUTF8 { buf in
            guard let base = buf.baseAddress else { return }
            var off = 0
            while off < buf.count {
                let n = Glibc.write(2, base + off, buf.count - off)
                if n <= 0 { break }
                off += n
            }
        }
    }

    /// Reads and validates `problemPath`, solves (a progress line per iteration goes to `log`),
    /// writes the solution to `outputPath`, and returns the summary to print.
    ///
    /// Throws `AllocationFileError` for an unreadable, malformed or invalid problem file (the
    /// error names the field and row; the command exits with status 2) or an unwritable output.
    public static func run(
        problemPath: String, outputPath: String, timeLimit: Double? = nil,
        gap: Double? = nil, threads: Int? = nil,
        log: @escaping @Sendable (String) -> Void = AllocationRun.standardError
    )
        throws(AllocationFileError) -> AllocationRunSummary
    {
        let clock = ContinuousClock()
        let started = clock.now
        func elapsed() -> Double {
            let d = started.duration(to: clock.now).components
            return Double(d.seconds) + Double(d.attoseconds) * 1e-18
        }
        let problem = try AllocationFiles.readProblem(path: problemPath)
        try problem.validate()
        log(
            "allocate: \(problem.depots.count) depots, \(problem.sites.count) sites, \(problem.items.count) items, "
                + "\(problem.lots.count) lots, \(problem.demands.count) demands, \(problem.arcs.count) arcs "
                + "(read in \(AllocationFormat.fixed(elapsed(), 2)) s)")
        var options = AllocationOptions()
        if let timeLimit { options.timeLimit = timeLimit }
        if let gap { options.targetGap = gap }
        if let threads { options.threads = max(1, threads) }
        let result = try Allocator.solve(problem, options: options) { progress in
            log("allocate: " + progress.line)
        }
        try AllocationFiles.write(AllocationJSON.encodeSolution(result.solution), to: outputPath)
        let summary = AllocationRunSummary(
            objective: result.objective, lowerBound: result.lowerBound, gap: result.gap,
            status: result.status, shipments: result.solution.count,
            iterations: result.iterations, solveSeconds: result.solveSeconds,
            totalSeconds: elapsed())
        log(
            """
            allocate: \(result.status.rawValue), objective \(result.objective), bound \
            \(AllocationFormat.bound(result.lowerBound)), 
            """
                + """
                gap \(AllocationFormat.percent(result.gap)), solve \
                \(AllocationFormat.fixed(result.solveSeconds, 2)) s, 
                """
                + "total \(AllocationFormat.fixed(summary.totalSeconds, 2)) s")
        return summary
    }
}
