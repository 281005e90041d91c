import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing
import Vapor
import VaporTesting

/// 转运能力底数 in the console (#12 item 7): the forms register vehicles and routes, show a bad
/// field next to it and store nothing; the fleet check says what is missing; unit-bound roles see
/// neither the menu entry nor the page.
@Suite struct TransportConsoleTests {
    @Test func formsRegisterVehiclesAndRoutesAndShowErrorsNextToTheField() async throws {
        try await withApp(.sqlite) { app, services in
            let w = try await World.build(services)
            let point = try await services.dispatch.saveDistributionPoint(
                DistributionPointInput(
                    code: "DP-1", name: "中华南路街道网点", countyCode: "520102", longitude: 106.72, latitude: 26.58,
                    servedPoints: 20, prePackedPoints: 5), by: w.officerA)
            var session = try await ConsoleSession.signIn(app, "officer.a")
            let empty = try await session.get("/transport")
            #expect(empty.status == .ok)
            #expect(empty.text.contains("尚未登记车辆") && empty.text.contains("尚未登记转运路线"))
            #expect(empty.text.contains(#"href="/transport""#), "the menu entry")
            let van: [String: String] = [
                "plate": "贵A·Z1001", "countyCode": "520102", "payloadKg": "1500", "volumeM3": "8.5",
                "driver": "<b>张建国</b>", "phone": "139 0851 1001", "active": "on",
            ]
            var bad = van
            bad["volumeM3"] = "8.1234"
            let refused = try await session.post("/transport/vehicles", form: bad)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains(#"id="v-volume" name="volumeM3" value="8.1234""#), "the value is kept")
            #expect(refused.text.contains("is-invalid") && refused.text.contains("容积（立方米）（volumeM3）"))
            #expect(try await services.dispatch.vehicles(for: w.officerA).isEmpty)
            let saved = try await session.post("/transport/vehicles", form: van)
            #expect(saved.status == .seeOther, "\(saved.text)")
            let page = try await session.get("/transport?county=520102")
            #expect(page.text.contains("贵A·Z1001") && page.text.contains("&lt;b&gt;张建国&lt;/b&gt;"))
            let vehicles = try await services.dispatch.vehicles(for: w.officerA)
            #expect(vehicles.map(\.volumeM3) == [8.5] && vehicles.allSatisfy { $0.active && !$0.coldChain })
            // Unticked, the box takes the vehicle out of service.
            var retire = van
            retire["active"] = nil
            #expect(try await session.post("/transport/vehicles", form: retire).status == .seeOther)
            #expect(try await services.dispatch.vehicles(for: w.officerA).first?.active == false)

            let badRoute = try await session.post(
                "/transport/routes",
                form: [
                    "county": "520102", "depotId": w.nanming.uuidString, "distributionPointId": point.id.uuidString,
                    "minutes": "0",
                ])
            #expect(badRoute.status == .badRequest && badRoute.text.contains("单程时间（分钟）（minutes）"))
            let route = try await session.post(
                "/transport/routes",
                form: [
                    "county": "520102", "depotId": w.nanming.uuidString, "distributionPointId": point.id.uuidString,
                    "minutes": "150", "km": "70",
                ])
            #expect(route.status == .seeOther)
            let routed = try await session.get("/transport?county=520102&lang=en")
            #expect(routed.text.contains(#"data-too-long="true""#) && routed.text.contains("over the limit"))

            // The fleet check: the one point is beyond 2 hours and the only van is out of service.
            let check = try await session.get(
                "/transport?county=520102&points=20&tables=40&staffPerPoint=11.4&rounds=2&lang=en")
            #expect(check.text.contains(#"data-fits="false""#))
            #expect(check.text.contains("The fleet falls short") && check.text.contains("over the limit"))
            #expect(check.text.contains("Of which no usable route"), "a route is missing, not a vehicle")
            // With the route shortened within the limit, the missing vehicle is named.
            _ = try await services.dispatch.saveTransportRoute(
                TransportRouteInput(depotId: w.nanming, distributionPointId: point.id, minutes: 40),
                by: w.officerA)
            let noVehicle = try await session.get(
                "/transport?county=520102&points=20&tables=40&staffPerPoint=11.4&rounds=2&lang=en")
            #expect(noVehicle.text.contains("No vehicle in service in the county"))
            let wrong = try await session.get(
                "/transport?county=520102&points=20&tables=10&staffPerPoint=11.4&rounds=2")
            #expect(wrong.status == .ok && wrong.text.contains(#"id="fc-tables" name="tables" value="10""#))
            #expect(wrong.text.contains("is-invalid") && !wrong.text.contains("fleet-check-result"))

            // Unit-bound roles: no menu entry, the page refused.
            var operatorSession = try await ConsoleSession.signIn(app, "operator")
            let home = try await operatorSession.get("/stock")
            #expect(!home.text.contains(#"href="/transport""#))
            #expect(try await operatorSession.get("/transport").status == .forbidden)
        }
    }
}
