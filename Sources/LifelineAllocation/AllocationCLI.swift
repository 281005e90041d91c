// The body of `lifeline allocate`: load, validate, solve with progress on stderr, write.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What `lifeline allocate` prints when it is done.
public struct AllocationRunSummary: Sendable, Equatable, CustomStringConvertible {
    public var objective: Int
    public var lowerBound: Double
    public var gap: Double
    public var status: AllocationStatus
    public var shipments: Int
    public var iterations: Int
    /// Solver time only.
    public var solveSeconds: Double
    /// Loading, validation, solving and writing.
    public var totalSeconds: Double

    /// One JSON line: objective, lower_bound, gap, status, shipments, iterations,
    /// solve_seconds, total_seconds.
    public var json: String {
        "{\"objective\": \(objective), \"lower_bound\": \(jsonNumber(lowerBound)), \"gap\": \(jsonNumber(gap)), "
            + "\"status\": \"\(status.rawValue)\", \"shipments\": \(shipments), \"iterations\": \(iterations), "
            + "\"solve_seconds\": \(format2(solveSeconds, 3)), \"total_seconds\": \(format2(totalSeconds, 3))}"
    }

    public var description: String { json }
}

private func jsonNumber(_ v: Double) -> String {
    if !v.isFinite { return "null" }
    if v == v.rounded() && abs(v) < 9e15 { return String(Int64(v)) + ".0" }
    return "\(v)"
}

public enum AllocationCLI {
    /// Writes a line to standard error.
    public static let standardError: @Sendable (String) -> Void = { line in
        var s = line
        if !s.hasSuffix("\n") { s += "\n" }
        s.withUTF8 { buf in
            var off = 0
            while off < buf.count {
                let n = write(2, buf.baseAddress! + off, buf.count - off)
                if n <= 0 { break }
                off += n
            }
        }
    }

    /// Runs `lifeline allocate`: reads and validates `problemPath`, solves (a progress line per
    /// iteration goes to `log`), writes the solution with objective, lower_bound and
    /// solve_seconds to `outputPath`, and returns the summary to print.
    ///
    /// Throws `AllocationFileError` for an unreadable, malformed or invalid problem file (the
    /// error names the field and row; the command should exit with status 2) or an unwritable
    /// output path.
    public static func run(problemPath: String, outputPath: String, timeLimit: Double? = nil,
                           gap: Double? = nil, threads: Int? = nil,
                           log: @escaping @Sendable (String) -> Void = AllocationCLI.standardError)
        throws(AllocationFileError) -> AllocationRunSummary
    {
        let clock = Stopwatch()
        let problem = try AllocationJSON.readProblem(path: problemPath)
        try problem.validate()
        log("allocate: \(problem.depots.count) depots, \(problem.sites.count) sites, \(problem.items.count) items, "
            + "\(problem.lots.count) lots, \(problem.demands.count) demands, \(problem.arcs.count) arcs "
            + "(read in \(format2(clock.elapsed, 2)) s)")
        var options = AllocationOptions()
        if let timeLimit { options.timeLimit = timeLimit }
        if let gap { options.targetGap = gap }
        if let threads { options.threads = max(1, threads) }
        let result = try Allocator.solve(problem, options: options) { progress in
            log("allocate: " + progress.line)
        }
        try AllocationJSON.writeFile(AllocationJSON.encodeSolution(result.solution), to: outputPath)
        let summary = AllocationRunSummary(objective: result.objective, lowerBound: result.lowerBound, gap: result.gap,
                                           status: result.status, shipments: result.solution.count,
                                           iterations: result.iterations, solveSeconds: result.solveSeconds,
                                           totalSeconds: clock.elapsed)
        log("allocate: \(result.status.rawValue), objective \(result.objective), bound \(formatBound(result.lowerBound)), "
            + "gap \(formatPercent(result.gap)), solve \(format2(result.solveSeconds, 2)) s, total \(format2(summary.totalSeconds, 2)) s")
        return summary
    }
}
