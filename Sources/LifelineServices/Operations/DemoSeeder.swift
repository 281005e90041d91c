import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// Builds the demo: Guizhou province and the city of Guiyang with its districts and counties, their
/// offices, hospitals, testing sites, storage enterprises and carriers, 20 depots, about 2 000 lots
/// with a realistic spread of expiry dates (some near expiry, some expired), some issues and
/// transfers, and one user per role.
///
/// Everything goes through the same use cases as a person would use, so the ledger, the audit trail
/// and `lifeline verify` see a real history. Deterministic for a seed.
public struct DemoSeeder: Sendable {
    public struct Account: Sendable {
        public var username: String
        public var password: String
        public var role: Role
        public var scope: String
    }

    public struct Summary: Sendable {
        public var units: Int
        public var depots: Int
        public var lots: Int
        public var movements: Int
        public var accounts: [Account]
    }

    let services: Services
    var seed: UInt64 = 20_261_124

    public init(services: Services, seed: UInt64 = 20_261_124) {
        self.services = services
        self.seed = seed
    }

    /// Seeds the demo. `password` gives every demo account the same password (for tests); otherwise
    /// each gets a random one, returned once in the summary.
    public func run(password: String? = nil, progress: @Sendable (String, Int, Int) -> Void = { _, _, _ in })
        async throws -> Summary
    {
        if try await UnitRecord.query(on: services.database).count() > 0 {
            throw LifelineError(
                .conflict, ["reason": "the database already has units; run the demo on an empty database"])
        }
        var rng = SeededGenerator(seed: seed)
        let actor = Actor.system
        // Units.
        let table = try ReferenceFiles.table(ReferenceFiles.demoUnits)
        var units: [String: UUID] = [:]
        for (index, record) in table.records.enumerated() {
            let profile = try Self.unitProfile(record.values, line: record.line)
            units[record.values["key"] ?? ""] = try await services.reference.createUnit(profile, by: actor).id
            progress("units", index + 1, table.rows.count)
        }
        _ = try await services.reference.setPopulation("52", to: 38_560_000, by: actor)
        _ = try await services.reference.setPopulation("5201", to: 6_400_000, by: actor)
        for (code, population) in Self.countyPopulation {
            _ = try await services.reference.setPopulation(code, to: population, by: actor)
        }

        // Depots.
        var depots: [(UUID, DepotProfile)] = []
        for (index, plan) in Self.depotPlans(units: units).enumerated() {
            let view = try await services.reference.createDepot(plan, by: actor)
            depots.append((view.id, view.profile))
            progress("depots", index + 1, 20)
        }

        // Lots: receipts with a spread of production dates.
        let items = try await ItemRecord.query(on: services.database).sort(\.$code).all()
        let today = services.today
        var receipts: [(ReceiptInput, String)] = []
        for (depotID, profile) in depots {
            let level = profile.jurisdiction.level
            for item in items {
                let d = try item.definition
                guard profile.accepts(d.storage),
                    Self.stocks(d, at: level, hospital: profile.ownerUnitID != nil, rng: &rng)
                else { continue }
                let lotCount = Int.random(in: 1...4, using: &rng)
                for n in 0..<lotCount {
                    let quantity = Self.quantity(d, level: level, rng: &rng)
                    var production: Day?
                    var expiry: Day?
                    if d.shelfLifeDays > 0 {
                        // 4 % expired, 9 % within 90 days of expiry, the rest spread over the shelf life.
                        let roll = Double.random(in: 0..<1, using: &rng)
                        let left: Int =
                            roll < 0.04
                            ? -Int.random(in: 1...60, using: &rng)
                            : roll < 0.13
                                ? Int.random(in: 0...90, using: &rng)
                                : Int.random(in: 91...max(92, d.shelfLifeDays), using: &rng)
                        expiry = today.adding(days: left)
                        production = expiry?.adding(days: -d.shelfLifeDays)
                    } else {
                        production = today.adding(days: -Int.random(in: 30...1500, using: &rng))
                    }
                    let batch = String(
                        format: "%@-%02d%02d%d", d.code.replacingOccurrences(of: "-", with: ""),
                        Int.random(in: 20...26, using: &rng), Int.random(in: 1...12, using: &rng), n + 1)
                    let input = ReceiptInput(
                        depotId: depotID, itemId: try item.requireID(), quantity: quantity, batchNo: batch,
                        manufacturer: Self.manufacturers[Int.random(in: 0..<Self.manufacturers.count, using: &rng)],
                        productionDate: production?.iso, expiryDate: expiry?.iso,
                        unitCostFen: max(1, d.unitPriceFen * Int.random(in: 85...100, using: &rng) / 100),
                        inspection: .passed, note: "演示数据 demo")
                    receipts.append((input, "demo-receipt-\(receipts.count)"))
                }
            }
        }
        var movements = 0
        for (index, (input, key)) in receipts.enumerated() {
            movements += try await services.stock.receive(input, key: key, by: actor).movements.count
            if index % 25 == 0 || index == receipts.count - 1 { progress("lots", index + 1, receipts.count) }
        }

        // Some history: FEFO issues to hospitals and transfers from the city depot to counties.
        let hospitals = units.filter { $0.key.hasPrefix("hosp-") }.map(\.value).sorted { $0.uuidString < $1.uuidString }
        let routine = try items.filter {
            try $0.definition.reserveClass == .routine && $0.definition.storage == .ambient
        }
        for n in 0..<120 {
            let (depotID, _) = depots[Int.random(in: 0..<depots.count, using: &rng)]
            let item = routine[Int.random(in: 0..<routine.count, using: &rng)]
            let input = IssueInput(
                depotId: depotID, itemId: try item.requireID(), quantity: Int.random(in: 5...200, using: &rng),
                unitId: hospitals[Int.random(in: 0..<hospitals.count, using: &rng)], reason: "日常领用 routine draw")
            // depots without that item are skipped
            if let result = try? await services.stock.issue(input, key: "demo-issue-\(n)", by: actor) {
                movements += result.movements.count
            }
            if n % 20 == 0 { progress("issues", n + 1, 120) }
        }
        let cityDepot = depots[2].0
        for n in 0..<40 {
            let (to, _) = depots[4 + n % 10]
            let item = routine[Int.random(in: 0..<routine.count, using: &rng)]
            let input = TransferInput(
                fromDepotId: cityDepot, toDepotId: to, itemId: try item.requireID(),
                quantity: Int.random(in: 10...500, using: &rng), reason: "前置储备 forward stocking")
            // skipped when the city depot lacks the item
            if let result = try? await services.stock.transfer(input, key: "demo-transfer-\(n)", by: actor) {
                movements += result.movements.count
            }
        }
        try await services.stock.expireLots()

        // One account per role.
        var accounts: [Account] = []
        for plan in Self.accountPlans(units: units) {
            let secret = password ?? Self.randomPassword()
            let user = try await services.access.createUser(
                NewUser(
                    username: plan.username, displayName: plan.displayName, password: secret, role: plan.role,
                    jurisdiction: plan.jurisdiction, unitId: plan.unit), by: actor)
            accounts.append(Account(username: user.username, password: secret, role: user.role, scope: user.scope))
        }
        progress("dispatch", 0, 1)
        try await seedDispatch(units: units)
        progress("dispatch", 1, 1)
        try await seedReserves()
        try await seedAgreements(units: units)
        try await seedKits()
        try await seedTransport(units: units)
        let lots = try await LotRecord.query(on: services.database).count()
        return Summary(units: units.count, depots: depots.count, lots: lots, movements: movements, accounts: accounts)
    }

