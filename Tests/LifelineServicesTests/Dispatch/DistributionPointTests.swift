import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing

/// Distribution points (R7.3): the pre-packing rule's compliance, the sinking rule and the 2-hour
/// leg from the county depot, shown per point; registered inside the scope only.
@Suite struct DistributionPointTests {
    @Test(arguments: TestDatabase.allCases)
    func eachPointShowsItsRulesAndOnlyItsCountyWritesIt(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let dispatch = services.dispatch
            // Next to Nanming's depot (106.71, 26.57): a short leg; 51 points served, 20 packed (21 due).
            let near = try await dispatch.saveDistributionPoint(
                DistributionPointInput(
                    code: "DP-1", name: "中华南路街道网点", countyCode: "520102", longitude: 106.72, latitude: 26.58,
                    servedPoints: 51, prePackedPoints: 20), by: w.officerA)
            #expect(near.minimumPrePacked == 21 && !near.complies)
            #expect(near.countyDepotCode == "T-520102" && near.legTooLong == false)
            #expect(near.firstRoundSinks == false && near.pointsInCounty == 1)
            // Saved again by its code: now compliant.
            let fixed = try await dispatch.saveDistributionPoint(
                DistributionPointInput(
                    code: "DP-1", name: "中华南路街道网点", countyCode: "520102", longitude: 106.72, latitude: 26.58,
                    servedPoints: 51, prePackedPoints: 21), by: w.officerA)
            #expect(fixed.id == near.id && fixed.complies)
            // 150 km away: beyond 2 hours of the county depot.
            let far = try await dispatch.saveDistributionPoint(
                DistributionPointInput(
                    code: "DP-FAR", name: "远端网点", countyCode: "520102", longitude: 108.2, latitude: 26.57,
                    servedPoints: 5, prePackedPoints: 0), by: w.officerA)
            #expect(far.legTooLong && far.complies)
            // Seven points in one county: the first round sinks to every one of them.
            for n in 2...6 {
                _ = try await dispatch.saveDistributionPoint(
                    DistributionPointInput(
                        code: "DP-\(n)", name: "网点 \(n)", countyCode: "520102", longitude: 106.7, latitude: 26.57,
                        servedPoints: 8, prePackedPoints: 0), by: w.officerA)
            }
            let all = try await dispatch.distributionPoints(for: w.cityOfficer)
            #expect(all.count == 7 && all.allSatisfy(\.firstRoundSinks))
            #expect(try await dispatch.distributionPoints(for: w.officerB).isEmpty)
            await #expect(throws: LifelineError.self) {
                try await dispatch.saveDistributionPoint(
                    DistributionPointInput(
                        code: "DP-1", name: "改名", countyCode: "520103", longitude: 106.7, latitude: 26.6,
                        servedPoints: 1, prePackedPoints: 0), by: w.officerB)
            }
            await #expect(throws: LifelineError.self) {
                try await dispatch.saveDistributionPoint(
                    DistributionPointInput(
                        code: "DP-X", name: "x", countyCode: "5201", longitude: 106.7, latitude: 26.6, servedPoints: 1,
                        prePackedPoints: 0), by: w.cityOfficer)
            }
            await #expect(throws: LifelineError.self) {
                try await dispatch.saveDistributionPoint(
                    DistributionPointInput(
                        code: "DP-Y", name: "y", countyCode: "520102", longitude: 106.7, latitude: 26.6,
                        servedPoints: 3,
                        prePackedPoints: 4), by: w.officerA)
            }
        }
    }
}
