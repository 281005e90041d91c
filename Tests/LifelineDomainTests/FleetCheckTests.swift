import Foundation
import LifelineDomain
import Testing

/// The fleet check (#12 item 7, ADR 0040): round 1's load against the registered vehicles' trips
/// within the 2-hour leg, point by point, and what is missing.
@Suite struct FleetCheckTests {
    typealias Load = FleetCheck.Load
    typealias Point = FleetCheck.Point
    typealias Vehicle = FleetCheck.Vehicle

    /// `litres` of one class (cm³ per unit × units = litres × 1000).
    func load(_ litres: Int) -> [Load] { [Load(itemClass: "box", quantity: litres, volumeCm3: 1_000)] }

    @Test func aVehicleDeliversOnceForEachRoundTripThatEndsInTime() {
        #expect(FleetCheck.trips(legMinutes: 30, limitMinutes: 120) == 2)  // arrives at 30 and 90
        #expect(FleetCheck.trips(legMinutes: 40, limitMinutes: 120) == 2)  // 40 and 120
        #expect(FleetCheck.trips(legMinutes: 20, limitMinutes: 120) == 3)  // 20, 60, 100
        #expect(FleetCheck.trips(legMinutes: 120, limitMinutes: 120) == 1)
        #expect(FleetCheck.trips(legMinutes: 121, limitMinutes: 120) == 0)
        #expect(FleetCheck.trips(legMinutes: 1, limitMinutes: 120) == 60)
        #expect(FleetCheck.trips(legMinutes: 0, limitMinutes: 120) == 0)
    }

    @Test func theLoadIsRoundedUpOnceAndClassesWithoutAVolumeAreListed() {
        let (litres, unknown) = FleetCheck.litres(of: [
            Load(itemClass: "tube", quantity: 1_000, volumeCm3: 15),  // 15 000 cm³
            Load(itemClass: "swab", quantity: 1, volumeCm3: 1),  // 1 cm³
            Load(itemClass: "tent", quantity: 4, volumeCm3: nil),
            Load(itemClass: "spare", quantity: 0, volumeCm3: nil),  // no demand: not listed
        ])
        #expect(litres == 16)  // 15.001 L → 16
        #expect(unknown == ["tent"])
    }

    @Test func theLoadIsSplitByPointsServedAndNothingIsLost() {
        #expect(FleetCheck.split(10, weights: [1, 1, 1]) == [4, 3, 3])
        #expect(FleetCheck.split(10, weights: [0, 0]) == [5, 5])
        #expect(FleetCheck.split(100, weights: [30, 10, 0]) == [75, 25, 0])
        #expect(FleetCheck.split(7, weights: []) == [])
        let huge = Int128(10).power(30)
        let parts = FleetCheck.split(huge + 1, weights: [100_000, 3, 7])
        #expect(parts.reduce(0, +) == huge + 1)
    }

    @Test func exactlyFittingLoadFits() {
        // 200 L to one point 30 minutes away: one 100 L van delivers twice within 2 hours.
        let result = FleetCheck.check(
            loads: [Load(itemClass: "tube", quantity: 10_000, volumeCm3: 20)],
            points: [Point(key: "DP-1", servedPoints: 10, legMinutes: 30)], vehicles: [Vehicle(key: "V1", litres: 100)],
            limitMinutes: 120)
        #expect(result.fits)
        #expect(result.loadLitres == 200 && result.capacityLitres == 200 && result.missingLitres == 0)
        #expect(result.points[0].vehicles == ["V1"] && result.points[0].tripsPerVehicle == 2)
        #expect(result.additionalVehicles == 0 && result.spareVehicles.isEmpty)
        // One litre more does not fit: one more van of the median size closes it.
        let over = FleetCheck.check(
            loads: [Load(itemClass: "tube", quantity: 10_001, volumeCm3: 20)],
            points: [Point(key: "DP-1", servedPoints: 10, legMinutes: 30)], vehicles: [Vehicle(key: "V1", litres: 100)],
            limitMinutes: 120)
        #expect(!over.fits && over.missingLitres == 1 && over.additionalVehicles == 1)
        #expect(over.points[0].additionalVehicles == 1)
    }

    @Test func aPointWithoutARouteOrBeyondTheLimitIsUnreachable() {
        let result = FleetCheck.check(
            loads: load(300),
            points: [
                Point(key: "NEAR", servedPoints: 1, legMinutes: 60),
                Point(key: "NONE", servedPoints: 1, legMinutes: nil),
                Point(key: "FAR", servedPoints: 1, legMinutes: 150),
            ], vehicles: [Vehicle(key: "V1", litres: 500), Vehicle(key: "V2", litres: 500)], limitMinutes: 120)
        let near = result.points[0]
        let none = result.points[1]
        let far = result.points[2]
        #expect(near.fits && near.vehicles == ["V1"])  // equal sizes: by key
        #expect(none.noRoute && !none.legTooLong && none.tripsPerVehicle == 0 && none.missingLitres == 100)
        #expect(far.legTooLong && !far.noRoute && far.tripsPerVehicle == 0 && far.missingLitres == 100)
        #expect(none.additionalVehicles == nil && far.additionalVehicles == nil)
        #expect(!result.fits && result.missingLitres == 200 && result.unreachableLitres == 200)
        // More vehicles cannot reach them: none is suggested; the spare van stays spare.
        #expect(result.additionalVehicles == 0 && result.spareVehicles == ["V2"])
    }

