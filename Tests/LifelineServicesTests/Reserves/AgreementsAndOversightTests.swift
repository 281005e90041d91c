import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import Testing

/// Reserve agreements and the oversight of storage enterprises (R3.5, R9.2, R11), on both engines:
///
/// - a storage agreement counts the enterprise's stock for the jurisdiction up to the contract —
///   never the enterprise depot's stock without one, nothing once revoked — and owes a buy-back
///   when the stock falls under the contract;
/// - subsidies: 7 % a year of the day-weighted stored value and 2.5 % of the purchases, closed
///   only after the period;
/// - the cold chain: an out-of-limit reading holds the zone's lots until an inspector releases them;
///   a resent batch is ignored;
/// - weekly reports compiled from the ledger and the agreements, confirmed once;
/// - an inspection samples the enterprise's lots, and a revocation ends its agreements and its
///   right to sign new ones.
///
/// The World (``World``) has an enterprise-operated depot in 520102 (`enterpriseDepot`, run by
/// `enterprise`, 黔药物流) and 100 masks in the government depot of 520102; today is 2026-11-24
/// (a Tuesday), China Standard Time.
@Suite struct AgreementsAndOversightTests {
    // MARK: - Storage agreements and coverage

    @Test(arguments: TestDatabase.allCases)
    func aStorageAgreementCountsTheEnterprisesStockUpToTheContractUntilRevoked(_ engine: TestDatabase)
        async throws
    {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let reserves = services.reserves
            let mask = try await itemCode(services, w.mask)
            let plan = try await approvedMaskPlan(services, w)
            // 60 masks in the enterprise's depot count for nothing without an agreement.
            let enterpriseLot = try await receiveEnterpriseStock(services, w, quantity: 60, batch: "E-060")
            #expect(try await maskOnHand(services, plan: plan, w) == 100)

            // A contract of 40: 40 of the 60 count, nothing to buy back.
            let agreement = try await signStorageAgreement(services, w, itemCode: mask, quantity: 40, by: w.officerA)
            #expect(agreement.status == .active && agreement.counts)
            #expect(agreement.enterpriseName == "黔药物流" && agreement.jurisdictionCode == "520102")
            let line = try #require(agreement.lines.first)
            #expect(agreement.lines.count == 1)
            #expect(line.itemId == w.mask && line.contracted == 40 && line.counted == 40 && line.toBuyBack == 0)
            #expect(try await maskOnHand(services, plan: plan, w) == 140)

            // 30 drawn from the enterprise: 30 held, 30 count, 10 owed; bought back, 40 count again.
            _ = try await services.stock.issue(
                IssueInput(lotId: enterpriseLot, quantity: 30, reason: "协议动用"), key: "agreement-draw", by: .system)
            var drawn = try #require(try await reserves.agreement(agreement.id, for: w.officerA).lines.first)
            #expect(drawn.counted == 30 && drawn.toBuyBack == 10)
            #expect(try await maskOnHand(services, plan: plan, w) == 130)
            _ = try await services.stock.receive(
                ReceiptInput(depotId: w.enterpriseDepot, itemId: w.mask, quantity: 30, lotId: enterpriseLot),
                key: "agreement-buy-back", by: .system)
            drawn = try #require(try await reserves.agreement(agreement.id, for: w.officerA).lines.first)
            #expect(drawn.counted == 40 && drawn.toBuyBack == 0)
            #expect(try await maskOnHand(services, plan: plan, w) == 140)

            // Readers: the city and the enterprise's own operator; not the neighbouring county.
            #expect(try await agreementTotal(services, for: w.cityOfficer) == 1)
            #expect(try await agreementTotal(services, for: w.operatorActor) == 1)
            #expect(try await agreementTotal(services, for: w.officerB) == 0)

            // The neighbouring county neither signs for 520102 nor revokes its agreement.
            await expectLifelineError(.outOfScope) {
                try await signStorageAgreement(services, w, itemCode: mask, quantity: 1, by: w.officerB)
            }
            await expectLifelineError(.outOfScope) {
                try await reserves.revokeAgreement(agreement.id, reason: "越权", by: w.officerB)
            }

            // Revoked: it counts nothing, and coverage drops by the 40 contracted.
            let revoked = try await reserves.revokeAgreement(agreement.id, reason: "未按约定储备", by: w.officerA)
            #expect(revoked.status == .revoked && !revoked.counts)
            #expect(revoked.revokedBy == "officer.a" && revoked.revokeReason == "未按约定储备")
            #expect(revoked.lines.first?.counted == 0)
            #expect(try await maskOnHand(services, plan: plan, w) == 100)
            let listed = try await reserves.agreements(
                AgreementFilter(status: .revoked), page: PageRequest(), for: w.officerA)
            #expect(listed.items.map(\.id) == [agreement.id])
            #expect(try await agreementTotal(services, AgreementFilter(status: .active), for: w.officerA) == 0)
            await expectLifelineError(.invalidTransition) {
                try await reserves.revokeAgreement(agreement.id, reason: "再次撤销", by: w.officerA)
            }

            // A capacity reserve keeps 20–30 % of its lines redundant: 35 % is refused, naming the field.
            await expectLifelineError(.outOfRange, field: "redundancyPercent") {
                try await reserves.createAgreement(
                    capacityAgreement(w, itemCode: mask, redundancyPercent: 35), by: w.officerA)
            }
            #expect(try await agreementTotal(services, for: w.officerA) == 1)
        }
    }

    // MARK: - Subsidies

    @Test(arguments: TestDatabase.allCases)
    func aClosedPeriodPaysSevenPercentAYearOfTheStoredValueAndTwoAndAHalfPercentOfPurchases(
        _ engine: TestDatabase
    ) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let reserves = services.reserves
            let mask = try await itemCode(services, w.mask)
            _ = try await signStorageAgreement(services, w, itemCode: mask, quantity: 1_000, by: w.officerA)
            // 1 000 masks at 100 fen received today, the first day of a 30-day period.
            try await receiveEnterpriseStock(services, w, quantity: 1_000, batch: "E-1000", unitCostFen: 100)
            let period = try await reserves.createSubsidyPeriod(
                NewSubsidyPeriod(jurisdictionCode: "520102", startDay: "2026-11-24", endDay: "2026-12-23"),
                by: w.officerA)
            #expect(period.status == .open && period.storagePermille == 70 && period.managementPermille == 25)

            // 100 000 fen held at the end of each of 30 days; 7 %/yr of it, rounded half up once.
            let valueDays = 100_000 * 30
            let storage = roundedHalfUp(valueDays * 70, over: 1_000 * 365)
            #expect(storage == 575)
            let management = roundedHalfUp(100_000 * 25, over: 1_000)
            #expect(management == 2_500)

            // Open: today's figures, already the whole period's (the stock stays all 30 days).
            let open = try await reserves.subsidyStatements(period.id, for: w.officerA)
            #expect(open.period.status == .open && open.statements.map(\.storageFen) == [storage])

            // Not before the period is over.
            await expectLifelineError(.periodNotOver) {
                try await reserves.closeSubsidyPeriod(period.id, by: w.officerA)
            }

            // Two days after its end it closes, and stores the statement.
            let later = clocked(services, at: testNow.addingTimeInterval(31 * 86_400))  // 2026-12-25
            let closed = try await later.reserves.closeSubsidyPeriod(period.id, by: w.officerA)
            #expect(closed.period.status == .closed && closed.period.closedBy == "officer.a")
            let statement = try #require(closed.statements.first)
            #expect(closed.statements.count == 1)
            #expect(statement.enterpriseId == w.enterprise && statement.enterpriseName == "黔药物流")
            #expect(statement.valueDaysFen == valueDays)
            #expect(statement.storageFen == storage)
            #expect(statement.purchaseValueFen == 100_000)
            #expect(statement.managementFen == management)
            #expect(statement.capacityFen == 0 && statement.yearlyDepreciationFen == 0)
            #expect(statement.totalFen == storage + management)
            #expect(closed.totalFen == storage + management)
            await expectLifelineError(.invalidTransition) {
                try await later.reserves.closeSubsidyPeriod(period.id, by: w.officerA)
            }

            // Finance's CSV: the last closed period, one row for the enterprise.
            let csv = try await later.reserves.subsidiesCSV(nil, for: w.officerA)
            #expect(csv.contains("黔药物流") && csv.contains("575"))
            let table = try CSVTable(parsing: csv)
            let row = try #require(table.rows.first)
            #expect(table.rows.count == 1)
            #expect(csvValue("enterprise", row, table) == "黔药物流")
            #expect(csvValue("status", row, table) == "closed")
            #expect(csvValue("storage_fen", row, table) == "575")
            #expect(csvValue("management_fen", row, table) == "2500")
            #expect(csvValue("total_fen", row, table) == String(storage + management))
            #expect(try await services.operations.verify().isClean)
        }
    }

    // MARK: - Cold chain

    @Test(arguments: TestDatabase.allCases)
    func aReadingOutsideTheLimitsHoldsTheZonesLotsUntilReleased(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let reserves = services.reserves
            let depot = try await services.reference.createDepot(
                DepotProfile(
                    code: "T-C-01", name: "南明区冷链库", jurisdiction: JurisdictionCode(rawValue: "520102")!,
                    operatorKind: .government, location: GeoPoint(longitude: 106.71, latitude: 26.57), areaM2: 200,
                    volumeM3: 600, zones: [.ambient, .refrigerated], coldChainM3: 100), by: .system)
            let lot = try await services.stock.receive(
                ReceiptInput(
                    depotId: depot.id, itemId: w.vaccine, quantity: 20, batchNo: "V-020", manufacturer: "某生物制品公司",
                    productionDate: "2026-06-01", expiryDate: "2028-06-01"), key: "cold-lot", by: .system
            ).movements[0].lotId
            #expect(try await services.stock.lot(lot, for: .system).status == .available)

            // 5.0 ℃ is within 2–8 ℃, 9.5 ℃ is not: the excursion holds the zone's lot.
            let batch = TemperatureBatch(
                depotId: depot.id, zone: .refrigerated,
                readings: [
                    TemperatureReadingInput(at: testNow.addingTimeInterval(-600), tenths: 50),
                    TemperatureReadingInput(at: testNow.addingTimeInterval(-300), tenths: 95),
                ])
            let ingest = try await reserves.ingestTemperatures(batch, by: w.officerA)
            #expect(ingest.stored == 2 && ingest.ignored == 0 && ingest.outside == 1)
            #expect(ingest.minTenths == 20 && ingest.maxTenths == 80)
            let excursion = try #require(ingest.excursion)
            #expect(excursion.status == .open && excursion.zone == .refrigerated && excursion.depotId == depot.id)
            #expect(excursion.minTenths == 95 && excursion.maxTenths == 95 && excursion.readings == 1)
            #expect(excursion.heldLotIds == [lot])
            #expect(try await services.stock.lot(lot, for: .system).status == .held)
            let listed = try await reserves.excursions(page: PageRequest(), for: w.officerA)
            #expect(listed.items.map(\.id) == [excursion.id])
            #expect(try await reserves.excursions(page: PageRequest(), for: w.officerB).total == 0)
            #expect(try await services.alerts.refresh().raised == 1)
            let alerts = try await services.alerts.alerts(
                AlertFilter(kind: .temperatureExcursion), page: PageRequest(), for: w.officerA)
            #expect(alerts.total == 1)

            // The logger resends the batch: nothing new is stored.
            let resent = try await reserves.ingestTemperatures(batch, by: w.officerA)
            #expect(resent.stored == 0 && resent.ignored == 2 && resent.outside == 0 && resent.excursion == nil)

            // The inspector releases the lot; the alert closes.
            let released = try await reserves.decideExcursion(
                excursion.id, ExcursionDecision(action: .release, note: "复核温度记录，药品质量未受影响"), by: w.officerA)
            #expect(released.status == .released && released.decidedBy == "officer.a")
            #expect(try await services.stock.lot(lot, for: .system).status == .available)
            #expect(try await services.alerts.refresh().closed == 1)
            await expectLifelineError(.invalidTransition) {
                try await reserves.decideExcursion(
                    excursion.id, ExcursionDecision(action: .condemn, note: "again"), by: w.officerA)
            }

            // A zone the depot does not have, and a reading no sensor gives, name their fields.
            await expectLifelineError(.invalidValue, field: "zone") {
                try await reserves.ingestTemperatures(
                    TemperatureBatch(depotId: depot.id, zone: .frozen, readings: batch.readings), by: w.officerA)
            }
            await expectLifelineError(.invalidValue, field: "readings[0].tenths") {
                try await reserves.ingestTemperatures(
                    TemperatureBatch(
                        depotId: depot.id, zone: .refrigerated,
                        readings: [TemperatureReadingInput(at: testNow, tenths: 5_000)]), by: w.officerA)
            }
        }
    }

    // MARK: - Weekly reports

    @Test(arguments: TestDatabase.allCases)
    func theWeeklyReportShowsHeldAndContractedStockAndIsConfirmedOnce(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let reserves = services.reserves
            let mask = try await itemCode(services, w.mask)
            try await receiveEnterpriseStock(services, w, quantity: 60, batch: "E-060")
            let agreement = try await signStorageAgreement(services, w, itemCode: mask, quantity: 40, by: w.officerA)

            // Today is Tuesday 2026-11-24: the report is last Thursday's.
            #expect(try await reserves.compileWeeklyReports(by: w.officerA) == 1)
            let reports = try await reserves.weeklyReports(week: nil, page: PageRequest(), for: w.officerA)
            let report = try #require(reports.items.first)
            #expect(reports.total == 1)
            #expect(report.enterpriseId == w.enterprise && report.weekDay == "2026-11-19")
            #expect(report.status == .pending && report.late)  // due by Friday 2026-11-20
            #expect(report.lines.count == 1)
            let line = try #require(report.lines.first)
            #expect(line.itemCode == mask && line.onHand == 60 && line.contracted == 40)
            #expect(line.earliestExpiry == "2029-06-30" && line.source == agreement.number)
            #expect(line.dailyCapacity == 0)
            // The enterprise reads its own report; the neighbouring county neither reads nor confirms it.
            #expect(try await reserves.weeklyReports(week: nil, page: PageRequest(), for: w.operatorActor).total == 1)
            #expect(try await reserves.weeklyReports(week: nil, page: PageRequest(), for: w.officerB).total == 0)
            await expectLifelineError(.outOfScope) { try await reserves.confirmWeeklyReport(report.id, by: w.officerB) }

            // Confirmed on the enterprise's behalf, once; a confirmed report is not compiled again.
            let confirmed = try await reserves.confirmWeeklyReport(report.id, by: w.officerA)
            #expect(confirmed.status == .confirmed && confirmed.confirmedBy == "officer.a" && confirmed.late)
            await expectLifelineError(.invalidTransition) {
                try await reserves.confirmWeeklyReport(report.id, by: w.officerA)
            }
            #expect(try await reserves.compileWeeklyReports(by: w.officerA) == 0)

            let table = try CSVTable(parsing: try await reserves.weeklyReportCSV(week: nil, by: w.officerA))
            let row = try #require(table.rows.first)
            #expect(table.rows.count == 1)
            #expect(csvValue("week", row, table) == "2026-11-19")
            #expect(csvValue("enterprise", row, table) == "黔药物流")
            #expect(csvValue("status", row, table) == "confirmed")
            #expect(csvValue("late", row, table) == "1")
            #expect(csvValue("on_hand", row, table) == "60" && csvValue("contracted", row, table) == "40")
        }
    }

    // MARK: - Inspections

    @Test(arguments: TestDatabase.allCases)
    func aRevocationEndsTheEnterprisesAgreementsAndItsRightToSignNewOnes(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let reserves = services.reserves
            let mask = try await itemCode(services, w.mask)
            let first = try await receiveEnterpriseStock(services, w, quantity: 60, batch: "E-060")
            let second = try await receiveEnterpriseStock(services, w, quantity: 30, batch: "E-030")
            let storage = try await signStorageAgreement(services, w, itemCode: mask, quantity: 50, by: w.officerA)
            let capacity = try await reserves.createAgreement(
                capacityAgreement(w, itemCode: mask, redundancyPercent: 25), by: w.officerA)
            #expect(capacity.redundantDailyOutput == 10_000)  // 4 lines × 10 000 × 25 %

            // Two lots in the enterprise's depot: ⌈√2⌉ = 2 sampled, never the government depot's lot.
            let planned = try await reserves.planInspection(
                NewInspection(
                    jurisdictionCode: "520102", enterpriseId: w.enterprise, title: "2026 年第四季度质量抽检",
                    plannedDay: "2026-11-30"), by: w.officerA)
            #expect(planned.status == .planned && planned.enterpriseName == "黔药物流")
            #expect(!planned.sampledLots.isEmpty)
            #expect(Set(planned.sampledLots.map(\.lotId)) == [first, second])
            #expect(!planned.sampledLots.contains { $0.lotId == w.lot })

            // A recovery names its amount; a pass revokes nothing.
            await expectLifelineError(.required, field: "recoveryFen") {
                try await reserves.completeInspection(
                    planned.id, InspectionOutcome(result: .fail, finding: .recovery), by: w.officerA)
            }
            await expectLifelineError(.invalidValue, field: "finding") {
                try await reserves.completeInspection(
                    planned.id, InspectionOutcome(result: .pass, finding: .revocation), by: w.officerA)
            }

            // Failed with revocation: both agreements revoked in the same step.
            let completed = try await reserves.completeInspection(
                planned.id, InspectionOutcome(result: .fail, finding: .revocation, notes: "温湿度记录缺失"), by: w.officerA)
            #expect(completed.status == .completed && completed.result == .fail && completed.finding == .revocation)
            #expect(completed.completedBy == "officer.a" && completed.recoveryFen == nil)
            for id in [storage.id, capacity.id] {
                let agreement = try await reserves.agreement(id, for: w.officerA)
                #expect(agreement.status == .revoked && !agreement.counts && agreement.revokedBy == "officer.a")
            }
            let revoked = AgreementFilter(status: .revoked, enterpriseId: w.enterprise)
            #expect(try await agreementTotal(services, revoked, for: w.officerA) == 2)
            await expectLifelineError(.invalidTransition) {
                try await reserves.completeInspection(
                    planned.id, InspectionOutcome(result: .fail, finding: .notice), by: w.officerA)
            }

            // The enterprise signs nothing new.
            await expectLifelineError(.enterpriseRevoked, field: "enterpriseId") {
                try await signStorageAgreement(services, w, itemCode: mask, quantity: 10, by: w.officerA)
            }
            #expect(try await agreementTotal(services, for: w.officerA) == 2)
        }
    }
}

