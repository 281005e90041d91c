import ArgumentParser
import LifelineServices

/// `lifeline config`: the configuration as this process reads it, without secrets.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Print the configuration read from the environment (passwords hidden).",
        discussion:
            "Limits an administrator stored in the console (设置 Settings) override the LIFELINE_* starting values.")

    func run() async throws {
        let configuration: Configuration
        do {
            configuration = try Configuration()
        } catch {
            throw reportFailure(error)
        }
        let width = configuration.entries.map(\.name.count).max() ?? 0
        for entry in configuration.entries {
            print(
                entry.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + entry.value + "  ("
                    + entry.source + ")")
        }
    }
}
