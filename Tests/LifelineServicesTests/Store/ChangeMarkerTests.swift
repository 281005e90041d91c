import FluentKit
import Foundation
import LifelineStore
import LifelineTestSupport
import Logging
import NIOCore
import NIOPosix
import SQLKit
import Testing

/// The change marker moves with every committed write, from any connection (ADR 0032).
@Suite struct ChangeMarkerTests {
    /// Runs `body` with two independent connection pools on one fresh database (as two instances,
    /// or a server and a CLI, would have) and the marker opened on the first.
    func withTwoPools(
        _ engine: TestDatabase, _ body: (Store, Store, ChangeMarker) async throws -> Void
    ) async throws {
        await TestSlots.shared.acquire()
        let (url, cleanUp) = try await TestDatabases.shared.make(engine)
        let first = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        let second = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        let logger = Logger(label: "marker-test")
        var marker: ChangeMarker?
        do {
            first.use(try url.configuration(maxConnectionsPerEventLoop: 2), as: .lifelineTests)
            second.use(try url.configuration(maxConnectionsPerEventLoop: 2), as: .lifelineTests)
            let a = Store(engine: url.engine) {
                first.database(.lifelineTests, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())!
            }
            let b = Store(engine: url.engine) {
                second.database(.lifelineTests, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())!
            }
            marker = try await ChangeMarker.open(
                url, store: a, threadPool: NIOThreadPool.singleton,
                eventLoop: MultiThreadedEventLoopGroup.singleton.any(), logger: logger)
            try await body(a, b, marker!)
        } catch {
            await marker?.close()
            await first.shutdownAsync()
            await second.shutdownAsync()
            await cleanUp()
            await TestSlots.shared.release()
            throw error
        }
        await marker?.close()
        await first.shutdownAsync()
        await second.shutdownAsync()
        await cleanUp()
        await TestSlots.shared.release()
    }

    @Test(arguments: TestDatabase.allCases)
    func everyCommittedWriteMovesTheMarker(_ engine: TestDatabase) async throws {
        try await withTwoPools(engine) { a, b, marker in
            let start = try #require(try await marker.current())
            // Through the one write path of this process.
            try await a.write { tx in try await tx.sql().raw("UPDATE write_gate SET touched = touched + 1").run() }
            let afterOwn = try #require(try await marker.current())
            #expect(afterOwn != start)
            // Plain SQL outside any transaction, on another pool (another instance, a CLI).
            try await b.sql.raw("UPDATE write_gate SET touched = touched + 1").run()
            let afterOther = try #require(try await marker.current())
            #expect(afterOther != afterOwn)
            // A transaction that is rolled back changes no data (PostgreSQL's snapshot may still
            // move: the marker may change when nothing did, never the reverse).
            _ = try? await b.write { tx -> Int in
                try await tx.sql().raw("UPDATE write_gate SET touched = touched + 1").run()
                throw CancellationError()
            }
            if engine == .sqlite {
                // Nothing else writes to this file: reading changes nothing.
                _ = try await a.sql.raw("SELECT count(*) AS n FROM lots").all()
                let again = try #require(try await marker.current())
                #expect(try await marker.current() == again)
            }
        }
    }

    @Test func anInMemoryDatabaseHasNoMarker() async throws {
        let url = try DatabaseURL("sqlite::memory:")
        let store = Store(engine: .sqlite) { fatalError("not read") }
        let marker = try await ChangeMarker.open(
            url, store: store, threadPool: NIOThreadPool.singleton,
            eventLoop: MultiThreadedEventLoopGroup.singleton.any(), logger: Logger(label: "marker-test"))
        #expect(try await marker.current() == nil)
        await marker.close()
    }
}
