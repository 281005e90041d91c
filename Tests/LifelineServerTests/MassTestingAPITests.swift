import Foundation
import LifelineDomain
import LifelineServer
import LifelineServices
import LifelineTestSupport
import Testing
import Vapor

/// #12 through the HTTP API: an officer's priority override reaches the allocation plan (and a bad
/// one is refused naming the field), and an approval's registered vehicle reaches the order.
@Suite struct MassTestingAPITests {
    @Test(arguments: TestDatabase.allCases)
    func overridesAndRegisteredVehiclesPassThroughTheAPI(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            var request = try await l.draft(services, quantity: 5, key: "api-mt")
            request = try await services.dispatch.changeRequest(request.id, .submit, key: "api-mt-s", by: l.requester)
            let city = try await services.access.issueToken(name: "c", validForDays: 1, for: w.cityOfficer).token
            let plan = try await send(
                app, .POST, "/api/v1/allocation/plans", token: city,
                json: #"""
                    {"requestIds":["\#(request.id)"],"overrides":[{"requestId":"\#(request.id)","priority":2,\#
                    "reason":"已有储备"}]}
                    """#)
            #expect(plan.status == .ok, "\(plan.text)")
            let rules = (plan.json["allocations"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
            #expect(!rules.isEmpty && rules.allSatisfy { $0.contains("已有储备") }, "\(rules)")
            let blank = try await send(
                app, .POST, "/api/v1/allocation/plans", token: city,
                json: #"{"overrides":[{"requestId":"\#(request.id)","priority":0,"reason":"  "}]}"#,
                headers: ["Accept-Language": "en"])
            #expect([400, 409].contains(blank.status.code), "\(blank.text)")
            #expect(blank.json["field"] as? String == "overrides[0].reason", "\(blank.text)")
            let truck = try await services.dispatch.saveVehicle(
                VehicleInput(
                    plate: "贵A·54321", countyCode: "520102", payloadKg: 2_000, volumeM3: 10, driver: "王师傅",
                    phone: "13700000000"), by: w.officerA)
            let approved = try await send(
                app, .POST, "/api/v1/requests/\(request.id)/approval", token: city,
                json: #"{"vehicleId":"\#(truck.id)"}"#, headers: ["Idempotency-Key": "api-mt-a"])
            #expect(approved.status == .ok, "\(approved.text)")
            let orderID = try #require((approved.json["orders"] as? [[String: Any]])?.first?["id"] as? String)
            let order = try await send(app, .GET, "/api/v1/orders/\(orderID)", token: city)
            #expect(order.json["vehicleId"] as? String == truck.id.uuidString)
            #expect(order.json["vehicle"] as? String == truck.plate)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func thePlannersRequestsFormKeepsItsValuesAndShowsARefusal(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let elsewhere = try await services.dispatch.saveDistributionPoint(
                DistributionPointInput(
                    code: "DP-YY", name: "云岩网点", countyCode: "520103", longitude: 106.70, latitude: 26.63,
                    servedPoints: 8, prePackedPoints: 0), by: w.officerB)
            var session = try await ConsoleSession.signIn(app, "officer.a")
            var form: [String: String] = [
                "points": "2", "tables": "4", "staffPerPoint": "8", "rounds": "2", "unitId": w.hospital.uuidString,
                "deliveryPlace": "<i>采样点</i>", "longitude": "106.72", "latitude": "26.56",
                "distributionPointId": elsewhere.id.uuidString, "siteArea": "key", "siteDensity": "dense",
                "siteKind": "ordinary", "then": "draft", "_key": "console-mt",
            ]
            let refused = try await session.post("/mass-testing/requests", form: form)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains(#"id="form-error""#) && refused.text.contains("保障网点"))
            #expect(refused.text.contains(#"value="&lt;i&gt;采样点&lt;/i&gt;""#), "the place is kept, as text")
            #expect(refused.text.contains(#"<option value="key" selected>"#), "the site is kept")
            #expect(try await services.dispatch.requests(RequestFilter(), page: PageRequest(), for: .system).total == 0)
            form["distributionPointId"] = nil
            form["_key"] = "console-mt-2"
            let created = try await session.post("/mass-testing/requests", form: form)
            #expect(created.status == .seeOther, "\(created.text.prefix(300))")
            #expect(try await services.dispatch.requests(RequestFilter(), page: PageRequest(), for: .system).total == 2)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theLargestFiguresTheContractAllowsAreAnsweredNotCrashed(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let officer = w.token("officer.a")
            // One area at every maximum: more than one request may carry — refused naming the field.
            let huge = #"""
                {"plan":{"areas":[{"code":"G","name":"网格","populationTested":2000000000,"points":1000000,\#
                "tables":10000000,"peripheralHelpers":100000000}],"staffPerPointPerShift":100,"shifts":6,"rounds":30,\#
                "roundIntervalHours":720,"citySharePercent":100,"cityRedundancyPercent":100,"firstRequestRounds":30,\#
                "peoplePerTablePerShift":2000},"unitId":"\#(w.hospital)","deliveryPlace":"采样点","rounds":30}
                """#
            let refused = try await send(
                app, .POST, "/api/v1/mass-testing/requests", token: officer, json: huge,
                headers: ["Idempotency-Key": "huge", "Accept-Language": "en"])
            #expect((400..<500).contains(refused.status.code), "\(refused.status) \(refused.text.prefix(300))")
            #expect(refused.json["field"] as? String != nil, "\(refused.text.prefix(300))")
            #expect(try await services.dispatch.requests(RequestFilter(), page: PageRequest(), for: .system).total == 0)
            // A thousand areas over 30 rounds: more requests than one call drafts.
            let areas = (0..<1_000).map { #"{"code":"A\#($0)","name":"区域","points":1,"tables":1}"# }
            let many = #"""
                {"plan":{"areas":[\#(areas.joined(separator: ","))],"staffPerPointPerShift":8,"rounds":30},\#
                "unitId":"\#(w.hospital)","deliveryPlace":"采样点","rounds":30}
                """#
            let tooMany = try await send(
                app, .POST, "/api/v1/mass-testing/requests", token: officer, json: many,
                headers: ["Idempotency-Key": "many", "Accept-Language": "en"])
            #expect(tooMany.json["code"] as? String == "value.too_large", "\(tooMany.text.prefix(300))")
            // Plan B at the largest staffing and people per table: too large for one bag, said so.
            let planB = try await send(
                app, .GET, "/api/v1/kits/plan-b?staffPerPoint=100&shifts=6&peoplePerTable=2000", token: officer)
            #expect(planB.status.code < 500, "\(planB.text.prefix(300))")
            // The largest vehicle the contract allows is registered.
            let truck = try await send(
                app, .PUT, "/api/v1/transport/vehicles", token: officer,
                json: #"""
                    {"plate":"贵A·M9999","countyCode":"520102","payloadKg":100000,"volumeM3":200,"coldChain":true,\#
                    "driver":"\#(String(repeating: "驾", count: 100))","phone":"+86 139 0851 0000"}
                    """#)
            #expect(truck.status == .ok, "\(truck.text.prefix(300))")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theGuiyangExampleIsSplitOverTheCitysCountiesInScopeOnly(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            for (code, population) in [("520102", 1_060_000), ("520103", 1_180_000)] {
                _ = try await services.reference.setPopulation(code, to: population, by: .system)
            }
            let city = try await services.access.issueToken(name: "c", validForDays: 1, for: w.cityOfficer).token
            let plan = try await send(
                app, .GET, "/api/v1/mass-testing/plan?example=guiyang&splitOver=5201", token: city)
            #expect(plan.status == .ok, "\(plan.text.prefix(300))")
            let lines = plan.json["lines"] as? [[String: Any]] ?? []
            #expect(Set(lines.compactMap { $0["areaCode"] as? String }) == ["520102", "520103"])
            let refused = try await send(
                app, .GET, "/api/v1/mass-testing/plan?example=guiyang&splitOver=5201", token: w.token("officer.b"))
            #expect(refused.status == .forbidden, "\(refused.text.prefix(300))")
            let check = try await send(
                app, .GET, "/api/v1/transport/fleet-check?countyCode=520102&example=guiyang&splitOver=5201",
                token: city)
            #expect(check.status == .ok, "\(check.text.prefix(300))")
        }
    }
}
