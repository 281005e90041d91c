import FluentKit
import Foundation
import LifelineDomain

/// A row of `depots`: a reserve warehouse (储备库).
public final class DepotRecord: Model, @unchecked Sendable {
    public static let schema = "depots"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @Field(key: "jurisdiction_code") public var jurisdictionCode: String
    @Field(key: "path") public var path: String
    @OptionalField(key: "owner_unit_id") public var ownerUnitID: UUID?
    @Field(key: "operator_kind") public var operatorKind: String
    @OptionalField(key: "operator_unit_id") public var operatorUnitID: UUID?
    @Field(key: "longitude") public var longitude: Double
    @Field(key: "latitude") public var latitude: Double
    @OptionalField(key: "address") public var address: String?
    @Field(key: "area_m2") public var areaM2: Int
    @Field(key: "volume_m3") public var volumeM3: Int
    /// Comma-separated temperature zones (`ambient,refrigerated`).
    @Field(key: "zones") public var zones: String
    @Field(key: "cold_chain_m3") public var coldChainM3: Int
    @Field(key: "is_forward") public var isForward: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] {
        [
            $id, $code, $name, $jurisdictionCode, $path, $ownerUnitID, $operatorKind, $operatorUnitID, $longitude,
            $latitude, $address,
            $areaM2, $volumeM3, $zones, $coldChainM3, $isForward, $createdAt, $updatedAt,
        ]
    }

    public init() {}

    public init(id: UUID, profile: DepotProfile) {
        self.id = id
        apply(profile)
    }

    public func apply(_ p: DepotProfile) {
        code = p.code
        name = p.name
        jurisdictionCode = p.jurisdiction.rawValue
        path = p.jurisdiction.path.rawValue
        ownerUnitID = p.ownerUnitID
        operatorKind = p.operatorKind.rawValue
        operatorUnitID = p.operatorUnitID
        longitude = p.location.longitude
        latitude = p.location.latitude
        address = p.address
        areaM2 = p.areaM2
        volumeM3 = p.volumeM3
        zones = p.zones.map(\.rawValue).joined(separator: ",")
        coldChainM3 = p.coldChainM3
        isForward = p.isForward
    }

    public var profile: DepotProfile {
        get throws {
            DepotProfile(
                code: code, name: name,
                jurisdiction: try Stored.value(
                    JurisdictionCode.self, jurisdictionCode, column: "depots.jurisdiction_code"),
                ownerUnitID: ownerUnitID,
                operatorKind: try Stored.value(DepotOperatorKind.self, operatorKind, column: "depots.operator_kind"),
                operatorUnitID: operatorUnitID, location: GeoPoint(longitude: longitude, latitude: latitude),
                address: address, areaM2: areaM2, volumeM3: volumeM3,
                // stored by apply(_:), always valid
                zones: (try? StorageCondition.parseList(zones, field: "zones")) ?? [.ambient],
                coldChainM3: coldChainM3, isForward: isForward)
        }
    }

    public var jurisdictionPath: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, path, column: "depots.path") }
    }
    public var location: GeoPoint { GeoPoint(longitude: longitude, latitude: latitude) }
}
