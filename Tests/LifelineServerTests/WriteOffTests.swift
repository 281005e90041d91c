import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import SQLKit
import Testing
import Vapor
import VaporTesting

/// R4.3: a write-off needs a second person's approval — requested by the operator, approved by an
/// officer of the depot's jurisdiction, never the same person; until approved the lot is held, not
/// gone (ADR 0025). Every test on both engines, `verify` clean after each.
@Suite struct WriteOffTests {
    /// 40 masks in the enterprise depot (520102), which the World's storage operator runs.
    static func enterpriseLot(_ w: World, _ services: Services, quantity: Int = 40) async throws -> UUID {
        try await services.stock.receive(
            ReceiptInput(
                depotId: w.enterpriseDepot, itemId: w.mask, quantity: quantity, batchNo: "E-\(quantity)",
                manufacturer: "稳健医疗",
                productionDate: "2025-06-30", expiryDate: "2027-06-30"), key: "e-lot-\(quantity)", by: .system
        ).movements[0].lotId
    }

    static func lot(_ app: Application, _ w: World, _ lot: UUID) async throws -> [String: Any] {
        try await send(app, .GET, "/api/v1/lots/\(lot.uuidString)", token: w.token("officer.a")).json
    }

    /// The failing-first test of R4.3: before it, an operator's write-off removed the units at once.
    @Test(arguments: TestDatabase.allCases)
    func anOperatorsWriteOffHoldsTheUnitsUntilTheDepotsOfficerApproves(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let lot = try await Self.enterpriseLot(w, services)
            let requested = try await send(
                app, .POST, "/api/v1/movements/write-offs", token: w.token("operator"),
                json: #"{"lotId":"\#(lot.uuidString)","quantity":15,"reason":"包装破损"}"#,
                headers: ["Idempotency-Key": "wo-1"])
            #expect(requested.status == .created, "\(requested.text)")
            let held = try await Self.lot(app, w, lot)
            #expect(held["onHand"] as? Int == 40, "nothing is written off before a second person approves")
            #expect(held["held"] as? Int == 15, "the units are held, not gone")
            #expect(held["available"] as? Int == 25)
            #expect(requested.json["status"] as? String == "pending")
            let number = try #require(requested.json["number"] as? String)
            #expect(number.hasPrefix("HX-520102-20261124-"))
            let id = try #require(requested.json["id"] as? String)
            let kinds = try await services.stock.movements(
                MovementFilter(documentNo: number), page: PageRequest(), for: .system
            ).items.map(\.kind)
            #expect(kinds == [.hold])
            #expect(try await services.operations.verify().isClean)

            func decide(_ user: String, _ body: String, _ key: String) async throws -> TestingHTTPResponse {
                try await send(
                    app, .POST, "/api/v1/write-offs/\(id)/decision", token: w.token(user), json: body,
                    headers: ["Idempotency-Key": key])
            }
            // The operator who asked may not decide; nor may the officer of another county.
            let own = try await decide("operator", #"{"approve":true}"#, "d-own")
            #expect(own.status == .forbidden)
            #expect(own.json["code"] as? String == "auth.forbidden")
            let other = try await decide("officer.b", #"{"approve":true}"#, "d-other")
            #expect(other.status == .forbidden)
            #expect(other.json["code"] as? String == "auth.out_of_scope")
            #expect(try await Self.lot(app, w, lot)["onHand"] as? Int == 40)
            // The depot's county officer approves: the held units leave the books.
            let approved = try await decide("officer.a", #"{"approve":true,"note":"核实无误"}"#, "d-a")
            #expect(approved.status == .ok, "\(approved.text)")
            #expect(approved.json["status"] as? String == "approved")
            #expect(approved.json["decidedByName"] as? String == "officer.a")
            #expect(approved.json["writeOffMovementId"] is Int)
            let after = try await Self.lot(app, w, lot)
            #expect(after["onHand"] as? Int == 25)
            #expect(after["held"] as? Int == 0)
            #expect(after["available"] as? Int == 25)
            let written = try await services.stock.movements(
                MovementFilter(documentNo: number), page: PageRequest(sort: "id"), for: .system
            ).items
            #expect(written.map(\.kind) == [.hold, .writeOff])
            #expect(written.last.map { [$0.onHandDelta, $0.heldDelta] } == [-15, -15])
            // Decided once: a second decision is refused and changes nothing.
            let again = try await decide("officer.city", #"{"approve":false,"note":"x"}"#, "d-city")
            #expect(again.status == .conflict)
            #expect(again.json["code"] as? String == "state.invalid_transition")
            #expect(try await Self.lot(app, w, lot)["onHand"] as? Int == 25)
            let shown = try await send(app, .GET, "/api/v1/write-offs/\(id)", token: w.token("operator"))
            #expect(shown.json["status"] as? String == "approved")
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theRequesterNeverDecidesAndARejectionReleasesTheHold(_ engine: TestDatabase) async throws {
        try await withApp(engine) { _, services in
            let w = try await World.build(services)
            let request = try await services.stock.requestWriteOff(
                WriteOffInput(lotId: w.lot, quantity: 10, reason: "过期"), key: "r", by: w.officerA)
            #expect(request.requestedByName == "officer.a")
            await #expect(throws: LifelineError(.writeOffSamePerson)) {
                _ = try await services.stock.decideWriteOff(
                    request.id, WriteOffDecisionInput(approve: true), key: "own", by: w.officerA)
            }
            await #expect(throws: LifelineError.required("note")) {
                _ = try await services.stock.decideWriteOff(
                    request.id, WriteOffDecisionInput(approve: false, note: " "), key: "no-note", by: w.cityOfficer)
            }
            await #expect(throws: LifelineError.outOfScope(.writeOff)) {
                _ = try await services.stock.decideWriteOff(
                    request.id, WriteOffDecisionInput(approve: false, note: "x"), key: "b", by: w.officerB)
            }
            await #expect(throws: LifelineError.self) {
                _ = try await services.stock.decideWriteOff(
                    request.id, WriteOffDecisionInput(approve: true), key: "aud", by: w.auditor)
            }
            #expect(try await services.stock.writeOff(request.id, for: .system).status == .pending)
            #expect(try await services.stock.lot(w.lot, for: .system).held == 10)
            let rejected = try await services.stock.decideWriteOff(
                request.id, WriteOffDecisionInput(approve: false, note: "尚在效期，继续使用"),
                key: "reject", by: w.cityOfficer)
            #expect(rejected.status == .rejected)
            #expect(rejected.decisionNote == "尚在效期，继续使用")
            #expect(rejected.writeOffMovementId == nil)
            let lot = try await services.stock.lot(w.lot, for: .system)
            #expect([lot.onHand, lot.held, lot.available] as [Int] == [100, 0, 100], "a rejection releases the hold")
            let kinds = try await services.stock.movements(
                MovementFilter(documentNo: request.number), page: PageRequest(sort: "id"), for: .system
            ).items
            #expect(kinds.map(\.kind) == [.hold, .unhold])
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func heldUnitsAreNeitherFreeNorIssuableAndARepeatHoldsNothingTwice(_ engine: TestDatabase) async throws {
        try await withApp(engine) { _, services in
            let w = try await World.build(services)
            await #expect(throws: LifelineError.self) {
                _ = try await services.stock.requestWriteOff(
                    WriteOffInput(lotId: w.lot, quantity: 101, reason: "x"), key: "too-many", by: w.officerA)
            }
            await #expect(throws: LifelineError.required("reason")) {
                _ = try await services.stock.requestWriteOff(
                    WriteOffInput(lotId: w.lot, quantity: 1, reason: nil), key: "no-reason", by: w.officerA)
            }
            await #expect(throws: LifelineError.outOfScope(.lot)) {
                _ = try await services.stock.requestWriteOff(
                    WriteOffInput(lotId: w.lot, quantity: 1, reason: "x"), key: "b", by: w.officerB)
            }
            let first = try await services.stock.requestWriteOff(
                WriteOffInput(lotId: w.lot, quantity: 60, reason: "破损"), key: "w1", by: w.officerA)
            let repeated = try await services.stock.requestWriteOff(
                WriteOffInput(lotId: w.lot, quantity: 60, reason: "破损"), key: "w1", by: w.officerA)
            #expect(repeated == first, "the same key answers as before and holds nothing twice")
            #expect(try await services.stock.lot(w.lot, for: .system).held == 60)
            do {
                _ = try await services.stock.requestWriteOff(
                    WriteOffInput(lotId: w.lot, quantity: 41, reason: "破损"), key: "w2", by: w.officerA)
                Issue.record("held units were held again")
            } catch let error as LifelineError {
                #expect(error.code == .insufficientStock)
                #expect(error.parameters["available"] == "40")
            }
            await #expect(throws: LifelineError.self) {
                _ = try await services.stock.issue(IssueInput(lotId: w.lot, quantity: 41), key: "i", by: w.officerA)
            }
            _ = try await services.stock.issue(IssueInput(lotId: w.lot, quantity: 40), key: "i40", by: w.officerA)
            let lot = try await services.stock.lot(w.lot, for: .system)
            #expect([lot.onHand, lot.held, lot.available] as [Int] == [60, 60, 0])
            #expect(try await services.stock.writeOffs(WriteOffFilter(), page: PageRequest(), for: .system).total == 1)
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func listsShowEachPartyItsOwnDepotsRequestsNewestFirst(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let enterprise = try await Self.enterpriseLot(w, services)
            let a = try await services.stock.requestWriteOff(
                WriteOffInput(lotId: w.lot, quantity: 1, reason: "a"), key: "a", by: w.officerA)
            let e = try await services.stock.requestWriteOff(
                WriteOffInput(lotId: enterprise, quantity: 2, reason: "e"), key: "e", by: w.operatorActor)
            _ = try await services.stock.decideWriteOff(
                a.id, WriteOffDecisionInput(approve: true), key: "a-ok", by: w.cityOfficer)
            func numbers(_ user: String, _ query: String = "") async throws -> [String] {
                let page = try await send(app, .GET, "/api/v1/write-offs" + query, token: w.token(user))
                #expect(page.status == .ok, "\(page.text)")
                return (page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["number"] as? String }
            }
            #expect(try await numbers("operator") == [e.number], "an enterprise sees the depots it runs")
            #expect(try await numbers("officer.b").isEmpty, "another county sees none")
            #expect(Set(try await numbers("officer.a")) == [a.number, e.number])
            #expect(try await numbers("officer.a", "?status=pending") == [e.number])
            #expect(try await numbers("officer.city", "?lotId=\(w.lot.uuidString)") == [a.number])
            #expect(try await numbers("officer.city", "?sort=number") == [a.number, e.number].sorted())
            let hidden = try await send(app, .GET, "/api/v1/write-offs/\(a.id.uuidString)", token: w.token("officer.b"))
            #expect(hidden.status == .forbidden)
            let missing = try await send(
                app, .GET, "/api/v1/write-offs/\(UUID().uuidString)", token: w.token("officer.a"))
            #expect(missing.status == .notFound)
            let bad = try await send(
                app, .POST, "/api/v1/write-offs/\(e.id.uuidString)/decision", token: w.token("officer.a"),
                json: #"{"approve":"yes"}"#, headers: ["Idempotency-Key": "bad"])
            #expect(bad.status == .badRequest)
            let noNote = try await send(
                app, .POST, "/api/v1/write-offs/\(e.id.uuidString)/decision", token: w.token("officer.a"),
                json: #"{"approve":false}"#, headers: ["Idempotency-Key": "no-note"])
            #expect(noNote.status == .conflict, "well-formed, refused by the rule")
            #expect(noNote.json["field"] as? String == "note")
            let own = try await send(
                app, .POST, "/api/v1/write-offs/\(a.id.uuidString)/decision", token: w.token("officer.a"),
                json: #"{"approve":false,"note":"x"}"#, headers: ["Idempotency-Key": "own"])
            #expect(own.status == .forbidden)
            #expect(own.json["code"] as? String == "stock.write_off_same_person")
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func verifyFindsAWriteOffWhoseMovementsDoNotMatchItsStatus(_ engine: TestDatabase) async throws {
        try await withApp(engine) { _, services in
            let w = try await World.build(services)
            let pending = try await services.stock.requestWriteOff(
                WriteOffInput(lotId: w.lot, quantity: 5, reason: "x"), key: "p", by: w.officerA)
            let approved = try await services.stock.requestWriteOff(
                WriteOffInput(lotId: w.yunyanLot, quantity: 3, reason: "y"), key: "q", by: w.officerB)
            _ = try await services.stock.decideWriteOff(
                approved.id, WriteOffDecisionInput(approve: true), key: "q-ok", by: w.cityOfficer)
            #expect(try await services.operations.verify().isClean)
            // Marked approved behind the ledger's back: no write_off movement, the units still held.
            try await services.database.sql().raw(
                "UPDATE write_off_requests SET status = 'approved' WHERE id = \(bind: pending.id)"
            ).run()
            let report = try await services.operations.verify()
            #expect(report.balanceDifferences.isEmpty)
            #expect(!report.isClean)
            #expect(
                report.writeOffFindings.contains { $0.contains(pending.number) && $0.contains("written off 0") },
                "\(report.writeOffFindings)")
            #expect(
                report.writeOffFindings.contains { $0.contains("B-100") },
                "the lot holds units no pending write-off asks for")
            #expect(!report.writeOffFindings.contains { $0.contains(approved.number) })
            // The approved one's write_off movement removed: the ledger check sees it too.
            try await services.database.sql().raw(
                "UPDATE write_off_requests SET status = 'pending' WHERE id = \(bind: pending.id)"
            ).run()
            try await services.database.sql().raw(
                "DELETE FROM stock_movements WHERE document_no = \(bind: approved.number) AND kind = 'write_off'"
            ).run()
            let second = try await services.operations.verify()
            #expect(second.writeOffFindings.contains { $0.contains(approved.number) }, "\(second.writeOffFindings)")
            #expect(!second.balanceDifferences.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theConsoleRequestsAndTheOfficerDecides(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            var requester = try await ConsoleSession.signIn(app, "officer.a")
            let unconfirmed = try await requester.post(
                "/movements/adjust",
                form: [
                    "lotId": w.lot.uuidString, "kind": "write_off", "quantity": "4",
                    "reason": "破损", "_key": "c1",
                ])
            #expect(unconfirmed.status == .badRequest, "a write-off request needs the confirmation box")
            let sent = try await requester.post(
                "/movements/adjust",
                form: [
                    "lotId": w.lot.uuidString, "kind": "write_off", "quantity": "4",
                    "reason": "破损", "_key": "c2", "confirm": "on",
                ])
            #expect(sent.status == .seeOther)
            let location = try #require(sent.headers.first(name: .location))
            #expect(location.hasPrefix("/write-offs?requested=HX-520102-"))
            let listed = try await requester.get(location)
            #expect(listed.text.contains("待另一人审批"))
            #expect(!listed.text.contains("/decision"), "the requester is offered no decision")
            let stock = try await requester.get("/stock")
            #expect(stock.text.contains("待核销 4"))
            #expect(try await services.stock.lot(w.lot, for: .system).onHand == 100)
            let id = try #require(
                try await services.stock.writeOffs(WriteOffFilter(), page: PageRequest(), for: .system).items.first?.id)
            let own = try await requester.post(
                "/write-offs/\(id.uuidString)/decision", form: ["approve": "1", "_key": "own"])
            #expect(own.status == .forbidden)
            var city = try await ConsoleSession.signIn(app, "officer.city")
            let page = try await city.get("/write-offs?status=pending&lang=en")
            #expect(page.text.contains("/write-offs/\(id.uuidString)/decision"))
            #expect(page.text.contains("Approve write-off"))
            let approved = try await city.post(
                "/write-offs/\(id.uuidString)/decision", form: ["approve": "1", "_key": "ok"])
            #expect(approved.status == .seeOther)
            #expect(try await services.stock.lot(w.lot, for: .system).onHand == 96)
            #expect(try await services.operations.verify().isClean)
        }
    }
}
