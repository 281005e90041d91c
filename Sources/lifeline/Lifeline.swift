import ArgumentParser
import Foundation
import LifelineDomain
import LifelineServer
import LifelineServices
import LifelineStore
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Vapor

/// `lifeline`: the one executable for operators. Every subcommand reads its configuration once
/// (``Configuration``: `DATABASE_URL`, default `sqlite://./lifeline.sqlite`, and the rest of the
/// README's table); `lifeline config` prints it.
struct Lifeline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lifeline",
        abstract: "生命线 卫生应急物资保障平台 — Lifeline, the health emergency supplies platform.",
        discussion:
            """
            DATABASE_URL selects the database: sqlite://./lifeline.sqlite (default), sqlite:///abs/path.sqlite or \
            postgres://user:pass@host:5432/db.
            """,
        subcommands: [
            ServeCommand.self, MigrateCommand.self, DemoCommand.self, ImportCommand.self, ExportCommand.self,
            VerifyCommand.self,
            UsersCommand.self, BenchCommand.self, AllocateCommand.self, ConfigCommand.self, PlanCommand.self,
            KitsCommand.self,
        ])
}

/// The process's entry: NIO's event loops become Swift concurrency's executor before anything else
/// runs, so an `await` on a database answer resumes on the event loop that received it instead of
/// hopping to a second thread pool and back (a third more requests per second on a 2-core machine;
/// docs/performance.md). Then the command line.
@main
enum Entrypoint {
    static func main() async {
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await Lifeline.main()
    }
}

/// Opens the configured database inside a Vapor application (without serving HTTP), runs `body`
/// with Lifeline's services, and shuts down cleanly whatever happens.
func withServices<T: Sendable>(migrate: Bool = true, _ body: (LifelineServices.Services) async throws -> T) async throws
    -> T
{
    let configuration = try Configuration()
    let app = try await Application.make(Environment(name: "production", arguments: ["lifeline"]))
    do {
        try await configure(app, ServerOptions(configuration: configuration, migrate: migrate, serveHTTP: false))
        let result = try await body(app.lifeline)
        try await app.asyncShutdown()
        return result
    } catch {
        try? await app.asyncShutdown()  // the original error is the one to report
        throw error
    }
}

/// Prints a Lifeline error the way the console would say it, and exits with status 2.
func reportFailure(_ error: any Error) -> ExitCode {
    if let error = error as? LifelineError {
        FileHandle.standardError.write(
            Data("错误 error [\(error.code.rawValue)]: \(error.message(.zh)) / \(error.message(.en))\n".utf8))
    } else {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    }
    return ExitCode(2)
}

/// A progress line on stderr that rewrites itself.
struct Progress: Sendable {
    let label: String
    /// Whether the line was started and not yet ended.
    private let open = NIOLockedValueBox(false)

    init(label: String) { self.label = label }

    func callAsFunction(_ done: Int, _ total: Int) {
        let percent = total > 0 ? done * 100 / total : 100
        FileHandle.standardError.write(Data("\r\(label) \(done)/\(total) (\(percent)%)".utf8))
        if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
        open.withLockedValue { $0 = done < total }
    }

    /// Ends a line that a run stopped early left open, so that its error starts on a line of its own.
    func end() {
        if open.withLockedValue({ open in
            defer { open = false }
            return open
        }) {
            FileHandle.standardError.write(Data("\n".utf8))
        }
    }
}
