import ArgumentParser
import LifelineServer
import LifelineServices
import LifelineStore
import Vapor

/// `lifeline serve`: the console and the API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the console and the API (migrates first).")

    @ArgumentParser.Option(name: [.customShort("H"), .long], help: "Address to bind.") var hostname = "127.0.0.1"
    @ArgumentParser.Option(name: .shortAndLong, help: "Port to bind.") var port = 8080
    @ArgumentParser.Flag(help: "Do not run migrations on start.") var noMigrate = false

    func run() async throws {
        let configuration = try Configuration()
        var environment = try Environment.detect(arguments: [
            "lifeline", "serve", "--hostname", hostname, "--port", String(port),
        ])
        try LoggingSystem.bootstrap(from: &environment)
        let app = try await Application.make(environment)
        do {
            try await configure(app, ServerOptions(configuration: configuration, migrate: !noMigrate))
            app.logger.notice("Lifeline on http://\(hostname):\(port) with \(configuration.database)")
            try await app.execute()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()  // report the error that stopped the server, not a shutdown one
            throw error
        }
    }
}
