import ArgumentParser
import Foundation
import LifelineAllocation
import LifelineServices

/// `lifeline allocate`: solves an allocation problem file (../shared/bench/allocation/FORMAT.md)
/// and writes the solution file. Needs no database. Progress goes to stderr; the summary line
/// (objective, lower bound, certified gap, solve time) to stdout. Exit 2 on a bad problem file.
struct AllocateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocate",
        abstract: "Solve an allocation problem file (depots × sites × items) and write the solution.")

    @ArgumentParser.Option(help: "Problem file (JSON, the allocation FORMAT).") var problem: String
    @ArgumentParser.Option(help: "Where to write the solution (JSON).") var out: String
    @ArgumentParser.Option(help: "Stop after this many seconds with the best certified solution so far.") var timeLimit:
        Double?
    @ArgumentParser.Option(
        help: "Stop once the certified gap (objective - lower bound) / lower bound is at most this (default 0.01).")
    var gap: Double?
    @ArgumentParser.Option(help: "Worker threads (default: all cores).") var threads: Int?

    func run() throws {
        do {
            let summary = try AllocationRun.run(
                problemPath: problem, outputPath: out, timeLimit: timeLimit, gap: gap, threads: threads)
            print(summary.json)
        } catch {
            FileHandle.standardError.write(Data("lifeline allocate: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
