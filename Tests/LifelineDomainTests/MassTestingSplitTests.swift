import Foundation
import Testing

@testable import LifelineDomain

/// The Guiyang example over the city's counties: totals kept exactly, a table for every point.
@Suite struct MassTestingSplitTests {
    static let guiyangCounties = [
        ("520102", "南明区", 1_060_000), ("520103", "云岩区", 1_180_000), ("520111", "花溪区", 900_000),
        ("520112", "乌当区", 390_000), ("520113", "白云区", 380_000), ("520115", "观山湖区", 620_000),
        ("520121", "开阳县", 360_000), ("520122", "息烽县", 240_000), ("520123", "修文县", 260_000),
        ("520181", "清镇市", 520_000),
    ].map { MassTestingSplitPart(code: $0.0, name: $0.1, population: $0.2) }

    @Test func guiyangsTotalsAreSplitOverItsCountiesExactly() throws {
        let split = try MassTestingInput.guiyang.split(over: Self.guiyangCounties)
        #expect(split.areas.count == 10)
        #expect(split.areas.map(\.points).reduce(0, +) == 8_782)
        #expect(split.areas.map(\.tables).reduce(0, +) == 20_865)
        #expect(split.areas.map(\.peripheralHelpers).reduce(0, +) == 22_585)
        #expect(split.areas.compactMap(\.populationTested).reduce(0, +) == 6_000_000)
        #expect(split.areas.allSatisfy { $0.tables >= $0.points })
        let yunyan = try #require(split.areas.first { $0.code == "520103" })
        let xifeng = try #require(split.areas.first { $0.code == "520122" })
        #expect(yunyan.points > 4 * xifeng.points, "by population")
        // The plan over the counties needs what the plan over the city does, per class and round,
        // up to the rounding of ten areas instead of one.
        let whole = try MassTestingPlanner.plan(.guiyang, standard: .seed001)
        let parts = try MassTestingPlanner.plan(split, standard: .seed001)
        for total in whole.totals {
            let part = try #require(parts.total(total.itemClass, round: total.round))
            #expect(part.quantity >= total.quantity && part.quantity <= total.quantity + 10, "\(total.itemClass)")
        }
    }

    @Test func partsWithoutPopulationOrPointsAreLeftOutAndNoneIsRefused() throws {
        let small = MassTestingInput(points: 2, tables: 2, staffPerPointPerShift: 8, rounds: 1)
        let split = try small.split(over: Self.guiyangCounties)
        #expect(split.areas.map(\.code) == ["520102", "520103"], "two points go to the two largest")
        #expect(throws: LifelineError.self) {
            _ = try small.split(over: [MassTestingSplitPart(code: "520102", name: "南明区", population: 0)])
        }
    }
}