    // MARK: - Plans

    static let countyPopulation: [(String, Int)] = [
        ("520102", 1_060_000), ("520103", 1_180_000), ("520111", 900_000), ("520112", 390_000), ("520113", 380_000),
        ("520115", 620_000), ("520121", 360_000), ("520122", 240_000), ("520123", 260_000), ("520181", 520_000),
    ]

    static let manufacturers = [
        "稳健医疗用品股份有限公司", "振德医疗用品股份有限公司", "蓝帆医疗股份有限公司", "华润三九医药股份有限公司", "国药集团贵州血液制品有限公司",
        "贵州益佰制药股份有限公司", "英科医疗科技股份有限公司", "圣湘生物科技股份有限公司", "鱼跃医疗设备股份有限公司", "科兴生物制品有限公司",
    ]

    static func depotPlans(units: [String: UUID]) -> [DepotProfile] {
        func code(_ raw: String) -> JurisdictionCode { JurisdictionCode(rawValue: raw) ?? .nation }
        let counties: [(String, String, Double, Double)] = [
            ("520102", "南明区", 106.7144, 26.5679), ("520103", "云岩区", 106.7245, 26.6047),
            ("520111", "花溪区", 106.6703, 26.4098),
            ("520112", "乌当区", 106.7506, 26.6308), ("520113", "白云区", 106.6230, 26.6786),
            ("520115", "观山湖区", 106.6225, 26.6015),
            ("520121", "开阳县", 106.9651, 27.0578), ("520122", "息烽县", 106.7404, 27.0905),
            ("520123", "修文县", 106.5921, 26.8389),
            ("520181", "清镇市", 106.4707, 26.5561),
        ]
        var plans: [DepotProfile] = [
            DepotProfile(
                code: "GZ-P-01", name: "贵州省卫生应急物资储备库", jurisdiction: code("52"), ownerUnitID: units["office-52"],
                operatorKind: .government, location: GeoPoint(longitude: 106.6420, latitude: 26.5320),
                address: "贵阳市花溪区清溪路", areaM2: 20_000, volumeM3: 120_000,
                zones: [.ambient, .cool, .refrigerated, .frozen],
                coldChainM3: 2_000),
            DepotProfile(
                code: "GZ-P-02", name: "省级协议代储库（国药物流）", jurisdiction: code("52"), ownerUnitID: units["office-52"],
                operatorKind: .enterprise, operatorUnitID: units["se-01"],
                location: GeoPoint(longitude: 106.6010, latitude: 26.6280),
                address: "贵阳市观山湖区金阳南路", areaM2: 8_000, volumeM3: 48_000, zones: [.ambient, .cool, .refrigerated],
                coldChainM3: 600),
            DepotProfile(
                code: "GY-C-01", name: "贵阳市医疗物资储备库", jurisdiction: code("5201"), ownerUnitID: units["office-5201"],
                operatorKind: .government, location: GeoPoint(longitude: 106.6302, latitude: 26.6477),
                address: "贵阳市白云区云环中路", areaM2: 6_000, volumeM3: 36_000,
                zones: [.ambient, .cool, .refrigerated, .frozen],
                coldChainM3: 500),
            DepotProfile(
                code: "GY-C-02", name: "市级协议代储库（九州通）", jurisdiction: code("5201"), ownerUnitID: units["office-5201"],
                operatorKind: .enterprise, operatorUnitID: units["se-02"],
                location: GeoPoint(longitude: 106.7031, latitude: 26.6402),
                address: "贵阳市乌当区新添大道", areaM2: 4_000, volumeM3: 24_000, zones: [.ambient, .cool, .refrigerated],
                coldChainM3: 300),
        ]
        for (county, name, lon, lat) in counties {
            plans.append(
                DepotProfile(
                    code: "GY-F-\(county)", name: "\(name)前置储备库", jurisdiction: code(county),
                    ownerUnitID: units["office-\(county)"],
                    operatorKind: .government, location: GeoPoint(longitude: lon + 0.012, latitude: lat - 0.008),
                    address: "贵阳市\(name)", areaM2: 800, volumeM3: 3_600, zones: [.ambient, .cool, .refrigerated],
                    coldChainM3: 50,
                    isForward: true))
        }
        let enterpriseHeld: [(String, String, String, Double, Double)] = [
            ("520111", "花溪区协议代储点", "se-03", 106.6650, 26.4200), ("520115", "观山湖区协议代储点", "se-04", 106.6100, 26.6150),
            ("520181", "清镇市协议代储点", "se-01", 106.4800, 26.5600), ("520123", "修文县协议代储点", "se-02", 106.6000, 26.8300),
        ]
        for (index, (county, name, enterprise, lon, lat)) in enterpriseHeld.enumerated() {
            plans.append(
                DepotProfile(
                    code: "GY-E-0\(index + 1)", name: name, jurisdiction: code(county),
                    ownerUnitID: units["office-\(county)"],
                    operatorKind: .enterprise, operatorUnitID: units[enterprise],
                    location: GeoPoint(longitude: lon, latitude: lat),
                    address: "贵阳市", areaM2: 1_500, volumeM3: 7_000, zones: [.ambient, .cool], coldChainM3: 0))
        }
        plans.append(
            DepotProfile(
                code: "GY-H-01", name: "贵州省人民医院应急物资库", jurisdiction: code("520102"), ownerUnitID: units["hosp-gz-prov"],
                operatorKind: .government, location: GeoPoint(longitude: 106.7130, latitude: 26.5750),
                address: "贵阳市南明区中山东路83号",
                areaM2: 600, volumeM3: 2_400, zones: [.ambient, .cool, .refrigerated], coldChainM3: 30))
        plans.append(
            DepotProfile(
                code: "GY-H-02", name: "贵阳市公共卫生救治中心物资库", jurisdiction: code("520112"),
                ownerUnitID: units["hosp-gy-phc"],
                operatorKind: .government, location: GeoPoint(longitude: 106.7600, latitude: 26.6400),
                address: "贵阳市乌当区",
                areaM2: 500, volumeM3: 2_000, zones: [.ambient, .cool, .refrigerated], coldChainM3: 30))
        return plans
    }

