import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import Testing

/// #11's end-to-end path, as far as it is built: a plan approved by the level above, issues that push
/// the county under 80 %, the alert for that county's and its parents' officers only, an exchange of
/// equal values between two counties, a stocktake difference approved into an adjustment, an expired
/// lot written off by two people — and `lifeline verify` clean after all of it. (Rotation is not
/// built yet.)
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

            // 6. Everything adds up.
            #expect(try await services.operations.verify().isClean)
        }
    }
}
