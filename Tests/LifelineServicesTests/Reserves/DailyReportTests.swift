import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing

/// The daily report while an event is active (seed 002): per jurisdiction and holder, the day's in
/// and out and the stock at its end, from the ledger.
@Suite struct DailyReportTests {
    @Test(arguments: TestDatabase.allCases)
    func theDaysInOutAndEndOfDayStockPerHolder(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            _ = try await services.stock.receive(
                ReceiptInput(
                    depotId: w.enterpriseDepot, itemId: w.mask, quantity: 60, batchNo: "E-060", manufacturer: "稳健医疗",
                    productionDate: "2025-06-30", expiryDate: "2028-06-30"), key: "e-060", by: .system)
            _ = try await services.stock.issue(
                IssueInput(lotId: w.lot, quantity: 10, reason: "发热门诊"), key: "issue-10", by: w.officerA)
            let today = try await services.reserves.dailyReport(day: nil, for: w.cityOfficer)
            #expect(today.day == Day(testNow).iso)
            #expect(today.activeIncidents.isEmpty)
            let nanming = try #require(today.rows.first { $0.jurisdictionCode == "520102" && $0.holderId == nil })
            #expect((nanming.received, nanming.issued, nanming.onHand) == (100, 10, 90))
            let held = try #require(today.rows.first { $0.holderId == w.enterprise })
            #expect(held.holderName == "黔药物流")
            #expect((held.received, held.issued, held.onHand) == (60, 0, 60))
            let yunyan = try #require(today.rows.first { $0.jurisdictionCode == "520103" })
            #expect((yunyan.received, yunyan.issued, yunyan.onHand) == (50, 0, 50))
            // The day before: nothing had arrived yet.
            let yesterday = try await services.reserves.dailyReport(
                day: Day(testNow).adding(days: -1), for: w.cityOfficer)
            #expect(yesterday.rows.allSatisfy { $0.received == 0 && $0.issued == 0 && $0.onHand == 0 })
            // A county officer reads its own county only; an event in the city is named.
            let county = try await services.reserves.dailyReport(day: nil, for: w.officerB)
            #expect(county.rows.map(\.jurisdictionCode) == ["520103"])
            _ = try await services.dispatch.declareIncident(
                IncidentInput(title: "流感聚集性疫情", level: "IV", jurisdictions: ["5201"]), key: "event", by: w.cityOfficer)
            #expect(try await services.reserves.dailyReport(day: nil, for: w.officerB).activeIncidents.count == 1)
            await #expect(throws: LifelineError.self) {
                try await services.reserves.dailyReport(day: nil, for: w.operatorActor)
            }
        }
    }

    /// The dispatch alerts in the alert centre (R5.4): an order escalated for want of an
    /// acknowledgement, and one whose arrival estimate is after its needed-by time; both close
    /// once the cause is gone.
    @Test(arguments: TestDatabase.allCases)
    func escalatedAndLateOrdersAreInTheAlertCentre(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let loop = try await DispatchLoop.make(services)
            let request = try await loop.approvedRequest(services, key: "late")
            let order = try #require(request.orders.first)
            #expect(
                try await services.alerts.alerts(AlertFilter(kind: .orderLate), page: PageRequest(), for: .system)
                    .total == 0)
            try await services.store.sql.raw(
                """
                UPDATE dispatch_orders SET escalated_at_ms = 1, eta_ms = needed_by_ms + 1800000 \
                WHERE id = \(bind: order.id)
                """
            ).run()
            try await services.alerts.refresh()
            let late = try await services.alerts.alerts(
                AlertFilter(kind: .orderLate), page: PageRequest(), for: .system)
            #expect(late.items.map(\.messageEn) == ["Order \(order.number) is expected 30 minutes after it is needed"])
            let unacknowledged = try await services.alerts.alerts(
                AlertFilter(kind: .orderUnacknowledged), page: PageRequest(), for: loop.world.cityOfficer)
            #expect(unacknowledged.total == 1)
            #expect(
                try await services.alerts.alerts(AlertFilter(), page: PageRequest(), for: loop.world.officerB).items
                    .filter { $0.kind == .orderLate }.isEmpty)
            try await services.store.sql.raw(
                "UPDATE dispatch_orders SET eta_ms = NULL, status = 'cancelled' WHERE id = \(bind: order.id)"
            ).run()
            let closed = try await services.alerts.refresh().closed
            #expect(closed == 2)
        }
    }
}