// MARK: - Helpers

/// The same services with the clock fixed at `date` (the store and ids shared).
private func clocked(_ services: Services, at date: Date) -> Services {
    Services(store: services.store, clock: .fixed(date), ids: services.ids, passwords: services.passwords)
}

/// `numerator / denominator` rounded half up, as the subsidy rules round.
private func roundedHalfUp(_ numerator: Int, over denominator: Int) -> Int {
    (numerator + denominator / 2) / denominator
}

/// Receives masks (expiring 2029-06-30) into the enterprise's depot as a new batch; the lot's id.
@discardableResult
private func receiveEnterpriseStock(
    _ services: Services, _ w: World, quantity: Int, batch: String, unitCostFen: Int? = nil
) async throws -> UUID {
    try await services.stock.receive(
        ReceiptInput(
            depotId: w.enterpriseDepot, itemId: w.mask, quantity: quantity, batchNo: batch, manufacturer: "稳健医疗",
            productionDate: "2026-06-30", expiryDate: "2029-06-30", unitCostFen: unitCostFen),
        key: "enterprise-\(batch)", by: .system
    ).movements[0].lotId
}

/// A storage agreement of 520102 with the World's enterprise, 2026-11-01 to 2027-10-31.
private func signStorageAgreement(
    _ services: Services, _ w: World, itemCode: String, quantity: Int, by actor: Actor
) async throws -> AgreementView {
    try await services.reserves.createAgreement(
        NewAgreement(
            kind: .storage, jurisdictionCode: "520102", enterpriseId: w.enterprise, startDay: "2026-11-01",
            endDay: "2027-10-31", lines: [NewAgreementLine(itemCode: itemCode, quantity: quantity)]),
        by: actor)
}

