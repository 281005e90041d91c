import FluentKit
import Foundation
import LifelineDomain

/// A row of `temperature_readings`: one reading of a depot zone's logger (R11.3), in tenths of °C.
public final class TemperatureReadingRecord: Model, @unchecked Sendable {
    public static let schema = "temperature_readings"

    @ID(key: .id) public var id: UUID?
    @Field(key: "depot_id") public var depotID: UUID
    @Field(key: "zone") public var zone: String
    @Field(key: "path") public var path: String
    @Field(key: "at_ms") public var atMs: Int
    @Field(key: "tenths") public var tenths: Int

    public var properties: [any AnyProperty] { [$id, $depotID, $zone, $path, $atMs, $tenths] }

    public init() {}
}

/// A row of `zone_excursions`: a depot zone's temperature left its limits (R11.3). The zone's lots
/// were held when it opened; an inspector releases them or condemns them (they stay held for the
/// two-person write-off).
public final class ZoneExcursionRecord: StatefulRecord, @unchecked Sendable {
    public static let schema = "zone_excursions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "depot_id") public var depotID: UUID
    @Field(key: "zone") public var zone: String
    @Field(key: "path") public var path: String
    /// Changes only through `Locked.transition(to:on:)` (ADR 0022).
    @Field(key: "status") public internal(set) var status: String
    @Field(key: "first_at_ms") public var firstAtMs: Int
    @Field(key: "last_at_ms") public var lastAtMs: Int
    @Field(key: "min_tenths") public var minTenths: Int
    @Field(key: "max_tenths") public var maxTenths: Int
    @Field(key: "readings") public var readings: Int
    /// The lots held and how many units of each, `lotID:quantity` comma-separated.
    @Field(key: "held_lots") public var heldLots: String
    @OptionalField(key: "decided_by_name") public var decidedByName: String?
    @OptionalField(key: "decided_at_ms") public var decidedAtMs: Int?
    @OptionalField(key: "decision_note") public var decisionNote: String?

    public var properties: [any AnyProperty] {
        [
            $id, $depotID, $zone, $path, $status, $firstAtMs, $lastAtMs, $minTenths, $maxTenths, $readings, $heldLots,
            $decidedByName, $decidedAtMs, $decisionNote,
        ]
    }

    public init() {}

    public convenience init(status: String) {
        self.init()
        self.status = status
    }

    public var jurisdictionPath: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, path, column: "zone_excursions.path") }
    }
    /// The held lots and quantities.
    public var held: [(lot: UUID, quantity: Int)] {
        heldLots.split(separator: ",").compactMap { part in
            let pieces = part.split(separator: ":")
            guard pieces.count == 2, let id = UUID(uuidString: String(pieces[0])), let q = Int(pieces[1]) else {
                return nil
            }
            return (id, q)
        }
    }
}

extension ZoneExcursionRecord: StatusWritable {}
