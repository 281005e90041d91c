import Foundation

/// A mass-testing plan (R7.4): demand per item class, round and area, split between the city and
/// the districts, its totals per item and round, and the first request.
///
/// Made by ``MassTestingPlanner/plan(_:standard:)``; lines are in the standard's order, then by
/// round, then in the input's area order.
public struct MassTestingPlan: Sendable, Codable, Hashable {
    /// The standard the plan was computed with.
    public var standardVersion: String
    public var rounds: [MassTestingRound]
    /// Each area as planned: the population used and its posts on one shift.
    public var areas: [MassTestingAreaSummary]
    /// Item class × round × area.
    public var lines: [MassTestingPlanLine]
    /// Item class × round, over all areas.
    public var totals: [MassTestingPlanTotal]
    /// The rounds the first request covers (the input's, at most the plan's rounds).
    public var firstRequestRounds: Int
    /// What rounds 1…``firstRequestRounds`` need, per item class.
    public var firstRequest: [MassTestingRequestLine]

    public init(
        standardVersion: String, rounds: [MassTestingRound], areas: [MassTestingAreaSummary],
        lines: [MassTestingPlanLine], totals: [MassTestingPlanTotal], firstRequestRounds: Int,
        firstRequest: [MassTestingRequestLine]
    ) {
        self.standardVersion = standardVersion
        self.rounds = rounds
        self.areas = areas
        self.lines = lines
        self.totals = totals
        self.firstRequestRounds = firstRequestRounds
        self.firstRequest = firstRequest
    }

    /// Everyone on one shift over all the areas, by post.
    public var posts: MassTestingPosts { areas.reduce(.zero) { $0 + $1.posts } }

    /// The total of `itemClass` in `round`, if the plan has it.
    public func total(_ itemClass: String, round: Int) -> MassTestingPlanTotal? {
        totals.first { $0.itemClass == itemClass && $0.round == round }
    }

    /// What rounds `rounds` need, per item class over all areas (a later request: "before round 3,
    /// each group asks for what its remaining stock does not cover"). Rounds outside the plan count 0.
    public func need(rounds: ClosedRange<Int>) -> [MassTestingRequestLine] {
        var order: [String] = []
        var sums: [String: MassTestingRequestLine] = [:]
        for total in totals {
            if sums[total.itemClass] == nil {
                order.append(total.itemClass)
                sums[total.itemClass] = MassTestingRequestLine(
                    itemClass: total.itemClass, catalogueCode: total.catalogueCode, fromRound: rounds.lowerBound,
                    throughRound: rounds.upperBound, quantity: 0, city: 0, districts: 0)
            }
            guard rounds.contains(total.round) else { continue }
            sums[total.itemClass]?.quantity += total.quantity
            sums[total.itemClass]?.city += total.city
            sums[total.itemClass]?.districts += total.districts
        }
        return order.compactMap { sums[$0] }
    }
}

/// A round of a plan and when it starts, if the plan's start is known.
public struct MassTestingRound: Sendable, Codable, Hashable {
    public var number: Int
    public var startsAt: Date?

    public init(number: Int, startsAt: Date?) {
        self.number = number
        self.startsAt = startsAt
    }
}

/// An area as the plan counted it.
public struct MassTestingAreaSummary: Sendable, Codable, Hashable {
    public var code: String
    public var name: String
    public var points: Int
    public var tables: Int
    /// People tested each round: the input's, or tables × shifts × people per table per shift.
    public var populationTested: Int
    public var populationEstimated: Bool
    /// People on one shift, by post.
    public var posts: MassTestingPosts

    public init(
        code: String, name: String, points: Int, tables: Int, populationTested: Int, populationEstimated: Bool,
        posts: MassTestingPosts
    ) {
        self.code = code
        self.name = name
        self.points = points
        self.tables = tables
        self.populationTested = populationTested
        self.populationEstimated = populationEstimated
        self.posts = posts
    }
}
