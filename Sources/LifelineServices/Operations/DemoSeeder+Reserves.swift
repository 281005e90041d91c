import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension DemoSeeder {
    /// Reserve plans (R3): Guizhou's routine plan with the seed's mask and suit norms, approved by the
    /// nation; Nanming's, approved by the city and far below its mask norm (a coverage alert); and
    /// Yunyan's draft waiting to be submitted.
    func seedReserves() async throws {
        func actor(_ username: String) async throws -> Actor? {
            guard let user = try await UserRecord.query(on: services.database).filter(\.$username == username).first(),
                let id = user.id
            else { return nil }
            return try await services.access.actor(userID: id)
        }
        guard let province = try await actor("officer.gz"), let city = try await actor("officer.gy"),
            let nanming = try await actor("officer.nanming"), let yunyan = try await actor("officer.yunyan")
        else { return }
        let items = try await ItemRecord.query(on: services.database).all()
        guard let mask = items.first(where: { $0.code == "PPE-0003" })?.id,
            let suit = items.first(where: { $0.code == "PPE-0005" })?.id,
            let n95 = items.first(where: { $0.code == "PPE-0001" })?.id
        else { return }
        let parameters = ReserveParameters()
        let reserves = services.reserves
        func population(_ code: String) async throws -> Int {
            try await services.reference.jurisdiction(code, for: .system).population ?? 0
        }

        // Guizhou's resident population at the 7th census (2020), for the provincial norms.
        _ = try await services.reference.setPopulation("52", to: 38_562_148, by: .system)
        let guizhou = try await population("52")
        let provincial = try await reserves.createPlan(
            NewReservePlan(jurisdictionCode: "52", reserveClass: .routine, title: "贵州省常规医疗物资储备计划（2026年）"),
            by: province)
        _ = try await reserves.setNorm(
            provincial.id, itemID: mask, formula: parameters.maskNorm(residents: guizhou),
            note: "口罩按常住人口15天用量储备", by: province)
        _ = try await reserves.setNorm(
            provincial.id, itemID: suit, formula: parameters.suitNorm(beds: parameters.assumedBeds(residents: guizhou)),
            note: "防护服按二级以上医疗机构30天用量储备", by: province)
        _ = try await reserves.submit(provincial.id, by: province)
        _ = try await reserves.approve(provincial.id, note: "同意，按季度动态调整", by: .system)

        let county = try await reserves.createPlan(
            NewReservePlan(jurisdictionCode: "520102", reserveClass: .routine, title: "南明区常规医疗物资储备计划（2026年）"),
            by: nanming)
        _ = try await reserves.setNorm(
            county.id, itemID: mask, formula: parameters.maskNorm(residents: try await population("520102")),
            note: "口罩按常住人口15天用量储备", by: nanming)
        _ = try await reserves.setNorm(
            county.id, itemID: n95, formula: .peakDay(peakDailyUse: 200, days: parameters.peakDays),
            note: "发热门诊高峰日用量", by: nanming)
        _ = try await reserves.submit(county.id, by: nanming)
        _ = try await reserves.approve(county.id, note: "同意", by: city)

        let draft = try await reserves.createPlan(
            NewReservePlan(jurisdictionCode: "520103", reserveClass: .emergency, title: "云岩区应急物资储备计划（草稿）"),
            by: yunyan)
        _ = try await reserves.setNorm(
            draft.id, itemID: suit, formula: .peakDay(peakDailyUse: 50, days: parameters.peakDays), note: nil,
            by: yunyan)
        // Guizhou's raw materials: melt-blown fabric under three months of use (a purchase proposed).
        for (material, stock, monthly) in [
            (RawMaterialClass.meltBlown, 3_000, 1_800), (.medicalPolypropylene, 42_000, 8_000),
            (.vaccineAdjuvant, 900, 120), (.spunbondNonwoven, 5_200, 1_100),
        ] {
            _ = try await reserves.setRawMaterial(material, in: "52", stock: stock, monthlyUse: monthly, by: province)
        }
        _ = try await reserves.addRawMaterialSupplier(
            NewRawMaterialSupplier(
                material: .meltBlown, name: "贵州省某非织造布有限公司", agreedPriceFen: 1_850_000, latestPriceFen: 1_980_000),
            by: province)
        _ = try await reserves.addRawMaterialSupplier(
            NewRawMaterialSupplier(
                material: .medicalPolypropylene, name: "某石化贸易公司", agreedPriceFen: 980_000, latestPriceFen: 1_190_000),
            by: province)
        // The alert centre as the first sweep would leave it.
        try await services.alerts.refresh()
    }
}
