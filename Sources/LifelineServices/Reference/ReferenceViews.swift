import Foundation
import LifelineDomain
import LifelineStore

public struct JurisdictionView: Codable, Sendable, Hashable {
    public var code: String
    public var name: String
    public var level: JurisdictionLevel
    public var parentCode: String?
    public var path: String
    public var longitude: Double?
    public var latitude: Double?
    public var population: Int?

    init(_ r: JurisdictionRecord) throws {
        code = r.id ?? ""
        name = r.name
        level = try Stored.value(JurisdictionLevel.self, r.level, column: "jurisdictions.level")
        parentCode = r.parentCode
        path = r.path
        longitude = r.longitude
        latitude = r.latitude
        population = r.population
    }
}

public struct MacroRegionView: Codable, Sendable, Hashable {
    public var code: String
    public var nameZh: String
    public var nameEn: String
    public var members: [String]
    public var leads: [String]
}

public struct UnitView: Codable, Sendable, Hashable {
    public var id: UUID
    public var kind: UnitKind
    public var name: String
    public var nameEn: String?
    public var jurisdictionCode: String
    public var path: String
    public var hospitalGrade: HospitalGrade?
    public var beds: Int?
    public var qualification: String?
    public var vehicles: Int?
    public var longitude: Double?
    public var latitude: Double?
    public var address: String?
    public var phone: String?

    init(_ r: UnitRecord) throws {
        let p = try r.profile
        id = try r.requireID()
        kind = p.kind
        name = p.name
        nameEn = p.nameEn
        jurisdictionCode = r.jurisdictionCode
        path = r.path
        hospitalGrade = p.hospitalGrade
        beds = p.beds
        qualification = p.qualification
        vehicles = p.vehicles
        longitude = p.location?.longitude
        latitude = p.location?.latitude
        address = p.address
        phone = p.phone
    }
}

public struct ItemView: Codable, Sendable, Hashable {
    public var id: UUID
    public var definition: ItemDefinition

    init(_ r: ItemRecord) throws {
        id = try r.requireID()
        definition = try r.definition
    }
}

public struct CatalogueVersionView: Codable, Sendable, Hashable {
    public var id: UUID
    public var number: Int
    public var title: String
    public var basedOn: Int?
    public var createdBy: String
    public var createdAt: Date?
    public var itemCount: Int
    public var entries: [CatalogueEntryView]?
}

public struct CatalogueEntryView: Codable, Sendable, Hashable {
    public var itemId: UUID
    public var code: String
    public var nameZh: String
    public var nameEn: String
    public var category: String
    public var reserveClass: String
    public var unitZh: String
    public var unitPriceFen: Int
}

public struct DepotView: Codable, Sendable, Hashable {
    public var id: UUID
    public var profile: DepotProfile
    public var path: String

    init(_ r: DepotRecord) throws {
        id = try r.requireID()
        profile = try r.profile
        path = r.path
    }
}
