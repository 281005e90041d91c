import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import SQLKit
import Testing

/// `lifeline verify` names each broken reserve invariant (#11), one corruption each by raw SQL.
@Suite struct VerifyReservesTests {
    @Test(arguments: TestDatabase.allCases)
    func eachBrokenReserveInvariantIsNamed(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let stock = services.stock
            let take = try await stock.startStocktake(depotID: w.nanming, limitFen: nil, by: w.officerA)
            _ = try await stock.recordCounts(
                take.id, [StocktakeCount(lotId: w.lot, counted: 99, reason: "少 1")], by: w.officerA)
            _ = try await stock.actOnStocktake(take.id, .submit, note: nil, by: w.officerA)
            let offer = try await stock.offerExchange(
                ExchangeOffer(
                    jurisdictionCode: "520102", counterpartCode: "520103", receivingDepotId: w.nanming,
                    lines: [ExchangeLineInput(lotId: w.lot, quantity: 5)]), by: w.officerA)
            let plan = try await services.reserves.createPlan(
                NewReservePlan(jurisdictionCode: "520102", reserveClass: .routine, title: "p"), by: w.officerA)
            _ = try await services.reserves.setNorm(
                plan.id, itemID: w.mask, formula: .peakDay(peakDailyUse: 100, days: 30), note: nil, by: w.officerA)
            _ = try await services.reserves.submit(plan.id, by: w.officerA)
            _ = try await services.reserves.approve(plan.id, note: nil, by: w.cityOfficer)
            try await services.alerts.refresh()
            #expect(try await services.operations.verify().isClean)

            let sql = services.store.sql
            // The stocktake's adjustment is undone behind its back; the exchange says it executed;
            // a second approved plan and a second live alert appear.
            try await sql.raw(
                "UPDATE stock_movements SET on_hand_delta = 0 WHERE document_no = \(bind: take.number)"
            ).run()
            try await sql.raw("UPDATE exchanges SET status = 'executed' WHERE id = \(bind: offer.id)").run()
            try await sql.raw(
                """
                INSERT INTO reserve_plans (id, jurisdiction_code, path, reserve_class, version, catalogue_version, \
                title, alert_percent, status, author_id, author_name, created_at_ms) VALUES \
                (\(bind: UUID()), '520102', 'CN/52/5201/520102', 'routine', 9, 1, 'x', 80, 'approved', \
                \(bind: UUID()), 'x', 0)
                """
            ).run()
            try await sql.raw(
                """
                INSERT INTO alerts (id, kind, key, path, message_zh, message_en, status, raised_at_ms) \
                SELECT \(bind: UUID()), kind, key, path, message_zh, message_en, 'open', raised_at_ms FROM alerts \
                WHERE status = 'open' AND kind = 'coverage_below'
                """
            ).run()
            let findings = try await services.operations.verify().reserveFindings
            #expect(findings.contains { $0.hasPrefix("stocktake \(take.number)") && $0.contains("difference -1") })
            #expect(findings.contains { $0.hasPrefix("exchange \(offer.number)") && $0.contains("moved 0 of 5") })
            #expect(findings.contains { $0.hasPrefix("plans: 2 approved for 520102 routine") })
            #expect(findings.contains { $0.hasPrefix("alerts: 2 live for coverage_below:") }, "\(findings)")
        }
    }

    /// A sale's record, a quota's use and a closed period's statement, each changed behind the
    /// ledger's back, are named.
    @Test(arguments: TestDatabase.allCases)
    func rotationAndSubsidyRecordsMustMatchTheLedger(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let reserves = services.reserves
            let mask = try await services.reference.item(w.mask, for: .system).definition.code
            let soon = Day(testNow).adding(days: 20).iso
            _ = try await services.stock.receive(
                ReceiptInput(
                    depotId: w.nanming, itemId: w.mask, quantity: 40, batchNo: "V-ROT", manufacturer: "稳健医疗",
                    productionDate: "2024-01-01", expiryDate: soon), key: "v-rot", by: w.officerA)
            _ = try await reserves.setPurchaseQuota(
                PurchaseQuotaInput(unitId: w.hospital, itemCode: mask, year: 2026, quota: 25), by: w.officerA)
            let plan = try await reserves.proposeRotation(
                NewRotationPlan(jurisdictionCode: "520102", allowSale: true), by: w.officerA)
            _ = try await reserves.actOnRotation(
                plan.id, RotationActionInput(action: .execute, buyer: "某药店", salePricePercent: 50), by: w.officerA)
            _ = try await reserves.createAgreement(
                NewAgreement(
                    kind: .storage, jurisdictionCode: "520102", enterpriseId: w.enterprise, startDay: "2026-01-01",
                    endDay: "2027-12-31", lines: [NewAgreementLine(itemCode: mask, quantity: 10)]), by: w.officerA)
            let period = try await reserves.createSubsidyPeriod(
                NewSubsidyPeriod(jurisdictionCode: "520102", startDay: "2026-01-01", endDay: "2026-03-31"),
                by: w.officerA)
            _ = try await reserves.closeSubsidyPeriod(period.id, by: w.officerA)
            #expect(try await services.operations.verify().isClean)

            let sql = services.store.sql
            try await sql.raw("UPDATE lot_sales SET proceeds_fen = proceeds_fen + 1").run()
            try await sql.raw("UPDATE purchase_quotas SET used = used - 1").run()
            try await sql.raw("UPDATE subsidy_statements SET total_fen = total_fen + 100").run()
            let findings = try await services.operations.verify().reserveFindings
            #expect(findings.contains { $0.hasPrefix("sale ") && $0.contains("recorded 15") }, "\(findings)")
            #expect(findings.contains { $0.hasPrefix("quota ") && $0.contains("used 24, executed rotation issued 25") })
            #expect(findings.contains { $0.hasPrefix("subsidy period 520102 2026-01-01–2026-03-31") }, "\(findings)")
        }
    }
}
