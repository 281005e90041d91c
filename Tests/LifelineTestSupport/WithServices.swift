import FluentKit
import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import Logging
import NIOCore
import NIOPosix

/// 2026-11-24 10:00 in China: the "now" of every test.
public let testNow = Date(timeIntervalSince1970: 1_795_485_600)

/// A fast stand-in for bcrypt, so tests that sign in many users stay quick.
public let plainPasswords = PasswordHasher(hash: { "plain:" + $0 }, verify: { "plain:" + $0 == $1 })

/// Runs `body` with Lifeline's services on a fresh, migrated database of `engine` — no web
/// framework: the service tests exercise the use cases as the server and the CLI call them.
public func withServices(
    _ engine: TestDatabase, clock: Clock = .fixed(testNow), ids: IDGenerator = .random,
    _ body: (Services) async throws -> Void
) async throws {
    await TestSlots.shared.acquire()
    do {
        try await runServices(engine, clock: clock, ids: ids, body)
    } catch {
        await TestSlots.shared.release()
        throw error
    }
    await TestSlots.shared.release()
}

private func runServices(
    _ engine: TestDatabase, clock: Clock, ids: IDGenerator, _ body: (Services) async throws -> Void
) async throws {
    let (url, cleanUp) = try await TestDatabases.shared.make(engine)
    let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
    do {
        databases.use(try url.configuration(maxConnectionsPerEventLoop: 4), as: .lifelineTests)
        let logger = Logger(label: "lifeline-test")
        let store = Store(engine: url.engine) {
            // Registered just above, so the lookup cannot miss.
            databases.database(.lifelineTests, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())!
        }
        let services = Services(store: store, clock: clock, ids: ids, passwords: plainPasswords)
        try await body(services)
        await databases.shutdownAsync()
    } catch {
        await databases.shutdownAsync()
        await cleanUp()
        throw error
    }
    await cleanUp()
}

/// At most `limit` test databases in use at a time: Swift Testing starts every test at once, and on
/// two cores a hundred connection pools only thrash.
public actor TestSlots {
    public static let shared = TestSlots(limit: 6)
    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(limit: Int) { self.limit = limit }

    public func acquire() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    public func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
