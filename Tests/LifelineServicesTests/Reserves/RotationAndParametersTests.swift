import FluentKit
import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import Testing

/// Rotation of near-expiry reserves and the offices' own parameters (R3.2–R3.4, R4.3), on both engines:
///
/// - institutions' yearly purchase quotas; a rotation plan proposed from a jurisdiction's lots within
///   its second window — issues within the quotas, the rest sold, expired lots written off, one
///   replacement purchase per item — executed all or nothing, or cancelled;
/// - an office's parameters (rotation windows, alert threshold, tier split) stored per jurisdiction,
///   inherited by those below, validated, and followed by new plans and near-expiry alerts.
///
/// The World (``World``) has 100 masks expiring 2027-06-30 in the government depot of 520102
/// (`nanming`) and a medical institution there (`hospital`); today is 2026-11-24, China Standard Time.
@Suite struct RotationAndParametersTests {
    // MARK: - Rotation

    @Test(arguments: TestDatabase.allCases)
    func aRotationPlanIssuesWithinQuotasSellsTheRestAndWritesOffWhatExpired(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let reserves = services.reserves
            let mask = try await itemCode(services, w.mask)
            let year = today.components.year
            // 100 masks expiring in 60 days (cost 250 fen), 30 that expired 10 days ago: receipt takes
            // expired stock, as an expired lot.
            let near = try await receiveMasks(services, w, quantity: 100, batch: "R-060", inDays: 60, unitCostFen: 250)
            let expired = try await receiveMasks(services, w, quantity: 30, batch: "R-EXP", inDays: -10)
            #expect(try await services.stock.lot(expired, for: w.officerA).status == .expired)

            // The hospital may take 70 masks this year; only its county's officer sets that.
            let quota = try await reserves.setPurchaseQuota(
                PurchaseQuotaInput(unitId: w.hospital, itemCode: mask, year: year, quota: 70), by: w.officerA)
            #expect(quota.unitName == "南明区人民医院" && quota.itemCode == mask && quota.year == year)
            #expect(quota.quota == 70 && quota.used == 0 && quota.remaining == 70)
            await expectLifelineError(.outOfScope) {
                try await reserves.setPurchaseQuota(
                    PurchaseQuotaInput(unitId: w.hospital, itemCode: mask, year: year, quota: 10), by: w.officerB)
            }
            await expectLifelineError(.invalidValue, field: "unitId") {
                try await reserves.setPurchaseQuota(
                    PurchaseQuotaInput(unitId: w.enterprise, itemCode: mask, year: year, quota: 10), by: w.officerA)
            }

            // A plan proposed and cancelled moves nothing.
            let cancelledPlan = try await reserves.proposeRotation(
                NewRotationPlan(jurisdictionCode: "520102", allowSale: true), by: w.officerA)
            let cancelled = try await reserves.actOnRotation(
                cancelledPlan.id, RotationActionInput(action: .cancel), by: w.officerA)
            #expect(cancelled.status == .cancelled && cancelled.decidedBy == "officer.a")
            #expect(cancelled.documents.isEmpty)
            #expect(try await services.stock.lot(near, for: w.officerA).onHand == 100)
            #expect(try await services.stock.lot(expired, for: w.officerA).held == 0)
            #expect(try await hospitalQuota(services, w, mask: mask)?.used == 0)
            #expect(try await saleRecords(services, lot: near).isEmpty)
            await expectLifelineError(.invalidTransition) {
                try await reserves.actOnRotation(cancelledPlan.id, RotationActionInput(action: .cancel), by: w.officerA)
            }

            // The neighbouring county neither proposes for 520102 nor acts on its plans.
            await expectLifelineError(.outOfScope) {
                try await reserves.proposeRotation(
                    NewRotationPlan(jurisdictionCode: "520102", allowSale: true), by: w.officerB)
            }

            // 70 issued to the hospital and 30 sold from the 60-day lot, the expired lot written off
            // whole, 130 bought again; the World's lot (2027-06-30) is not due.
            let proposed = try await reserves.proposeRotation(
                NewRotationPlan(jurisdictionCode: "520102", allowSale: true), by: w.officerA)
            #expect(proposed.status == .proposed && proposed.allowSale && proposed.jurisdictionCode == "520102")
            #expect(proposed.createdBy == "officer.a" && proposed.documents.isEmpty)
            #expect(proposed.number != cancelledPlan.number)
            #expect(
                proposed.steps.map(PlannedStep.init) == [
                    PlannedStep(.issue, lot: near, institution: w.hospital, quantity: 70, itemCode: mask),
                    PlannedStep(.sale, lot: near, quantity: 30, itemCode: mask),
                    PlannedStep(.writeOff, lot: expired, quantity: 30, itemCode: mask),
                    PlannedStep(.purchase, lot: nil, quantity: 130, itemCode: mask),
                ])
            #expect(!proposed.steps.contains { $0.lotId == w.lot })
            #expect(proposed.steps.first?.institutionName == "南明区人民医院")
            #expect(proposed.steps.first?.expiryDate == today.adding(days: 60).iso)
            #expect(try await reserves.rotationPlan(proposed.id, for: w.officerA) == proposed)
            #expect(try await reserves.rotationPlans(page: PageRequest(), for: w.officerA).total == 2)
            #expect(try await reserves.rotationPlans(page: PageRequest(), for: w.officerB).total == 0)
            await expectLifelineError(.outOfScope) {
                try await reserves.actOnRotation(
                    proposed.id, RotationActionInput(action: .execute, buyer: "某民营医院"), by: w.officerB)
            }

