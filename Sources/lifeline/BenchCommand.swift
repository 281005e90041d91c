import ArgumentParser

/// `lifeline bench …`: measurements quoted in closing notes (never timed unit tests).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Benchmarks.", subcommands: [])
}
