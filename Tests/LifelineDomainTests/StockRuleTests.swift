import LifelineDomain
import Testing

@Suite struct StockRuleTests {
    let today = Day(iso: "2026-11-24")!

    func lot(
        _ id: String, _ expiry: String?, _ onHand: Int, status: LotStatus = .available, reserved: Int = 0,
        held: Int = 0,
        received: Int = 0
    ) -> PickableLot {
        PickableLot(
            id: id, expiry: expiry.flatMap(Day.init(iso:)), status: status,
            balance: Balance(onHand: onHand, reserved: reserved, held: held), receivedOrdinal: received)
    }

    @Test func daysRoundTrip() throws {
        for iso in ["1970-01-01", "2000-02-29", "2026-11-24", "2027-12-31", "2100-03-01"] {
            #expect(try #require(Day(iso: iso)).iso == iso)
        }
        #expect(Day(iso: "2026-02-29") == nil)
        #expect(Day(iso: "2026-13-01") == nil)
        #expect(Day(iso: "26-11-24") == nil)
        #expect(Day(ordinal: 0).iso == "1970-01-01")
        #expect(today.adding(days: 7).iso == "2026-12-01")
        #expect(today.compact == "20261124")
    }

    @Test func fefoTakesTheEarliestExpiryFirst() throws {
        let lots = [
            lot("late", "2028-01-01", 50), lot("early", "2027-01-01", 30), lot("none", nil, 100),
            lot("mid", "2027-06-01", 40),
        ]
        let picks = try FEFOPicker.pick(80, from: lots, on: today)
        #expect(
            picks == [
                Pick(lotID: "early", quantity: 30), Pick(lotID: "mid", quantity: 40),
                Pick(lotID: "late", quantity: 10),
            ])
    }

    @Test func fefoNeverPicksExpiredHeldOrQuarantinedLots() throws {
        let lots = [
            lot("expired", "2026-11-23", 100), lot("held", "2026-12-01", 100, status: .held),
            lot("quarantined", "2026-12-01", 100, status: .quarantined), lot("ok", "2027-05-01", 10),
            lot("expiresToday", "2026-11-24", 5),
        ]
        let picks = try FEFOPicker.pick(15, from: lots, on: today)
        #expect(picks == [Pick(lotID: "expiresToday", quantity: 5), Pick(lotID: "ok", quantity: 10)])
        #expect(throws: LifelineError(.insufficientStock, ["available": "15", "requested": "16"])) {
            try FEFOPicker.pick(16, from: lots, on: today)
        }
    }

    @Test func fefoRespectsReservedAndHeldUnits() throws {
        let lots = [lot("a", "2027-01-01", 10, reserved: 6, held: 3), lot("b", "2027-02-01", 10)]
        #expect(
            try FEFOPicker.pick(5, from: lots, on: today) == [
                Pick(lotID: "a", quantity: 1), Pick(lotID: "b", quantity: 4),
            ])
    }

    @Test func fefoBreaksTiesByReceipt() throws {
        let lots = [lot("second", "2027-01-01", 5, received: 2), lot("first", "2027-01-01", 5, received: 1)]
        #expect(try FEFOPicker.pick(5, from: lots, on: today) == [Pick(lotID: "first", quantity: 5)])
    }

    @Test(arguments: [0, -3])
    func fefoRejectsNonPositiveQuantities(quantity: Int) {
        #expect(throws: LifelineError(.quantityNotPositive, field: "quantity")) {
            try FEFOPicker.pick(quantity, from: [], on: today)
        }
    }

    @Test func balancesNeverGoNegative() throws {
        let balance = Balance(onHand: 10, reserved: 4, held: 2)
        #expect(balance.free == 4)
        #expect(
            try balance.applying(MovementKind.issue.effect(quantity: 4)) == Balance(onHand: 6, reserved: 4, held: 2))
        #expect(throws: LifelineError.self) { try balance.applying(MovementKind.issue.effect(quantity: 5)) }
        #expect(
            try balance.applying(MovementKind.issue.effect(quantity: 4, fromReservation: true))
                == Balance(onHand: 6, reserved: 0, held: 2))
        #expect(throws: LifelineError.self) { try balance.applying(MovementKind.release.effect(quantity: 5)) }
        #expect(throws: LifelineError.self) { try balance.applying(MovementKind.adjustment.effect(quantity: -5)) }
    }

    @Test func lotStatusTransitions() throws {
        let expiry = Day(iso: "2027-01-01")!
        #expect(try LotStatus.available.transition(to: .held, expiry: expiry, today: today) == .held)
        #expect(try LotStatus.held.transition(to: .available, expiry: expiry, today: today) == .available)
        #expect(throws: LifelineError.self) {
            try LotStatus.expired.transition(to: .available, expiry: expiry, today: today)
        }
        #expect(throws: LifelineError.self) {
            try LotStatus.held.transition(to: .available, expiry: Day(iso: "2026-01-01")!, today: today)
        }
        #expect(throws: LifelineError.self) {
            try LotStatus.available.transition(to: .available, expiry: expiry, today: today)
        }
    }

    @Test func expiryBands() {
        #expect(ExpiryBand.of(expiry: Day(iso: "2026-11-23"), today: today) == .expired)
        #expect(ExpiryBand.of(expiry: Day(iso: "2026-12-24"), today: today) == .near)
        #expect(ExpiryBand.of(expiry: Day(iso: "2027-04-24"), today: today) == .watch)
        #expect(ExpiryBand.of(expiry: Day(iso: "2028-01-01"), today: today) == .fresh)
        #expect(ExpiryBand.of(expiry: nil, today: today) == .none)
    }

    @Test func documentNumbersReadAloud() {
        let number = DocumentNumber(prefix: .transfer, jurisdiction: .init(rawValue: "5201")!, day: today, sequence: 7)
        #expect(number.description == "DB-5201-20261124-0007")
    }
}