            // A plan that sells names its buyer.
            await expectLifelineError(.required, field: "buyer") {
                try await reserves.actOnRotation(proposed.id, RotationActionInput(action: .execute), by: w.officerA)
            }
            #expect(try await reserves.rotationPlan(proposed.id, for: w.officerA).status == .proposed)

            // Executed at 40 % of cost: the issue, the sale and the write-off request, each numbered.
            let executed = try await reserves.actOnRotation(
                proposed.id, RotationActionInput(action: .execute, buyer: "某民营医院", salePricePercent: 40),
                by: w.officerA)
            #expect(executed.status == .executed && executed.decidedBy == "officer.a")
            #expect(executed.buyer == "某民营医院" && executed.salePricePercent == 40)
            #expect(executed.documents.count == 3 && Set(executed.documents).count == 3)

            // The hospital's quota is used up; the 60-day lot is empty.
            let used = try #require(try await hospitalQuota(services, w, mask: mask))
            #expect(used.quota == 70 && used.used == 70 && used.remaining == 0)
            let emptied = try await services.stock.lot(near, for: w.officerA)
            #expect(emptied.onHand == 0 && emptied.held == 0 && emptied.reserved == 0)

            // The expired lot is held for a second person's write-off.
            let writeOffs = try await services.stock.writeOffs(
                WriteOffFilter(lotIds: [expired]), page: PageRequest(), for: w.officerA)
            let writeOff = try #require(writeOffs.items.first)
            #expect(writeOffs.total == 1)
            #expect(writeOff.status == .pending && writeOff.quantity == 30 && writeOff.requestedByName == "officer.a")
            #expect(executed.documents.contains(writeOff.number))
            let heldLot = try await services.stock.lot(expired, for: w.officerA)
            #expect(heldLot.onHand == 30 && heldLot.held == 30)

            // The sale: 250 fen × 40 % = 100 fen a mask, 3 000 fen for 30.
            let sales = try await saleRecords(services, lot: near)
            let sale = try #require(sales.first)
            #expect(sales.count == 1)
            let price = emptied.unitCostFen * 40 / 100
            #expect(price == 100)
            #expect(sale.unitPriceFen == price && sale.proceedsFen == price * 30)
            #expect(sale.buyer == "某民营医院" && sale.quantity == 30 && sale.rotationPlanID == proposed.id)
            #expect(sale.path == emptied.path)
            #expect(executed.documents.contains(sale.documentNo))

