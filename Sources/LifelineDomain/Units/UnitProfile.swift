import Foundation

/// What Lifeline records about a unit, and the fields each kind needs.
public struct UnitProfile: Sendable, Hashable, Codable {
    public var kind: UnitKind
    public var name: String
    public var nameEn: String?
    public var jurisdiction: JurisdictionCode
    public var hospitalGrade: HospitalGrade?
    public var beds: Int?
    public var qualification: String?
    public var vehicles: Int?
    public var location: GeoPoint?
    public var address: String?
    public var phone: String?

    public init(
        kind: UnitKind, name: String, nameEn: String? = nil, jurisdiction: JurisdictionCode,
        hospitalGrade: HospitalGrade? = nil, beds: Int? = nil, qualification: String? = nil, vehicles: Int? = nil,
        location: GeoPoint? = nil, address: String? = nil, phone: String? = nil
    ) {
        self.kind = kind
        self.name = name
        self.nameEn = nameEn
        self.jurisdiction = jurisdiction
        self.hospitalGrade = hospitalGrade
        self.beds = beds
        self.qualification = qualification
        self.vehicles = vehicles
        self.location = location
        self.address = address
        self.phone = phone
    }

    /// Checks the fields the kind needs: a hospital's grade and beds, a storage enterprise's or
    /// manufacturer's qualification, a carrier's vehicles; and drops fields that do not apply.
    public func validated() throws(LifelineError) -> UnitProfile {
        var profile = self
        profile.name = try Text.required(name, field: "name", max: 120)
        profile.nameEn = try Text.optional(nameEn, field: "nameEn", max: 200)
        profile.address = try Text.optional(address, field: "address", max: 200)
        profile.phone = try Text.optional(phone, field: "phone", max: 40)
        profile.qualification = try Text.optional(qualification, field: "qualification", max: 200)
        switch kind {
        case .medicalInstitution:
            guard hospitalGrade != nil else { throw .required("hospitalGrade") }
            guard let beds else { throw .required("beds") }
            guard (0...20_000).contains(beds) else {
                throw LifelineError(.outOfRange, field: "beds", ["min": "0", "max": "20000"])
            }
        default:
            profile.hospitalGrade = nil
            profile.beds = nil
        }
        switch kind {
        case .storageEnterprise, .manufacturer:
            guard profile.qualification != nil else { throw .required("qualification") }
        case .supplier:
            break
        default:
            profile.qualification = nil
        }
        if kind == .carrier {
            guard let vehicles else { throw .required("vehicles") }
            guard (0...100_000).contains(vehicles) else {
                throw LifelineError(.outOfRange, field: "vehicles", ["min": "0", "max": "100000"])
            }
        } else {
            profile.vehicles = nil
        }
        return profile
    }
}
