import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing
import Vapor
import VaporTesting

/// The transport register over the API (#12 item 7): vehicles and routes are kept by PUT, listed by
/// county, refused with the field named; the fleet check reads the planner's figures.
@Suite struct TransportAPITests {
    @Test(arguments: TestDatabase.allCases)
    func theRegisterIsKeptAndTheFleetCheckedOverTheAPI(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let token = w.token("officer.a")
            let point = try await services.dispatch.saveDistributionPoint(
                DistributionPointInput(
                    code: "DP-1", name: "网点", countyCode: "520102", longitude: 106.72, latitude: 26.58,
                    servedPoints: 20, prePackedPoints: 5), by: w.officerA)
            let vehicle = try await send(
                app, .PUT, "/api/v1/transport/vehicles", token: token,
                json: #"{"plate":"贵a 12345","countyCode":"520102","payloadKg":1500,"volumeM3":20,"#
                    + #""driver":"王","phone":"13900000000"}"#)
            #expect(vehicle.status == .ok, "\(vehicle.text)")
            #expect(vehicle.json["plate"] as? String == "贵A12345" && vehicle.json["coldChain"] as? Bool == false)
            #expect(vehicle.json["active"] as? Bool == true)
            func van(payloadKg: Int = 1_500, driver: String = "王") -> String {
                #"{"plate":"贵A54321","countyCode":"520102","payloadKg":\#(payloadKg),"volumeM3":8,"#
                    + #""driver":"\#(driver)","phone":"13900000000"}"#
            }
            let nul = try await send(
                app, .PUT, "/api/v1/transport/vehicles", token: token, json: van(driver: #"王\u0000"#))
            #expect(
                nul.status.code >= 400 && nul.status.code < 500 && nul.json["field"] as? String == "driver",
                "\(nul.text)")
            let tooBig = try await send(
                app, .PUT, "/api/v1/transport/vehicles", token: token, json: van(payloadKg: 100_001))
            #expect(tooBig.status.code == 400 && tooBig.json["field"] as? String == "payloadKg", "\(tooBig.text)")
            let route = try await send(
                app, .PUT, "/api/v1/transport/routes", token: token,
                json: #"{"depotId":"\#(w.nanming.uuidString)","distributionPointId":"\#(point.id)","minutes":30}"#)
            #expect(route.status == .ok, "\(route.text)")
            let vehicles = try await send(app, .GET, "/api/v1/transport/vehicles?countyCode=520102", token: token)
            #expect(vehicles.text.contains("贵A12345") && !vehicles.text.contains("贵A54321"))
            let routes = try await send(app, .GET, "/api/v1/transport/routes", token: w.token("officer.b"))
            #expect(routes.status == .ok && routes.text == "[]")

            let check = try await send(
                app, .GET,
                "/api/v1/transport/fleet-check?countyCode=520102&points=20&tables=40&staffPerPoint=11.4&rounds=2",
                token: token)
            #expect(check.status == .ok, "\(check.text)")
            #expect(check.json["fits"] as? Bool == true && check.json["limitMinutes"] as? Int == 120)
            let points = check.json["points"] as? [[String: Any]] ?? []
            #expect(
                points.first?["plates"] as? [String] == ["贵A12345"] && points.first?["tripsPerVehicle"] as? Int == 2)
            // Without `points` the query still meets the contract (every figure is optional there): 409, field named.
            let missing = try await send(
                app, .GET, "/api/v1/transport/fleet-check?countyCode=520102&tables=40&staffPerPoint=11.4&rounds=2",
                token: token)
            #expect(missing.status.code == 409 && missing.json["field"] as? String == "points", "\(missing.text)")
            let elsewhere = try await send(
                app, .GET, "/api/v1/transport/fleet-check?countyCode=520102&example=guiyang",
                token: w.token("officer.b"))
            #expect(elsewhere.status == .forbidden)
            // The planner reads the same figures the same way.
            let plan = try await send(
                app, .GET, "/api/v1/mass-testing/plan?points=20&tables=40&staffPerPoint=11.4&rounds=2", token: token)
            #expect(plan.status == .ok && (plan.json["rounds"] as? [Int]) == [1, 2], "\(plan.text)")
        }
    }
}
