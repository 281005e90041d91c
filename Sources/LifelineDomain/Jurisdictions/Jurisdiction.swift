import Foundation

/// A place in the administrative tree: the nation, a province, city, county or township.
public struct Jurisdiction: Sendable, Hashable, Codable {
    public var code: JurisdictionCode
    public var name: String
    public var location: GeoPoint?
    /// Resident population (常住人口); the basis of mask and other per-capita norms (R3.2).
    public var population: Int?

    public init(code: JurisdictionCode, name: String, location: GeoPoint? = nil, population: Int? = nil) {
        self.code = code
        self.name = name
        self.location = location
        self.population = population
    }

    public var level: JurisdictionLevel { code.level }
    public var path: JurisdictionPath { code.path }

    /// Checks an edited population: a whole number of people, at most China's order of magnitude.
    public static func validatePopulation(_ value: Int?, field: String = "population") throws(LifelineError) {
        guard let value else { return }
        guard (0...2_000_000_000).contains(value) else {
            throw LifelineError(.outOfRange, field: field, ["min": "0", "max": "2000000000"])
        }
    }
}
