import FluentKit
import Foundation
import LifelineDomain

/// A row of `units`: an office, institution, enterprise, carrier, supplier or donor.
public final class UnitRecord: Model, @unchecked Sendable {
    public static let schema = "units"

    @ID(key: .id) public var id: UUID?
    @Field(key: "kind") public var kind: String
    @Field(key: "name") public var name: String
    @OptionalField(key: "name_en") public var nameEn: String?
    @Field(key: "jurisdiction_code") public var jurisdictionCode: String
    @Field(key: "path") public var path: String
    @OptionalField(key: "hospital_grade") public var hospitalGrade: String?
    @OptionalField(key: "beds") public var beds: Int?
    @OptionalField(key: "qualification") public var qualification: String?
    @OptionalField(key: "vehicles") public var vehicles: Int?
    @OptionalField(key: "longitude") public var longitude: Double?
    @OptionalField(key: "latitude") public var latitude: Double?
    @OptionalField(key: "address") public var address: String?
    @OptionalField(key: "phone") public var phone: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] {
        [
            $id, $kind, $name, $nameEn, $jurisdictionCode, $path, $hospitalGrade, $beds, $qualification, $vehicles,
            $longitude, $latitude,
            $address, $phone, $createdAt, $updatedAt,
        ]
    }

    public init() {}

    public init(id: UUID, profile: UnitProfile) {
        self.id = id
        apply(profile)
    }

    public func apply(_ profile: UnitProfile) {
        kind = profile.kind.rawValue
        name = profile.name
        nameEn = profile.nameEn
        jurisdictionCode = profile.jurisdiction.rawValue
        path = profile.jurisdiction.path.rawValue
        hospitalGrade = profile.hospitalGrade?.rawValue
        beds = profile.beds
        qualification = profile.qualification
        vehicles = profile.vehicles
        longitude = profile.location?.longitude
        latitude = profile.location?.latitude
        address = profile.address
        phone = profile.phone
    }

    public var profile: UnitProfile {
        get throws {
            UnitProfile(
                kind: try Stored.value(UnitKind.self, kind, column: "units.kind"), name: name, nameEn: nameEn,
                jurisdiction: try Stored.value(
                    JurisdictionCode.self, jurisdictionCode, column: "units.jurisdiction_code"),
                hospitalGrade: try Stored.optionalValue(
                    HospitalGrade.self, hospitalGrade, column: "units.hospital_grade"), beds: beds,
                qualification: qualification, vehicles: vehicles,
                location: longitude.flatMap { lon in latitude.map { GeoPoint(longitude: lon, latitude: $0) } },
                address: address, phone: phone)
        }
    }

    public var jurisdictionPath: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, path, column: "units.path") }
    }
}
