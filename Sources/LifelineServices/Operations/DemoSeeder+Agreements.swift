import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// The demo's reserve modes and oversight (#11): storage agreements for the enterprise-held depots,
/// a capacity and a technology reserve, a closed subsidy period, this week's reports, a cold-chain
/// zone with readings (one excursion, open), a planned inspection, the hospitals' purchase quotas
/// and a proposed rotation plan for the city.
extension DemoSeeder {
    func seedAgreements(units: [String: UUID]) async throws {
        guard
            let province = try await UserRecord.query(on: services.database).filter(\.$username == "officer.gz")
                .first()?.id, let officer = try await services.access.actor(userID: province)
        else { return }
        let reserves = services.reserves
        let today = services.today
        let start = Day(year: today.components.year - 1, month: 1, day: 1)
        let end = Day(year: today.components.year + 1, month: 12, day: 31)
        // Storage agreements: what the two enterprises hold counts for the province and the city.
        // Contracts of about what each holds (whole thousands), N95 masks 5 000 above it: drawn
        // stock the enterprise must buy back.
        let items = try await ItemRecord.query(on: services.database).filter(
            \.$code ~~ ["PPE-0001", "PPE-0003", "PPE-0005"]
        )
        .all()
        let held = try await reserves.enterpriseHoldings(
            Set([units["se-01"], units["se-02"]].compactMap { $0 }), today: today, on: services.database)
        for (key, code) in [("se-01", "52"), ("se-02", "5201")] {
            guard let enterprise = units[key] else { continue }
            let lines = items.sorted { $0.code < $1.code }.map { item in
                let holding = held[enterprise]?[item.id ?? UUID()] ?? 0
                let contract = item.code == "PPE-0001" ? holding + 5_000 : max(1_000, holding / 1_000 * 1_000)
                return NewAgreementLine(itemCode: item.code, quantity: contract)
            }
            _ = try await reserves.createAgreement(
                NewAgreement(
                    kind: .storage, jurisdictionCode: code, enterpriseId: enterprise, startDay: start.iso,
                    endDay: end.iso, lines: lines), by: officer)
        }
        if let maker = units["mfr-01"] {
            _ = try await reserves.createAgreement(
                NewAgreement(
                    kind: .capacity, jurisdictionCode: "52", enterpriseId: maker, startDay: start.iso, endDay: end.iso,
                    itemCode: "PPE-0003", productionLines: 8, dailyOutputPerLine: 120_000, redundancyPercent: 25,
                    activationHours: 48, yearlyDepreciationFen: 360_000_00), by: officer)
        }
        if let maker = units["mfr-02"] {
            _ = try await reserves.createAgreement(
                NewAgreement(
                    kind: .technology, jurisdictionCode: "52", enterpriseId: maker, startDay: start.iso,
                    endDay: end.iso, itemCode: "PPE-0005",
                    description: "医用防护服热封复合工艺与模具（转产能力）", leadDays: 7), by: officer)
        }
        // Last quarter, closed; this quarter, open.
        let quarter = NormAdjustment.quarterStart(of: today)
        let last = NormAdjustment.quarterStart(of: quarter.adding(days: -1))
        let closed = try await reserves.createSubsidyPeriod(
            NewSubsidyPeriod(jurisdictionCode: "52", startDay: last.iso, endDay: quarter.adding(days: -1).iso),
            by: officer)
        _ = try await reserves.closeSubsidyPeriod(closed.id, by: officer)
        _ = try await reserves.createSubsidyPeriod(
            NewSubsidyPeriod(
                jurisdictionCode: "52", startDay: quarter.iso,
                endDay: NormAdjustment.quarterStart(of: quarter.adding(days: 100)).adding(days: -1).iso),
            by: officer)
        try await reserves.compileWeeklyReports(by: officer)
        // The provincial enterprise depot's refrigerated zone went warm overnight: its lots are held.
        if let depot = try await DepotRecord.query(on: services.database).filter(\.$code == "GZ-P-02").first()?.id {
            let now = services.clock.now()
            let readings = (0..<12).map { hour in
                TemperatureReadingInput(
                    at: now.addingTimeInterval(Double(hour - 12) * 3_600), tenths: hour < 9 ? 45 + hour % 3 : 92 + hour)
            }
            _ = try await reserves.ingestTemperatures(
                TemperatureBatch(depotId: depot, zone: .refrigerated, readings: readings), by: officer)
        }
        // Every hospital of the city buys masks and suits for the year: rotation issues within that.
        let hospitals = try await UnitRecord.query(on: services.database)
            .filter(\.$kind == UnitKind.medicalInstitution.rawValue).filter(\.$path >= "CN/52/5201")
            .filter(\.$path < "CN/52/5201~").all()
        for hospital in hospitals.prefix(6) {
            for (code, quota) in [("PPE-0003", 20_000), ("PPE-0005", 2_000), ("PPE-0001", 5_000)] {
                _ = try await reserves.setPurchaseQuota(
                    PurchaseQuotaInput(
                        unitId: try hospital.requireID(), itemCode: code, year: today.components.year, quota: quota),
                    by: officer)
            }
        }
        if let city = try await UserRecord.query(on: services.database).filter(\.$username == "officer.gy").first()?.id,
            let cityOfficer = try await services.access.actor(userID: city)
        {
            _ = try await reserves.proposeRotation(
                NewRotationPlan(jurisdictionCode: "5201", allowSale: true), by: cityOfficer)
        }
        if let enterprise = units["se-02"] {
            _ = try await reserves.planInspection(
                NewInspection(
                    jurisdictionCode: "52", enterpriseId: enterprise, title: "第四季度承储企业质量抽检",
                    plannedDay: today.adding(days: 7).iso), by: officer)
        }
    }
}
