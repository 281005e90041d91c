/// Leg limits and the road model for ETAs (R5.4, R4.1), all editable: county depot → distribution
/// point within 2 h, a forward depot reaches 50 km within 4 h, first-round supplies within 6 h.
public struct TransportLimits: Sendable, Codable, Equatable {
    public var countyDepotToPointHours = 2.0
    public var forwardDepotRadiusKm = 50.0
    public var forwardDepotHours = 4.0
    public var firstRoundHours = 6.0
    /// Road distance / straight-line distance.
    public var roadFactor = 1.3
    public var speedKmh = 60.0

    /// The seeds' limits (R5.4) and a plain road model; change single fields on a copy.
    public init() {}

    /// Estimated road distance: the great-circle distance times ``roadFactor`` (roads are not straight).
    public func roadKm(from: GeoPoint, to: GeoPoint) -> Double { from.distanceKilometres(to: to) * roadFactor }

    /// Driving time for `roadKm` at ``speedKmh``; 0 when no speed is configured, so an ETA is never infinite.
    public func hours(roadKm: Double) -> Double { speedKmh > 0 ? roadKm / speedKmh : 0 }

    /// The limit a leg is held to: first-round mass-testing supplies within ``firstRoundHours``
    /// whatever their source; otherwise a county depot has ``countyDepotToPointHours`` and any other
    /// (forward or higher-level) depot ``forwardDepotHours``.
    public func legLimitHours(sourceIsCountyDepot: Bool, firstRound: Bool) -> Double {
        if firstRound { return firstRoundHours }
        return sourceIsCountyDepot ? countyDepotToPointHours : forwardDepotHours
    }

    /// Whether a leg that departed at `departedAtMs` is over its limit (arrived late, or still on the
    /// road past it). Compared in floating point so that an unbounded limit (`.infinity`) is never overdue.
    public func legOverdue(departedAtMs: Int64, arrivedAtMs: Int64?, limitHours: Double, nowMs: Int64) -> Bool {
        let elapsedMs = (arrivedAtMs ?? nowMs) - departedAtMs
        return Double(elapsedMs) > limitHours * 3_600_000
    }
}
