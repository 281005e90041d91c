import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore

/// The fleet check (#12 item 7, ADR 0040): does the county's registered fleet bring round 1 of a
/// mass-testing plan from its depots to its distribution points within the leg limit?
extension DispatchService {
    /// Plans `input` with the standard in force, takes round 1's demand for the county (the plan's
    /// area whose code is `countyCode`, else the whole plan), turns it into cubic metres with the
    /// catalogue's volumes, divides it among the county's distribution points by the sampling
    /// points each serves, and runs ``FleetCheck`` over the county's vehicles in service and its
    /// routes' minutes against the county-depot-to-point limit (2 h unless an administrator changed it).
    public func fleetCheck(_ input: MassTestingInput, countyCode: String, for actor: Actor) async throws
        -> FleetCheckView
    {
        try requireTransportReader(actor)
        let (county, _) = try await transportCounty(countyCode, by: actor, on: database)
        let standard = try await standardInForce()
        let plan = try MassTestingPlanner.plan(input, standard: standard)
        let demand: [(itemClass: String, catalogueCode: String?, quantity: Int)] =
            if plan.areas.contains(where: { $0.code == countyCode }) {
                plan.lines.filter { $0.round == 1 && $0.areaCode == countyCode }.map {
                    ($0.itemClass, $0.catalogueCode, $0.quantity)
                }
            } else {
                plan.totals.filter { $0.round == 1 }.map { ($0.itemClass, $0.catalogueCode, $0.quantity) }
            }
        let codes = Set(demand.compactMap(\.catalogueCode))
        let volumes = Dictionary(
            try await ItemRecord.query(on: database).filter(\.$code ~~ codes).all().map { ($0.code, $0.volumeCm3) },
            uniquingKeysWith: { a, _ in a })
        let points = try await DistributionPointRecord.query(on: database).filter(\.$countyCode == countyCode)
            .sort(\.$code).all()
        let pointIDs = try points.map { try $0.requireID() }
        var legs: [UUID: Int] = [:]
        for route in try await TransportRouteRecord.query(on: database).filter(\.$distributionPointID ~~ pointIDs)
            .all()
        {
            legs[route.distributionPointID] = min(legs[route.distributionPointID] ?? .max, route.minutes)
        }
        let vehicles = try await VehicleRecord.query(on: database).filter(\.$countyCode == countyCode)
            .filter(\.$active == true).sort(\.$plate).all()
        let limit = TransportRouteRule.limitMinutes(hours: settings.transport.countyDepotToPointHours)
        let result = FleetCheck.check(
            loads: demand.map {
                FleetCheck.Load(
                    itemClass: $0.itemClass, quantity: $0.quantity, volumeCm3: $0.catalogueCode.flatMap { volumes[$0] })
            },
            points: try points.map {
                FleetCheck.Point(
                    key: try $0.requireID().uuidString, servedPoints: $0.servedPoints,
                    legMinutes: legs[try $0.requireID()])
            },
            // Plates are unique: the check's keys, so that equal vehicles are taken in plate order.
            vehicles: vehicles.map { FleetCheck.Vehicle(key: $0.plate, litres: $0.volumeLitres) },
            limitMinutes: limit)
        let entries = Dictionary(standard.entries.map { ($0.itemClass, $0) }, uniquingKeysWith: { a, _ in a })
        let quantities = Dictionary(demand.map { ($0.itemClass, $0.quantity) }, uniquingKeysWith: +)
        func m3(_ litres: Int128) -> Double { Double(litres) / 1_000 }
        func count(_ value: Int128?, _ field: String) throws -> Int? {
            guard let value else { return nil }
            guard let int = Int(exactly: value) else {
                throw LifelineError(.valueTooLarge, field: field, ["max": String(Int.max)])
            }
            return int
        }
        return FleetCheckView(
            countyCode: county.code.rawValue, countyName: county.name, standardVersion: plan.standardVersion,
            limitMinutes: limit, fits: result.fits, loadM3: m3(result.loadLitres),
            capacityM3: m3(result.capacityLitres),
            missingM3: m3(result.missingLitres), unreachableM3: m3(result.unreachableLitres),
            noDistributionPoints: result.noDistributionPoints, vehicles: vehicles.count,
            medianVolumeM3: result.medianVehicleLitres.map { Double($0) / 1_000 },
            additionalVehicles: try count(result.additionalVehicles, "additionalVehicles"),
            unknownVolume: result.unknownVolumeClasses.map { itemClass in
                let entry = entries[itemClass]
                return FleetCheckClassView(
                    itemClass: itemClass, itemCode: entry?.itemCode ?? itemClass, nameZh: entry?.nameZh ?? itemClass,
                    nameEn: entry?.nameEn ?? itemClass, quantity: quantities[itemClass] ?? 0)
            },
            points: try zip(points, result.points).map { record, point in
                FleetCheckPointView(
                    distributionPointId: try record.requireID(), code: record.code, name: record.name,
                    servedPoints: point.servedPoints, loadM3: m3(point.loadLitres), legMinutes: point.legMinutes,
                    noRoute: point.noRoute, legTooLong: point.legTooLong, tripsPerVehicle: point.tripsPerVehicle,
                    plates: point.vehicles, capacityM3: m3(point.capacityLitres),
                    missingM3: m3(point.missingLitres),
                    additionalVehicles: try count(point.additionalVehicles, "points.additionalVehicles"))
            },
            spareVehicles: result.spareVehicles)
    }
}