    /// Whether a depot at `level` keeps an item: counties keep the routine reserve, equipment and
    /// special-disease stock sit at city and province level.
    static func stocks(_ item: ItemDefinition, at level: JurisdictionLevel, hospital: Bool, rng: inout SeededGenerator)
        -> Bool
    {
        switch item.reserveClass {
        case .routine: return Double.random(in: 0..<1, using: &rng) < (level == .county ? 0.78 : 0.92)
        case .emergency: return level <= .city && !hospital ? Double.random(in: 0..<1, using: &rng) < 0.7 : false
        case .specialDisease: return level <= .city || hospital
        }
    }

    static func quantity(_ item: ItemDefinition, level: JurisdictionLevel, rng: inout SeededGenerator) -> Int {
        if item.category == .emergencyEquipment { return Int.random(in: 1...4, using: &rng) }
        let scale: Double = level == .province ? 4 : level == .city ? 2 : 1
        let targetFen = Double.random(in: 1_500_000...12_000_000, using: &rng) * scale
        return max(1, min(400_000, Int(targetFen / Double(max(item.unitPriceFen, 1)))))
    }

    struct AccountPlan {
        var username: String
        var displayName: String
        var role: Role
        var jurisdiction: String?
        var unit: UUID?
    }

    static func accountPlans(units: [String: UUID]) -> [AccountPlan] {
        [
            AccountPlan(username: "admin", displayName: "系统管理员", role: .administrator, jurisdiction: "CN"),
            AccountPlan(username: "officer.gz", displayName: "省物资保障专员", role: .supplyOfficer, jurisdiction: "52"),
            AccountPlan(username: "officer.gy", displayName: "市物资保障专员", role: .supplyOfficer, jurisdiction: "5201"),
            AccountPlan(
                username: "officer.nanming", displayName: "南明区物资保障专员", role: .supplyOfficer, jurisdiction: "520102"),
            AccountPlan(
                username: "officer.yunyan", displayName: "云岩区物资保障专员", role: .supplyOfficer, jurisdiction: "520103"),
            AccountPlan(
                username: "operator.se01", displayName: "承储企业操作员", role: .storageOperator, unit: units["se-01"]),
            AccountPlan(
                username: "requester.gzph", displayName: "省人民医院申领人", role: .medicalRequester,
                unit: units["hosp-gz-prov"]),
            AccountPlan(username: "carrier.01", displayName: "承运人", role: .carrier, unit: units["carrier-01"]),
            AccountPlan(username: "inspector.gy", displayName: "市场监管检查员", role: .inspector, jurisdiction: "5201"),
            AccountPlan(username: "finance.gy", displayName: "财务人员", role: .financeOfficer, jurisdiction: "5201"),
            AccountPlan(username: "auditor.gz", displayName: "审计人员", role: .auditor, jurisdiction: "52"),
        ]
    }

    static func randomPassword() -> String {
        // Passwords are printed once; draw them from the system's generator, not the demo seed.
        var system = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<14).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &system)] })
    }

    static func unitProfile(_ v: [String: String], line: Int) throws -> UnitProfile {
        func text(_ key: String) -> String? { v[key].flatMap { $0.isEmpty ? nil : $0 } }
        guard let kind = text("kind").flatMap(UnitKind.init(rawValue:)),
            let code = text("jurisdiction").flatMap(JurisdictionCode.init(rawValue:))
        else { throw LifelineError(.importFailed, ["row": String(line), "reason": "kind or jurisdiction"]) }
        return UnitProfile(
            kind: kind, name: text("name_zh") ?? "", nameEn: text("name_en"), jurisdiction: code,
            hospitalGrade: text("hospital_grade").flatMap(HospitalGrade.init(rawValue:)),
            beds: text("beds").flatMap { Int($0) },
            qualification: text("qualification"), vehicles: text("vehicles").flatMap { Int($0) },
            location: try GeoPoint.validated(
                longitude: text("longitude").flatMap { Double($0) }, latitude: text("latitude").flatMap { Double($0) }),
            address: text("address"), phone: text("contact_phone"))
    }
}
