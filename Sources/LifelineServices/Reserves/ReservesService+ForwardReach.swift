import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// The reach of forward depots (R4.1): the counties in the actor's scope whose centre lies beyond
/// 50 km or 4 hours of every forward depot (``ForwardReach``), for the dashboard.
extension ReservesService {
    /// The counties in the actor's scope (with coordinates) that no forward depot reaches within
    /// ``ForwardReach/maxKilometres`` and ``ForwardReach/maxHours``, farthest first; counties with no
    /// forward depot anywhere come first. Any forward depot counts, in or out of the actor's scope:
    /// a neighbour's depot serves a county as well. Unit-bound roles read no jurisdictions: `[]`.
    ///
    /// Two queries whatever the scope: the counties of the subtree, and every forward depot.
    public func forwardReachGaps(for actor: Actor) async throws -> [ForwardReachGap] {
        try AccessPolicy.require(.readStock, actor)
        guard !actor.role.isUnitBound else { return [] }
        var counties = JurisdictionRecord.query(on: database)
            .filter(\.$level == JurisdictionLevel.county.rawValue)
        if let subtree = actor.scope.sqlSubtree(column: "path") { counties = counties.filter(.sql(embed: subtree)) }
        let places = try await counties.all().compactMap { record -> (JurisdictionRecord, GeoPoint)? in
            guard let location = record.location, let path = try? record.jurisdictionPath,
                actor.scope.contains(path)
            else { return nil }
            return (record, location)
        }
        guard !places.isEmpty else { return [] }
        let depots = try await DepotRecord.query(on: database).filter(\.$isForward == true).all()
        let reach = ForwardDepots(depots)
        var gaps: [ForwardReachGap] = []
        for (county, location) in places {
            let nearest = reach.nearest(from: location)
            if let nearest, !ForwardReach.isBeyond(kilometres: nearest.kilometres, hours: nearest.hours) { continue }
            let depot = nearest.flatMap { reach.byID[$0.id] }
            gaps.append(
                ForwardReachGap(
                    countyCode: county.code.rawValue, countyName: county.name, longitude: location.longitude,
                    latitude: location.latitude, depotId: depot?.id, depotCode: depot?.code, depotName: depot?.name,
                    kilometres: nearest.map { Self.tenths($0.kilometres) },
                    hours: nearest.map { Self.tenths($0.hours) }))
        }
        return gaps.sorted {
            ($0.kilometres ?? .infinity, $1.countyCode) > ($1.kilometres ?? .infinity, $0.countyCode)
        }
    }

    /// A figure rounded to one decimal, for display.
    static func tenths(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}

/// The forward depots, sorted by latitude so that the depots near a county are found in a band
/// instead of by measuring every one of them.
private struct ForwardDepots {
    /// Half the height of the band, in degrees of latitude.
    static let band = 0.5
    /// A distance every depot outside the band exceeds: a degree of latitude is 111.19 km on the
    /// mean-radius sphere, and no great circle between two points is shorter than their difference
    /// in latitude, so a depot more than 0.5° north or south is over 55.5 km away.
    static let bandKilometres = 55.0

    var sorted: [(id: UUID, location: GeoPoint)]
    var byID: [UUID: (id: UUID, code: String, name: String)]

    init(_ records: [DepotRecord]) {
        let depots = records.compactMap { record in record.id.map { ($0, record) } }
        sorted = depots.map { (id: $0.0, location: $0.1.location) }.sorted {
            $0.location.latitude < $1.location.latitude
        }
        byID = Dictionary(
            depots.map { ($0.0, (id: $0.0, code: $0.1.code, name: $0.1.name)) }, uniquingKeysWith: { a, _ in a })
    }

    /// ``ForwardReach/nearest(from:depots:)`` over every depot. The band is searched first: when its
    /// nearest depot lies within ``bandKilometres`` it is the nearest of all (ties included), so the
    /// whole list is measured only for counties far from every depot.
    func nearest(from point: GeoPoint) -> (id: UUID, kilometres: Double, hours: Double)? {
        let low = firstIndex { $0 >= point.latitude - Self.band }
        let high = firstIndex { $0 > point.latitude + Self.band }
        if low < high, let near = ForwardReach.nearest(from: point, depots: Array(sorted[low..<high])),
            near.kilometres <= Self.bandKilometres
        {
            return near
        }
        return ForwardReach.nearest(from: point, depots: sorted)
    }

    /// The first index whose latitude satisfies `predicate` (monotone over the sorted list).
    private func firstIndex(where predicate: (Double) -> Bool) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if predicate(sorted[mid].location.latitude) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

/// A county that no forward depot reaches within 50 km or 4 hours (R4.1).
public struct ForwardReachGap: Codable, Sendable, Equatable {
    /// The county's code (`520122`).
    public var countyCode: String
    public var countyName: String
    /// The county's centre, which distances are measured from.
    public var longitude: Double
    public var latitude: Double
    /// The nearest forward depot (in or out of the reader's scope); `nil` when there is none at all.
    public var depotId: UUID?
    public var depotCode: String?
    public var depotName: String?
    /// The straight-line distance to the nearest forward depot, rounded to 0.1 km; `nil` without one.
    public var kilometres: Double?
    /// The estimated driving time to it (``ForwardReach/hours(kilometres:)``), rounded to 0.1 h; `nil`
    /// without one.
    public var hours: Double?

    public init(
        countyCode: String, countyName: String, longitude: Double, latitude: Double, depotId: UUID?,
        depotCode: String?, depotName: String?, kilometres: Double?, hours: Double?
    ) {
        self.countyCode = countyCode
        self.countyName = countyName
        self.longitude = longitude
        self.latitude = latitude
        self.depotId = depotId
        self.depotCode = depotCode
        self.depotName = depotName
        self.kilometres = kilometres
        self.hours = hours
    }
}
