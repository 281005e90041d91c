import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing
import Vapor
import VaporTesting

/// The console: sign-in with a form token, Chinese by default, an English switch, forms that show
/// errors next to the field and change nothing.
@Suite struct ConsoleTests {
    @Test func signInNeedsTheFormTokenAndTheRightPassword() async throws {
        try await withApp(.sqlite) { app, services in
            _ = try await World.build(services)
            var anonymous = ConsoleSession(app: app)
            let home = try await anonymous.get("/")
            #expect(home.status == .seeOther)
            #expect(home.headers.first(name: .location)?.hasPrefix("/login") == true)
            let page = try await anonymous.get("/login")
            #expect(page.text.contains("登录生命线"))
            anonymous.csrf = ConsoleSession.csrf(in: page.text) ?? ""
            let noToken = try await anonymous.post(
                "/login", form: ["username": "officer.a", "password": World.password], includeToken: false)
            #expect(noToken.status == .forbidden)
            let wrong = try await anonymous.post("/login", form: ["username": "officer.a", "password": "wrong"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("用户名或密码错误"))
            var session = try await ConsoleSession.signIn(app, "officer.a")
            let dashboard = try await session.get("/")
            #expect(dashboard.status == .ok)
            #expect(dashboard.text.contains("仪表盘"))
            #expect(dashboard.text.contains("category-chart") || dashboard.text.contains("libjs-chart.js"))
            let english = try await session.get("/?lang=en")
            #expect(english.text.contains("Dashboard"))
            #expect(english.headers[.setCookie].contains { $0.hasPrefix("lang=en") })
            let stays = try await session.get("/depots")
            #expect(stays.text.contains("Depots"), "the switch is remembered")
            let out = try await session.post("/logout", form: [:])
            #expect(out.status == .seeOther)
            #expect(try await session.get("/").status == .seeOther)
        }
    }

    @Test func everyPageRendersInBothLanguages() async throws {
        try await withApp(.sqlite) { app, services in
            let w = try await World.build(services)
            var session = try await ConsoleSession.signIn(app, "officer.city")
            let pages = [
                "/", "/depots", "/depots/\(w.nanming.uuidString)", "/depots/new", "/stock",
                "/stock?expiringWithinDays=30",
                "/movements", "/movements/receive", "/movements/issue?depotId=\(w.nanming.uuidString)",
                "/movements/transfer",
                "/movements/adjust?depotId=\(w.nanming.uuidString)", "/catalogue", "/units", "/jurisdictions",
                "/jurisdictions?parent=5201", "/coming/dispatch",
            ]
            for path in pages {
                for lang in ["zh", "en"] {
                    let separator = path.contains("?") ? "&" : "?"
                    let page = try await session.get(path + separator + "lang=" + lang)
                    #expect(page.status == .ok, "\(path) \(lang): \(page.status)")
                    #expect(page.text.contains(lang == "zh" ? "生命线" : "Lifeline"), "\(path) \(lang)")
                    #expect(page.text.contains("lang=\(lang == "zh" ? "en" : "zh")"), "\(path) has a language switch")
                }
            }
            let missing = try await session.get("/no-such-page")
            #expect(missing.status == .notFound)
        }
    }

    @Test func formsIssueStockAndShowErrorsNextToTheField() async throws {
        try await withApp(.sqlite) { app, services in
            let w = try await World.build(services)
            var session = try await ConsoleSession.signIn(app, "officer.a")
            let bad = try await session.post(
                "/movements/issue", form: ["lotId": w.lot.uuidString, "quantity": "0", "_key": "f1"])
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("is-invalid"))
            #expect(bad.text.contains("数量（quantity） 必须是正整数"))
            let tooMany = try await session.post(
                "/movements/issue", form: ["lotId": w.lot.uuidString, "quantity": "101", "_key": "f2"])
            #expect(tooMany.status == .conflict)
            #expect(tooMany.text.contains("库存不足"))
            #expect(try await services.stock.lot(w.lot, for: .system).onHand == 100)
            let ok = try await session.post(
                "/movements/issue",
                form: [
                    "depotId": w.nanming.uuidString, "itemId": w.mask.uuidString, "quantity": "12", "_key": "f3",
                    "unitId": w.hospital.uuidString, "reason": "门诊领用",
                ])
            #expect(ok.status == .seeOther)
            #expect(ok.headers.first(name: .location)?.contains("done=CK-520102-") == true)
            let again = try await session.post(
                "/movements/issue",
                form: [
                    "depotId": w.nanming.uuidString, "itemId": w.mask.uuidString, "quantity": "12", "_key": "f3",
                    "unitId": w.hospital.uuidString, "reason": "门诊领用",
                ])
            #expect(again.status == .seeOther, "a double submit replays")
            #expect(try await services.stock.lot(w.lot, for: .system).onHand == 88)
            let writeOff = try await session.post(
                "/movements/adjust",
                form: [
                    "lotId": w.lot.uuidString, "kind": "write_off", "quantity": "3",
                    "reason": "破损", "_key": "f4",
                ])
            #expect(writeOff.status == .badRequest, "a write-off needs the confirmation box")
            let confirmed = try await session.post(
                "/movements/adjust",
                form: [
                    "lotId": w.lot.uuidString, "kind": "write_off", "quantity": "3",
                    "reason": "破损", "_key": "f5", "confirm": "on",
                ])
            #expect(confirmed.status == .seeOther)
            #expect(
                confirmed.headers.first(name: .location)?.hasPrefix("/write-offs?requested=HX-") == true,
                "a write-off is a request")
            #expect(
                try await services.stock.lot(w.lot, for: .system).onHand == 88, "held until a second person approves")
            let receipt = try await session.post(
                "/movements/receive",
                form: [
                    "depotId": w.nanming.uuidString, "itemId": w.mask.uuidString, "quantity": "500",
                    "batchNo": "NEW-1", "manufacturer": "振德", "productionDate": "2026-10-01",
                    "expiryDate": "2029-09-30", "unitCost": "1.25", "inspection": "passed", "_key": "f6",
                ])
            #expect(receipt.status == .seeOther)
            let received = try await services.stock.lots(
                LotFilter(depotId: w.nanming), page: PageRequest(), for: .system
            ).items.first { $0.batchNo == "NEW-1" }
            #expect(received?.unitCostFen == 125)
            let movements = try await session.get("/movements")
            #expect(movements.text.contains("NEW-1"))
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test func depotsAndPopulationAreEditedWithValidation() async throws {
        try await withApp(.sqlite) { app, services in
            _ = try await World.build(services)
            var session = try await ConsoleSession.signIn(app, "officer.city")
            let bad = try await session.post(
                "/depots",
                form: [
                    "code": "NEW-1", "name": "新库", "jurisdictionCode": "520102", "operatorKind": "government",
                    "longitude": "106.7", "latitude": "126.5", "areaM2": "100", "volumeM3": "300",
                    "temperatureZones[]": "ambient",
                ])
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("纬度（latitude） 超出范围"))
            let good = try await session.post(
                "/depots",
                form: [
                    "code": "NEW-1", "name": "新库", "jurisdictionCode": "520102", "operatorKind": "government",
                    "longitude": "106.7", "latitude": "26.5", "areaM2": "100", "volumeM3": "300",
                    "temperatureZones[]": "ambient",
                ])
            #expect(good.status == .seeOther)
            let depots = try await services.reference.depots(
                DepotFilter(query: "NEW-1"), page: PageRequest(), for: .system)
            #expect(depots.total == 1)
            let population = try await session.post(
                "/jurisdictions/520102/population", form: ["population": "1,060,000"])
            #expect(population.status == .seeOther)
            #expect(try await services.reference.jurisdiction("520102", for: .system).population == 1_060_000)
            let notANumber = try await session.post("/jurisdictions/520102/population", form: ["population": "many"])
            #expect(notANumber.status == .badRequest)
            #expect(try await services.reference.jurisdiction("520102", for: .system).population == 1_060_000)
        }
    }
}
