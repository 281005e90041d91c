import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import Testing

/// Exchanges between regions (R4.4): equal values or nothing, both sides' approvals, both legs in
/// one transaction.
@Suite struct ExchangeTests {
    @Test(arguments: TestDatabase.allCases)
    func twoCountiesExchangeLotsOfEqualValue(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let stock = services.stock
            let offer = try await stock.offerExchange(
                ExchangeOffer(
                    jurisdictionCode: "520102", counterpartCode: "520103", receivingDepotId: w.nanming,
                    lines: [ExchangeLineInput(lotId: w.lot, quantity: 20)]), by: w.officerA)
            #expect(offer.status == .offered && offer.number.hasPrefix("ZH-520102-"))
            let value = try #require(offer.offeredValueFen)
            #expect(value == 20 * (offer.lines.first?.priceFen ?? 0))
            // The other county cannot offer for the first, nor answer with the first's lots.
            await #expect(throws: LifelineError.outOfScope(.exchange)) {
                try await stock.answerExchange(
                    offer.id,
                    ExchangeAnswer(receivingDepotId: w.nanming, lines: [ExchangeLineInput(lotId: w.lot, quantity: 1)]),
                    by: w.officerA)
            }
            // Unequal: refused with both values named; nothing stored.
            do {
                _ = try await stock.answerExchange(
                    offer.id,
                    ExchangeAnswer(
                        receivingDepotId: w.yunyan, lines: [ExchangeLineInput(lotId: w.yunyanLot, quantity: 30)]),
                    by: w.officerB)
                Issue.record("an unequal answer was accepted")
            } catch let error as LifelineError {
                #expect(error.code == .exchangeUnequal)
                #expect(error.message(.en).contains("offered \(value) fen"))
                #expect(error.message(.en).contains("answered \(value / 20 * 30) fen"))
            }
            #expect(try await stock.exchange(offer.id, for: w.officerB).lines.count == 1)
            let matched = try await stock.answerExchange(
                offer.id,
                ExchangeAnswer(
                    receivingDepotId: w.yunyan, lines: [ExchangeLineInput(lotId: w.yunyanLot, quantity: 20)]),
                by: w.officerB)
            #expect(matched.status == .matched && matched.answeredValueFen == value)
            // One approval moves nothing; the same person cannot approve twice; the other side's does.
            let first = try await stock.actOnExchange(offer.id, .approve, note: nil, by: w.officerA)
            #expect(first.status == .matched && first.offeringApprovedBy == "officer.a")
            #expect(try await stock.lot(w.lot, for: .system).onHand == 100)
            await #expect(throws: LifelineError.self) {
                try await stock.actOnExchange(offer.id, .approve, note: nil, by: w.officerA)
            }
            let done = try await stock.actOnExchange(offer.id, .approve, note: "同意置换", by: w.officerB)
            #expect(done.status == .executed && done.counterpartApprovedBy == "officer.b")
            #expect(try await stock.lot(w.lot, for: .system).onHand == 80)
            #expect(try await stock.lot(w.yunyanLot, for: .system).onHand == 30)
            let moved = try await stock.movements(
                MovementFilter(documentNo: offer.number), page: PageRequest(per: 50), for: .system)
            #expect(
                moved.items.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [
                    .transferIn, .transferIn, .transferOut, .transferOut,
                ])
            let nanmingLots = try await stock.lots(
                LotFilter(depotId: w.nanming), page: PageRequest(per: 50), for: .system)
            #expect(nanmingLots.items.contains { $0.batchNo == "B-050" && $0.onHand == 20 })
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test func valuesAreEqualWithinTheTolerance() throws {
        try ExchangeRule.checkEqualValue(offered: 10_000, answered: 9_800, tolerancePercent: 2)
        #expect(throws: LifelineError.self) {
            try ExchangeRule.checkEqualValue(offered: 10_000, answered: 9_799, tolerancePercent: 2)
        }
        #expect(throws: LifelineError.self) {
            try ExchangeRule.checkEqualValue(offered: 0, answered: 0, tolerancePercent: 2)
        }
        try ExchangeRule.checkEqualValue(offered: Int.max, answered: Int.max - 1, tolerancePercent: 2)
    }
}
