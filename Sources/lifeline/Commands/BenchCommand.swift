import ArgumentParser

/// `lifeline bench …`: measurements quoted in closing notes (never timed unit tests). The
/// benchmarks themselves live in LifelineBench; the commands only parse their options.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks.",
        subcommands: [LedgerBenchCommand.self, PushBenchCommand.self, CoverageBenchCommand.self])
}