            // Executed once; a quota is never set below what rotation used.
            await expectLifelineError(.invalidTransition) {
                try await reserves.actOnRotation(
                    proposed.id, RotationActionInput(action: .execute, buyer: "某民营医院", salePricePercent: 40),
                    by: w.officerA)
            }
            await expectLifelineError(.invalidTransition) {
                try await reserves.actOnRotation(proposed.id, RotationActionInput(action: .cancel), by: w.officerA)
            }
            await expectLifelineError(.outOfRange, field: "quota") {
                try await reserves.setPurchaseQuota(
                    PurchaseQuotaInput(unitId: w.hospital, itemCode: mask, year: year, quota: 69), by: w.officerA)
            }
            #expect(try await services.operations.verify().isClean)

            // The city approves the write-off: the expired lot leaves the books; the ledger still adds up.
            _ = try await services.stock.decideWriteOff(
                writeOff.id, WriteOffDecisionInput(approve: true), key: "rotation-write-off", by: w.cityOfficer)
            #expect(try await services.stock.lot(expired, for: w.officerA).onHand == 0)
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aPlanWhoseStepNoLongerFitsIsRefusedWholeAndStaysProposed(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let reserves = services.reserves
            let mask = try await itemCode(services, w.mask)
            let near = try await receiveMasks(services, w, quantity: 100, batch: "R-060", inDays: 60, unitCostFen: 250)
            _ = try await reserves.setPurchaseQuota(
                PurchaseQuotaInput(unitId: w.hospital, itemCode: mask, year: today.components.year, quota: 70),
                by: w.officerA)
            let proposed = try await reserves.proposeRotation(
                NewRotationPlan(jurisdictionCode: "520102", allowSale: true), by: w.officerA)
            #expect(
                proposed.steps.map(PlannedStep.init) == [
                    PlannedStep(.issue, lot: near, institution: w.hospital, quantity: 70, itemCode: mask),
                    PlannedStep(.sale, lot: near, quantity: 30, itemCode: mask),
                    PlannedStep(.purchase, lot: nil, quantity: 100, itemCode: mask),
                ])

            // 20 masks leave the lot meanwhile: the issue of 70 still fits, the sale of 30 no longer does.
            _ = try await services.stock.issue(
                IssueInput(lotId: near, quantity: 20, reason: "临时领用"), key: "rotation-elsewhere", by: .system)
            await expectLifelineError(.insufficientStock, field: "steps[1].quantity") {
                try await reserves.actOnRotation(
                    proposed.id, RotationActionInput(action: .execute, buyer: "某民营医院", salePricePercent: 40),
                    by: w.officerA)
            }

            // Nothing of the plan was posted — not even the issue that fitted — and it is still proposed.
            let after = try await reserves.rotationPlan(proposed.id, for: w.officerA)
            #expect(after.status == .proposed && after.documents.isEmpty && after.decidedBy == nil)
            #expect(after.buyer == nil && after.salePricePercent == nil)
            let quota = try #require(try await hospitalQuota(services, w, mask: mask))
            #expect(quota.used == 0 && quota.remaining == 70)
            #expect(try await services.stock.lot(near, for: w.officerA).onHand == 80)
            #expect(try await saleRecords(services, lot: near).isEmpty)
            #expect(try await services.operations.verify().isClean)

