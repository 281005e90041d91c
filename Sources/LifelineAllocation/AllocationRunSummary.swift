// What `lifeline allocate` prints; the run itself (files, progress) is LifelineServices' AllocationRun.

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

    public init(
        objective: Int, lowerBound: Double, gap: Double, status: AllocationStatus, shipments: Int, iterations: Int,
        solveSeconds: Double, totalSeconds: Double
    ) {
        self.objective = objective
        self.lowerBound = lowerBound
        self.gap = gap
        self.status = status
        self.shipments = shipments
        self.iterations = iterations
        self.solveSeconds = solveSeconds
        self.totalSeconds = totalSeconds
    }
}

private func jsonNumber(_ v: Double) -> String {
    if !v.isFinite { return "null" }
    if v == v.rounded() && abs(v) < 9e15 { return String(Int64(v)) + ".0" }
    return "\(v)"
}

/// The engine's number formats, for callers that print its figures the way its progress lines do.
public enum AllocationFormat {
    /// Fixed point with `digits` decimals.
    public static func fixed(_ value: Double, _ digits: Int) -> String { format2(value, digits) }
    /// A lower bound, rounded down to a whole number (`-inf` when there is none).
    public static func bound(_ value: Double) -> String { formatBound(value) }
    /// A gap as a percentage (`inf` when unbounded).
    public static func percent(_ value: Double) -> String { formatPercent(value) }
}
