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

    public init() {}

    public func roadKm(from: GeoPoint, to: GeoPoint) -> Double { from.distanceKilometres(to: to) * roadFactor }

    public func hours(roadKm: Double) -> Double { speedKmh > 0 ? roadKm / speedKmh : 0 }

    public func legLimitHours(sourceIsCountyDepot: Bool, firstRound: Bool) -> Double {
        if firstRound { return firstRoundHours }
        return sourceIsCountyDepot ? countyDepotToPointHours : forwardDepotHours
    }

    /// Whether a leg that departed at `departedAtMs` is over its limit (arrived late, or still on the road past it).
    public func legOverdue(departedAtMs: Int64, arrivedAtMs: Int64?, limitHours: Double, nowMs: Int64) -> Bool {
        let limitMs = Int64(limitHours * 3_600_000)
        return (arrivedAtMs ?? nowMs) - departedAtMs > limitMs
    }
}