            // It can still be cancelled.
            let cancelled = try await reserves.actOnRotation(
                proposed.id, RotationActionInput(action: .cancel), by: w.officerA)
            #expect(cancelled.status == .cancelled)
            #expect(try await services.stock.lot(near, for: w.officerA).onHand == 80)
        }
    }

    // MARK: - Office parameters

    @Test(arguments: TestDatabase.allCases)
    func anOfficesParametersAreInheritedBelowAndFollowedByPlansAndAlerts(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let reserves = services.reserves

            // Nothing stored: the seed's defaults.
            let seed = try await reserves.officeParameters("520102", for: w.officerA)
            #expect(seed.source == nil && seed.updatedBy == nil && seed.jurisdictionCode == "520102")
            #expect(seed.parameters.rotation == RotationWindows(first: 180, second: 90, last: 30))
            #expect(seed.parameters.reserve.alertPercent == 80)

            // Four lots in 520102, 10, 50, 100 and 150 days from expiry: under the default windows
            // (180/90/30) every one is near expiry, each with its stage.
            for days in [10, 50, 100, 150] {
                _ = try await receiveMasks(services, w, quantity: 10, batch: batch(days), inDays: days)
            }
            _ = try await services.alerts.refresh()
            var messages = try await nearExpiryMessages(services, for: w.officerA)
            #expect(messages.count == 4)
            #expect(message(messages, days: 10)?.contains("【紧急轮换】") == true)
            #expect(message(messages, days: 50)?.contains("【待轮换】") == true)
            #expect(message(messages, days: 100)?.contains("【关注】") == true)
            #expect(message(messages, days: 150)?.contains("【关注】") == true)

            // The city stores its own: 70 %, windows 120/60/20.
            var reserve = ReserveParameters()
            reserve.alertPercent = 70
            let city = OfficeParameters(reserve: reserve, rotation: RotationWindows(first: 120, second: 60, last: 20))
            let stored = try await reserves.setOfficeParameters("5201", city, by: w.cityOfficer)
            #expect(stored.source == "5201" && stored.jurisdictionCode == "5201" && stored.updatedBy == "officer.city")
            #expect(stored.parameters.rotation == city.rotation && stored.parameters.reserve.alertPercent == 70)

            // Both counties below inherit them.
            let inherited = try await reserves.officeParameters("520102", for: w.officerA)
            #expect(inherited.source == "5201" && inherited.jurisdictionCode == "520102")
            #expect(inherited.parameters.reserve.alertPercent == 70)
            #expect(inherited.parameters.rotation == RotationWindows(first: 120, second: 60, last: 20))
            #expect(try await reserves.officeParameters("520103", for: w.officerB).source == "5201")
            // A county reads its city's parameters, but does not set them.
            #expect(try await reserves.officeParameters("5201", for: w.officerA).source == "5201")
            await expectLifelineError(.outOfScope) {
                try await reserves.setOfficeParameters("5201", OfficeParameters(), by: w.officerA)
            }

            // Bad figures name their field, and change nothing.
            await expectLifelineError(.invalidValue, field: "windows") {
                try await reserves.setOfficeParameters(
                    "5201",
                    OfficeParameters(reserve: reserve, rotation: RotationWindows(first: 60, second: 60, last: 20)),
                    by: w.cityOfficer)
            }
            var badSplit = reserve
            badSplit.tierSplit = TierSplit(nation: 15, province: 30, city: 25, county: 20)
            await expectLifelineError(.invalidValue, field: "tierSplit") {
                try await reserves.setOfficeParameters(
                    "5201", OfficeParameters(reserve: badSplit, rotation: city.rotation), by: w.cityOfficer)
            }
            let unchanged = try await reserves.officeParameters("520102", for: w.officerA).parameters
            #expect(unchanged.rotation == city.rotation && unchanged.reserve.alertPercent == 70)
            #expect(unchanged.reserve.tierSplit == .seed)

            // A new plan without a threshold takes its office's; one with its own keeps it.
            let plan = try await reserves.createPlan(
                NewReservePlan(jurisdictionCode: "520102", reserveClass: .routine, title: "南明区常规物资储备计划"),
                by: w.officerA)
            #expect(plan.alertPercent == 70)
            let own = try await reserves.createPlan(
                NewReservePlan(
                    jurisdictionCode: "520103", reserveClass: .routine, title: "云岩区常规物资储备计划", alertPercent: 90),
                by: w.officerB)
            #expect(own.alertPercent == 90)

            // Near-expiry alerts follow the city's windows: the 150-day lot is no longer near expiry.
            let refreshed = try await services.alerts.refresh()
            #expect(refreshed.closed == 1)
            messages = try await nearExpiryMessages(services, for: w.officerA)
            #expect(messages.count == 3)
            #expect(message(messages, days: 10)?.contains("【紧急轮换】") == true)
            #expect(message(messages, days: 50)?.contains("【待轮换】") == true)
            #expect(message(messages, days: 100)?.contains("【关注】") == true)
            #expect(message(messages, days: 150) == nil)

            // Rotation follows them too: only lots within 60 days are planned.
            let rotation = try await reserves.proposeRotation(
                NewRotationPlan(jurisdictionCode: "520102", allowSale: true), by: w.officerA)
            #expect(
                rotation.steps.filter { $0.kind == .sale }.compactMap(\.batchNo).sorted() == [batch(10), batch(50)])
            #expect(rotation.steps.last?.kind == .purchase && rotation.steps.last?.quantity == 20)
            #expect(try await services.operations.verify().isClean)
        }
    }
}

