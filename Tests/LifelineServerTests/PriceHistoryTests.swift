import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import NIOConcurrencyHelpers
import Testing

/// Charges at delivery use the item's market price at the time of the transfer: the price history
/// in force on the day the goods left the depot, else the catalogue price as it stood then; every
/// charge says which (ADR 0026).
@Suite struct PriceHistoryTests {
    static let day = 86_400.0

    /// A deployment order of `quantity` masks from Nanming to the hospital, approved by the city,
    /// on its way: acknowledged, picked, loaded and departed now.
    static func departed(_ l: DispatchLoop, _ services: Services, quantity: Int, key: String) async throws
        -> OrderSummary
    {
        let w = l.world
        let draft = try await l.draft(services, quantity: quantity, key: key)
        _ = try await services.dispatch.changeRequest(draft.id, .submit, key: key + "-s", by: l.requester)
        let approved = try await services.dispatch.approveRequest(
            draft.id, ApprovalInput(lines: [ApprovalLineInput(itemId: w.mask, depotId: w.nanming, quantity: quantity)]),
            key: key + "-a",
            by: w.cityOfficer)
        let order = try #require(approved.orders.first)
        for action in [DispatchOrderAction.acknowledge, .pick, .load, .depart] {
            _ = try await services.dispatch.track(
                order.id, TrackingInput(action: action), key: "\(key)-\(action.rawValue)", by: w.cityOfficer)
        }
        return order
    }

    /// Arrives and signs the order: all but one accepted, one short.
    static func arriveAndSign(_ l: DispatchLoop, _ services: Services, _ order: OrderSummary, key: String) async throws
    {
        _ = try await services.dispatch.track(
            order.id, TrackingInput(action: .arrive), key: key + "-arrive", by: l.world.cityOfficer)
        let line = try #require(try await services.dispatch.order(order.id, for: .system).lines.first)
        _ = try await services.dispatch.sign(
            order.id, SignInput(lines: [SignLineInput(lineId: line.id, accepted: line.quantity - 1, short: 1)]),
            key: key + "-sign", by: l.requester)
    }

    static func charges(of order: OrderSummary, _ services: Services) async throws -> [ChargeView] {
        try await services.dispatch.charges(page: PageRequest(per: 500), for: .system).items.filter {
            $0.orderId == order.id
        }
    }

    // MARK: - The rule at delivery

