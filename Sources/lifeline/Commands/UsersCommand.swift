import ArgumentParser
import Foundation
import LifelineDomain
import LifelineServices

/// `lifeline users add`: create an account from the command line (the first administrator).
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manage accounts.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account; the password is read from standard input.")

        @Option var username: String
        @Option(help: "Shown in the console.") var name: String?
        @Option(
            help:
                """
                administrator, supply_officer, storage_operator, medical_requester, carrier, inspector, \
                finance_officer, auditor
                """
        )
        var role: String
        @Option(help: "Jurisdiction code (CN, 52, 5201, 520102) for jurisdiction-bound roles.") var jurisdiction:
            String?
        @Option(help: "Unit id for unit-bound roles.") var unit: String?

        func run() async throws {
            do {
                guard let role = Role(rawValue: role) else { throw LifelineError.invalid("role", role) }
                let password = readLine(strippingNewline: true) ?? ""
                let user = try await withServices { services in
                    try await services.access.createUser(
                        NewUser(
                            username: username, displayName: name ?? username, password: password, role: role,
                            jurisdiction: jurisdiction,
                            unitId: unit.flatMap(UUID.init(uuidString:))), by: .system)
                }
                print("created \(user.username) (\(user.role.rawValue), \(user.scope))")
            } catch {
                throw reportFailure(error)
            }
        }
    }
}
