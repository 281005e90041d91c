import Foundation
import LifelineDomain
import LifelineServer
import LifelineServices
import LifelineTestSupport
import NIOConcurrencyHelpers
import Testing
import Vapor

/// The dispatch loop through the HTTP API: scopes, retries with the same Idempotency-Key, illegal
/// transitions as localized problems, and the time-driven alerts (escalation, late paperwork).
@Suite struct DispatchAPITests {
    @Test(arguments: TestDatabase.allCases)
    func scopesRetriesAndIllegalMovesThroughTheAPI(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            let nurse = try await services.access.issueToken(name: "t", validForDays: 1, for: l.requester).token
            let needed = ISO8601DateFormatter().string(from: testNow.addingTimeInterval(7200))
            let body =
                #"""
                {"unitId":"\#(w.hospital.uuidString)","priority":0,"neededBy":"\#(needed)","deliveryPlace":"急诊科",\#
                "lines":[{"itemId":"\#(w.mask.uuidString)","quantity":3}]}
                """#
            let first = try await send(
                app, .POST, "/api/v1/requests", token: nurse, json: body, headers: ["Idempotency-Key": "req-1"])
            #expect(first.status == .created, "\(first.text)")
            let again = try await send(
                app, .POST, "/api/v1/requests", token: nurse, json: body, headers: ["Idempotency-Key": "req-1"])
            #expect(again.status == .created)
            #expect(again.json["id"] as? String == first.json["id"] as? String, "a retried POST creates nothing new")
            let id = try #require(first.json["id"] as? String)
            let list = try await send(app, .GET, "/api/v1/requests", token: nurse)
            #expect(list.json["total"] as? Int == 1)
            // Another body under the same key is refused.
            let other = try await send(
                app, .POST, "/api/v1/requests", token: nurse, json: body.replacingOccurrences(of: "急诊科", with: "门诊"),
                headers: ["Idempotency-Key": "req-1", "Accept-Language": "en"])
            #expect(other.status == .conflict)
            #expect(other.json["code"] as? String == "idempotency.key_reused")

            // A draft cannot be approved: a typed, localized problem; nothing reserved.
            let city = w.token("officer.city")
            let early = try await send(
                app, .POST, "/api/v1/requests/\(id)/approval", token: city, json: "{}",
                headers: ["Idempotency-Key": "ap-0", "Accept-Language": "zh-CN"])
            #expect(early.status == .conflict)
            #expect(early.json["code"] as? String == "state.invalid_transition")
            #expect((early.json["message"] as? String)?.contains("草稿") == true)
            #expect(try await services.stock.lot(w.lot, for: .system).reserved == 0)

            // Submit, then another county's officer can neither read nor approve it.
            let submitted = try await send(
                app, .POST, "/api/v1/requests/\(id)/actions", token: nurse, json: #"{"action":"submit"}"#,
                headers: ["Idempotency-Key": "sub-1"])
            #expect(submitted.json["status"] as? String == "submitted")
            let outsider = w.token("officer.b")
            #expect(try await send(app, .GET, "/api/v1/requests/\(id)", token: outsider).status == .forbidden)
            #expect(
                try await send(app, .GET, "/api/v1/requests/\(id)/availability", token: outsider).status == .forbidden)
            let refused = try await send(
                app, .POST, "/api/v1/requests/\(id)/approval", token: outsider, json: "{}",
                headers: ["Idempotency-Key": "ap-x"])
            #expect(refused.status == .forbidden)
            #expect((try await send(app, .GET, "/api/v1/requests", token: outsider)).json["total"] as? Int == 0)

            // The city approves from Nanming's depot (retried: one set of orders); the Yunyan officer
            // can neither see nor move the order.
            let fromNanming =
                #"{"lines":[{"itemId":"\#(w.mask.uuidString)","depotId":"\#(w.nanming.uuidString)","quantity":3}]}"#
            for _ in 0..<2 {
                let approved = try await send(
                    app, .POST, "/api/v1/requests/\(id)/approval", token: city, json: fromNanming,
                    headers: ["Idempotency-Key": "ap-1"])
                #expect(approved.status == .ok, "\(approved.text)")
            }
            let orders = try await send(app, .GET, "/api/v1/orders?requestId=\(id)", token: city)
            #expect(orders.json["total"] as? Int == 1)
            let orderID = try #require(((orders.json["items"] as? [[String: Any]])?.first)?["id"] as? String)
            #expect(try await send(app, .GET, "/api/v1/orders/\(orderID)", token: outsider).status == .forbidden)
            let moved = try await send(
                app, .POST, "/api/v1/orders/\(orderID)/tracking", token: outsider, json: #"{"action":"acknowledge"}"#,
                headers: ["Idempotency-Key": "tr-x"])
            #expect(moved.status == .forbidden)
            #expect((try await send(app, .GET, "/api/v1/orders", token: outsider)).json["total"] as? Int == 0)
            #expect(try await services.stock.lot(w.lot, for: .system).reserved == 3)

            // Deliver before dispatch: refused in English too.
            let line = try #require(
                (try await services.dispatch.order(UUID(uuidString: orderID)!, for: .system)).lines.first)
            let early2 = try await send(
                app, .POST, "/api/v1/orders/\(orderID)/signature", token: nurse,
                json: #"{"lines":[{"lineId":"\#(line.id.uuidString)","accepted":3}]}"#,
                headers: ["Idempotency-Key": "sg-0", "Accept-Language": "en"])
            #expect(early2.status == .conflict)
            #expect((early2.json["message"] as? String)?.contains("cannot go from issued") == true)
            // Bad input names the field.
            let bad = try await send(
                app, .POST, "/api/v1/orders/\(orderID)/tracking", token: city, json: #"{"action":"teleport"}"#,
                headers: ["Idempotency-Key": "tr-bad", "Accept-Language": "en"])
            #expect(bad.status == .badRequest)
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func unacknowledgedOrdersEscalateAndLatePaperworkRaisesAnAlert(_ engine: TestDatabase) async throws {
        let now = NIOLockedValueBox(testNow)
        try await withApp(engine, clock: Clock { now.withLockedValue { $0 } }) { _, services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            _ = try await services.dispatch.declareIncident(
                IncidentInput(title: "演练", level: "I", jurisdictions: ["5201"]), key: "i", by: w.cityOfficer)
            var request = try await l.draft(services, quantity: 4)
            request = try await services.dispatch.changeRequest(request.id, .submit, key: "s", by: l.requester)
            request = try await services.dispatch.approveRequest(
                request.id, ApprovalInput(executeFirst: true), key: "a", by: w.cityOfficer)
            let order = try #require(request.orders.first)
            #expect(try await services.dispatch.escalateUnacknowledged() == 0)
            now.withLockedValue { $0 = testNow.addingTimeInterval(11 * 60) }  // level I: 10 minutes to acknowledge
            #expect(try await services.dispatch.escalateUnacknowledged() == 1)
            #expect(try await services.dispatch.escalateUnacknowledged() == 0, "escalated once")
            let late = try await services.dispatch.order(order.id, for: w.cityOfficer)
            #expect(late.escalatedAt != nil)
            #expect(late.alerts.contains("unacknowledged"))
            #expect(!late.alerts.contains("paperworkOverdue"))
            now.withLockedValue { $0 = testNow.addingTimeInterval(25 * 3600) }  // level I: 24 hours for the paperwork
            #expect(try await services.dispatch.order(order.id, for: w.cityOfficer).alerts.contains("paperworkOverdue"))
            _ = try await services.dispatch.completePaperwork(request.id, key: "p", by: w.cityOfficer)
            #expect(
                !(try await services.dispatch.order(order.id, for: w.cityOfficer).alerts.contains("paperworkOverdue")))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func legAndFirstRoundLimitsRaiseAlerts(_ engine: TestDatabase) async throws {
        let now = NIOLockedValueBox(testNow)
        try await withApp(engine, clock: Clock { now.withLockedValue { $0 } }) { _, services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            func alerts(_ id: UUID) async throws -> [String] {
                try await services.dispatch.order(id, for: w.cityOfficer).alerts
            }
            func at(minutes: Double) { now.withLockedValue { $0 = testNow.addingTimeInterval(minutes * 60) } }
            // From a county depot that is not a forward depot: 2 h from departure to arrival.
            var request = try await l.draft(services, quantity: 4)
            request = try await services.dispatch.changeRequest(request.id, .submit, key: "s", by: l.requester)
            request = try await services.dispatch.approveRequest(
                request.id, ApprovalInput(lines: [ApprovalLineInput(itemId: w.mask, depotId: w.nanming, quantity: 4)]),
                key: "a", by: w.cityOfficer)
            let order = try #require(request.orders.first)
            for action in [DispatchOrderAction.acknowledge, .pick, .load, .depart] {
                _ = try await services.dispatch.track(
                    order.id, TrackingInput(action: action), key: "t-\(action.rawValue)", by: w.cityOfficer)
            }
            at(minutes: 119)
            #expect(!(try await alerts(order.id)).contains("legOverdue"))
            at(minutes: 121)
            #expect(try await alerts(order.id).contains("legOverdue"))
            _ = try await services.dispatch.track(
                order.id, TrackingInput(action: .arrive), key: "t-arrive", by: w.cityOfficer)
            at(minutes: 600)
            let arrivedLate = try await alerts(order.id)
            #expect(arrivedLate.contains("legOverdue"), "it arrived after its limit")
            #expect(!arrivedLate.contains("firstRoundOverdue"), "not a mass-testing request")

            // A mass-testing request: its supplies are due in place 6 h after the order is issued.
            let form = MassTestingForm(samplingPoints: 10, tables: 25, staffPerTable: 4, rounds: 3)
            var testing = try await services.dispatch.createRequest(
                RequestInput(
                    unitId: w.hospital, priority: .critical, neededBy: testNow.addingTimeInterval(24 * 3600),
                    deliveryPlace: "采样点",
                    longitude: 106.72, latitude: 26.56,
                    lines: [RequestLineInput(itemId: w.mask, quantity: 4, reason: "转运司机")],
                    massTesting: form), key: "m", by: l.requester)
            testing = try await services.dispatch.changeRequest(testing.id, .submit, key: "ms", by: l.requester)
            testing = try await services.dispatch.approveRequest(
                testing.id, ApprovalInput(lines: [ApprovalLineInput(itemId: w.mask, depotId: w.nanming, quantity: 4)]),
                key: "ma", by: w.cityOfficer)
            let firstRound = try #require(testing.orders.first)
            at(minutes: 600 + 5 * 60)
            #expect(!(try await alerts(firstRound.id)).contains("firstRoundOverdue"))
            at(minutes: 600 + 6 * 60 + 1)
            #expect(try await alerts(firstRound.id).contains("firstRoundOverdue"))
        }
    }
}

/// R5.4: the first-round clock of a mass-testing response runs from the response's start — the
/// event's activation — not from each order's approval.
@Suite struct FirstRoundClockTests {
    @Test(arguments: TestDatabase.allCases)
    func theFirstRoundIsDueSixHoursAfterTheEventWasDeclared(_ engine: TestDatabase) async throws {
        let now = NIOLockedValueBox(testNow)
        try await withApp(engine, clock: Clock { now.withLockedValue { $0 } }) { _, services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            func at(hours: Double) { now.withLockedValue { $0 = testNow.addingTimeInterval(hours * 3600) } }
            _ = try await services.dispatch.declareIncident(
                IncidentInput(title: "全员核酸", level: "II", jurisdictions: ["5201"]), key: "i", by: w.cityOfficer)
            at(hours: 4)  // the request comes, and is approved, four hours into the response
            let form = MassTestingForm(samplingPoints: 10, tables: 25, staffPerTable: 4, rounds: 3)
            var testing = try await services.dispatch.createRequest(
                RequestInput(
                    unitId: w.hospital, priority: .critical, neededBy: testNow.addingTimeInterval(24 * 3600),
                    deliveryPlace: "采样点",
                    longitude: 106.72, latitude: 26.56,
                    lines: [RequestLineInput(itemId: w.mask, quantity: 4, reason: "转运司机")],
                    massTesting: form), key: "m", by: l.requester)
            testing = try await services.dispatch.changeRequest(testing.id, .submit, key: "ms", by: l.requester)
            testing = try await services.dispatch.approveRequest(
                testing.id, ApprovalInput(lines: [ApprovalLineInput(itemId: w.mask, depotId: w.nanming, quantity: 4)]),
                key: "ma", by: w.cityOfficer)
            let order = try #require(testing.orders.first)
            at(hours: 5.9)
            #expect(
                !(try await services.dispatch.order(order.id, for: w.cityOfficer).alerts.contains("firstRoundOverdue")))
            at(hours: 6.1)  // two hours after the approval, six after the declaration
            #expect(
                try await services.dispatch.order(order.id, for: w.cityOfficer).alerts.contains("firstRoundOverdue"))
        }
    }
}

/// A 1 × 1 PNG.
let tinyPNG = Data(
    base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!

@Suite struct DeliveryPhotoTests {
    @Test(arguments: TestDatabase.allCases)
    func aReceiverAttachesAPhotoToADamagedLine(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            var request = try await l.draft(services, quantity: 6)
            request = try await services.dispatch.changeRequest(request.id, .submit, key: "s", by: l.requester)
            request = try await services.dispatch.approveRequest(
                request.id, ApprovalInput(), key: "a", by: w.cityOfficer)
            let order = try #require(request.orders.first)
            for action in [DispatchOrderAction.acknowledge, .pick, .load, .depart, .arrive] {
                _ = try await services.dispatch.track(
                    order.id, TrackingInput(action: action), key: "t-\(action.rawValue)", by: w.cityOfficer)
            }
            let line = try #require(try await services.dispatch.order(order.id, for: l.requester).lines.first)
            let nurse = try await services.access.issueToken(name: "t", validForDays: 1, for: l.requester).token
            // Not an image: refused, naming the field, nothing signed.
            let text = Data("not a photo".utf8).base64EncodedString()
            let bad = try await send(
                app, .POST, "/api/v1/orders/\(order.id.uuidString)/signature", token: nurse,
                json: #"{"lines":[{"lineId":"\#(line.id.uuidString)","accepted":5,"damaged":1,"photo":"\#(text)"}]}"#,
                headers: ["Idempotency-Key": "p0", "Accept-Language": "en"])
            #expect(bad.status == .badRequest)
            #expect(bad.json["field"] as? String == "lines[0].photo")
            #expect(try await services.dispatch.order(order.id, for: l.requester).status == .arrived)
            let signed = try await send(
                app, .POST, "/api/v1/orders/\(order.id.uuidString)/signature", token: nurse,
                json:
                    #"""
                    {"lines":[{"lineId":"\#(line.id.uuidString)","accepted":5,"damaged":1,\#
                    "photo":"\#(tinyPNG.base64EncodedString())"}]}
                    """#,
                headers: ["Idempotency-Key": "p1"])
            #expect(signed.status == .ok, "\(signed.text)")
            #expect(((signed.json["lines"] as? [[String: Any]])?.first)?["hasPhoto"] as? Bool == true)
            let photo = try await send(
                app, .GET, "/api/v1/orders/\(order.id.uuidString)/lines/\(line.id.uuidString)/photo", token: nurse)
            #expect(photo.status == .ok)
            #expect(photo.headers.contentType?.description.hasPrefix("image/png") == true)
            #expect(Data(photo.body.readableBytesView) == tinyPNG)
            let outsider = w.token("officer.b")
            #expect(
                try await send(
                    app, .GET, "/api/v1/orders/\(order.id.uuidString)/lines/\(line.id.uuidString)/photo",
                    token: outsider
                ).status == .forbidden)
        }
    }
}
