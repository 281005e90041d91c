import FluentKit
import Foundation
import LifelineDomain

/// A row of `transport_vehicles`: a carrier's vehicle registered under a county (转运能力底数清单,
/// #12 item 7) — its plate, payload, load space in litres, cold chain, driver and phone.
public final class VehicleRecord: Model, @unchecked Sendable {
    public static let schema = "transport_vehicles"

    @ID(key: .id) public var id: UUID?
    @Field(key: "county_code") public var countyCode: String
    @Field(key: "path") public var path: String
    @OptionalField(key: "carrier_unit_id") public var carrierUnitID: UUID?
    @Field(key: "plate") public var plate: String
    @Field(key: "payload_kg") public var payloadKg: Int
    @Field(key: "volume_litres") public var volumeLitres: Int
    @Field(key: "cold_chain") public var coldChain: Bool
    @Field(key: "driver") public var driver: String
    @Field(key: "phone") public var phone: String
    /// False once the county takes it out of service: kept for the orders that name it.
    @Field(key: "active") public var active: Bool
    @Field(key: "updated_by_name") public var updatedByName: String
    @Field(key: "updated_at_ms") public var updatedAtMs: Int

    public var properties: [any AnyProperty] {
        [
            $id, $countyCode, $path, $carrierUnitID, $plate, $payloadKg, $volumeLitres, $coldChain, $driver, $phone,
            $active, $updatedByName, $updatedAtMs,
        ]
    }

    public init() {}
}

/// A row of `transport_routes`: the one-way minutes (and road kilometres, if known) from a county
/// depot to a distribution point of the same county; one per depot and point.
public final class TransportRouteRecord: Model, @unchecked Sendable {
    public static let schema = "transport_routes"

    @ID(key: .id) public var id: UUID?
    @Field(key: "depot_id") public var depotID: UUID
    @Field(key: "distribution_point_id") public var distributionPointID: UUID
    @Field(key: "minutes") public var minutes: Int
    @OptionalField(key: "km") public var km: Double?
    /// The distribution point's county.
    @Field(key: "path") public var path: String
    @Field(key: "updated_by_name") public var updatedByName: String
    @Field(key: "updated_at_ms") public var updatedAtMs: Int

    public var properties: [any AnyProperty] {
        [$id, $depotID, $distributionPointID, $minutes, $km, $path, $updatedByName, $updatedAtMs]
    }

    public init() {}
}
