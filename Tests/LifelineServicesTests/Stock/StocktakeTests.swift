import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import Testing

/// Stocktakes (R4.5): the frozen sheet, movements during the count, differences adjusted with their
/// reasons — at once below the value limit, by a second person above it.
@Suite struct StocktakeTests {
    @Test(arguments: TestDatabase.allCases)
    func aDifferenceFoundDuringACountBecomesAnApprovedAdjustment(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let stock = services.stock
            // Every difference needs a second person (limit 0 fen).
            let take = try await stock.startStocktake(depotID: w.nanming, limitFen: 0, by: w.officerA)
            #expect(take.status == .counting && take.number.hasPrefix("PD-520102-"))
            #expect(take.lines.map(\.frozen) == [100])
            // 10 masks leave during the count: the count is held to 100 − 10.
            _ = try await stock.issue(
                IssueInput(lotId: w.lot, quantity: 10, reason: "盘点期间出库"), key: "during", by: w.officerA)
            // A lot of another depot is not on the sheet; nothing is stored.
            do {
                _ = try await stock.recordCounts(
                    take.id, [StocktakeCount(lotId: w.yunyanLot, counted: 50)], by: w.cityOfficer)
                Issue.record("another depot's lot was counted")
            } catch let error as LifelineError {
                #expect(error.field == "counts[0].lotId")
            }
            // Submitting before everything is counted names what is missing.
            await #expect(throws: LifelineError.self) {
                try await stock.actOnStocktake(take.id, .submit, note: nil, by: w.officerA)
            }
            // 87 on the shelf: 3 short, and a difference needs its reason.
            _ = try await stock.recordCounts(take.id, [StocktakeCount(lotId: w.lot, counted: 87)], by: w.officerA)
            await #expect(throws: LifelineError.required("lines[B-100].reason")) {
                try await stock.actOnStocktake(take.id, .submit, note: nil, by: w.officerA)
            }
            _ = try await stock.recordCounts(
                take.id, [StocktakeCount(lotId: w.lot, counted: 87, reason: "外包装破损散落 3 只")], by: w.officerA)
            let submitted = try await stock.actOnStocktake(take.id, .submit, note: nil, by: w.officerA)
            #expect(submitted.status == .pending)
            #expect(submitted.lines.first?.movedSince == -10)
            #expect(submitted.lines.first?.difference == -3)
            #expect(try await stock.lot(w.lot, for: .system).onHand == 90)  // nothing adjusted yet
            // Not by the one who submitted, not by the neighbour county.
            await #expect(throws: LifelineError(.stocktakeSamePerson)) {
                try await stock.actOnStocktake(take.id, .approve, note: nil, by: w.officerA)
            }
            await #expect(throws: LifelineError.self) {
                try await stock.actOnStocktake(take.id, .approve, note: nil, by: w.officerB)
            }
            let approved = try await stock.actOnStocktake(take.id, .approve, note: "核实", by: w.cityOfficer)
            #expect(approved.status == .completed && approved.decidedBy == "officer.city")
            #expect(try await stock.lot(w.lot, for: .system).onHand == 87)
            let movements = try await stock.movements(
                MovementFilter(documentNo: take.number), page: PageRequest(), for: .system)
            #expect(movements.items.map(\.kind) == [.adjustment])
            #expect(movements.items.first?.reason == "外包装破损散落 3 只")
            await #expect(throws: LifelineError.self) {
                try await stock.actOnStocktake(take.id, .approve, note: nil, by: w.cityOfficer)
            }
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func smallDifferencesAreAdjustedAtOnceAndOneCountAtATime(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let stock = services.stock
            let take = try await stock.startStocktake(depotID: w.yunyan, limitFen: nil, by: w.officerB)
            await #expect(throws: LifelineError.self) {
                try await stock.startStocktake(depotID: w.yunyan, limitFen: nil, by: w.officerB)
            }
            await #expect(throws: LifelineError.outOfScope(.depot)) {
                try await stock.startStocktake(depotID: w.yunyan, limitFen: nil, by: w.officerA)
            }
            _ = try await stock.recordCounts(
                take.id, [StocktakeCount(lotId: w.yunyanLot, counted: 51, reason: "上次出库多记 1 只")], by: w.officerB)
            let done = try await stock.actOnStocktake(take.id, .submit, note: nil, by: w.officerB)
            #expect(done.status == .completed)
            #expect(try await stock.lot(w.yunyanLot, for: .system).onHand == 51)
            // A cancelled count adjusts nothing.
            let again = try await stock.startStocktake(depotID: w.yunyan, limitFen: nil, by: w.officerB)
            #expect(try await stock.actOnStocktake(again.id, .cancel, note: nil, by: w.officerB).status == .cancelled)
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test func theExpectedQuantityIsTheFrozenOnePlusWhatMovedSince() throws {
        #expect(StocktakeLine(frozen: 100, movedSince: -10, counted: 87).difference == -3)
        #expect(StocktakeLine(frozen: 100, movedSince: 20, counted: 120).difference == 0)
        #expect(StocktakeLine(frozen: 5, movedSince: 0, counted: nil).difference == nil)
        #expect(try StocktakeStatus.counting.next(.submit, needsSecondPerson: true) == .pending)
        #expect(try StocktakeStatus.counting.next(.submit) == .completed)
        #expect(throws: LifelineError.self) { try StocktakeStatus.completed.next(.approve) }
        #expect(
            StocktakePolicy.needsSecondPerson(differenceValueFen: 500_001, limitFen: StocktakePolicy.defaultLimitFen))
        #expect(
            !StocktakePolicy.needsSecondPerson(differenceValueFen: 500_000, limitFen: StocktakePolicy.defaultLimitFen))
    }
}
