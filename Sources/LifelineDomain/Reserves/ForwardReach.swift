import Foundation

/// The reach of forward depots (R4.1): every county should have a forward depot within 50 km or 4 hours,
/// so that the first supplies of an emergency arrive the same working day. A county beyond both the
/// distance and the time of every forward depot is shown as a gap.
public enum ForwardReach {
    /// The greatest straight-line distance to a forward depot.
    public static let maxKilometres = 50.0
    /// The greatest travel time to a forward depot.
    public static let maxHours = 4.0
    /// Roads are longer than the straight line between their ends; 1.3 is the usual detour factor of a
    /// road network, so that the time is estimated without a routing service.
    public static let roadFactor = 1.3
    /// The average speed of a loaded truck over county and mountain roads.
    public static let averageSpeedKmh = 40.0

    /// The estimated driving time over a straight-line distance: km × road factor / average speed.
    public static func hours(kilometres: Double) -> Double {
        kilometres * roadFactor / averageSpeedKmh
    }

    /// The depot nearest to `point` in straight line (ties by ID), with its distance and estimated time;
    /// `nil` when there is none.
    public static func nearest(from point: GeoPoint, depots: [(id: UUID, location: GeoPoint)]) -> (
        id: UUID, kilometres: Double, hours: Double
    )? {
        let nearest = depots.map { (id: $0.id, kilometres: point.distanceKilometres(to: $0.location)) }
            .min { ($0.kilometres, $0.id.uuidString) < ($1.kilometres, $1.id.uuidString) }
        return nearest.map { ($0.id, $0.kilometres, hours(kilometres: $0.kilometres)) }
    }

    /// Whether a depot at `kilometres` (straight line) and `hours` is out of reach: beyond 50 km or more
    /// than 4 hours. With the estimated time, 4 hours is about 123 km, so the distance decides; the time
    /// decides when it comes from a measured route (mountain roads, ferries).
    public static func isBeyond(kilometres: Double, hours: Double) -> Bool {
        kilometres > maxKilometres || hours > maxHours
    }
}