/// A capacity reserve of 520102: 4 lines of 10 000 a day, `redundancyPercent` of them kept ready.
private func capacityAgreement(_ w: World, itemCode: String, redundancyPercent: Int) -> NewAgreement {
    NewAgreement(
        kind: .capacity, jurisdictionCode: "520102", enterpriseId: w.enterprise, startDay: "2026-11-01",
        endDay: "2027-10-31", itemCode: itemCode, productionLines: 4, dailyOutputPerLine: 10_000,
        redundancyPercent: redundancyPercent, activationHours: 48, yearlyDepreciationFen: 1_000_000)
}

/// An approved routine plan of 520102 with a norm of 120 masks; its id.
private func approvedMaskPlan(_ services: Services, _ w: World) async throws -> UUID {
    let reserves = services.reserves
    let plan = try await reserves.createPlan(
        NewReservePlan(jurisdictionCode: "520102", reserveClass: .routine, title: "南明区常规物资储备计划"), by: w.officerA)
    _ = try await reserves.setNorm(
        plan.id, itemID: w.mask, formula: .peakDay(peakDailyUse: 4, days: 30), note: nil, by: w.officerA)
    _ = try await reserves.submit(plan.id, by: w.officerA)
    _ = try await reserves.approve(plan.id, note: nil, by: w.cityOfficer)
    return plan.id
}

/// The masks the plan's coverage counts on hand in 520102.
private func maskOnHand(_ services: Services, plan: UUID, _ w: World) async throws -> Int? {
    try await services.reserves.coverage(plan, for: w.officerA).rows.first { $0.itemId == w.mask }?.onHand
}

/// How many agreements `actor` reads through `filter`.
private func agreementTotal(
    _ services: Services, _ filter: AgreementFilter = AgreementFilter(), for actor: Actor
) async throws -> Int {
    try await services.reserves.agreements(filter, page: PageRequest(), for: actor).total
}

/// A cell of a CSV row by its column's name.
private func csvValue(_ column: String, _ row: [String], _ table: CSVTable) -> String? {
    table.header.firstIndex(of: column).flatMap { row.indices.contains($0) ? row[$0] : nil }
}
