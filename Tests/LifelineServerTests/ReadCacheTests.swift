import FluentKit
import Foundation
import LifelineDomain
import LifelineServer
import LifelineServices
import LifelineStore
import LifelineTestSupport
import NIOCore
import SQLKit
import Testing
import Vapor
import Yams

@testable import LifelineServer

/// Lists answer from the read cache only while the database is unchanged (ADR 0032): a write
/// acknowledged before a list is asked for is in its answer, whoever wrote it and however; one
/// reader's answer never reaches another; authentication still runs on every request.
@Suite struct ReadCacheTests {
    /// `GET uri` as `token`: the body's `total` and whether it was a reused answer.
    static func list(_ app: Application, _ uri: String, _ token: String) async throws -> (total: Int?, hit: Bool) {
        let response = try await send(app, .GET, uri, token: token)
        #expect(response.status == .ok, "\(uri): \(response.text)")
        return (response.json["total"] as? Int, response.headers.first(name: "X-Read-Cache") == "hit")
    }

    @Test(arguments: TestDatabase.allCases)
    func aWriteThroughTheAPIIsInTheNextAnswer(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let token = w.token("officer.a")
            let before = try await Self.list(app, "/api/v1/lots?per=50", token)
            _ = try await Self.list(app, "/api/v1/lots?per=50", token)  // kept
            let receipt = try await send(
                app, .POST, "/api/v1/movements/receipts", token: token,
                json: #"""
                    {"depotId":"\#(w.nanming.uuidString)","itemId":"\#(w.mask.uuidString)","quantity":5,\#
                    "batchNo":"RC-1","manufacturer":"M","productionDate":"2026-01-01","expiryDate":"2028-01-01"}
                    """#,
                headers: ["Idempotency-Key": "read-cache-1"])
            #expect(receipt.status == .created, "\(receipt.text)")
            let after = try await Self.list(app, "/api/v1/lots?per=50", token)
            #expect(after.total == (before.total ?? -1) + 1)
            #expect(!after.hit)
        }
    }

    /// Another instance or a CLI writes through a connection of its own; plain SQL stands in for it.
    @Test(arguments: TestDatabase.allCases)
    func aWriteOnAnotherConnectionIsInTheNextAnswer(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let token = w.token("officer.a")
            let uri = "/api/v1/depots?per=50&sort=name"
            _ = try await Self.list(app, uri, token)
            _ = try await Self.list(app, uri, token)
            try await services.store.sql.raw(
                "UPDATE depots SET name = \(bind: "改名后的库") WHERE id = \(bind: w.nanming)"
            ).run()
            let response = try await send(app, .GET, uri, token: token)
            #expect(response.text.contains("改名后的库"), "\(response.text)")
            #expect(response.headers.first(name: "X-Read-Cache") == "miss")
        }
    }

    /// With nothing written in between, the second identical request is served from the cache with
    /// the same bytes (SQLite: nothing else writes to the test's file; PostgreSQL's snapshot also
    /// moves with the other tests' writes on the same server, so there it is only compared).
    @Test(arguments: TestDatabase.allCases)
    func anUnchangedDatabaseAnswersFromTheCacheWithTheSameBytes(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let token = w.token("officer.city")
            let first = try await send(app, .GET, "/api/v1/lots?per=50", token: token)
            let second = try await send(app, .GET, "/api/v1/lots?per=50", token: token)
            #expect(first.headers.first(name: "X-Read-Cache") == "miss")
            if engine == .sqlite {
                #expect(second.headers.first(name: "X-Read-Cache") == "hit")
            }
            #expect(first.body == second.body)
            #expect(second.headers.contentType == .json)
            // A single read is not a list: never cached.
            let one = try await send(app, .GET, "/api/v1/lots/\(w.lot.uuidString)", token: token)
            #expect(one.headers.first(name: "X-Read-Cache") == nil)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func oneReadersAnswerNeverReachesAnother(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let uri = "/api/v1/lots?per=50"
            let city = try await Self.list(app, uri, w.token("officer.city"))
            _ = try await Self.list(app, uri, w.token("officer.city"))
            let county = try await Self.list(app, uri, w.token("officer.b"))
            #expect(!county.hit)
            #expect(city.total == 2)  // nanming's and yunyan's lots
            #expect(county.total == 1)  // yunyan's lot only
            // Language is part of the key (answers name things in the reader's language).
            let chinese = try await send(
                app, .GET, "/api/v1/stock/positions?groupBy=item", token: w.token("officer.city"),
                headers: ["Accept-Language": "zh-CN"])
            let english = try await send(
                app, .GET, "/api/v1/stock/positions?groupBy=item", token: w.token("officer.city"),
                headers: ["Accept-Language": "en"])
            #expect(chinese.status == .ok && english.status == .ok)
            #expect(english.headers.first(name: "X-Read-Cache") == "miss")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aRevokedTokenIsRefusedAtOnce(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let token = w.token("officer.a")
            _ = try await Self.list(app, "/api/v1/movements?per=50", token)
            _ = try await Self.list(app, "/api/v1/movements?per=50", token)
            try await services.store.sql.raw("UPDATE api_tokens SET revoked = \(bind: true)").run()
            let refused = try await send(app, .GET, "/api/v1/movements?per=50", token: token)
            #expect(refused.status == .unauthorized)
        }
    }

    @Test func anAnswerIsReusedOnlyAtItsMarkerAndWithinItsLifetime() {
        let cache = ReadCache(lifetime: .milliseconds(1000), capacity: 2)
        let actor = Actor(
            userID: UUID(), username: "u", role: .supplyOfficer, scope: JurisdictionPath(rawValue: "CN/52")!,
            unitID: nil)
        let key = ReadCache.key(actor: actor, uri: "/api/v1/lots", language: .zh)
        let start = NIODeadline.now()
        cache.keep(.init(marker: "7", storedAt: start, headers: [:], body: ByteBuffer(string: "a")), for: key)
        #expect(cache.answer(for: key, marker: "7", now: start + .milliseconds(999)) != nil)
        #expect(cache.answer(for: key, marker: "8", now: start) == nil)
        cache.keep(.init(marker: "7", storedAt: start, headers: [:], body: ByteBuffer(string: "a")), for: key)
        #expect(cache.answer(for: key, marker: "7", now: start + .milliseconds(1000)) == nil)
        // Another reader, another language, another URL: other keys.
        var other = actor
        other.unitID = UUID()
        cache.keep(.init(marker: "7", storedAt: start, headers: [:], body: ByteBuffer(string: "a")), for: key)
        #expect(cache.answer(for: ReadCache.key(actor: other, uri: "/api/v1/lots", language: .zh), marker: "7") == nil)
        #expect(cache.answer(for: ReadCache.key(actor: actor, uri: "/api/v1/lots", language: .en), marker: "7") == nil)
        // Full: the oldest expired answers go, or all of them.
        for n in 0..<5 {
            cache.keep(
                .init(marker: "7", storedAt: .now(), headers: [:], body: ByteBuffer(string: "\(n)")),
                for: ReadCache.key(actor: actor, uri: "/\(n)", language: .zh))
        }
        #expect(cache.count <= 2)
        // Too large to keep.
        let small = ReadCache(lifetime: .seconds(1), largestBody: 4)
        small.keep(.init(marker: "1", storedAt: .now(), headers: [:], body: ByteBuffer(string: "12345")), for: key)
        #expect(small.count == 0)
    }

    /// Every list of openapi.yaml — a GET whose answer is a page, an array or the stock positions —
    /// says `x-read-cache: true`, and nothing else does.
    @Test func everyListOfTheContractIsMarked() throws {
        let spec = try ContractSpec.bundled()
        let yaml = try String(contentsOfFile: try StaticFiles.bundled("openapi.yaml"), encoding: .utf8)
        let document = try Yams.load(yaml: yaml) as? [String: Any] ?? [:]
        var lists: Set<String> = []
        for (_, item) in document["paths"] as? [String: Any] ?? [:] {
            guard let get = (item as? [String: Any])?["get"] as? [String: Any],
                let id = get["operationId"] as? String,
                let ok = (get["responses"] as? [String: Any])?["200"] as? [String: Any],
                let schema = ((ok["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"]
                    as? [String: Any]
            else { continue }
            let reference = schema["$ref"] as? String ?? ""
            if schema["type"] as? String == "array" || reference.hasSuffix("Page")
                || reference.hasSuffix("/StockPositions")
            {
                lists.insert(id)
            }
        }
        #expect(lists.count >= 19)
        let marked = Set(spec.operations.filter(\.readCache).map(\.id))
        #expect(marked == lists)
    }
}
