import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import Testing

/// The stock ledger through the service layer, on both engines.
@Suite struct LedgerTests {
    @Test(arguments: TestDatabase.allCases)
    func everyMovementKindKeepsBalancesAndVerifies(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let officer = w.officerA
            let issued = try await services.stock.issue(
                IssueInput(lotId: w.lot, quantity: 30, unitId: w.hospital, reason: "门诊"), key: "i1", by: officer)
            #expect(issued.documentNo.hasPrefix("CK-520102-20261124-"))
            #expect(issued.movements.map(\.onHandDelta) == [-30])
            let adjusted = try await services.stock.adjust(
                LotQuantityInput(lotId: w.lot, quantity: -2, reason: "盘亏 2 只"), key: "a1", by: officer)
            #expect(adjusted.documentNo.hasPrefix("TZ-"))
            _ = try await services.stock.returnStock(
                LotQuantityInput(lotId: w.lot, quantity: 5, reason: "未使用退回"), key: "r1", by: officer)
            let writeOff = try await services.stock.requestWriteOff(
                WriteOffInput(lotId: w.lot, quantity: 3, reason: "包装破损"), key: "w1", by: officer)
            #expect(writeOff.number.hasPrefix("HX-520102-20261124-"))
            _ = try await services.stock.decideWriteOff(
                writeOff.id, WriteOffDecisionInput(approve: true), key: "w1-ok", by: w.cityOfficer)
            let lot = try await services.stock.lot(w.lot, for: officer)
            #expect(lot.onHand == 100 - 30 - 2 + 5 - 3)
            #expect(lot.available == lot.onHand)
            let report = try await services.operations.verify()
            #expect(report.isClean, "\(report.balanceDifferences) \(report.auditBreaks)")
            #expect(report.movements >= 6)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func documentNumbersRunOnePerSeriesWhateverPathAllocatesThem(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let named = try await services.stock.issue(IssueInput(lotId: w.lot, quantity: 1), key: "n1", by: w.officerA)
            let fefo = try await services.stock.issue(
                IssueInput(depotId: w.nanming, itemId: w.mask, quantity: 1), key: "n2", by: w.officerA)
            let again = try await services.stock.issue(IssueInput(lotId: w.lot, quantity: 1), key: "n3", by: w.officerA)
            #expect(
                [named.documentNo, fefo.documentNo, again.documentNo]
                    == ["CK-520102-20261124-0001", "CK-520102-20261124-0002", "CK-520102-20261124-0003"])
            let refused = try? await services.stock.issue(
                IssueInput(lotId: w.lot, quantity: 1_000), key: "n4", by: w.officerA)
            #expect(refused == nil)
            let next = try await services.stock.adjust(
                LotQuantityInput(lotId: w.lot, quantity: 1, reason: "盘盈"), key: "n5", by: w.officerA)
            #expect(next.documentNo == "TZ-520102-20261124-0001")
            let after = try await services.stock.issue(IssueInput(lotId: w.lot, quantity: 1), key: "n6", by: w.officerA)
            #expect(after.documentNo == "CK-520102-20261124-0004", "a refused movement gives its number back")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func transfersMoveBatchesBetweenDepots(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let result = try await services.stock.transfer(
                TransferInput(fromDepotId: w.nanming, toDepotId: w.yunyan, itemId: w.mask, quantity: 40, reason: "支援"),
                key: "t1", by: w.cityOfficer)
            #expect(result.documentNo.hasPrefix("DB-520102-20261124-"))
            #expect(result.movements.map(\.kind) == [.transferOut, .transferIn])
            let source = try await services.stock.lot(w.lot, for: w.cityOfficer)
            #expect(source.onHand == 60)
            let arrived = try await services.stock.lots(
                LotFilter(depotId: w.yunyan, itemId: w.mask), page: PageRequest(), for: w.cityOfficer)
            let copy = try #require(arrived.items.first { $0.batchNo == "B-100" })
            #expect(copy.onHand == 40)
            #expect(copy.expiryDate == "2027-06-30")
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func fefoIssueTakesTheEarliestExpiryAndSkipsExpiredAndHeldLots(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let system = Actor.system
            func receive(_ batch: String, expiry: String, quantity: Int) async throws -> UUID {
                try await services.stock.receive(
                    ReceiptInput(
                        depotId: w.nanming, itemId: w.mask, quantity: quantity, batchNo: batch, manufacturer: "M",
                        productionDate: "2024-01-01", expiryDate: expiry), key: "r-\(batch)", by: system
                ).movements[0].lotId
            }
            let expired = try await receive("OLD", expiry: "2026-11-01", quantity: 10)
            let soon = try await receive("SOON", expiry: "2026-12-31", quantity: 10)
            let held = try await receive("HELD", expiry: "2026-12-01", quantity: 10)
            _ = try await services.stock.changeStatus(
                LotStatusInput(lotId: held, status: .held, reason: "抽检"), by: w.officerA)
            let result = try await services.stock.issue(
                IssueInput(depotId: w.nanming, itemId: w.mask, quantity: 15), key: "fefo", by: w.officerA)
            #expect(result.movements.map(\.lotId) == [soon, w.lot])
            #expect(result.movements.map(\.onHandDelta) == [-10, -5])
            await #expect(throws: LifelineError.self) {
                try await services.stock.issue(IssueInput(lotId: expired, quantity: 1), key: "x1", by: w.officerA)
            }
            do {
                _ = try await services.stock.issue(IssueInput(lotId: held, quantity: 1), key: "x2", by: w.officerA)
                Issue.record("a held lot was issued")
            } catch let error as LifelineError {
                #expect(error.code == .lotNotAvailable)
            }
            #expect(try await services.stock.lot(expired, for: w.officerA).onHand == 10)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func idempotencyKeysNeverCreateTwice(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let input = IssueInput(lotId: w.lot, quantity: 7)
            let first = try await services.stock.issue(input, key: "same-key", by: w.officerA)
            let again = try await services.stock.issue(input, key: "same-key", by: w.officerA)
            #expect(first == again)
            #expect(try await services.stock.lot(w.lot, for: w.officerA).onHand == 93)
            do {
                _ = try await services.stock.issue(
                    IssueInput(lotId: w.lot, quantity: 8), key: "same-key", by: w.officerA)
                Issue.record("a reused key with another body was accepted")
            } catch let error as LifelineError {
                #expect(error.code == .idempotencyKeyReused)
            }
            #expect(try await services.stock.lot(w.lot, for: w.officerA).onHand == 93)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func expirySweepMarksLotsAndAuditsIt(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let lot = try await services.stock.receive(
                ReceiptInput(
                    depotId: w.nanming, itemId: w.mask, quantity: 5, batchNo: "EXP", manufacturer: "M",
                    productionDate: "2023-01-01",
                    expiryDate: "2026-11-20"), key: "exp", by: .system
            ).movements[0].lotId
            #expect(
                try await services.stock.lot(lot, for: w.officerA).status == .expired,
                "a lot received past its expiry starts expired")
            #expect(try await services.stock.expireLots() == 0)
            let writeOff = try await services.stock.requestWriteOff(
                WriteOffInput(lotId: lot, quantity: 5, reason: "过期核销"), key: "wo", by: w.officerA)
            #expect(
                try await services.stock.lot(lot, for: w.officerA).held == 5,
                "an expired lot's units are held for the write-off")
            _ = try await services.stock.decideWriteOff(
                writeOff.id, WriteOffDecisionInput(approve: true), key: "wo-ok", by: w.cityOfficer)
            #expect(try await services.stock.lot(lot, for: w.officerA).onHand == 0)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func tamperingWithTheAuditTrailIsFound(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            _ = try await services.stock.issue(IssueInput(lotId: w.lot, quantity: 1), key: "k", by: w.officerA)
            #expect(try await services.operations.verify().isClean)
            try await services.database.sql().raw("UPDATE audit_entries SET actor_name = 'mallory' WHERE id = 3").run()
            let edited = try await services.operations.verify()
            #expect(edited.auditBreaks.contains { $0.contains("hash mismatch") })
            try await services.database.sql().raw("UPDATE lots SET on_hand = on_hand + 1").run()
            #expect(try await services.operations.verify().balanceDifferences.count >= 2)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func deletingTheLastAuditEntryIsFound(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            _ = try await World.build(services)
            try await services.database.sql().raw(
                "DELETE FROM audit_entries WHERE id = (SELECT MAX(id) FROM audit_entries)"
            ).run()
            #expect(try await services.operations.verify().auditBreaks.contains { $0.contains("chain head") })
        }
    }
}
