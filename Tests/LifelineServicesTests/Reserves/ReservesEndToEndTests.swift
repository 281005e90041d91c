import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import Testing

/// #11's end-to-end path: a plan approved by the level above, issues that push the county under 80 %,
/// the alert for that county's and its parents' officers only, an exchange of equal values between
/// two counties, a stocktake difference approved into an adjustment, an expired lot written off by two
/// people, a near-expiry lot rotated (issued within the hospital's quota, the rest sold, a replacement
/// purchase proposed), stock an enterprise holds under an agreement counted and subsidised — and
/// `lifeline verify` clean after all of it.
@Suite struct ReservesEndToEndTests {
    @Test(arguments: TestDatabase.allCases)
    func aCountysYearOfReserves(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let reserves = services.reserves
            let stock = services.stock

            // 1. The plan, approved by the city.
            let plan = try await reserves.createPlan(
                NewReservePlan(jurisdictionCode: "520102", reserveClass: .routine, title: "南明区 2027"), by: w.officerA)
            _ = try await reserves.setNorm(
                plan.id, itemID: w.mask, formula: .peakDay(peakDailyUse: 4, days: 30), note: nil, by: w.officerA)
            _ = try await reserves.submit(plan.id, by: w.officerA)
            #expect(try await reserves.approve(plan.id, note: nil, by: w.cityOfficer).status == .approved)

            // 2. Issues push the county under 80 % (100 − 30 = 70 of 120); the alert reaches the county,
            //    the city and the nation, not the neighbour.
            _ = try await stock.issue(
                IssueInput(lotId: w.lot, quantity: 30, reason: "门诊领用"), key: "e2e-1", by: w.officerA)
            try await services.alerts.refresh()
            let below = AlertFilter(kind: .coverageBelow)
            for (actor, seen) in [(w.officerA, 1), (w.cityOfficer, 1), (Actor.system, 1), (w.officerB, 0)] {
                #expect(
                    try await services.alerts.alerts(below, page: PageRequest(), for: actor).total == seen,
                    "\(actor.username)")
            }

            // 3. An exchange of equal values between the two counties.
            let offer = try await stock.offerExchange(
                ExchangeOffer(
                    jurisdictionCode: "520102", counterpartCode: "520103", receivingDepotId: w.nanming,
                    lines: [ExchangeLineInput(lotId: w.lot, quantity: 10)]), by: w.officerA)
            _ = try await stock.answerExchange(
                offer.id,
                ExchangeAnswer(
                    receivingDepotId: w.yunyan, lines: [ExchangeLineInput(lotId: w.yunyanLot, quantity: 10)]),
                by: w.officerB)
            _ = try await stock.actOnExchange(offer.id, .approve, note: nil, by: w.officerA)
            let exchanged = try await stock.actOnExchange(offer.id, .approve, note: nil, by: w.officerB)
            #expect(exchanged.status == .executed && exchanged.offeredValueFen == exchanged.answeredValueFen)

