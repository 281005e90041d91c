import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing
import Vapor
import VaporTesting

/// Bad input gets a localized problem document naming the field, and changes nothing.
@Suite struct APIValidationTests {
    struct BadRequest: Sendable, CustomTestStringConvertible {
        var name: String
        var path: String
        var body: String
        var code: String
        var field: String?
        var testDescription: String { name }
    }

    /// Cases built against a world; `{lot}` etc. are filled in.
    static let cases: [BadRequest] = [
        .init(
            name: "zero quantity", path: "/api/v1/movements/issues", body: #"{"lotId":"{lot}","quantity":0}"#,
            code: "input.out_of_range", field: "quantity"),
        .init(
            name: "negative quantity", path: "/api/v1/movements/issues", body: #"{"lotId":"{lot}","quantity":-5}"#,
            code: "input.out_of_range", field: "quantity"),
        .init(
            name: "unknown lot", path: "/api/v1/movements/issues",
            body: #"{"lotId":"00000000-0000-4000-8000-000000000042","quantity":1}"#,
            code: "resource.reference_not_found", field: "lotId"),
        .init(
            name: "unknown depot", path: "/api/v1/movements/receipts",
            body:
                #"""
                {"depotId":"00000000-0000-4000-8000-000000000042","itemId":"{mask}","quantity":1,"batchNo":"X",\#
                "manufacturer":"M","expiryDate":"2028-01-01"}
                """#,
            code: "resource.reference_not_found", field: "depotId"),
        .init(
            name: "unknown item", path: "/api/v1/movements/receipts",
            body:
                #"""
                {"depotId":"{depot}","itemId":"00000000-0000-4000-8000-000000000042","quantity":1,"batchNo":"X",\#
                "manufacturer":"M"}
                """#,
            code: "resource.reference_not_found", field: "itemId"),
        .init(
            name: "expired lot", path: "/api/v1/movements/issues", body: #"{"lotId":"{expired}","quantity":1}"#,
            code: "stock.lot_expired", field: "lotId"),
        .init(
            name: "held lot", path: "/api/v1/movements/issues", body: #"{"lotId":"{held}","quantity":1}"#,
            code: "stock.lot_not_available", field: "lotId"),
        .init(
            name: "more than in stock", path: "/api/v1/movements/issues", body: #"{"lotId":"{lot}","quantity":101}"#,
            code: "stock.insufficient", field: "quantity"),
        .init(
            name: "malformed JSON", path: "/api/v1/movements/issues", body: #"{"lotId": "{lot}", "quantity": 1"#,
            code: "input.malformed_body", field: "body"),
        .init(
            name: "wrong type", path: "/api/v1/movements/issues", body: #"{"lotId":"{lot}","quantity":"ten"}"#,
            code: "input.wrong_type", field: "quantity"),
        .init(
            name: "missing field", path: "/api/v1/movements/adjustments", body: #"{"lotId":"{lot}","reason":"count"}"#,
            code: "input.required", field: "quantity"),
        .init(
            name: "not a UUID", path: "/api/v1/movements/issues", body: #"{"lotId":"lot-7","quantity":1}"#,
            code: "input.invalid", field: "lotId"),
        .init(
            name: "bad date", path: "/api/v1/movements/receipts",
            body:
                #"""
                {"depotId":"{depot}","itemId":"{mask}","quantity":1,"batchNo":"X","manufacturer":"M",\#
                "expiryDate":"2027-02-30"}
                """#,
            code: "input.invalid_date", field: "expiryDate"),
        .init(
            name: "adjustment without reason", path: "/api/v1/movements/adjustments",
            body: #"{"lotId":"{lot}","quantity":-1,"reason":" "}"#,
            code: "input.required", field: "reason"),
        .init(
            name: "transfer to the same depot", path: "/api/v1/movements/transfers",
            body: #"{"fromDepotId":"{depot}","toDepotId":"{depot}","itemId":"{mask}","quantity":1}"#,
            code: "stock.same_depot", field: "toDepotId"),
        .init(
            name: "refrigerated item into an ambient depot", path: "/api/v1/movements/receipts",
            body:
                #"""
                {"depotId":"{depot}","itemId":"{vaccine}","quantity":1,"batchNo":"V","manufacturer":"M",\#
                "expiryDate":"2028-01-01"}
                """#,
            code: "stock.storage_mismatch", field: "depotId"),
    ]

    /// A world with an expired and a held lot besides the 100 masks.
    static func prepare(_ services: LifelineServices.Services) async throws -> (World, [String: String]) {
        let w = try await World.build(services)
        let expired = try await services.stock.receive(
            ReceiptInput(
                depotId: w.nanming, itemId: w.mask, quantity: 9, batchNo: "EXP", manufacturer: "M",
                productionDate: "2023-01-01",
                expiryDate: "2026-10-01"), key: "exp", by: .system
        ).movements[0].lotId
        let held = try await services.stock.receive(
            ReceiptInput(
                depotId: w.nanming, itemId: w.mask, quantity: 9, batchNo: "HLD", manufacturer: "M",
                productionDate: "2025-01-01",
                expiryDate: "2028-01-01"), key: "hld", by: .system
        ).movements[0].lotId
        _ = try await services.stock.changeStatus(LotStatusInput(lotId: held, status: .held, reason: "抽检"), by: .system)
        let values = [
            "{lot}": w.lot.uuidString, "{mask}": w.mask.uuidString, "{vaccine}": w.vaccine.uuidString,
            "{depot}": w.nanming.uuidString, "{expired}": expired.uuidString, "{held}": held.uuidString,
        ]
        return (w, values)
    }

    @Test(arguments: TestDatabase.allCases)
    func badInputIsRefusedWithALocalizedProblemAndStoresNothing(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let (w, values) = try await Self.prepare(services)
            let token = w.token("officer.a")
            let before = try await services.stock.movements(MovementFilter(), page: PageRequest(), for: .system).total
            for (index, bad) in Self.cases.enumerated() {
                let body = values.reduce(bad.body) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
                for language in ["zh-CN", "en"] {
                    let response = try await send(
                        app, .POST, bad.path, token: token, json: body,
                        headers: ["Idempotency-Key": "bad-\(index)-\(language)", "Accept-Language": language])
                    #expect((400..<500).contains(response.status.code), "\(bad.name): \(response.status)")
                    #expect(
                        response.headers.contentType?.description.hasPrefix("application/problem+json") == true,
                        "\(bad.name)")
                    let problem = response.json
                    #expect(problem["code"] as? String == bad.code, "\(bad.name): \(response.text)")
                    #expect(problem["field"] as? String == bad.field, "\(bad.name): \(response.text)")
                    let message = problem["message"] as? String ?? ""
                    let hasChinese = message.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
                    #expect(language == "en" ? !hasChinese : hasChinese, "\(bad.name) in \(language): \(message)")
                }
            }
            #expect(
                try await services.stock.movements(MovementFilter(), page: PageRequest(), for: .system).total == before)
            #expect(try await services.stock.lot(w.lot, for: .system).onHand == 100)
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func retriesWithTheSameKeyCreateNothingNew(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let token = w.token("officer.a")
            let body = #"{"lotId":"\#(w.lot.uuidString)","quantity":4}"#
            let first = try await send(
                app, .POST, "/api/v1/movements/issues", token: token, json: body, headers: ["Idempotency-Key": "abc"])
            #expect(first.status == .created)
            let retry = try await send(
                app, .POST, "/api/v1/movements/issues", token: token, json: body, headers: ["Idempotency-Key": "abc"])
            #expect(retry.status == .created)
            #expect(retry.json["documentNo"] as? String == first.json["documentNo"] as? String)
            let changed = try await send(
                app, .POST, "/api/v1/movements/issues", token: token,
                json: #"{"lotId":"\#(w.lot.uuidString)","quantity":5}"#, headers: ["Idempotency-Key": "abc"])
            #expect(changed.status == .conflict)
            #expect(changed.json["code"] as? String == "idempotency.key_reused")
            let missing = try await send(app, .POST, "/api/v1/movements/issues", token: token, json: body)
            #expect(missing.status == .badRequest)
            #expect(missing.json["field"] as? String == "Idempotency-Key")
            #expect(try await services.stock.lot(w.lot, for: .system).onHand == 96)
        }
    }

    @Test func oversizedBodiesAreRefused() async throws {
        try await withApp(.sqlite) { app, services in
            let w = try await World.build(services)
            // Every request the contract allows fits in 4 MiB; a larger one that breaks it is named…
            let long = String(repeating: "x", count: 5 << 20)
            let named = try await send(
                app, .POST, "/api/v1/movements/issues", token: w.token("officer.a"),
                json: #"{"lotId":"\#(w.lot.uuidString)","quantity":1,"reason":"\#(long)"}"#,
                headers: ["Idempotency-Key": "big", "Accept-Language": "en"])
            #expect(named.status == .badRequest)
            #expect(named.json["field"] as? String == "reason")
            // …and beyond 16 MiB nothing is read.
            let huge = String(repeating: "x", count: 17 << 20)
            let response = try await send(
                app, .POST, "/api/v1/movements/issues", token: w.token("officer.a"),
                json: #"{"lotId":"\#(w.lot.uuidString)","quantity":1,"reason":"\#(huge)"}"#,
                headers: ["Idempotency-Key": "huge", "Accept-Language": "en"])
            #expect(response.status == .payloadTooLarge)
            #expect(response.json["code"] as? String == "input.payload_too_large")
            #expect(try await services.stock.lot(w.lot, for: .system).onHand == 100)
        }
    }

    @Test func unknownRoutesMethodsAndTokensAnswerWithProblems() async throws {
        try await withApp(.sqlite) { app, services in
            let w = try await World.build(services)
            let unknown = try await send(app, .GET, "/api/v1/nothing-here", token: w.token("officer.a"))
            #expect(unknown.status == .notFound)
            #expect(unknown.json["code"] as? String == "route.not_found")
            let method = try await send(app, .DELETE, "/api/v1/depots", token: w.token("officer.a"))
            #expect(method.status == .methodNotAllowed)
            #expect(method.headers.first(name: .allow)?.contains("GET") == true)
            let anonymous = try await send(app, .GET, "/api/v1/depots")
            #expect(anonymous.status == .unauthorized)
            let forged = try await send(app, .GET, "/api/v1/depots", token: "ll_forged")
            #expect(forged.status == .unauthorized)
            let badPage = try await send(
                app, .GET, "/api/v1/lots?per=100000", token: w.token("officer.a"), headers: ["Accept-Language": "en"])
            #expect(badPage.status == .badRequest)
            #expect(badPage.json["field"] as? String == "per")
            let badSort = try await send(app, .GET, "/api/v1/lots?sort=price", token: w.token("officer.a"))
            #expect(badSort.status == .badRequest)
        }
    }

    @Test func tokensComeFromPasswordsAndTheSpecIsServed() async throws {
        try await withApp(.sqlite) { app, services in
            _ = try await World.build(services)
            let wrong = try await send(
                app, .POST, "/api/v1/auth/tokens", json: #"{"username":"officer.a","password":"nope"}"#)
            #expect(wrong.status == .unauthorized)
            #expect(wrong.json["code"] as? String == "auth.invalid_credentials")
            let right = try await send(
                app, .POST, "/api/v1/auth/tokens", json: #"{"username":"officer.a","password":"\#(World.password)"}"#)
            #expect(right.status == .created)
            let token = try #require(right.json["token"] as? String)
            let me = try await send(app, .GET, "/api/v1/me", token: token)
            #expect(me.json["scope"] as? String == "CN/52/5201/520102")
            let spec = try await send(app, .GET, "/openapi.yaml")
            #expect(spec.status == .ok)
            #expect(spec.text.contains("openapi: 3.1.0"))
            let metrics = try await send(app, .GET, "/metrics")
            #expect(metrics.status == .ok)
        }
    }
}
