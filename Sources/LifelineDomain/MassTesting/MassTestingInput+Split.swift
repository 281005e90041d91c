import Foundation

/// One part a plan's totals are split over: a jurisdiction below the plan's (a county of the city)
/// and the weight it takes — its resident population.
public struct MassTestingSplitPart: Sendable, Hashable {
    public var code: String
    public var name: String
    public var population: Int

    public init(code: String, name: String, population: Int) {
        self.code = code
        self.name = name
        self.population = population
    }
}

extension MassTestingInput {
    /// The plan's totals — points, tables, peripheral helpers and people tested — split over `parts`
    /// in proportion to their populations (largest remainder, so every total stays exact), one area
    /// per part that gets at least one point (seed 001 gives only the city's totals; the counties
    /// organise the points). A part's tables are at least its points (a point has a table), which
    /// may add a few tables over the total when tables barely exceed points.
    ///
    ///     MassTestingInput.guiyang.split(over: counties)  // 8 782 points over Guiyang's 10 counties
    public func split(over parts: [MassTestingSplitPart]) throws(LifelineError) -> MassTestingInput {
        let parts = parts.filter { $0.population > 0 }
        guard !parts.isEmpty else {
            throw LifelineError.invalid("splitOver", "no jurisdiction below it has a population to split by")
        }
        guard parts.count <= Self.largestAreaCount else {
            throw LifelineError(.valueTooLarge, field: "splitOver", ["max": String(Self.largestAreaCount)])
        }
        let weights = parts.map(\.population)
        func share(_ total: Int) -> [Int] { MassTestingPlan.shares(total, weights: weights) }
        let points = share(areas.reduce(0) { $0 + $1.points })
        let tables = share(areas.reduce(0) { $0 + $1.tables })
        let helpers = share(areas.reduce(0) { $0 + $1.peripheralHelpers })
        let given = areas.compactMap(\.populationTested)
        let tested = given.count == areas.count ? share(given.reduce(0, +)) : nil
        var split = self
        split.areas = parts.indices.compactMap { index in
            guard points[index] > 0 else { return nil }
            return MassTestingArea(
                code: parts[index].code, name: parts[index].name, populationTested: tested?[index],
                points: points[index], tables: max(tables[index], points[index]),
                peripheralHelpers: helpers[index])
        }
        return try split.validated()
    }
}
