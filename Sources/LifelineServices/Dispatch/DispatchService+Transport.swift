import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// The transport register (转运能力底数清单, #12 item 7, ADR 0040): each county's carriers' vehicles
/// and the routes from its depots to its distribution points with their minutes. Officers whose
/// scope contains the county read and write them; unit-bound roles are refused.
extension DispatchService {
    // MARK: - Vehicles

    /// The vehicles in the actor's scope (of one county when `countyCode` is given), by county and plate.
    public func vehicles(countyCode: String? = nil, for actor: Actor) async throws -> [VehicleView] {
        try requireTransportReader(actor)
        let query = VehicleRecord.query(on: database).restricted(to: ScopeFilter(actor), .transport)
        if let countyCode { query.filter(\.$countyCode == countyCode) }
        return try await vehicleViews(try await query.sort(\.$path).sort(\.$plate).all(), on: database)
    }

    /// Registers a vehicle under a county in the actor's scope, or updates it by its plate (audited).
    /// Taking it out of service is saving it with `active` false; it stays on the orders that name it.
    public func saveVehicle(_ input: VehicleInput, by actor: Actor) async throws -> VehicleView {
        try AccessPolicy.require(.manageDepots, actor)
        let spec = try VehicleRegistration.validated(
            plate: input.plate, payloadKg: input.payloadKg, volumeM3: input.volumeM3, coldChain: input.coldChain,
            driver: input.driver, phone: input.phone)
        let now = clock.now()
        return try await store.write { tx in
            let (county, path) = try await transportCounty(input.countyCode, by: actor, on: tx)
            if let carrier = input.carrierUnitId {
                let unit = try await unit(carrier, field: "carrierUnitId", on: tx)
                guard unit.kind == UnitKind.carrier.rawValue else {
                    throw LifelineError.invalid("carrierUnitId", "a carrier (物流运输企业)")
                }
            }
            let existing = try await VehicleRecord.query(on: tx).filter(\.$plate == spec.plate).first()
            if let existing {
                try requireTransportChange(actor, existing.path, column: "transport_vehicles.path")
            }
            var before: VehicleView?
            if let existing { before = try await vehicleViews([existing], on: tx).first }
            let record = existing ?? VehicleRecord()
            if existing == nil { record.id = ids.next() }
            record.countyCode = county.code.rawValue
            record.path = path.rawValue
            record.carrierUnitID = input.carrierUnitId
            record.plate = spec.plate
            record.payloadKg = spec.payloadKg
            record.volumeLitres = spec.volumeLitres
            record.coldChain = spec.coldChain
            record.driver = spec.driver
            record.phone = spec.phone
            record.active = input.active ?? existing?.active ?? true
            record.updatedByName = actor.username
            record.updatedAtMs = now.milliseconds
            try await record.save(on: tx)
            let view = try await vehicleViews([record], on: tx)[0]
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "vehicle.save", by: actor, entity: .vehicle, id: try record.requireID().uuidString, path: path,
                        before: before, after: view)
                ], at: now, on: tx)
            return view
        }
    }

    /// A registered vehicle for an order or an approval (`vehicleId`): it exists, the actor is an
    /// officer whose scope contains its county, and — unless `includeInactive` — it is in service.
    ///
    ///     let vehicle = try await vehicle(input.vehicleId, for: actor, on: tx)  // inside the approval
    public func vehicle(_ id: UUID, for actor: Actor, on db: any Database, includeInactive: Bool = false) async throws
        -> VehicleRecord
    {
        guard let record = try await VehicleRecord.find(id, on: db) else {
            throw LifelineError.unknownReference("vehicleId", .vehicle, id.uuidString)
        }
        try requireTransportChange(actor, record.path, column: "transport_vehicles.path")
        guard includeInactive || record.active else {
            throw LifelineError.invalid("vehicleId", "a vehicle in service (\(record.plate) was taken out)")
        }
        return record
    }

    func vehicleViews(_ records: [VehicleRecord], on db: any Database) async throws -> [VehicleView] {
        let names = try await countyNames(Set(records.map(\.countyCode)), on: db)
        let carrierIDs = Set(records.compactMap(\.carrierUnitID))
        let carriers = Dictionary(
            try await UnitRecord.query(on: db).filter(\.$id ~~ carrierIDs).all().map { (try $0.requireID(), $0.name) },
            uniquingKeysWith: { a, _ in a })
        return try records.map { r in
            VehicleView(
                id: try r.requireID(), plate: r.plate, countyCode: r.countyCode,
                countyName: names[r.countyCode] ?? r.countyCode, path: r.path, carrierUnitId: r.carrierUnitID,
                carrierName: r.carrierUnitID.flatMap { carriers[$0] }, payloadKg: r.payloadKg,
                volumeM3: Double(r.volumeLitres) / 1_000, coldChain: r.coldChain, driver: r.driver, phone: r.phone,
                active: r.active, updatedBy: r.updatedByName,
                updatedAt: Date(timeIntervalSince1970: Double(r.updatedAtMs) / 1_000))
        }
    }

    // MARK: - Routes

    /// The routes to the distribution points in the actor's scope (of one county when `countyCode`
    /// is given), by county, point and minutes.
    public func transportRoutes(countyCode: String? = nil, for actor: Actor) async throws -> [TransportRouteView] {
        try requireTransportReader(actor)
        let query = TransportRouteRecord.query(on: database).restricted(to: ScopeFilter(actor), .transport)
        if let countyCode {
            guard let county = JurisdictionCode(rawValue: countyCode), county.level == .county else { return [] }
            query.filter(\.$path == county.path.rawValue)
        }
        return try await routeViews(try await query.sort(\.$path).all(), on: database)
    }

    /// Registers the route from a county depot to a distribution point of the same county, or
    /// updates it (one per depot and point; audited).
    public func saveTransportRoute(_ input: TransportRouteInput, by actor: Actor) async throws -> TransportRouteView {
        try AccessPolicy.require(.manageDepots, actor)
        try TransportRouteRule.validate(minutes: input.minutes, km: input.km)
        let now = clock.now()
        return try await store.write { tx in
            guard let point = try await DistributionPointRecord.find(input.distributionPointId, on: tx) else {
                throw LifelineError.unknownReference(
                    "distributionPointId", .distributionPoint, input.distributionPointId.uuidString)
            }
            let path = try requireTransportChange(actor, point.path, column: "distribution_points.path")
            guard let depot = try await DepotRecord.find(input.depotId, on: tx) else {
                throw LifelineError.unknownReference("depotId", .depot, input.depotId.uuidString)
            }
            // The 2-hour leg is the county depot's (government-operated), as the distribution points'
            // own leg reads it; a hospital's or an enterprise's depot is not the county's supply base.
            guard depot.jurisdictionCode == point.countyCode,
                depot.operatorKind == DepotOperatorKind.government.rawValue
            else {
                throw LifelineError.invalid("depotId", "a government depot of the distribution point's county")
            }
            let existing = try await TransportRouteRecord.query(on: tx).filter(\.$depotID == input.depotId)
                .filter(\.$distributionPointID == input.distributionPointId).first()
            var before: TransportRouteView?
            if let existing { before = try await routeViews([existing], on: tx).first }
            let record = existing ?? TransportRouteRecord()
            if existing == nil { record.id = ids.next() }
            record.depotID = input.depotId
            record.distributionPointID = input.distributionPointId
            record.minutes = input.minutes
            record.km = input.km
            record.path = path.rawValue
            record.updatedByName = actor.username
            record.updatedAtMs = now.milliseconds
            try await record.save(on: tx)
            let view = try await routeViews([record], on: tx)[0]
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "transport_route.save", by: actor, entity: .transportRoute,
                        id: try record.requireID().uuidString, path: path, before: before, after: view)
                ], at: now, on: tx)
            return view
        }
    }

    func routeViews(_ records: [TransportRouteRecord], on db: any Database) async throws -> [TransportRouteView] {
        let depots = Dictionary(
            try await DepotRecord.query(on: db).filter(\.$id ~~ Set(records.map(\.depotID))).all().map {
                (try $0.requireID(), $0)
            }, uniquingKeysWith: { a, _ in a })
        let points = Dictionary(
            try await DistributionPointRecord.query(on: db).filter(\.$id ~~ Set(records.map(\.distributionPointID)))
                .all().map { (try $0.requireID(), $0) }, uniquingKeysWith: { a, _ in a })
        let names = try await countyNames(Set(points.values.map(\.countyCode)), on: db)
        let limit = TransportRouteRule.limitMinutes(hours: settings.transport.countyDepotToPointHours)
        let views = try records.map { r in
            let depot = depots[r.depotID]
            let point = points[r.distributionPointID]
            let county = point?.countyCode ?? ""
            return TransportRouteView(
                id: try r.requireID(), depotId: r.depotID, depotCode: depot?.code ?? "", depotName: depot?.name ?? "",
                distributionPointId: r.distributionPointID, distributionPointCode: point?.code ?? "",
                distributionPointName: point?.name ?? "", countyCode: county, countyName: names[county] ?? county,
                path: r.path, minutes: r.minutes, km: r.km,
                legTooLong: TransportRouteRule.tooLong(minutes: r.minutes, limitMinutes: limit),
                updatedBy: r.updatedByName, updatedAt: Date(timeIntervalSince1970: Double(r.updatedAtMs) / 1_000))
        }
        return views.sorted {
            ($0.path, $0.distributionPointCode, $0.minutes, $0.depotCode)
                < ($1.path, $1.distributionPointCode, $1.minutes, $1.depotCode)
        }
    }

    // MARK: - Scope

    /// Reading the register: an officer who reads stock; unit-bound roles are refused.
    func requireTransportReader(_ actor: Actor) throws(LifelineError) {
        try AccessPolicy.require(.readStock, actor)
        guard !actor.role.isUnitBound else { throw .outOfScope(.vehicle) }
    }

    /// The stored `path` of a row, after checking the actor may change it: an officer (not
    /// unit-bound) whose scope contains it.
    @discardableResult
    func requireTransportChange(_ actor: Actor, _ stored: String, column: String) throws(LifelineError)
        -> JurisdictionPath
    {
        let path = try Stored.value(JurisdictionPath.self, stored, column: column)
        guard !actor.role.isUnitBound, actor.scope.contains(path) else { throw .outOfScope(.jurisdiction) }
        return path
    }

    /// A county (6 digits) the actor's scope contains, and its path.
    func transportCounty(_ code: String, by actor: Actor, on db: any Database) async throws -> (
        JurisdictionRecord, JurisdictionPath
    ) {
        let county = try await jurisdiction(code, field: "countyCode", on: db)
        let path = try county.jurisdictionPath
        guard path.level == .county else { throw LifelineError.invalid("countyCode", "a county (6 digits)") }
        guard !actor.role.isUnitBound, actor.scope.contains(path) else {
            throw LifelineError.outOfScope(.jurisdiction)
        }
        return (county, path)
    }

    func countyNames(_ codes: Set<String>, on db: any Database) async throws -> [String: String] {
        Dictionary(
            try await JurisdictionRecord.query(on: db).filter(\.$id ~~ codes).all().map { ($0.code.rawValue, $0.name) },
            uniquingKeysWith: { a, _ in a })
    }
}

extension RowReach {
    /// A vehicle or a route: its county's area (unit-bound roles read none).
    static let transport = RowReach(paths: ["path"])
}
