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

    /// The limit (hours, departure → arrival) of a road leg from a source depot, or `nil` when the
    /// seeds set none for it (then the order is held to its needed-by time only, the `late` alert):
    /// - a county forward depot (县级前置库) reaches its area — a point within ``forwardDepotRadiusKm``
    ///   in a straight line — within ``forwardDepotHours`` [S0]; beyond its radius there is no standard;
    /// - any other county depot reaches its distribution points within ``countyDepotToPointHours`` [S1];
    /// - depots above the county have no leg standard.
    /// `straightKm` is the distance to the delivery point, `nil` when the point has no coordinates
    /// (a forward depot is then held to its radius limit, the stricter reading).
    public func legLimitHours(sourceIsCountyDepot: Bool, sourceIsForward: Bool, straightKm: Double?) -> Double? {
        guard sourceIsCountyDepot else { return nil }
        guard sourceIsForward else { return countyDepotToPointHours }
        if let straightKm, straightKm > forwardDepotRadiusKm { return nil }
        return forwardDepotHours
    }

    /// Whether the first-round supplies of a mass-testing response are late [S1: in place within
    /// 4–6 h]: more than ``firstRoundHours`` from the response's start — the event's activation,
    /// see ``responseStart(eventDeclaredAtMs:requestSubmittedAtMs:orderIssuedAtMs:)`` — to the
    /// order's arrival, or still not arrived past it. The clock does not restart with each approval.
    public func firstRoundOverdue(responseStartedAtMs: Int64, arrivedAtMs: Int64?, nowMs: Int64) -> Bool {
        legOverdue(
            departedAtMs: responseStartedAtMs, arrivedAtMs: arrivedAtMs, limitHours: firstRoundHours, nowMs: nowMs)
    }

    /// When a response started, for its first-round clock (R5.4): the event's declaration when the
    /// request belongs to one; otherwise the request's submission (the response it asked for);
    /// otherwise the order's issue.
    public static func responseStart(eventDeclaredAtMs: Int64?, requestSubmittedAtMs: Int64?, orderIssuedAtMs: Int64)
        -> Int64
    {
        eventDeclaredAtMs ?? requestSubmittedAtMs ?? orderIssuedAtMs
    }

    /// Whether a leg that departed at `departedAtMs` is over its limit (arrived late, or still on the
    /// road past it). Compared in floating point so that an unbounded limit (`.infinity`) is never overdue.
    public func legOverdue(departedAtMs: Int64, arrivedAtMs: Int64?, limitHours: Double, nowMs: Int64) -> Bool {
        let elapsedMs = (arrivedAtMs ?? nowMs) - departedAtMs
        return Double(elapsedMs) > limitHours * 3_600_000
    }
}
