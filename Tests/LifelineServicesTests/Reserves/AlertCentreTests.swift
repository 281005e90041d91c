import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import Testing

/// The alert centre (#11): a county under its plan's threshold raises an alert that the county's and
/// its parents' officers see and nobody else; an acknowledgement keeps it live until the cause is
/// gone; lots near or past expiry raise theirs.
@Suite struct AlertCentreTests {
    @Test(arguments: TestDatabase.allCases)
    func aCountyBelow80PercentIsAlertedToItsOfficersAndTheLevelsAbove(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let plan = try await services.reserves.createPlan(
                NewReservePlan(jurisdictionCode: "520102", reserveClass: .routine, title: "南明区"), by: w.officerA)
            _ = try await services.reserves.setNorm(
                plan.id, itemID: w.mask, formula: .peakDay(peakDailyUse: 4, days: 30), note: nil, by: w.officerA)
            _ = try await services.reserves.submit(plan.id, by: w.officerA)
            _ = try await services.reserves.approve(plan.id, note: nil, by: w.cityOfficer)
            var refresh = try await services.alerts.refresh()
            #expect(refresh.raised == 0)  // 100 of 120: 83 %
            _ = try await services.stock.issue(
                IssueInput(lotId: w.lot, quantity: 25, reason: "日常消耗"), key: "alert-issue", by: w.officerA)
            refresh = try await services.alerts.refresh()
            #expect(refresh.raised == 1)
            let coverage = AlertFilter(kind: .coverageBelow)
            let seen = try await services.alerts.alerts(coverage, page: PageRequest(), for: w.officerA).items
            #expect(seen.count == 1)
            #expect(seen.first?.messageZh.contains("保障率 62%") == true)
            #expect(try await services.alerts.alerts(coverage, page: PageRequest(), for: w.cityOfficer).total == 1)
            #expect(try await services.alerts.alerts(coverage, page: PageRequest(), for: .system).total == 1)
            #expect(try await services.alerts.alerts(coverage, page: PageRequest(), for: w.officerB).total == 0)
            #expect(try await services.alerts.alerts(coverage, page: PageRequest(), for: w.operatorActor).total == 0)
            #expect(try await services.alerts.openCount(for: w.officerA) == 1)
            let alert = try #require(seen.first)
            // Acknowledged with a comment; not by the neighbour or an auditor; once.
            await #expect(throws: LifelineError.required("comment")) {
                try await services.alerts.acknowledge(alert.id, comment: " ", by: w.officerA)
            }
            await #expect(throws: LifelineError.outOfScope(.alert)) {
                try await services.alerts.acknowledge(alert.id, comment: "x", by: w.officerB)
            }
            await #expect(throws: LifelineError.self) {
                try await services.alerts.acknowledge(alert.id, comment: "x", by: w.auditor)
            }
            let acknowledged = try await services.alerts.acknowledge(alert.id, comment: "已申请补充采购", by: w.officerA)
            #expect(acknowledged.status == .acknowledged && acknowledged.acknowledgedBy == "officer.a")
            await #expect(throws: LifelineError.self) {
                try await services.alerts.acknowledge(alert.id, comment: "again", by: w.cityOfficer)
            }
            // A refresh with the cause still there changes nothing; restocking closes it.
            #expect(try await services.alerts.refresh() == AlertRefresh(raised: 0, closed: 0, updated: 0, live: 1))
            _ = try await services.stock.receive(
                ReceiptInput(
                    depotId: w.nanming, itemId: w.mask, quantity: 100, batchNo: "RESTOCK", manufacturer: "稳健医疗",
                    productionDate: "2026-10-01", expiryDate: "2029-10-01"), key: "restock", by: w.officerA)
            refresh = try await services.alerts.refresh()
            #expect(refresh.closed == 1)
            #expect(try await services.alerts.alerts(coverage, page: PageRequest(), for: w.officerA).total == 0)
            let closed = try await services.alerts.alerts(
                AlertFilter(status: .closed, kind: .coverageBelow), page: PageRequest(), for: w.officerA)
            #expect(closed.items.first?.comment == "已申请补充采购")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func lotsNearOrPastExpiryRaiseTheirAlerts(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            // testNow is 2026-11-24; the windows are 180/90/30 days.
            _ = try await services.stock.receive(
                ReceiptInput(
                    depotId: w.yunyan, itemId: w.mask, quantity: 30, batchNo: "NEAR-1", manufacturer: "稳健医疗",
                    productionDate: "2024-01-01", expiryDate: "2027-01-15"), key: "near", by: w.officerB)
            let refresh = try await services.alerts.refresh()
            #expect(refresh.raised == 1)
            let near = try await services.alerts.alerts(
                AlertFilter(kind: .nearExpiry), page: PageRequest(), for: w.officerB)
            #expect(near.total == 1)
            // 52 days before expiry: inside the 90-day rotation window, and the message says so.
            #expect(near.items.first?.messageEn.contains("[Rotate]") == true)
            #expect(near.items.first?.messageEn.contains("expires on 2027-01-15 (52 days) with 30") == true)
            #expect(try await services.alerts.alerts(AlertFilter(), page: PageRequest(), for: w.officerA).total == 0)
            // Issued to nothing: the alert closes.
            let lot = try #require(
                try await services.stock.lots(LotFilter(), page: PageRequest(per: 500), for: .system).items.first {
                    $0.batchNo == "NEAR-1"
                })
            _ = try await services.stock.issue(
                IssueInput(lotId: lot.id, quantity: 30, reason: "轮换出库"), key: "rotate", by: w.officerB)
            #expect(try await services.alerts.refresh().closed == 1)
        }
    }

    @Test func reconciliationRaisesClosesAndUpdatesByKey() throws {
        let path = JurisdictionPath(rawValue: "CN/52/5201/520102")!
        let a = AlertCondition(kind: .nearExpiry, subject: "lot-1", path: path, message: .init(zh: "a", en: "a"))
        let b = AlertCondition(kind: .expired, subject: "lot-2", path: path, message: .init(zh: "b2", en: "b2"))
        let plan = AlertReconciliation(
            found: [a, b, a],
            live: ["expired:lot-2": .init(zh: "b1", en: "b1"), "near_expiry:lot-9": .init(zh: "z", en: "z")])
        #expect(plan.raise == [a])
        #expect(plan.update == [b])
        #expect(plan.close == ["near_expiry:lot-9"])
        #expect(throws: LifelineError.self) { try AlertStatus.acknowledged.acknowledging() }
        #expect(try AlertStatus.open.acknowledging() == .acknowledged)
    }
}
