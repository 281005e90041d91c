import Foundation
import LifelineDomain
import Testing

/// Rotation (R4.3, "先进先出、轮换在先、报废在后"): in first, rotate next, write off last.
@Suite struct RotationRuleTests {
    let today = Day(year: 2026, month: 11, day: 24)
    let windows = RotationWindows()

    func id(_ n: Int) -> UUID { UUID(uuidString: "00000000-0000-0000-0000-\(String(repeating: "0", count: 11))\(n)")! }

    func lot(_ n: Int, _ item: String, _ quantity: Int, in days: Int) -> RotationLot {
        RotationLot(
            lotID: id(n), itemCode: item, quantity: quantity, expiry: today.adding(days: days), unitCostFen: 150)
    }

    @Test func windowsAre180And90And30DaysAndAreChecked() throws {
        #expect(windows == RotationWindows(first: 180, second: 90, last: 30))
        try windows.validated()
        try RotationWindows(first: 3650, second: 2, last: 1).validated()
        for bad in [
            RotationWindows(first: 90, second: 90, last: 30), RotationWindows(first: 180, second: 30, last: 30),
            RotationWindows(first: 180, second: 90, last: 0), RotationWindows(first: 3651, second: 90, last: 30),
        ] {
            do {
                try bad.validated()
                Issue.record("\(bad) accepted")
            } catch {
                #expect(error.field == "windows")
            }
        }
    }

    @Test func urgencyFollowsTheWindows() {
        let cases: [(Int, RotationUrgency?)] = [
            (181, nil), (180, .watch), (91, .watch), (90, .rotate), (31, .rotate), (30, .urgent), (0, .urgent),
            (-1, .expired),
        ]
        for (days, urgency) in cases {
            #expect(RotationUrgency.urgency(daysToExpiry: days, windows: windows) == urgency, "\(days) days")
        }
        let narrow = RotationWindows(first: 60, second: 20, last: 5)
        #expect(RotationUrgency.urgency(daysToExpiry: 21, windows: narrow) == .watch)
        #expect(RotationUrgency.urgency(daysToExpiry: 61, windows: narrow) == nil)
        #expect(RotationUrgency.allCases.map(\.text.zh) == ["关注", "待轮换", "紧急轮换", "已过期"])
        #expect(RotationStepKind.allCases.map(\.text.zh) == ["调拨使用", "出售", "报废", "补充采购"])
        #expect(RotationStepKind.writeOff.rawValue == "write_off")
        #expect(RotationStepKind.purchase.text.en == "Replacement purchase")
    }

    var lots: [RotationLot] {
        [
            lot(1, "MASK", 100, in: 10), lot(2, "MASK", 100, in: 60), lot(3, "MASK", 70, in: 120),
            lot(4, "MASK", 30, in: -1), lot(5, "SUIT", 20, in: 90), lot(6, "SUIT", 5, in: -5),
        ]
    }

    var quotas: [RotationQuota] {
        [
            RotationQuota(institutionID: id(3), itemCode: "MASK", remaining: 40),
            RotationQuota(institutionID: id(1), itemCode: "MASK", remaining: 80),
            RotationQuota(institutionID: id(2), itemCode: "MASK", remaining: 40),
            RotationQuota(institutionID: id(3), itemCode: "SUIT", remaining: 0),
        ]
    }

    func issue(lot: Int, to institution: Int, _ quantity: Int) -> RotationStep {
        RotationStep(kind: .issue, lotID: id(lot), itemCode: "MASK", institutionID: id(institution), quantity: quantity)
    }

    @Test func issuesFirstThenSalesThenWriteOffsThenPurchases() {
        let steps = RotationPlanner.plan(lots: lots, quotas: quotas, today: today, windows: windows, allowSale: true)
        #expect(
            steps == [
                // Lot 1 expires first: the largest quota (80) first, then the tie of 40 by ID.
                issue(lot: 1, to: 1, 80), issue(lot: 1, to: 2, 20),
                // Lot 2: institution 3 now has the most left (40 against 20); quotas are never exceeded.
                issue(lot: 2, to: 3, 40), issue(lot: 2, to: 2, 20),
                RotationStep(kind: .sale, lotID: id(2), itemCode: "MASK", institutionID: nil, quantity: 40),
                // Lot 5 expires in exactly 90 days: rotated; no quota for suits, so sold.
                RotationStep(kind: .sale, lotID: id(5), itemCode: "SUIT", institutionID: nil, quantity: 20),
                // Expired lots, earliest first, written off whole and last.
                RotationStep(kind: .writeOff, lotID: id(6), itemCode: "SUIT", institutionID: nil, quantity: 5),
                RotationStep(kind: .writeOff, lotID: id(4), itemCode: "MASK", institutionID: nil, quantity: 30),
                // What left is bought again, items by code; lot 3 (120 days) is not planned.
                RotationStep(kind: .purchase, lotID: nil, itemCode: "MASK", institutionID: nil, quantity: 230),
                RotationStep(kind: .purchase, lotID: nil, itemCode: "SUIT", institutionID: nil, quantity: 25),
            ])
        var issued: [UUID: Int] = [:]
        for step in steps where step.kind == .issue { issued[step.institutionID!, default: 0] += step.quantity }
        #expect(issued == [id(1): 80, id(2): 40, id(3): 40])
    }

    @Test func withoutSalesTheRestStaysUnplannedAndIsNotBoughtAgain() {
        let steps = RotationPlanner.plan(lots: lots, quotas: quotas, today: today, windows: windows, allowSale: false)
        #expect(!steps.contains { $0.kind == .sale })
        #expect(steps.filter { $0.kind == .issue }.count == 4)
        #expect(steps.filter { $0.kind == .purchase }.map(\.quantity) == [190, 5])
    }

    @Test func lotsOfTheSameExpiryGoByIDAndExpiringTodayIsStillIssued() {
        let lots = [lot(9, "MASK", 10, in: 0), lot(8, "MASK", 10, in: 0)]
        let quotas = [RotationQuota(institutionID: id(1), itemCode: "MASK", remaining: 15)]
        let steps = RotationPlanner.plan(lots: lots, quotas: quotas, today: today, windows: windows, allowSale: false)
        #expect(steps.map(\.kind) == [.issue, .issue, .purchase])
        #expect(steps.map(\.lotID) == [id(8), id(9), nil])
        #expect(steps.map(\.quantity) == [10, 5, 15])
        #expect(RotationPlanner.plan(lots: [], quotas: quotas, today: today, windows: windows, allowSale: true).isEmpty)
    }

    @Test func theLargestQuantitiesDoNotTrap() {
        let lots = [lot(1, "MASK", Int.max, in: -1), lot(2, "MASK", Int.max, in: 5)]
        let steps = RotationPlanner.plan(lots: lots, quotas: [], today: today, windows: windows, allowSale: true)
        #expect(steps.map(\.kind) == [.sale, .writeOff, .purchase])
        #expect(steps.last?.quantity == Int.max)
    }
}
