import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore

/// A small world for tests: two counties of Guiyang with a depot each, an enterprise-held depot,
/// a lot of 100 masks, and users of several roles with API tokens.
public struct World: Sendable {
    public var services: LifelineServices.Services
    public var nanming: UUID  // depot in 520102
    public var yunyan: UUID  // depot in 520103
    public var enterpriseDepot: UUID  // in 520102, operated by `enterprise`
    public var enterprise: UUID
    public var hospital: UUID
    public var mask: UUID  // PPE item, ambient
    public var vaccine: UUID  // refrigerated item
    public var lot: UUID  // 100 masks in `nanming`, expiring 2027-06-30
    public var yunyanLot: UUID  // 50 masks in `yunyan`
    public var officerA: Actor  // county officer of 520102
    public var officerB: Actor  // county officer of 520103
    public var cityOfficer: Actor
    public var auditor: Actor
    public var operatorActor: Actor
    public var tokens: [String: String]

    public static let password = "correct horse battery"

    public static func build(_ services: LifelineServices.Services) async throws -> World {
        let system = Actor.system
        func code(_ text: String) -> JurisdictionCode { JurisdictionCode(rawValue: text)! }
        let office = try await services.reference.createUnit(
            UnitProfile(kind: .supplyOffice, name: "南明区物资保障组", jurisdiction: code("520102")), by: system)
        let enterprise = try await services.reference.createUnit(
            UnitProfile(
                kind: .storageEnterprise, name: "黔药物流", jurisdiction: code("520102"), qualification: "药品经营许可证 黔AA0001"),
            by: system)
        let hospital = try await services.reference.createUnit(
            UnitProfile(
                kind: .medicalInstitution, name: "南明区人民医院", jurisdiction: code("520102"), hospitalGrade: .grade2A,
                beds: 500), by: system)
        func depot(
            _ depotCode: String, _ county: String, operatorKind: DepotOperatorKind = .government,
            operatorUnit: UUID? = nil
        ) async throws -> UUID {
            let profile = DepotProfile(
                code: depotCode, name: "库 \(depotCode)", jurisdiction: code(county), ownerUnitID: office.id,
                operatorKind: operatorKind,
                operatorUnitID: operatorUnit, location: GeoPoint(longitude: 106.71, latitude: 26.57), areaM2: 500,
                volumeM3: 2000,
                zones: [.ambient, .cool])
            let created = try await services.reference.createDepot(profile, by: system)
            return created.id
        }
        let nanming = try await depot("T-520102", "520102")
        let yunyan = try await depot("T-520103", "520103")
        let enterpriseDepot = try await depot(
            "T-E-01", "520102", operatorKind: .enterprise, operatorUnit: enterprise.id)
        let items = try await services.reference.items(ItemFilter(), page: PageRequest(page: 1, per: 500), for: system)
            .items
        guard let mask = items.first(where: { $0.definition.category == .masks && $0.definition.storage == .ambient }),
            let vaccine = items.first(where: { $0.definition.storage == .refrigerated })
        else { throw LifelineError(.notFound, ["entity": "item", "id": "mask"]) }
        let lot = try await services.stock.receive(
            ReceiptInput(
                depotId: nanming, itemId: mask.id, quantity: 100, batchNo: "B-100", manufacturer: "稳健医疗",
                productionDate: "2025-06-30", expiryDate: "2027-06-30"), key: "world-lot", by: system
        ).movements[0].lotId
        let yunyanLot = try await services.stock.receive(
            ReceiptInput(
                depotId: yunyan, itemId: mask.id, quantity: 50, batchNo: "B-050", manufacturer: "稳健医疗",
                productionDate: "2025-06-30", expiryDate: "2027-06-30"), key: "world-lot-b", by: system
        ).movements[0].lotId
        var tokens: [String: String] = [:]
        func user(_ name: String, _ role: Role, _ jurisdiction: String?, unit: UUID? = nil) async throws -> Actor {
            let view = try await services.access.createUser(
                NewUser(
                    username: name, displayName: name, password: password, role: role, jurisdiction: jurisdiction,
                    unitId: unit), by: system)
            guard let actor = try await services.access.actor(userID: view.id) else {
                throw LifelineError(.notFound, ["entity": "user", "id": name])
            }
            tokens[name] = try await services.access.issueToken(name: "test", validForDays: 30, for: actor).token
            return actor
        }
        return World(
            services: services, nanming: nanming, yunyan: yunyan, enterpriseDepot: enterpriseDepot,
            enterprise: enterprise.id,
            hospital: hospital.id, mask: mask.id, vaccine: vaccine.id, lot: lot, yunyanLot: yunyanLot,
            officerA: try await user("officer.a", .supplyOfficer, "520102"),
            officerB: try await user("officer.b", .supplyOfficer, "520103"),
            cityOfficer: try await user("officer.city", .supplyOfficer, "5201"),
            auditor: try await user("auditor", .auditor, "52"),
            operatorActor: try await user("operator", .storageOperator, nil, unit: enterprise.id), tokens: tokens)
    }

    public func token(_ name: String) -> String { tokens[name] ?? "" }
}