    /// Fails on a charge at the catalogue price of the signing day: the goods left on day D at
    /// catalogue price P1; on D+1 the catalogue price was raised and a market price took effect;
    /// signed on D+2, the delivery is charged P1.
    @Test(arguments: TestDatabase.allCases)
    func aPriceChangedAfterTheGoodsLeftDoesNotReachTheirCharge(_ engine: TestDatabase) async throws {
        let now = NIOLockedValueBox(testNow)  // day D: 2026-11-24
        try await withApp(engine, clock: Clock { now.withLockedValue { $0 } }) { _, services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            let mask = try await services.reference.item(w.mask, for: .system).definition
            let p1 = mask.unitPriceFen
            let order = try await Self.departed(l, services, quantity: 10, key: "d")

            now.withLockedValue { $0 = testNow.addingTimeInterval(Self.day) }
            var raised = mask
            raised.unitPriceFen = p1 * 2 + 100
            _ = try await services.reference.updateItem(w.mask, raised, by: .system)
            _ = try await services.reference.setPrice(
                w.mask, PriceInput(effectiveFrom: "2026-11-25", priceFen: p1 * 3 + 7, note: "12 月挂网价"), key: "p",
                by: l.province)

            now.withLockedValue { $0 = testNow.addingTimeInterval(2 * Self.day) }
            try await Self.arriveAndSign(l, services, order, key: "d")
            let charges = try await Self.charges(of: order, services)
            let charge = try #require(charges.first { $0.kind == "charge" })
            #expect(
                charge.unitPriceFen == p1,
                "the catalogue price of the day the goods left, not of the day they were signed for")
            #expect(charge.amountFen == 9 * p1)
            #expect(charge.priceSource == "catalogue")
            #expect(charge.priceEffectiveFrom == nil)
            let claim = try #require(charges.first { $0.kind == "claim" })
            #expect(claim.unitPriceFen == p1)
            #expect(claim.priceSource == "catalogue")
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aPointInForceWhenTheGoodsLeftPricesTheChargeAndTheLaterEntryOfADayWins(_ engine: TestDatabase) async throws {
        let now = NIOLockedValueBox(testNow)
        try await withApp(engine, clock: Clock { now.withLockedValue { $0 } }) { _, services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            _ = try await services.reference.setPrice(
                w.mask, PriceInput(effectiveFrom: "2026-10-01", priceFen: 110), key: "oct", by: l.province)
            _ = try await services.reference.setPrice(
                w.mask, PriceInput(effectiveFrom: "2026-11-01", priceFen: 120, note: "11 月挂网价"), key: "nov",
                by: l.province)
            _ = try await services.reference.setPrice(
                w.mask, PriceInput(effectiveFrom: "2026-11-30", priceFen: 999), key: "later", by: l.province)
            let first = try await Self.departed(l, services, quantity: 10, key: "a")
            try await Self.arriveAndSign(l, services, first, key: "a")
            let charged = try #require(try await Self.charges(of: first, services).first { $0.kind == "charge" })
            #expect(charged.unitPriceFen == 120)
            #expect(charged.amountFen == 9 * 120)
            #expect(charged.priceSource == "history")
            #expect(charged.priceEffectiveFrom == "2026-11-01")

            // The next order leaves the same day; before it is signed, the November price is corrected.
            let second = try await Self.departed(l, services, quantity: 4, key: "b")
            now.withLockedValue { $0 = testNow.addingTimeInterval(Self.day) }
            _ = try await services.reference.setPrice(
                w.mask, PriceInput(effectiveFrom: "2026-11-01", priceFen: 125, note: "更正"), key: "fix", by: l.province)
            try await Self.arriveAndSign(l, services, second, key: "b")
            let corrected = try #require(try await Self.charges(of: second, services).first { $0.kind == "charge" })
            #expect(
                corrected.unitPriceFen == 125,
                "the later entry of 2026-11-01 is the price in force on the day the goods left")
            #expect(corrected.priceEffectiveFrom == "2026-11-01")

            let history = try await services.reference.prices(w.mask, page: PageRequest(), for: w.officerA)
            #expect(history.items.map(\.effectiveFrom) == ["2026-11-30", "2026-11-01", "2026-11-01", "2026-10-01"])
            #expect(history.items.map(\.priceFen) == [999, 125, 120, 110])
            #expect(history.items.map(\.superseded) == [false, false, true, false])
            #expect(history.items[1].enteredByName == "officer.gz")
            let page2 = try await services.reference.prices(w.mask, page: PageRequest(page: 2, per: 2), for: w.officerA)
            #expect(
                page2.items.map(\.superseded) == [true, false],
                "superseded is judged over the whole history, not the page")
            let today = try await services.reference.marketPrice(
                of: w.mask, on: Day(iso: "2026-11-25")!, for: w.officerA)
            #expect(today.priceFen == 125)
            #expect(today.source == .history(effectiveFrom: Day(iso: "2026-11-01")!))
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func withoutAPointTheChargeSaysCatalogueInTheAPI(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            let price = try await services.reference.item(w.mask, for: .system).definition.unitPriceFen
            // A point from the day after the transfer is not in force on it.
            _ = try await services.reference.setPrice(
                w.mask, PriceInput(effectiveFrom: "2026-11-25", priceFen: price + 50), key: "p", by: l.province)
            let order = try await Self.departed(l, services, quantity: 5, key: "c")
            try await Self.arriveAndSign(l, services, order, key: "c")
            let response = try await send(app, .GET, "/api/v1/charges", token: w.token("officer.city"))
            #expect(response.status == .ok)
            let items = try #require(response.json["items"] as? [[String: Any]])
            let charge = try #require(items.first { $0["kind"] as? String == "charge" })
            #expect(charge["priceSource"] as? String == "catalogue")
            #expect(charge["priceEffectiveFrom"] == nil)
            #expect(charge["unitPriceFen"] as? Int == price)
            #expect(try await services.operations.verify().isClean)
        }
    }

    // MARK: - The API