// MARK: - Helpers

/// Today in the tests' clock (2026-11-24).
private let today = Day(testNow)

/// A step of a plan, as the tests compare it.
private struct PlannedStep: Equatable, CustomStringConvertible {
    var kind: RotationStepKind
    var lot: UUID?
    var institution: UUID?
    var quantity: Int
    var itemCode: String

    init(_ kind: RotationStepKind, lot: UUID?, institution: UUID? = nil, quantity: Int, itemCode: String) {
        self.kind = kind
        self.lot = lot
        self.institution = institution
        self.quantity = quantity
        self.itemCode = itemCode
    }

    init(_ view: RotationStepView) {
        self.init(
            view.kind, lot: view.lotId, institution: view.institutionId, quantity: view.quantity,
            itemCode: view.itemCode)
    }

    var description: String {
        "\(kind.rawValue) \(quantity) \(itemCode) lot=\(lot?.uuidString ?? "-") to=\(institution?.uuidString ?? "-")"
    }
}

/// The batch number of the test lot expiring in `days` days.
private func batch(_ days: Int) -> String { "N-" + String(format: "%03d", days) }

/// Receives masks into the World's government depot of 520102 as a new batch expiring `inDays` days
/// from today (negative: already expired); the lot's id.
private func receiveMasks(
    _ services: Services, _ w: World, quantity: Int, batch: String, inDays: Int, unitCostFen: Int? = nil
) async throws -> UUID {
    try await services.stock.receive(
        ReceiptInput(
            depotId: w.nanming, itemId: w.mask, quantity: quantity, batchNo: batch, manufacturer: "稳健医疗",
            productionDate: "2024-01-01", expiryDate: today.adding(days: inDays).iso, unitCostFen: unitCostFen),
        key: "rotation-\(batch)", by: .system
    ).movements[0].lotId
}

/// The hospital's mask quota for this year, as 520102's officer reads it.
private func hospitalQuota(_ services: Services, _ w: World, mask: String) async throws -> PurchaseQuotaView? {
    try await services.reserves.purchaseQuotas(year: today.components.year, page: PageRequest(), for: w.officerA)
        .items.first { $0.unitId == w.hospital && $0.itemCode == mask }
}

/// The sales recorded for a lot.
private func saleRecords(_ services: Services, lot: UUID) async throws -> [LotSaleRecord] {
    try await LotSaleRecord.query(on: services.database).filter(\.$lotID == lot).all()
}

/// The messages (Chinese) of the live near-expiry alerts `actor` reads.
private func nearExpiryMessages(_ services: Services, for actor: Actor) async throws -> [String] {
    try await services.alerts.alerts(AlertFilter(kind: .nearExpiry), page: PageRequest(), for: actor).items
        .map(\.messageZh)
}

/// The message about the test lot expiring in `days` days, if any.
private func message(_ messages: [String], days: Int) -> String? {
    messages.first { $0.contains("批号 \(batch(days)) ") }
}
