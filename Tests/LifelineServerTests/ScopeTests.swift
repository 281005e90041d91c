import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing
import Vapor
import VaporTesting

/// A county officer cannot list, read or change another county's depots, lots or movements —
/// through the API or the console.
@Suite struct ScopeTests {
    @Test(arguments: TestDatabase.allCases)
    func aCountyOfficerReachesNothingOfAnotherCountyThroughTheAPI(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let movement = try #require(
                try await services.stock.movements(MovementFilter(lotId: w.lot), page: PageRequest(), for: .system)
                    .items.first)
            let token = w.token("officer.b")
            let lot = w.lot.uuidString
            let depot = w.nanming.uuidString
            let before = try await services.operations.verify()

            // Lists never show the other county's rows.
            let depots = try await send(app, .GET, "/api/v1/depots", token: token)
            let depotIDs = (depots.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(depotIDs == [w.yunyan.uuidString])
            let lots = try await send(app, .GET, "/api/v1/lots?per=500", token: token)
            let lotIDs = (lots.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(lotIDs == [w.yunyanLot.uuidString])
            let filtered = try await send(app, .GET, "/api/v1/lots?depotId=\(depot)", token: token)
            #expect(filtered.json["total"] as? Int == 0)
            let movements = try await send(app, .GET, "/api/v1/movements?per=500", token: token)
            let movementLots = (movements.json["items"] as? [[String: Any]] ?? []).compactMap { $0["lotId"] as? String }
            #expect(!movementLots.contains(lot))
            #expect(!movementLots.isEmpty)
            let positions = try await send(app, .GET, "/api/v1/stock/positions?groupBy=depot", token: token)
            let keys = (positions.json["positions"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
            #expect(keys == [w.yunyan.uuidString])

            // Reads and writes by id are refused.
            let forbidden: [(HTTPMethod, String, String?)] = [
                (.GET, "/api/v1/depots/\(depot)", nil),
                (
                    .PUT, "/api/v1/depots/\(depot)",
                    #"""
                    {"code":"T-520102","name":"x","jurisdictionCode":"520103","operatorKind":"government",\#
                    "longitude":106.7,"latitude":26.5,"areaM2":1,"volumeM3":1,"temperatureZones":["ambient"]}
                    """#
                ),
                (.GET, "/api/v1/lots/\(lot)", nil),
                (.POST, "/api/v1/lots/\(lot)/status", #"{"status":"held","reason":"x"}"#),
                (.GET, "/api/v1/movements/\(movement.id)", nil),
                (.GET, "/api/v1/stock/positions?groupBy=item&depotId=\(depot)&jurisdiction=520102", nil),
                (.POST, "/api/v1/movements/issues", #"{"lotId":"\#(lot)","quantity":1}"#),
                (
                    .POST, "/api/v1/movements/issues",
                    #"{"depotId":"\#(depot)","itemId":"\#(w.mask.uuidString)","quantity":1}"#
                ),
                (.POST, "/api/v1/movements/adjustments", #"{"lotId":"\#(lot)","quantity":-1,"reason":"x"}"#),
                (.POST, "/api/v1/movements/write-offs", #"{"lotId":"\#(lot)","quantity":1,"reason":"x"}"#),
                (.POST, "/api/v1/movements/returns", #"{"lotId":"\#(lot)","quantity":1}"#),
                (
                    .POST, "/api/v1/movements/receipts",
                    #"""
                    {"depotId":"\#(depot)","itemId":"\#(w.mask.uuidString)","quantity":1,"batchNo":"Z",\#
                    "manufacturer":"M","expiryDate":"2028-01-01"}
                    """#
                ),
                (
                    .POST, "/api/v1/movements/transfers",
                    #"""
                    {"fromDepotId":"\#(depot)","toDepotId":"\#(w.yunyan.uuidString)",\#
                    "itemId":"\#(w.mask.uuidString)","quantity":1}
                    """#
                ),
                (
                    .POST, "/api/v1/movements/transfers",
                    #"""
                    {"fromDepotId":"\#(w.yunyan.uuidString)","toDepotId":"\#(depot)",\#
                    "itemId":"\#(w.mask.uuidString)","quantity":1}
                    """#
                ),
                (.GET, "/api/v1/units/\(w.hospital.uuidString)", nil),
                (.PATCH, "/api/v1/jurisdictions/520102", #"{"population":1}"#),
                (.GET, "/api/v1/audit", nil),
                (
                    .POST, "/api/v1/users",
                    #"""
                    {"username":"x","displayName":"x","password":"0123456789","role":"auditor",\#
                    "jurisdiction":"520103"}
                    """#
                ),
            ]
            for (index, (method, path, body)) in forbidden.enumerated() {
                let response = try await send(
                    app, method, path, token: token, json: body, headers: ["Idempotency-Key": "scope-\(index)"])
                #expect(response.status == .forbidden, "\(method) \(path) → \(response.status) \(response.text)")
                #expect(
                    ["auth.out_of_scope", "auth.forbidden"].contains(response.json["code"] as? String ?? ""), "\(path)")
            }
            let after = try await services.operations.verify()
            #expect(after.movements == before.movements)
            #expect(try await services.stock.lot(w.lot, for: .system).onHand == 100)
            #expect(try await services.stock.lot(w.lot, for: .system).status == .available)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func enterpriseOperatorsSeeOnlyTheDepotsTheyRun(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let depots = try await send(app, .GET, "/api/v1/depots", token: w.token("operator"))
            let ids = (depots.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids == [w.enterpriseDepot.uuidString])
            let other = try await send(app, .GET, "/api/v1/depots/\(w.nanming.uuidString)", token: w.token("operator"))
            #expect(other.status == .forbidden)
            let city = try await send(app, .GET, "/api/v1/depots", token: w.token("officer.city"))
            #expect((city.json["items"] as? [[String: Any]])?.count == 3)
            let audit = try await send(app, .GET, "/api/v1/audit?per=5", token: w.token("auditor"))
            #expect(audit.status == .ok)
            #expect((audit.json["items"] as? [[String: Any]])?.isEmpty == false)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aCountyOfficerReachesNothingOfAnotherCountyThroughTheConsole(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            var session = try await ConsoleSession.signIn(app, "officer.b")
            let depotPage = try await session.get("/depots/\(w.nanming.uuidString)")
            #expect(depotPage.status == .forbidden)
            #expect(depotPage.text.contains("该储备库不在您的管辖范围内"))
            let depotList = try await session.get("/depots")
            #expect(depotList.text.contains("T-520103"))
            #expect(!depotList.text.contains("T-520102"))
            let stock = try await session.get("/stock?depotId=\(w.nanming.uuidString)")
            #expect(!stock.text.contains("B-100"))
            let movements = try await session.get("/movements")
            #expect(movements.text.contains("B-050"))
            #expect(!movements.text.contains("B-100"))
            let issue = try await session.post(
                "/movements/issue", form: ["lotId": w.lot.uuidString, "quantity": "1", "_key": "console-scope"])
            #expect(issue.status == .forbidden)
            let status = try await session.post(
                "/lots/\(w.lot.uuidString)/status", form: ["status": "held", "reason": "x"])
            #expect(status.status == .forbidden)
            #expect(try await services.stock.lot(w.lot, for: .system).onHand == 100)
            #expect(try await services.stock.lot(w.lot, for: .system).status == .available)
        }
    }
}
