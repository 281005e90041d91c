import ArgumentParser
import LifelineServer
import LifelineServices
import LifelineStore
import Vapor

/// `lifeline migrate`: bring the schema and the reference data up to date.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply migrations and reference data.")

    func run() async throws {
        try await withServices(migrate: true) { _ in print("migrations applied 迁移完成") }
    }
}
