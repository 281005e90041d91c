import ArgumentParser
import Foundation
import LifelineDomain
import LifelineServices

/// `lifeline demo`: the Guiyang demo (see ``DemoSeeder``).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load the Guizhou / Guiyang demo into an empty database and print the demo accounts once.")

    @Option(help: "Give every demo account this password (for tests); default: a random one each.") var password:
        String?

    func run() async throws {
        do {
            let summary = try await withServices { services in
                try await DemoSeeder(services: services).run(password: password) { stage, done, total in
                    Progress(label: "demo \(stage)")(done, total)
                }
            }
            print(
                """
                演示数据已就绪 demo ready: \(summary.units) units, \(summary.depots) depots, \(summary.lots) lots, \
                \(summary.movements) movements
                """
            )
            print("演示账号（仅显示一次）demo accounts (shown once):")
            for account in summary.accounts {
                print(
                    """
                      \(account.username.padding(toLength: 18, withPad: " ", startingAt: 0)) \(account.password)  \
                    \(account.role.rawValue) \(account.scope)
                    """
                )
            }
        } catch {
            throw reportFailure(error)
        }
    }
}