    @Test func theSmallestVehicleThatCoversTheRestIsTakenAndTheFarthestPointFirst() {
        let result = FleetCheck.check(
            loads: load(1_000),
            points: [
                Point(key: "NEAR", servedPoints: 1, legMinutes: 20),  // 3 trips, 500 L
                Point(key: "FAR", servedPoints: 1, legMinutes: 100),  // 1 trip, 500 L
            ],
            vehicles: [
                Vehicle(key: "BIG", litres: 800), Vehicle(key: "MID", litres: 200), Vehicle(key: "SMALL", litres: 100),
                Vehicle(key: "TINY", litres: 90),
            ], limitMinutes: 120)
        // FAR first: the big truck alone covers its 500 L. NEAR: 500 L over 3 trips — MID (600 L) covers it.
        #expect(result.points[1].vehicles == ["BIG"] && result.points[0].vehicles == ["MID"])
        #expect(result.fits && result.spareVehicles == ["SMALL", "TINY"])
        #expect(result.medianVehicleLitres == 100)  // lower median of 90, 100, 200, 800
    }

    @Test func whenNoneCoversTheRestTheLargestGoesAndTheShortfallIsSizedByTheMedian() {
        let result = FleetCheck.check(
            loads: load(2_000), points: [Point(key: "DP", servedPoints: 5, legMinutes: 60)],
            vehicles: [Vehicle(key: "A", litres: 300), Vehicle(key: "B", litres: 200), Vehicle(key: "C", litres: 100)],
            limitMinutes: 120)
        // One trip each (60 out, 60 back = 120, the next would arrive at 180): 600 L of 2 000.
        #expect(result.points[0].vehicles == ["A", "B", "C"] && result.capacityLitres == 600)
        #expect(result.missingLitres == 1_400)
        #expect(result.medianVehicleLitres == 200 && result.additionalVehicles == 7)  // 1 400 ÷ 200
    }

    @Test func anEmptyRegisterOrNoPointSaysWhatIsMissing() {
        let noVehicles = FleetCheck.check(
            loads: load(50), points: [Point(key: "DP", servedPoints: 5, legMinutes: 30)], vehicles: [],
            limitMinutes: 120)
        #expect(!noVehicles.fits && noVehicles.missingLitres == 50)
        #expect(noVehicles.medianVehicleLitres == nil && noVehicles.additionalVehicles == nil)
        let noPoints = FleetCheck.check(
            loads: load(50), points: [], vehicles: [Vehicle(key: "V", litres: 100)], limitMinutes: 120)
        #expect(noPoints.noDistributionPoints && noPoints.missingLitres == 50 && noPoints.unreachableLitres == 50)
        let nothing = FleetCheck.check(loads: [], points: [], vehicles: [], limitMinutes: 120)
        #expect(nothing.fits && !nothing.noDistributionPoints)
    }

    @Test func theLargestValuesDoNotOverflow() {
        // The planner's largest line times the catalogue's largest volume, thirty classes over.
        let loads = (0..<30).map {
            Load(itemClass: "c\($0)", quantity: 10_000_000_000_000_000, volumeCm3: 1_000_000_000)
        }
        // Half the points a whole window away (one trip each), the other half without a route; the
        // smallest vans: more of them than 64 bits count.
        let points = (0..<1_000).map {
            Point(key: "P\($0)", servedPoints: 100_000, legMinutes: $0 % 2 == 0 ? 14_400 : nil)
        }
        let vehicles = (0..<1_000).map { Vehicle(key: "V\($0)", litres: 100) }
        let result = FleetCheck.check(loads: loads, points: points, vehicles: vehicles, limitMinutes: 14_400)
        #expect(result.loadLitres == Int128(30) * Int128(10).power(22))
        #expect(result.points.reduce(Int128(0)) { $0 + $1.loadLitres } == result.loadLitres)
        #expect(result.capacityLitres == 1_000 * 100)
        #expect(result.points[0].vehicles.count == 1_000)  // the first point takes every van
        #expect(result.missingLitres == result.loadLitres - result.capacityLitres)
        #expect((result.additionalVehicles ?? 0) > Int128(Int.max))  // reported as too large by the service
    }
}

extension Int128 {
    fileprivate func power(_ n: Int) -> Int128 { (0..<n).reduce(1) { acc, _ in acc * self } }
}