            // 4. A stocktake of Nanming finds one mask missing; the city approves the adjustment.
            let take = try await stock.startStocktake(depotID: w.nanming, limitFen: 0, by: w.officerA)
            let counts = take.lines.map { line in
                line.lotId == w.lot
                    ? StocktakeCount(lotId: line.lotId, counted: line.frozen - 1, reason: "破损 1 只")
                    : StocktakeCount(lotId: line.lotId, counted: line.frozen)
            }
            _ = try await stock.recordCounts(take.id, counts, by: w.officerA)
            #expect(try await stock.actOnStocktake(take.id, .submit, note: nil, by: w.officerA).status == .pending)
            #expect(
                try await stock.actOnStocktake(take.id, .approve, note: nil, by: w.cityOfficer).status == .completed)
            #expect(try await stock.lot(w.lot, for: .system).onHand == 59)  // 100 − 30 − 10 − 1

            // 5. A lot that expires tomorrow; the day after, it is written off by two people.
            let expiring = try await stock.receive(
                ReceiptInput(
                    depotId: w.nanming, itemId: w.mask, quantity: 12, batchNo: "EXP-1", manufacturer: "稳健医疗",
                    productionDate: "2024-11-25", expiryDate: "2026-11-25"), key: "e2e-exp", by: w.officerA
            ).movements[0].lotId
            let later = Services(
                store: services.store, clock: .fixed(testNow.addingTimeInterval(3 * 86_400)), ids: services.ids,
                passwords: services.passwords)
            _ = try await later.stock.expireLots()
            let request = try await later.stock.requestWriteOff(
                WriteOffInput(lotId: expiring, quantity: 12, reason: "过期"), key: "e2e-wo", by: w.officerA)
            await #expect(throws: LifelineError.self) {
                try await later.stock.decideWriteOff(
                    request.id, WriteOffDecisionInput(approve: true), key: "e2e-wo-self", by: w.officerA)
            }
            _ = try await later.stock.decideWriteOff(
                request.id, WriteOffDecisionInput(approve: true, note: "核实"), key: "e2e-wo-ok", by: w.cityOfficer)
            #expect(try await stock.lot(expiring, for: .system).onHand == 0)

            // 6. Rotation: 40 masks expiring in 45 days; the hospital may still buy 25 this year.
            let near = try await stock.receive(
                ReceiptInput(
                    depotId: w.nanming, itemId: w.mask, quantity: 40, batchNo: "ROT-45", manufacturer: "稳健医疗",
                    productionDate: "2024-01-10", expiryDate: Day(testNow).adding(days: 45).iso), key: "e2e-rot",
                by: w.officerA
            ).movements[0].lotId
            let maskCode = try await services.reference.item(w.mask, for: .system).definition.code
            _ = try await reserves.setPurchaseQuota(
                PurchaseQuotaInput(unitId: w.hospital, itemCode: maskCode, year: 2026, quota: 25), by: w.officerA)
            let rotation = try await reserves.proposeRotation(
                NewRotationPlan(jurisdictionCode: "520102", allowSale: true), by: w.officerA)
            #expect(
                rotation.steps.map { "\($0.kind.rawValue) \($0.quantity)" } == ["issue 25", "sale 15", "purchase 40"])
            let executed = try await reserves.actOnRotation(
                rotation.id, RotationActionInput(action: .execute, buyer: "南明区社区卫生服务中心", salePricePercent: 60),
                by: w.officerA)
            #expect(executed.status == .executed && executed.documents.count == 2)
            #expect(try await stock.lot(near, for: .system).onHand == 0)

            // 7. The enterprise holds 60 masks under a contract of 50: 50 count for the county, and
            //    the quarter's subsidy is computed from the ledger when the period is closed.
            let before = try await reserves.coverage(plan.id, for: w.officerA).rows.first { $0.itemId == w.mask }
            _ = try await stock.receive(
                ReceiptInput(
                    depotId: w.enterpriseDepot, itemId: w.mask, quantity: 60, batchNo: "ENT-60", manufacturer: "稳健医疗",
                    productionDate: "2025-06-30", expiryDate: "2028-06-30"), key: "e2e-ent", by: .system)
            _ = try await reserves.createAgreement(
                NewAgreement(
                    kind: .storage, jurisdictionCode: "520102", enterpriseId: w.enterprise, startDay: "2026-11-01",
                    endDay: "2027-10-31", lines: [NewAgreementLine(itemCode: maskCode, quantity: 50)]), by: w.officerA)
            let covered = try await reserves.coverage(plan.id, for: w.officerA)
            #expect(before?.onHand == 69)  // 59 + the 10 received in the exchange
            #expect(covered.rows.first { $0.itemId == w.mask }?.onHand == 69 + 50)
            let period = try await reserves.createSubsidyPeriod(
                NewSubsidyPeriod(jurisdictionCode: "520102", startDay: "2026-11-01", endDay: "2026-11-30"),
                by: w.officerA)
            let december = Services(
                store: services.store, clock: .fixed(testNow.addingTimeInterval(10 * 86_400)), ids: services.ids,
                passwords: services.passwords)
            let closed = try await december.reserves.closeSubsidyPeriod(period.id, by: w.officerA)
            #expect(closed.statements.count == 1 && closed.statements[0].storageFen > 0)

            // 8. Everything adds up.
            #expect(try await services.operations.verify().isClean)
        }
    }
}
