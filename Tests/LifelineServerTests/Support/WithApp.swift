import Foundation
import LifelineDomain
import LifelineServer
import LifelineServices
import LifelineStore
import LifelineTestSupport
import Testing
import Vapor
import VaporTesting

/// Builds a configured application on a fresh database of `engine`, runs `body`, and shuts it down.
func withApp(
    _ engine: TestDatabase, clock: Clock = .fixed(testNow), ids: IDGenerator = .random,
    _ body: (Application, LifelineServices.Services) async throws -> Void
) async throws {
    // Swift Testing starts every test at once; on two cores a hundred applications with their
    // connection pools only thrash. A few at a time finish sooner, and a test that fires hundreds of
    // concurrent calls gets the database it needs.
    await TestSlots.shared.acquire()
    do {
        try await runApp(engine, clock: clock, ids: ids, body)
    } catch {
        await TestSlots.shared.release()
        throw error
    }
    await TestSlots.shared.release()
}

private func runApp(
    _ engine: TestDatabase, clock: Clock, ids: IDGenerator,
    _ body: (Application, LifelineServices.Services) async throws -> Void
) async throws {
    let (url, cleanUp) = try await TestDatabases.shared.make(engine)
    let app = try await Application.make(.testing)
    do {
        var options = ServerOptions(database: url, migrate: true, clock: clock)
        options.ids = ids
        options.connectionsPerEventLoop = 4
        options.passwords = plainPasswords
        options.sweepExpiry = false
        try await configure(app, options)
        try await body(app, app.lifeline)
        try await app.asyncShutdown()
    } catch {
        try? await app.asyncShutdown()
        await cleanUp()
        throw error
    }
    await cleanUp()
}

/// Sends a request with an optional JSON body and returns the response.
func send(
    _ app: Application, _ method: HTTPMethod, _ uri: String, token: String? = nil, json: String? = nil,
    headers extra: [String: String] = [:]
) async throws -> TestingHTTPResponse {
    var headers = HTTPHeaders()
    if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
    if json != nil { headers.contentType = .json }
    for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
    return try await app.testing().sendRequest(
        method, uri, headers: headers, body: json.map { ByteBuffer(string: $0) },
        beforeRequest: { $0.url = URI(string: uri) })
}

extension TestingHTTPResponse {
    /// The body as a JSON object.
    var json: [String: Any] {
        // tests assert on the result
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    var text: String { body.string }
}
