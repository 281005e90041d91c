import ArgumentParser
import Foundation
import LifelineDomain
import LifelineServices

/// `lifeline kits assemble|disassemble`: kit work from the command line (R7.1), as the system, on
/// the database `DATABASE_URL` names. Prints the work as JSON.
struct KitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kits", abstract: "Assemble kits from their components, or take kits apart.",
        subcommands: [Assemble.self, Disassemble.self])

    struct Assemble: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assemble kits of a definition (latest version) in a depot, components first-expiry-first-out.")

        @Option(help: "The kit definition's code.") var kit: String
        @Option(help: "The depot's code.") var depot: String
        @Option(help: "How many kits.") var count: Int

        func run() async throws {
            do {
                let work = try await withServices(migrate: false) { services in
                    let depots = try await services.reference.depots(
                        DepotFilter(query: depot), page: PageRequest(per: 50), for: .system)
                    guard let found = depots.items.first(where: { $0.profile.code == depot }) else {
                        throw LifelineError.unknownReference("depot", .depot, depot)
                    }
                    return try await services.stock.assembleKits(
                        KitWorkInput(definitionCode: kit, depotId: found.id, kits: count), by: .system)
                }
                print(try KitsCommand.json(work))
            } catch {
                throw reportFailure(error)
            }
        }
    }

    struct Disassemble: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take kits of a kit lot apart; the components go back to the lots they came from.")

        @Option(help: "The kit lot's id.") var lot: String
        @Option(help: "How many kits.") var count: Int

        func run() async throws {
            do {
                guard let id = UUID(uuidString: lot) else { throw LifelineError.invalid("lot", "a lot id") }
                let work = try await withServices(migrate: false) { services in
                    try await services.stock.disassembleKits(
                        KitDisassemblyInput(kitLotId: id, kits: count), by: .system)
                }
                print(try KitsCommand.json(work))
            } catch {
                throw reportFailure(error)
            }
        }
    }

    static func json(_ work: KitWorkView) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(work), as: UTF8.self)
    }
}
