import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing
import Vapor
import VaporTesting

/// The dispatch loop's console pages render in both languages, and the forms drive the loop:
/// a requester drafts and submits, the city approves, the order page offers the next step.
@Suite struct DispatchConsoleTests {
    @Test func everyDispatchPageRendersAndTheFormsDriveTheLoop() async throws {
        try await withApp(.sqlite) { app, services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            _ = try await services.dispatch.declareIncident(
                IncidentInput(title: "演练事件", level: "III", jurisdictions: ["5201"]), key: "i", by: w.cityOfficer)

            var nurse = try await ConsoleSession.signIn(app, "nurse")
            let form = try await nurse.get("/requests/new")
            #expect(form.status == .ok)
            #expect(form.text.contains("全员核酸检测需求"))
            // A bad quantity comes back with the message and nothing stored.
            let bad = try await nurse.post(
                "/requests",
                form: [
                    "_key": "k0", "unitId": w.hospital.uuidString, "priority": "0", "neededBy": "2026-11-25T10:00",
                    "deliveryPlace": "急诊",
                    "item0": w.mask.uuidString, "quantity0": "-3", "then": "submit",
                ])
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("正整数"))
            #expect(
                try await services.dispatch.requests(RequestFilter(), page: PageRequest(), for: w.cityOfficer).total
                    == 0)
            let created = try await nurse.post(
                "/requests",
                form: [
                    "_key": "k1", "unitId": w.hospital.uuidString, "priority": "0", "neededBy": "2026-11-25T10:00",
                    "deliveryPlace": "急诊",
                    "item0": w.mask.uuidString, "quantity0": "12", "post0": "general", "then": "submit",
                ])
            #expect(created.status == .seeOther)
            let requestPath = try #require(created.headers.first(name: .location)?.components(separatedBy: "?").first)
            #expect(try await nurse.get(requestPath).text.contains("已提交"))

            var city = try await ConsoleSession.signIn(app, "officer.city")
            let inbox = try await city.get("/requests?inbox=1")
            #expect(inbox.text.contains("待审批"))
            let detail = try await city.get(requestPath)
            #expect(detail.text.contains("可调库存"))
            #expect(detail.text.contains("Ⅲ级"))
            let approved = try await city.post(
                requestPath + "/approve",
                form: ["_key": "a1", "take_\(w.nanming.uuidString)_\(w.mask.uuidString)": "12"])
            #expect(approved.status == .seeOther)
            let view = try await services.dispatch.request(
                UUID(uuidString: String(requestPath.split(separator: "/").last ?? ""))!, for: w.cityOfficer)
            #expect(view.status == .approved)
            #expect(view.lines.map(\.approved) == [12])
            let covered = try await city.get(requestPath).text
            #expect(!covered.contains("partly-approved"), "fully covered: no warning")
            let order = try #require(view.orders.first)
            let orderPage = try await city.get("/orders/\(order.id.uuidString)")
            #expect(orderPage.text.contains(order.number))
            #expect(orderPage.text.contains("action-acknowledge"))
            let acknowledged = try await city.post(
                "/orders/\(order.id.uuidString)/tracking", form: ["_key": "t1", "action": "acknowledge"])
            #expect(acknowledged.status == .seeOther)
            #expect(try await services.dispatch.order(order.id, for: w.cityOfficer).status == .acknowledged)
            let print = try await city.get("/orders/\(order.id.uuidString)/print")
            #expect(print.text.contains("dispatch-note") && print.text.contains("收货人"))
            for page in [
                "/incidents", "/dispatch", "/dispatch/rows", "/charges", "/tracking", "/allocation",
                "/allocation?run=1",
            ] {
                let response = try await city.get(page)
                #expect(response.status == .ok, "\(page)")
            }
            let english = try await city.get("/dispatch?lang=en")
            #expect(english.text.contains("Dispatch") && english.text.contains("Live"))
            let report = try await city.get("/incidents")
            #expect(report.text.contains("演练事件"))
        }
    }

    @Test func anApprovalThatCoversLessThanRequestedIsFlagged() async throws {
        try await withApp(.sqlite) { app, services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            var request = try await l.draft(services, quantity: 12)
            request = try await services.dispatch.changeRequest(request.id, .submit, key: "s", by: l.requester)
            #expect(request.lines.map(\.approved) == [0])
            var city = try await ConsoleSession.signIn(app, "officer.city")
            let path = "/requests/\(request.id.uuidString)"
            let approved = try await city.post(
                path + "/approve", form: ["_key": "a1", "take_\(w.nanming.uuidString)_\(w.mask.uuidString)": "5"])
            #expect(approved.status == .seeOther)
            let view = try await services.dispatch.request(request.id, for: w.cityOfficer)
            #expect(view.status == .approved)
            #expect(view.lines.map(\.approved) == [5])
            #expect(view.lines.allSatisfy { $0.isShort })
            let page = try await city.get(path)
            #expect(page.text.contains("id=\"partly-approved\"") && page.text.contains("部分满足"))
            #expect(page.text.contains("table-warning"))
            let english = try await city.get(path + "?lang=en").text
            #expect(english.contains("Partly covered"))
        }
    }

    @Test func theNavigationOffersOnlyWhatTheRoleMayOpenAndACarrierLandsOnItsBoard() async throws {
        try await withApp(.sqlite) { app, services in
            let l = try await DispatchLoop.make(services)
            var request = try await l.draft(services, quantity: 3)
            request = try await services.dispatch.changeRequest(request.id, .submit, key: "s", by: l.requester)
            request = try await services.dispatch.approveRequest(
                request.id, ApprovalInput(carrierUnitId: l.carrier), key: "a", by: l.world.cityOfficer)
            let delivery = try #require(request.orders.first { $0.kind == .delivery })
            let goods = try #require(request.orders.first { $0.kind != .delivery })
            var driver = try await ConsoleSession.signIn(app, "driver")
            let home = try await driver.get("/")
            #expect(home.status == .seeOther)
            #expect(home.headers.first(name: .location) == "/dispatch")
            let board = try await driver.get("/dispatch")
            #expect(board.status == .ok)
            for hidden in [
                "href=\"/stock\"", "href=\"/charges\"", "href=\"/allocation\"", "href=\"/depots\"",
                "href=\"/requests\"",
            ] {
                #expect(!board.text.contains(hidden), "a carrier is not offered \(hidden)")
            }
            #expect(board.text.contains("href=\"/dispatch\""))
            // The carrier's order page names the request without a link it could not open.
            let carried = try await driver.get("/orders/\(delivery.id.uuidString)")
            #expect(carried.text.contains(request.number) && !carried.text.contains("href=\"/requests/"))
            var receiver = try await ConsoleSession.signIn(app, "nurse")
            let received = try await receiver.get("/orders/\(goods.id.uuidString)")
            #expect(received.text.contains("href=\"/requests/\(request.id.uuidString)\""))
            var nurse = try await ConsoleSession.signIn(app, "nurse")
            let requests = try await nurse.get("/requests")
            #expect(
                requests.text.contains("href=\"/charges\"") && requests.text.contains("href=\"/stock\"")
                    && requests.text.contains("href=\"/requests\""))
            #expect(!requests.text.contains("href=\"/allocation\""), "requesters do not plan allocations")
            var city = try await ConsoleSession.signIn(app, "officer.city")
            let officer = try await city.get("/dispatch")
            for shown in ["href=\"/stock\"", "href=\"/charges\"", "href=\"/allocation\"", "href=\"/requests\""] {
                #expect(officer.text.contains(shown), "an officer is offered \(shown)")
            }
        }
    }
}
