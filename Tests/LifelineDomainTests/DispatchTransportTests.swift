import LifelineDomain
import Testing

/// Leg limits and the road model (R5.4): county depot → point 2 h, forward depot 4 h, first round 6 h.
@Suite struct DispatchTransportTests {
    static let guiyang = GeoPoint(longitude: 106.63, latitude: 26.65)
    static let zunyi = GeoPoint(longitude: 106.93, latitude: 27.73)
    static let hour: Int64 = 3_600_000

    @Test func theDefaultsAreTheSeedsFigures() {
        let limits = TransportLimits()
        #expect(limits.countyDepotToPointHours == 2)
        #expect(limits.forwardDepotRadiusKm == 50)
        #expect(limits.forwardDepotHours == 4)
        #expect(limits.firstRoundHours == 6)
        #expect(limits.roadFactor == 1.3)
        #expect(limits.speedKmh == 60)
    }

    @Test func roadDistanceIsTheGreatCircleTimesTheRoadFactor() {
        let limits = TransportLimits()
        let straight = Self.guiyang.distanceKilometres(to: Self.zunyi)
        #expect(straight > 115 && straight < 130, "Guiyang–Zunyi is about 123 km as the crow flies")
        #expect(abs(limits.roadKm(from: Self.guiyang, to: Self.zunyi) - straight * 1.3) < 1e-9)
        #expect(limits.roadKm(from: Self.guiyang, to: Self.guiyang) == 0)
        var straightRoads = limits
        straightRoads.roadFactor = 1
        #expect(abs(straightRoads.roadKm(from: Self.guiyang, to: Self.zunyi) - straight) < 1e-9)
    }

    @Test func hoursAtTheConfiguredSpeed() {
        var limits = TransportLimits()
        #expect(limits.hours(roadKm: 90) == 1.5)
        #expect(limits.hours(roadKm: 0) == 0)
        limits.speedKmh = 45
        #expect(limits.hours(roadKm: 90) == 2)
        limits.speedKmh = 0
        #expect(limits.hours(roadKm: 90) == 0, "no speed configured: no ETA rather than infinity")
    }

    /// (county-level source, forward depot, straight-line km to the point, limit in hours or nil).
    @Test(arguments: [
        (true, false, 10.0 as Double?, 2.0 as Double?), (true, false, 120.0, 2.0), (true, false, nil, 2.0),
        (true, true, 10.0, 4.0), (true, true, 50.0, 4.0), (true, true, 50.1, nil), (true, true, nil, 4.0),
        (false, false, 10.0, nil), (false, true, 10.0, nil), (false, false, nil, nil),
    ])
    func legLimits(county: Bool, forward: Bool, straightKm: Double?, expected: Double?) {
        #expect(
            TransportLimits().legLimitHours(
                sourceIsCountyDepot: county, sourceIsForward: forward, straightKm: straightKm) == expected)
    }

    @Test func firstRoundSuppliesAreDueSixHoursAfterTheOrderIsIssued() {
        let limits = TransportLimits()
        let issued: Int64 = 1_700_000_000_000
        let h: Int64 = 3_600_000
        #expect(
            !limits.firstRoundOverdue(responseStartedAtMs: issued, arrivedAtMs: issued + 5 * h, nowMs: issued + 9 * h))
        #expect(
            limits.firstRoundOverdue(responseStartedAtMs: issued, arrivedAtMs: issued + 7 * h, nowMs: issued + 7 * h))
        #expect(
            !limits.firstRoundOverdue(responseStartedAtMs: issued, arrivedAtMs: nil, nowMs: issued + 6 * h),
            "exactly at the limit")
        #expect(limits.firstRoundOverdue(responseStartedAtMs: issued, arrivedAtMs: nil, nowMs: issued + 6 * h + 1))
    }

    @Test func aLegIsOverdueWhenItArrivesLateOrIsStillOnTheRoadPastItsLimit() {
        let limits = TransportLimits()
        let departed: Int64 = 1_700_000_000_000
        let h = Self.hour
        // Arrived within the limit: never overdue, however late we look.
        #expect(
            !limits.legOverdue(
                departedAtMs: departed, arrivedAtMs: departed + h, limitHours: 2, nowMs: departed + 10 * h))
        // Arrived late.
        #expect(
            limits.legOverdue(
                departedAtMs: departed, arrivedAtMs: departed + 3 * h, limitHours: 2, nowMs: departed + 3 * h))
        // Still on the road.
        #expect(!limits.legOverdue(departedAtMs: departed, arrivedAtMs: nil, limitHours: 2, nowMs: departed + h))
        #expect(
            !limits.legOverdue(departedAtMs: departed, arrivedAtMs: nil, limitHours: 2, nowMs: departed + 2 * h),
            "exactly at the limit")
        #expect(limits.legOverdue(departedAtMs: departed, arrivedAtMs: nil, limitHours: 2, nowMs: departed + 2 * h + 1))
        // Fractional limits.
        #expect(
            limits.legOverdue(departedAtMs: departed, arrivedAtMs: nil, limitHours: 1.5, nowMs: departed + 91 * 60_000))
        #expect(
            !limits.legOverdue(departedAtMs: departed, arrivedAtMs: nil, limitHours: 1.5, nowMs: departed + 89 * 60_000)
        )
        // An unbounded limit is never overdue (and does not trap).
        #expect(
            !limits.legOverdue(
                departedAtMs: departed, arrivedAtMs: nil, limitHours: .infinity, nowMs: departed + 1_000 * h))
    }
}
