import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// Distribution points (保障网点, R7.3): registered under a county by its officers; each shows whether
/// it keeps enough of the first round packed (``DistributionPointRule``), whether its county has so
/// many points that the first round must sink to them, and whether the county depot reaches it
/// within 2 hours.
extension DispatchService {
    /// The distribution points in the actor's scope, by county and code.
    public func distributionPoints(for actor: Actor) async throws -> [DistributionPointView] {
        try AccessPolicy.require(.readStock, actor)
        let records = try await DistributionPointRecord.query(on: database)
            .restricted(to: ScopeFilter(actor), .distributionPoints).sort(\.$path).sort(\.$code).all()
        return try await distributionPointViews(records, on: database)
    }

    /// Registers or updates (by code) a distribution point under a county in the actor's scope (audited).
    public func saveDistributionPoint(_ input: DistributionPointInput, by actor: Actor) async throws
        -> DistributionPointView
    {
        try AccessPolicy.require(.manageDepots, actor)
        let code = try Text.required(input.code, field: "code", max: 40)
        let name = try Text.required(input.name, field: "name", max: 200)
        try DistributionPointRule.validate(servedPoints: input.servedPoints, prePackedPoints: input.prePackedPoints)
        guard let location = try GeoPoint.validated(longitude: input.longitude, latitude: input.latitude) else {
            throw LifelineError.required("longitude")
        }
        let now = clock.now()
        return try await store.write { tx in
            let county = try await jurisdiction(input.countyCode, field: "countyCode", on: tx)
            let path = try county.jurisdictionPath
            guard path.level == .county else { throw LifelineError.invalid("countyCode", "a county (6 digits)") }
            guard !actor.role.isUnitBound, actor.scope.contains(path) else {
                throw LifelineError.outOfScope(.jurisdiction)
            }
            let existing = try await DistributionPointRecord.query(on: tx).filter(\.$code == code).first()
            if let existing,
                !actor.scope.contains(
                    try Stored.value(
                        JurisdictionPath.self, existing.path, column: "distribution_points.path"))
            {
                throw LifelineError.outOfScope(.jurisdiction)
            }
            var before: DistributionPointView?
            if let existing { before = try await distributionPointViews([existing], on: tx).first }
            let record = existing ?? DistributionPointRecord()
            if existing == nil { record.id = ids.next() }
            record.code = code
            record.name = name
            record.countyCode = county.code.rawValue
            record.path = path.rawValue
            record.longitude = location.longitude
            record.latitude = location.latitude
            record.servedPoints = input.servedPoints
            record.prePackedPoints = input.prePackedPoints
            record.siteArea = input.site?.area.rawValue
            record.siteDensity = input.site?.density.rawValue
            record.siteKind = input.site?.kind.rawValue
            record.updatedByName = actor.username
            record.updatedAtMs = now.milliseconds
            try await record.save(on: tx)
            let view = try await distributionPointViews([record], on: tx)[0]
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "distribution_point.save", by: actor, entity: .depot, id: try record.requireID().uuidString,
                        path: path, before: before, after: view)
                ], at: now, on: tx)
            return view
        }
    }

    func distributionPointViews(_ records: [DistributionPointRecord], on db: any Database) async throws
        -> [DistributionPointView]
    {
        let counties = Set(records.map(\.countyCode))
        // How many points each county has (the sinking rule), and its government depots (the 2-hour leg).
        var perCounty: [String: Int] = [:]
        for row in try await DistributionPointRecord.query(on: db).filter(\.$countyCode ~~ counties).all() {
            perCounty[row.countyCode, default: 0] += 1
        }
        let depots = try await DepotRecord.query(on: db).filter(\.$jurisdictionCode ~~ counties)
            .filter(\.$operatorKind == DepotOperatorKind.government.rawValue).all()
        let names = Dictionary(
            try await JurisdictionRecord.query(on: db).filter(\.$id ~~ counties).all().map {
                ($0.code.rawValue, $0.name)
            },
            uniquingKeysWith: { a, _ in a })
        return try records.map { r in
            let point = GeoPoint(longitude: r.longitude, latitude: r.latitude)
            let nearest = ForwardReach.nearest(
                from: point,
                depots: try depots.filter { $0.jurisdictionCode == r.countyCode }.map {
                    (id: try $0.requireID(), location: GeoPoint(longitude: $0.longitude, latitude: $0.latitude))
                })
            let depot = nearest.flatMap { n in depots.first { $0.id == n.id } }
            let hours = nearest.map { DistributionPointRule.legHours(kilometres: $0.kilometres) }
            var view = DistributionPointView(
                id: try r.requireID(), code: r.code, name: r.name, countyCode: r.countyCode,
                countyName: names[r.countyCode] ?? r.countyCode, path: r.path, longitude: r.longitude,
                latitude: r.latitude, servedPoints: r.servedPoints, prePackedPoints: r.prePackedPoints,
                minimumPrePacked: DistributionPointRule.minimumPrePacked(servedPoints: r.servedPoints),
                complies: DistributionPointRule.complies(
                    servedPoints: r.servedPoints, prePackedPoints: r.prePackedPoints),
                pointsInCounty: perCounty[r.countyCode] ?? 1,
                firstRoundSinks: DistributionPointRule.firstRoundSinks(
                    distributionPointsInDistrict: perCounty[r.countyCode] ?? 1),
                countyDepotCode: depot?.code, legHours: hours.map { ($0 * 10).rounded() / 10 },
                legTooLong: hours.map { $0 > DistributionPointRule.maxLegHours } ?? true)
            view.site = try r.siteAttributes
            return view
        }
    }
}

/// A distribution point as an officer registers it.
public struct DistributionPointInput: Codable, Sendable, Hashable {
    public var code: String
    public var name: String
    public var countyCode: String
    public var longitude: Double?
    public var latitude: Double?
    public var servedPoints: Int
    public var prePackedPoints: Int
    /// The attributes R6.1 ranks the point's requests by (optional).
    public var site: SiteAttributes?

    public init(
        code: String, name: String, countyCode: String, longitude: Double?, latitude: Double?, servedPoints: Int,
        prePackedPoints: Int, site: SiteAttributes? = nil
    ) {
        self.site = site
        self.code = code
        self.name = name
        self.countyCode = countyCode
        self.longitude = longitude
        self.latitude = latitude
        self.servedPoints = servedPoints
        self.prePackedPoints = prePackedPoints
    }
}

/// A distribution point with its compliance.
public struct DistributionPointView: Codable, Sendable, Equatable {
    public var id: UUID
    public var code: String
    public var name: String
    public var countyCode: String
    public var countyName: String
    public var path: String
    public var longitude: Double
    public var latitude: Double
    public var servedPoints: Int
    public var prePackedPoints: Int
    /// What the pre-packing rule asks of it (points' worth).
    public var minimumPrePacked: Int
    public var complies: Bool
    public var pointsInCounty: Int
    /// The county has more than six points: the first round is kept at the points.
    public var firstRoundSinks: Bool
    /// The county's nearest government depot, and the leg's hours from it.
    public var countyDepotCode: String?
    public var legHours: Double?
    /// Over 2 hours, or no county depot at all.
    public var legTooLong: Bool
    /// The attributes R6.1 ranks the point's requests by, if registered.
    public var site: SiteAttributes? = nil
}

extension RowReach {
    /// A distribution point: its county's area.
    static let distributionPoints = RowReach(paths: ["path"])
}
