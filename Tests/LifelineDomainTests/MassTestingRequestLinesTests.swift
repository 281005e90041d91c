import Foundation
import Testing

@testable import LifelineDomain

/// A plan's rounds as request lines (ADR 0039): split by post with exact totals, reusables only in
/// round 1, and the one-pass drafts equal to the per-area, per-round ones.
@Suite struct MassTestingRequestLinesTests {
    static let input = MassTestingInput(
        areas: [
            MassTestingArea(code: "G1", name: "网格一", populationTested: 3_000, points: 2, tables: 4),
            MassTestingArea(code: "G2", name: "网格二", points: 1, tables: 1, peripheralHelpers: 3),
        ], staffPerPointPerShift: 8, rounds: 3)

    @Test func theLinesAddUpToThePlansDemandAndReusablesComeInRoundOneOnly() throws {
        let standard = MassTestingStandard.seed001
        let plan = try MassTestingPlanner.plan(Self.input, standard: standard)
        for area in ["G1", "G2"] {
            for round in 1...3 {
                let lines = plan.requestLines(area: area, round: round, standard: standard)
                var byClass: [String: Int] = [:]
                for line in lines { byClass[line.itemClass, default: 0] += line.quantity }
                for planLine in plan.lines where planLine.areaCode == area && planLine.round == round {
                    #expect(byClass[planLine.itemClass, default: 0] == planLine.quantity, "\(planLine.itemClass)")
                }
                let reusable = Set(standard.entries.filter(\.reusable).map(\.itemClass))
                if round > 1 { #expect(!lines.contains { reusable.contains($0.itemClass) }) }
            }
        }
    }

    @Test func aKitWornBySeveralPostsIsSharedAmongThemTableStaffFirstInRank() throws {
        let standard = MassTestingStandard.seed001
        let plan = try MassTestingPlanner.plan(Self.input, standard: standard)
        let masks = plan.requestLines(area: "G1", round: 1, standard: standard).filter {
            standard.entry($0.itemClass)?.basis == .perKit && standard.entry($0.itemClass)?.kits.count == 3
        }
        #expect(Set(masks.map(\.post)) == [.samplingTable, .wasteHandling, .general])
    }

    @Test func theOnePassDraftsAreTheSameAsThePerAreaOnes() throws {
        let standard = MassTestingStandard.seed001
        let plan = try MassTestingPlanner.plan(Self.input, standard: standard)
        let drafts = plan.requestDrafts(areaCodes: ["G2", "G1"], rounds: 2, standard: standard)
        #expect(drafts.map { "\($0.area)/\($0.round)" } == ["G2/1", "G2/2", "G1/1", "G1/2"])
        for draft in drafts {
            #expect(draft.lines == plan.requestLines(area: draft.area, round: draft.round, standard: standard))
        }
    }

    @Test(arguments: [
        (10, [1, 1, 1], [4, 3, 3]), (7, [0, 0], [7, 0]), (100, [3, 1], [75, 25]), (1, [1, 1], [1, 0]),
        (Int.max / 2, [Int.max / 4, Int.max / 4], [Int.max / 4 + 1, Int.max / 4]),
    ])
    func sharesKeepTheTotalExactly(_ total: Int, _ weights: [Int], _ expected: [Int]) {
        let shares = MassTestingPlan.shares(total, weights: weights)
        #expect(shares.reduce(0, +) == total)
        #expect(shares == expected)
    }
}
