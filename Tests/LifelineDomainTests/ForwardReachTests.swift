import Foundation
import LifelineDomain
import Testing

/// Forward depots (R4.1): every county within 50 km or 4 hours of one.
@Suite struct ForwardReachTests {
    let county = GeoPoint(longitude: 116.0, latitude: 30.0)

    @Test func timeIsTheRoadDistanceAtTheAverageSpeed() {
        #expect(ForwardReach.maxKilometres == 50)
        #expect(ForwardReach.maxHours == 4)
        #expect(abs(ForwardReach.hours(kilometres: 50) - 1.625) < 1e-9)  // 50 × 1.3 / 40
        #expect(abs(ForwardReach.hours(kilometres: 123.076_923) - 4) < 1e-6)
        #expect(ForwardReach.hours(kilometres: 0) == 0)
    }

    @Test func theNearestDepotWins() throws {
        let near = UUID()
        let far = UUID()
        // 0.1° of latitude is about 11.1 km; 1° about 111.2 km.
        let depots: [(id: UUID, location: GeoPoint)] = [
            (far, GeoPoint(longitude: 116.0, latitude: 31.0)), (near, GeoPoint(longitude: 116.0, latitude: 30.1)),
        ]
        let nearest = try #require(ForwardReach.nearest(from: county, depots: depots))
        #expect(nearest.id == near)
        #expect(abs(nearest.kilometres - 11.119_5) < 0.01)
        #expect(abs(nearest.hours - nearest.kilometres * 1.3 / 40) < 1e-9)
        #expect(ForwardReach.nearest(from: county, depots: []) == nil)
    }

    @Test func equalDistancesGoByID() throws {
        let a = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
        let b = UUID(uuidString: "00000000-0000-0000-0000-000000000002")!
        let spot = GeoPoint(longitude: 116.0, latitude: 30.2)
        let nearest = try #require(ForwardReach.nearest(from: county, depots: [(b, spot), (a, spot)]))
        #expect(nearest.id == a)
    }

    @Test func beyondFiftyKilometresOrFourHoursIsAGap() {
        #expect(!ForwardReach.isBeyond(kilometres: 50, hours: 1.625))
        #expect(ForwardReach.isBeyond(kilometres: 50.1, hours: 1.63))
        #expect(!ForwardReach.isBeyond(kilometres: 30, hours: 4))
        #expect(ForwardReach.isBeyond(kilometres: 30, hours: 4.01))  // a measured mountain route
        let depot = GeoPoint(longitude: 116.0, latitude: 30.5)  // about 55.6 km north
        let km = county.distanceKilometres(to: depot)
        #expect(ForwardReach.isBeyond(kilometres: km, hours: ForwardReach.hours(kilometres: km)))
    }
}