    @Test(arguments: TestDatabase.allCases)
    func theAPIAddsPointsForCatalogueEditorsOnlyAndNamesTheFieldAtFault(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            let province = try await services.access.issueToken(name: "test", validForDays: 30, for: l.province).token
            let path = "/api/v1/items/\(w.mask.uuidString)/prices"
            let good = #"{"effectiveFrom":"2026-12-01","priceFen":180,"note":"省药监局挂网价"}"#

            let city = try await send(
                app, .POST, path, token: w.token("officer.city"), json: good, headers: ["Idempotency-Key": "c"])
            #expect(city.status == .forbidden, "a city officer reads prices but does not set them")
            #expect(try await send(app, .GET, path, token: w.token("officer.city")).status == .ok)

            let bad: [(String, String)] = [
                (#"{"effectiveFrom":"2026-12-01","priceFen":-1}"#, "priceFen"),
                (#"{"effectiveFrom":"2026-12-01","priceFen":1000000001}"#, "priceFen"),
                (#"{"effectiveFrom":"2026-02-30","priceFen":1}"#, "effectiveFrom"),
                (#"{"effectiveFrom":"0026-12-01","priceFen":1}"#, "effectiveFrom"),
                (#"{"priceFen":1}"#, "effectiveFrom"),
                (#"{"effectiveFrom":"2026-12-01","priceFen":1,"note":"a\u0000b"}"#, "note"),
                (#"{"effectiveFrom":"2026-12-01","priceFen":1,"currency":"CNY"}"#, "currency"),
            ]
            for (body, field) in bad {
                let response = try await send(
                    app, .POST, path, token: province, json: body, headers: ["Idempotency-Key": "b-\(field)"])
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.json["field"] as? String == field, "\(body)")
            }
            let noKey = try await send(app, .POST, path, token: province, json: good)
            #expect(noKey.status == .badRequest)
            #expect(noKey.json["field"] as? String == "Idempotency-Key")
            let unknown = try await send(
                app, .POST, "/api/v1/items/\(UUID().uuidString)/prices", token: province, json: good,
                headers: ["Idempotency-Key": "u"])
            #expect(unknown.status == .notFound)
            #expect(
                try await services.reference.prices(w.mask, page: PageRequest(), for: .system).total == 0,
                "nothing refused was stored")

            let created = try await send(
                app, .POST, path, token: province, json: good, headers: ["Idempotency-Key": "k"])
            #expect(created.status == .created)
            #expect(created.json["effectiveFrom"] as? String == "2026-12-01")
            #expect(created.json["priceFen"] as? Int == 180)
            #expect(created.json["superseded"] as? Bool == false)
            let again = try await send(app, .POST, path, token: province, json: good, headers: ["Idempotency-Key": "k"])
            #expect(again.json["id"] as? Int == created.json["id"] as? Int, "a retry adds nothing")
            let list = try await send(app, .GET, path + "?per=10", token: w.token("officer.a"))
            #expect(list.status == .ok)
            #expect(list.json["total"] as? Int == 1)
            let audit = try await services.access.auditEntries(
                entity: "item", entityID: w.mask.uuidString, page: PageRequest(), for: .system
            ).items
            #expect(audit.map(\.action).contains("item.price"))
        }
    }

    // MARK: - The console

    @Test(arguments: TestDatabase.allCases)
    func theConsoleFormTakesYuanAndShowsErrorsNextToTheField(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            let path = "/catalogue/items/\(w.mask.uuidString)/prices"
            var province = try await ConsoleSession.signIn(app, "officer.gz")
            let page = try await province.get(path + "?lang=en")
            #expect(page.status == .ok)
            #expect(page.text.contains(#"id="price-form""#))
            #expect(page.text.contains("No price points yet"))

            let badPrice = try await province.post(
                path, form: ["effectiveFrom": "2026-11-20", "price": "2.345", "_key": "f1"])
            #expect(badPrice.status == .badRequest)
            #expect(badPrice.text.contains(#"id="price" name="price" value="2.345""#), "the value is kept")
            #expect(badPrice.text.contains(#"form-control is-invalid" id="price""#))
            let badDay = try await province.post(
                path, form: ["effectiveFrom": "2026-02-30", "price": "2.35", "_key": "f2"])
            #expect(badDay.status == .badRequest)
            #expect(badDay.text.contains(#"form-control is-invalid" type="date" id="effectiveFrom""#))
            #expect(try await services.reference.prices(w.mask, page: PageRequest(), for: .system).total == 0)

            let saved = try await province.post(
                path, form: ["effectiveFrom": "2026-11-20", "price": "2.35", "note": "挂网价", "_key": "f3"])
            #expect(saved.status == .seeOther)
            #expect(saved.headers.first(name: .location) == path + "?done=2026-11-20")
            let again = try await province.post(
                path, form: ["effectiveFrom": "2026-11-20", "price": "2.35", "note": "挂网价", "_key": "f3"])
            #expect(again.status == .seeOther, "a form sent twice stores one point")
            let points = try await services.reference.prices(w.mask, page: PageRequest(), for: .system).items
            #expect(points.map(\.priceFen) == [235])
            #expect(try await province.get(path).text.contains("2026-11-20"))

            var city = try await ConsoleSession.signIn(app, "officer.city")
            let read = try await city.get(path)
            #expect(read.status == .ok)
            #expect(!read.text.contains(#"id="price-form""#), "a city officer reads the history without the form")
            let refused = try await city.post(path, form: ["effectiveFrom": "2026-11-21", "price": "9", "_key": "f4"])
            #expect(refused.status == .forbidden)
            #expect(try await services.reference.prices(w.mask, page: PageRequest(), for: .system).total == 1)
        }
    }

    // MARK: - CSV

    static let header = "item_code,effective_from,price_fen,note"

    static func file(_ rows: [String]) -> String { "\u{FEFF}" + ([header] + rows).joined(separator: "\r\n") + "\r\n" }

    struct Counts: Equatable {
        var prices: Int
        var audit: Int

        init(_ services: Services, item: UUID) async throws {
            prices = try await services.reference.prices(item, page: PageRequest(per: 1), for: .system).total
            audit = try await services.access.auditEntries(
                entity: nil, entityID: nil, page: PageRequest(per: 1), for: .system
            ).total
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func pricesImportAllOrNothingOnceAndExportBackUnchanged(_ engine: TestDatabase) async throws {
        try await withApp(engine) { _, services in
            let w = try await World.build(services)
            let code = try await services.reference.item(w.mask, for: .system).definition.code
            let rows = [
                "\(code),2026-10-01,110,十月", "\(code),2026-11-01,120,=HYPERLINK(\"x\")", "\(code),2026-12-01,130,",
            ]
            let before = try await Counts(services, item: w.mask)
            let late = try await #require(throws: LifelineError.self) {
                try await services.operations.importCSV(
                    .prices, text: Self.file(rows + ["NO-SUCH-ITEM,2026-12-01,1,"]), by: .system)
            }
            #expect(late.code == .importFailed)
            #expect(late.field == "item_code")
            #expect(late.message(.en).hasPrefix("Import failed at row 5"))
            #expect(
                try await Counts(services, item: w.mask) == before, "rows 2–4 were written and rolled back with row 5")
            let tooDear = try await #require(throws: LifelineError.self) {
                try await services.operations.importCSV(
                    .prices, text: Self.file(rows + ["\(code),2026-12-02,1000000001,"]), by: .system)
            }
            #expect(tooDear.field == "price_fen")
            let twice = try await #require(throws: LifelineError.self) {
                try await services.operations.importCSV(
                    .prices, text: Self.file(rows + ["\(code),2026-10-01,111,"]), by: .system)
            }
            #expect(twice.message(.en).hasPrefix("Import failed at row 5: repeats row 2"))
            #expect(try await Counts(services, item: w.mask) == before)
            await #expect(throws: LifelineError.self, "a city officer does not import prices") {
                try await services.operations.importCSV(.prices, text: Self.file(rows), by: w.cityOfficer)
            }

            #expect(
                try await services.operations.importCSV(.prices, text: Self.file(rows), by: .system)
                    == ImportReport(created: 3))
            #expect(
                try await services.operations.importCSV(.prices, text: Self.file(rows), by: .system)
                    == ImportReport(unchanged: 3), "a repeated file adds nothing")
            let exported = try await services.operations.export(.prices, by: .system)
            #expect(exported.hasPrefix("\u{FEFF}item_code,effective_from,price_fen,note"))
            #expect(exported.contains("'=HYPERLINK"), "a note that would run as a formula is escaped")
            #expect(
                try await services.operations.importCSV(.prices, text: exported, by: .system)
                    == ImportReport(unchanged: 3), "an export imports back unchanged")

            // A changed price for a day is a new entry that wins; the export holds only the winner.
            let changed = try await services.operations.importCSV(
                .prices, text: Self.file(["\(code),2026-11-01,125,=HYPERLINK(\"x\")"]), by: .system)
            #expect(changed == ImportReport(updated: 1))
            let history = try await services.reference.prices(w.mask, page: PageRequest(), for: .system).items
            #expect(history.map(\.priceFen) == [130, 125, 120, 110])
            #expect(history.map(\.superseded) == [false, false, true, false])
            let again = try await services.operations.export(.prices, by: .system)
            #expect(again.contains(",2026-11-01,125,"))
            #expect(!again.contains(",2026-11-01,120,"))
            #expect(
                try await services.operations.importCSV(.prices, text: again, by: .system) == ImportReport(unchanged: 3)
            )

            // A file saved by Excel on Chinese Windows (GBK): 稳健医疗 as the note.
            let gbk =
                Data("\(Self.header)\r\n\(code),2027-01-01,140,".utf8)
                + Data([0xCE, 0xC8, 0xBD, 0xA1, 0xD2, 0xBD, 0xC1, 0xC6])
            #expect(
                try await services.operations.importCSV(.prices, data: gbk, by: .system)
                    == ImportReport(created: 1, encoding: .gb18030))
            #expect(
                try await services.reference.prices(w.mask, page: PageRequest(per: 1), for: .system).items.first?.note
                    == "稳健医疗")
            let summary = try await services.access.auditEntries(
                entity: "import", entityID: nil, page: PageRequest(), for: .system
            ).items
            #expect(summary.map(\.action).allSatisfy { $0 == "import.prices" })
            #expect(
                summary.count == 6,
                "six imports went through (three of them all unchanged); the refused ones left no trace")
            #expect(try await services.operations.verify().isClean)
        }
    }
}
