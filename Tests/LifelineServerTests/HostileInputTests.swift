import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing
import Vapor
import VaporTesting

@testable import LifelineServer

/// What an independent review sent at the API and the console: each answer is a clear 4xx that
/// names the field, and nothing stored changes.
@Suite struct HostileInputTests {
    @Test(arguments: TestDatabase.allCases)
    func theContractNamesTheFieldAtFault(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let token = w.token("officer.a")
            let lot = w.lot.uuidString
            let population = try await services.reference.jurisdiction("520102", for: .system).population
            let cases: [(HTTPMethod, String, String?, String, String)] = [
                (.GET, "/api/v1/lots?sort=bogus", nil, "sort", "input.invalid"),
                (.GET, "/api/v1/lots?per=0", nil, "per", "input.out_of_range"),
                (.GET, "/api/v1/lots?per=ten", nil, "per", "input.wrong_type"),
                (.GET, "/api/v1/units?q=" + String(repeating: "x", count: 61), nil, "q", "input.too_long"),
                (.GET, "/api/v1/units?q=a%00b", nil, "q", "input.invalid"),
                (
                    .POST, "/api/v1/movements/issues", #"{"lotId":"\#(lot)","quantity":1.5}"#, "quantity",
                    "input.wrong_type"
                ),
                (
                    .POST, "/api/v1/movements/issues", #"{"lotId":"\#(lot)","quantity":1,"quantiy":2}"#, "quantiy",
                    "input.invalid"
                ),
                (
                    .POST, "/api/v1/movements/adjustments", #"{"lotId":"\#(lot)","quantity":1,"reason":"a\u0000b"}"#,
                    "reason", "input.invalid"
                ),
                (
                    .POST, "/api/v1/movements/issues", #"{"lotId":"\#(lot)","quantity":100000001}"#, "quantity",
                    "input.out_of_range"
                ),
                (.PATCH, "/api/v1/jurisdictions/520102", "{}", "population", "input.required"),
                (
                    .POST, "/api/v1/movements/receipts",
                    #"""
                    {"depotId":"\#(w.nanming.uuidString)","itemId":"\#(w.mask.uuidString)","quantity":1,\#
                    "batchNo":"Z","manufacturer":"M","unitCostFen":1000000001}
                    """#,
                    "unitCostFen", "input.out_of_range"
                ),
                (.POST, "/api/v1/movements/issues", "not json", "body", "input.malformed_body"),
            ]
            for (index, (method, path, body, field, code)) in cases.enumerated() {
                let response = try await send(
                    app, method, path, token: token, json: body,
                    headers: ["Idempotency-Key": "h-\(index)", "Accept-Language": "en"])
                #expect(response.status == .badRequest, "\(method) \(path): \(response.status) \(response.text)")
                #expect(response.json["field"] as? String == field, "\(path): \(response.text)")
                #expect(response.json["code"] as? String == code, "\(path): \(response.text)")
            }
            #expect(try await services.stock.lot(w.lot, for: .system).onHand == 100)
            #expect(
                try await services.reference.jurisdiction("520102", for: .system).population == population,
                "PATCH {} cleared nothing")
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aRuleRefusingWellFormedInputIs409AndAnUnknownReference404(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let token = w.token("officer.a")
            let reversed = try await send(
                app, .POST, "/api/v1/movements/receipts", token: token,
                json:
                    #"""
                    {"depotId":"\#(w.nanming.uuidString)","itemId":"\#(w.mask.uuidString)","quantity":1,\#
                    "batchNo":"R","manufacturer":"M","productionDate":"2027-01-01","expiryDate":"2026-01-01"}
                    """#,
                headers: ["Idempotency-Key": "rev"])
            #expect(reversed.status == .conflict)
            #expect(reversed.json["field"] as? String == "expiryDate")
            let unknown = try await send(
                app, .POST, "/api/v1/movements/issues", token: token,
                json: #"{"lotId":"00000000-0000-4000-8000-000000000042","quantity":1}"#,
                headers: ["Idempotency-Key": "unk"])
            #expect(unknown.status == .notFound)
            #expect(unknown.json["field"] as? String == "lotId")
            // A path the contract names with another method: 405 with the methods it has.
            let options = try await send(app, .OPTIONS, "/api/v1/movements/receipts", token: token)
            #expect(options.status == .methodNotAllowed)
            #expect(options.headers.first(name: .allow) == "POST")
            let get = try await send(app, .GET, "/api/v1/movements/receipts", token: token)
            #expect(get.status == .methodNotAllowed)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aNulCharacterIsRefusedOnBothEnginesAndStoresNothing(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            _ = try await World.build(services)
            let admin = try await services.access.createUser(
                NewUser(
                    username: "admin.nul", displayName: "a", password: World.password, role: .administrator,
                    jurisdiction: "CN"), by: .system)
            let token = try await services.access.issueToken(
                name: "t", validForDays: 1, for: try #require(try await services.access.actor(userID: admin.id))
            ).token
            let before = try await services.reference.depots(DepotFilter(), page: PageRequest(per: 500), for: .system)
                .total
            let depot =
                #"""
                {"code":"NUL-1","name":"库\u0000名","jurisdictionCode":"520102","operatorKind":"government",\#
                "longitude":106.7,"latitude":26.5,"areaM2":1,"volumeM3":1,"temperatureZones":["ambient"]}
                """#
            let response = try await send(app, .POST, "/api/v1/depots", token: token, json: depot)
            #expect(response.status == .badRequest)
            #expect(response.json["field"] as? String == "name")
            #expect(
                try await services.reference.depots(DepotFilter(), page: PageRequest(per: 500), for: .system).total
                    == before)
            // Services refuse it too, for every way in that is not the API (console forms, imports).
            await #expect(throws: LifelineError.self) {
                _ = try await services.reference.createUnit(
                    UnitProfile(
                        kind: .supplyOffice, name: "单位\u{0}", jurisdiction: JurisdictionCode(rawValue: "520102")!),
                    by: .system)
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func usernamesDifferingOnlyInCaseAreOneAccount(_ engine: TestDatabase) async throws {
        try await withApp(engine) { _, services in
            _ = try await World.build(services)
            await #expect(throws: LifelineError.self) {
                _ = try await services.access.createUser(
                    NewUser(
                        username: "Officer.A", displayName: "x", password: World.password, role: .auditor,
                        jurisdiction: "52"), by: .system)
            }
            let actor = try await services.access.authenticate(username: "OFFICER.A", password: World.password)
            #expect(actor.username == "officer.a")
        }
    }

    @Test func signingInNeverLeadsToAnotherSite() {
        for hostile in [
            "/%09/evil.com", "//evil.com", "/\\evil.com", "https://evil.com", "/%0a/evil.com", "/%5C%5Cevil.com",
            "%2F%2Fevil.com",
            "/\t/evil.com", " /x", "/%E2%80%AE/x",
        ] {
            #expect(ConsoleRoutes.safeNext(hostile) == "/", "\(hostile)")
        }
        #expect(ConsoleRoutes.safeNext("/requests?status=submitted") == "/requests?status=submitted")
        #expect(ConsoleRoutes.safeNext(nil) == "/")
    }

    @Test(arguments: TestDatabase.allCases)
    func aStorageOperatorSeesItsDepotsPositionsAndNotAnotherJurisdictions(_ engine: TestDatabase) async throws {
        try await withApp(engine) { _, services in
            let w = try await World.build(services)
            _ = try await services.stock.receive(
                ReceiptInput(
                    depotId: w.enterpriseDepot, itemId: w.mask, quantity: 30, batchNo: "E-1", manufacturer: "M",
                    expiryDate: "2029-01-01"), key: "e", by: .system)
            // The enterprise's unit lies in 520102; a depot it runs elsewhere still counts.
            var elsewhere = try await services.reference.depot(w.enterpriseDepot, for: .system).profile
            elsewhere.code = "T-E-02"
            elsewhere.jurisdiction = JurisdictionCode(rawValue: "520103")!
            let far = try await services.reference.createDepot(elsewhere, by: .system)
            _ = try await services.stock.receive(
                ReceiptInput(
                    depotId: far.id, itemId: w.mask, quantity: 20, batchNo: "E-2", manufacturer: "M",
                    expiryDate: "2029-01-01"), key: "e2", by: .system)
            let op = w.operatorActor
            let positions = try await services.stock.positions(by: .depot, for: op)
            #expect(Set(positions.map(\.key)) == [w.enterpriseDepot.uuidString, far.id.uuidString])
            #expect(positions.map(\.onHand).reduce(0, +) == 50)
            let narrowed = try await services.stock.positions(
                by: .depot, under: JurisdictionCode(rawValue: "520103"), for: op)
            #expect(narrowed.map(\.key) == [far.id.uuidString])
            await #expect(throws: LifelineError.self) {
                _ = try await services.stock.positions(by: .depot, under: JurisdictionCode(rawValue: "5202"), for: op)
            }
            // An officer asking above the scope is refused, not answered with the own county.
            await #expect(throws: LifelineError.self) {
                _ = try await services.stock.positions(
                    by: .jurisdiction, under: JurisdictionCode(rawValue: "5201"), for: w.officerA)
            }
        }
    }
}
