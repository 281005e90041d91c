import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing
import Vapor

/// Reserve plans through the API and the console (R3): the contract's shapes, field-accurate
/// refusals that store nothing, and the plan page.
@Suite struct ReservePlanAPITests {
    @Test(arguments: TestDatabase.allCases)
    func aPlanIsDraftedNormedSubmittedAndApprovedThroughTheAPI(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let county = w.token("officer.a")
            let created = try await send(
                app, .POST, "/api/v1/reserve-plans", token: county,
                json: #"{"jurisdictionCode":"520102","reserveClass":"routine","title":"南明区常规物资储备计划"}"#)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["status"] as? String == "draft")
            // The seed's mask norm for 40 million residents, through the contract.
            let norm = try await send(
                app, .PUT, "/api/v1/reserve-plans/\(id)/norms/\(w.mask.uuidString)", token: county,
                json: #"""
                    {"formula":{"basis":"population","residents":40000000,"dailyUsePerPerson":0.2,"days":15},\#
                    "note":"口罩按常住人口15天用量"}
                    """#)
            #expect(norm.status == .ok, "\(norm.text)")
            let norms = norm.json["norms"] as? [[String: Any]] ?? []
            #expect(norms.first?["quantity"] as? Int == 120_000_000)
            #expect((norms.first?["formula"] as? [String: Any])?["basis"] as? String == "population")
            // Bad input names its field and stores nothing: negative days (the contract), a basis's
            // missing input, an unknown basis.
            for (body, field) in [
                (#"{"formula":{"basis":"peak_day","peakDailyUse":5,"days":-15}}"#, "days"),
                (#"{"formula":{"basis":"beds","beds":10,"days":30}}"#, "dailyUsePerBed"),
                (#"{"formula":{"basis":"magic","days":30}}"#, "basis"),
            ] {
                let refused = try await send(
                    app, .PUT, "/api/v1/reserve-plans/\(id)/norms/\(w.mask.uuidString)", token: county, json: body,
                    headers: ["Accept-Language": "en"])
                #expect(refused.status == .badRequest, "\(body): \(refused.text)")
                #expect((refused.json["field"] as? String ?? "").contains(field), "\(body): \(refused.text)")
            }
            let stored = try await send(app, .GET, "/api/v1/reserve-plans/\(id)", token: county)
            #expect(((stored.json["norms"] as? [[String: Any]])?.first?["quantity"] as? Int) == 120_000_000)
            // Submit, then the county cannot approve its own level; the city can.
            let submitted = try await send(
                app, .POST, "/api/v1/reserve-plans/\(id)/actions", token: county, json: #"{"action":"submit"}"#)
            #expect(submitted.json["status"] as? String == "submitted", "\(submitted.text)")
            let sameLevel = try await send(
                app, .POST, "/api/v1/reserve-plans/\(id)/actions", token: county, json: #"{"action":"approve"}"#,
                headers: ["Accept-Language": "zh-CN"])
            #expect(sameLevel.status == .forbidden)
            #expect(sameLevel.json["code"] as? String == "plans.level_above")
            #expect((sameLevel.json["message"] as? String ?? "").contains("上一级"))
            let approved = try await send(
                app, .POST, "/api/v1/reserve-plans/\(id)/actions", token: w.token("officer.city"),
                json: #"{"action":"approve","note":"同意"}"#)
            #expect(approved.json["status"] as? String == "approved", "\(approved.text)")
            // Another county reads nothing of it.
            let other = try await send(app, .GET, "/api/v1/reserve-plans/\(id)", token: w.token("officer.b"))
            #expect(other.status == .forbidden)
            let list = try await send(app, .GET, "/api/v1/reserve-plans", token: w.token("officer.b"))
            #expect(list.json["total"] as? Int == 0)
            // Coverage: 100 masks against 120 million.
            let coverage = try await send(app, .GET, "/api/v1/reserve-plans/\(id)/coverage", token: county)
            let row = (coverage.json["rows"] as? [[String: Any]])?.first
            #expect(row?["onHand"] as? Int == 100)
            #expect(row?["belowAlert"] as? Bool == true)
            #expect(coverage.json["alerts"] as? Int == 1)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func thePlanPagesShowTheWorkingTheCoverageAndTheButtons(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let plan = try await services.reserves.createPlan(
                NewReservePlan(jurisdictionCode: "520102", reserveClass: .routine, title: "<b>南明区</b>计划"),
                by: w.officerA)
            _ = try await services.reserves.setNorm(
                plan.id, itemID: w.mask, formula: .peakDay(peakDailyUse: 4, days: 30), note: nil, by: w.officerA)
            var session = try await ConsoleSession.signIn(app, "officer.a")
            let list = try await session.get("/reserve-plans")
            #expect(list.status == .ok)
            #expect(list.text.contains("&lt;b&gt;南明区&lt;/b&gt;计划"))
            let page = try await session.get("/reserve-plans/\(plan.id.uuidString)")
            #expect(page.status == .ok)
            #expect(page.text.contains("4 × 30 d = 120"))
            #expect(page.text.contains("83 %"))
            #expect(page.text.contains("value=\"submit\""))
            #expect(!page.text.contains("value=\"approve\""))
            let english = try await session.get("/reserve-plans/\(plan.id.uuidString)?lang=en")
            #expect(english.text.contains("Coverage"))
            // The console's forms: the seed's population norm, then submit.
            let saved = try await session.post(
                "/reserve-plans/\(plan.id.uuidString)/norms",
                form: [
                    "basis": "population", "itemId": w.vaccine.uuidString, "residents": "1000",
                    "dailyUsePerPerson": "0.2", "days": "15",
                ])
            #expect(saved.status == .seeOther, "\(saved.text)")
            #expect(
                try await services.reserves.plan(plan.id, for: w.officerA).norms.map(\.quantity).sorted() == [
                    120, 3_000,
                ])
            let submitted = try await session.post(
                "/reserve-plans/\(plan.id.uuidString)/actions", form: ["action": "submit"])
            #expect(submitted.status == .seeOther)
            #expect(try await services.reserves.plan(plan.id, for: w.officerA).status == .submitted)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theAlertCentrePageListsAndAcknowledges(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            _ = try await services.stock.receive(
                ReceiptInput(
                    depotId: w.nanming, itemId: w.mask, quantity: 5, batchNo: "<b>NEAR</b>", manufacturer: "M",
                    productionDate: "2024-01-01", expiryDate: "2026-12-31"), key: "near", by: .system)
            var session = try await ConsoleSession.signIn(app, "officer.a")
            let refreshed = try await session.post("/alerts/refresh", form: [:])
            #expect(refreshed.status == .seeOther)
            let page = try await session.get("/alerts")
            #expect(page.text.contains("&lt;b&gt;NEAR&lt;/b&gt;"))
            #expect(page.text.contains("id=\"open-alerts\">1<"))
            let alert = try #require(
                try await services.alerts.alerts(AlertFilter(), page: PageRequest(), for: w.officerA).items.first)
            let done = try await session.post(
                "/alerts/\(alert.id.uuidString)/acknowledgement", form: ["comment": "已安排轮换"])
            #expect(done.status == .seeOther)
            let after = try await session.get("/alerts?lang=en")
            #expect(after.text.contains("已安排轮换"))
            #expect(!after.text.contains("id=\"open-alerts\""))
        }
    }
}
