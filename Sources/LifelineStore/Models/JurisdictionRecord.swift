import FluentKit
import Foundation
import LifelineDomain

/// A row of `jurisdictions`: one node of the division tree.
public final class JurisdictionRecord: Model, @unchecked Sendable {
    public static let schema = "jurisdictions"

    /// The short code (`CN`, `52`, `5201`, `520102`).
    @ID(custom: "code", generatedBy: .user) public var id: String?
    @Field(key: "name") public var name: String
    @Field(key: "level") public var level: String
    @OptionalField(key: "parent_code") public var parentCode: String?
    @Field(key: "path") public var path: String
    @OptionalField(key: "longitude") public var longitude: Double?
    @OptionalField(key: "latitude") public var latitude: Double?
    @OptionalField(key: "population") public var population: Int?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] {
        [$id, $name, $level, $parentCode, $path, $longitude, $latitude, $population, $updatedAt]
    }

    public init() {}

    public init(_ jurisdiction: Jurisdiction) {
        self.id = jurisdiction.code.rawValue
        self.name = jurisdiction.name
        self.level = jurisdiction.level.rawValue
        self.parentCode = jurisdiction.code.parent?.rawValue
        self.path = jurisdiction.path.rawValue
        self.longitude = jurisdiction.location?.longitude
        self.latitude = jurisdiction.location?.latitude
        self.population = jurisdiction.population
    }

    public var code: JurisdictionCode { JurisdictionCode(rawValue: id ?? "CN") ?? .nation }
    public var jurisdictionPath: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, path, column: "jurisdictions.path") }
    }
    public var location: GeoPoint? {
        guard let longitude, let latitude else { return nil }
        return GeoPoint(longitude: longitude, latitude: latitude)
    }
}
