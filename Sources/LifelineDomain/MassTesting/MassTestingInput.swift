import Foundation

/// One area of a mass-testing plan (a district, county or street): its sampling points and tables,
/// the people it tests each round and the helpers it supports beside its points' posts.
public struct MassTestingArea: Sendable, Codable, Hashable {
    /// The area's code (a jurisdiction code such as `520102`, or any label unique in the plan).
    public var code: String
    public var name: String
    /// People tested each round; nil to estimate it as tables × shifts × people per table per shift.
    public var populationTested: Int?
    public var points: Int
    public var tables: Int
    /// People supported per shift outside the points' posts (外围协助人员), kitted at level 1.
    public var peripheralHelpers: Int

    public init(
        code: String, name: String, populationTested: Int? = nil, points: Int, tables: Int, peripheralHelpers: Int = 0
    ) {
        self.code = code
        self.name = name
        self.populationTested = populationTested
        self.points = points
        self.tables = tables
        self.peripheralHelpers = peripheralHelpers
    }

    /// `peripheralHelpers` may be left out (0).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            code: try c.decode(String.self, forKey: .code), name: try c.decode(String.self, forKey: .name),
            populationTested: try c.decodeIfPresent(Int.self, forKey: .populationTested),
            points: try c.decode(Int.self, forKey: .points), tables: try c.decode(Int.self, forKey: .tables),
            peripheralHelpers: try c.decodeIfPresent(Int.self, forKey: .peripheralHelpers) ?? 0)
    }
}

/// What the mass-testing planner needs (R7.4): the areas, the staff per point per shift, shifts and
/// rounds, when the first round starts, and the seed's tier rules (city 50 %, 5 % redundancy on the
/// city's share, first request for 2 rounds), each changeable.
public struct MassTestingInput: Sendable, Codable, Hashable {
    public var areas: [MassTestingArea]
    /// Staff at a sampling point on one shift (seed 001: 11.4); up to 100, six decimals.
    public var staffPerPointPerShift: Decimal
    /// Shifts per round (seed 001: 1 a day); kits are counted per shift. 1–6.
    public var shifts: Int
    /// Rounds of testing, 1–30.
    public var rounds: Int
    /// When round 1 starts, if known; round n starts `(n − 1) × roundIntervalHours` later.
    public var startAt: Date?
    /// Hours from the start of one round to the next, 1–720 (default 24).
    public var roundIntervalHours: Int
    /// The city's share of the split items, 0–100 % (seed 001: 50; the districts hold the rest).
    public var citySharePercent: Int
    /// Redundancy on the city's share only, 0–100 % (seed 001: 5).
    public var cityRedundancyPercent: Int
    /// Rounds the first request covers (seed 001: 2), at most the plan's rounds.
    public var firstRequestRounds: Int
    /// How a point's staff divide into posts.
    public var staffing: MassTestingStaffing
    /// People one table tests on one shift, to estimate an area's population when it is not given
    /// (300: Lifeline's assumption, near Guiyang's 6 million over 20 865 tables); 1–2 000.
    public var peoplePerTablePerShift: Int

    public init(
        areas: [MassTestingArea], staffPerPointPerShift: Decimal, shifts: Int = 1, rounds: Int, startAt: Date? = nil,
        roundIntervalHours: Int = 24, citySharePercent: Int = 50, cityRedundancyPercent: Int = 5,
        firstRequestRounds: Int = 2, staffing: MassTestingStaffing = .seed001, peoplePerTablePerShift: Int = 300
    ) {
        self.areas = areas
        self.staffPerPointPerShift = staffPerPointPerShift
        self.shifts = shifts
        self.rounds = rounds
        self.startAt = startAt
        self.roundIntervalHours = roundIntervalHours
        self.citySharePercent = citySharePercent
        self.cityRedundancyPercent = cityRedundancyPercent
        self.firstRequestRounds = firstRequestRounds
        self.staffing = staffing
        self.peoplePerTablePerShift = peoplePerTablePerShift
    }

    /// One area for the whole plan, from totals (what `lifeline plan mass-testing --points …` asks).
    public init(
        points: Int, tables: Int, staffPerPointPerShift: Decimal, rounds: Int, populationTested: Int? = nil,
        peripheralHelpers: Int = 0, shifts: Int = 1, startAt: Date? = nil
    ) {
        self.init(
            areas: [
                MassTestingArea(
                    code: "all", name: "全部采样区域", populationTested: populationTested, points: points, tables: tables,
                    peripheralHelpers: peripheralHelpers)
            ], staffPerPointPerShift: staffPerPointPerShift, shifts: shifts, rounds: rounds, startAt: startAt)
    }

    /// Fields with a default may be left out.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            areas: try c.decode([MassTestingArea].self, forKey: .areas),
            staffPerPointPerShift: try c.decode(Decimal.self, forKey: .staffPerPointPerShift),
            shifts: try c.decodeIfPresent(Int.self, forKey: .shifts) ?? 1,
            rounds: try c.decode(Int.self, forKey: .rounds),
            startAt: try c.decodeIfPresent(Date.self, forKey: .startAt),
            roundIntervalHours: try c.decodeIfPresent(Int.self, forKey: .roundIntervalHours) ?? 24,
            citySharePercent: try c.decodeIfPresent(Int.self, forKey: .citySharePercent) ?? 50,
            cityRedundancyPercent: try c.decodeIfPresent(Int.self, forKey: .cityRedundancyPercent) ?? 5,
            firstRequestRounds: try c.decodeIfPresent(Int.self, forKey: .firstRequestRounds) ?? 2,
            staffing: try c.decodeIfPresent(MassTestingStaffing.self, forKey: .staffing) ?? .seed001,
            peoplePerTablePerShift: try c.decodeIfPresent(Int.self, forKey: .peoplePerTablePerShift) ?? 300)
    }

    /// Seed 001's example: Guiyang and the Gui'an new area, 8 782 points, 20 865 tables, 11.4 staff per
    /// point per shift, one shift a day, 3 rounds. The seed gives no population: 6 000 000 is
    /// Lifeline's round figure (Guiyang counted just under 6 million residents in 2020). The
    /// 22 585 peripheral helpers are the seed's 12.27 万 people supported a day less the
    /// 8 782 × 11.4 = 100 115 at the points (ADR 0038).
    public static let guiyang = MassTestingInput(
        areas: [
            MassTestingArea(
                code: "520100", name: "贵阳市、贵安新区", populationTested: 6_000_000, points: 8_782, tables: 20_865,
                peripheralHelpers: 22_585)
        ], staffPerPointPerShift: Decimal(string: "11.4")!, rounds: 3)

    /// The built-in examples by name, for `lifeline plan mass-testing --example guiyang`.
    public static let examples: [String: MassTestingInput] = ["guiyang": .guiyang]

    // Limits: far above a province, far below overflow (ADR 0023, ADR 0038).
    public static let largestAreaCount = 1_000
    public static let largestPointsPerArea = 1_000_000
    public static let largestTablesPerArea = 10_000_000
    public static let largestPoints = 10_000_000
    public static let largestTables = 100_000_000
    public static let largestPopulation = 2_000_000_000
    public static let largestHelpers = 100_000_000
    public static let largestStaffPerPoint: Decimal = 100
    /// Lines a plan may hold (item classes × rounds × areas): split a larger plan by area.
    public static let largestLineCount = 1_000_000

    /// Checks every input, naming the first field at fault (`areas[2].tables`, `rounds`…).
    public func validated() throws(LifelineError) -> MassTestingInput {
        func range(_ value: Int, _ field: String, _ bounds: ClosedRange<Int>) throws(LifelineError) {
            guard bounds.contains(value) else {
                throw LifelineError(
                    .outOfRange, field: field, ["min": String(bounds.lowerBound), "max": String(bounds.upperBound)])
            }
        }
        var input = self
        try range(areas.count, "areas", 1...Self.largestAreaCount)
        var codes: Set<String> = []
        var points = 0
        var tables = 0
        var population = 0
        var helpers = 0
        for (index, area) in areas.enumerated() {
            let field = "areas[\(index)]"
            input.areas[index].code = try Text.required(area.code, field: "\(field).code", max: 40)
            guard codes.insert(input.areas[index].code).inserted else {
                throw LifelineError(.duplicate, field: "\(field).code", ["value": input.areas[index].code])
            }
            input.areas[index].name = try Text.required(area.name, field: "\(field).name", max: 120)
            try range(area.points, "\(field).points", 1...Self.largestPointsPerArea)
            try range(area.tables, "\(field).tables", area.points...Self.largestTablesPerArea)
            if let tested = area.populationTested {
                try range(tested, "\(field).populationTested", 0...Self.largestPopulation)
            }
            try range(area.peripheralHelpers, "\(field).peripheralHelpers", 0...Self.largestHelpers)
            points += area.points
            tables += area.tables
            population += area.populationTested ?? 0
            helpers += area.peripheralHelpers
            try range(points, "\(field).points", 0...Self.largestPoints)
            try range(tables, "\(field).tables", 0...Self.largestTables)
            try range(population, "\(field).populationTested", 0...Self.largestPopulation)
            try range(helpers, "\(field).peripheralHelpers", 0...Self.largestHelpers)
        }
        guard MassTestingDecimal.isPlain(staffPerPointPerShift, above: 0, atMost: Self.largestStaffPerPoint) else {
            throw LifelineError.invalid(
                "staffPerPointPerShift", "a number above 0, at most 100, with at most 6 decimals")
        }
        try range(shifts, "shifts", 1...6)
        try range(rounds, "rounds", 1...30)
        try range(roundIntervalHours, "roundIntervalHours", 1...720)
        try range(citySharePercent, "citySharePercent", 0...100)
        try range(cityRedundancyPercent, "cityRedundancyPercent", 0...100)
        try range(firstRequestRounds, "firstRequestRounds", 1...30)
        try range(peoplePerTablePerShift, "peoplePerTablePerShift", 1...2_000)
        input.staffing = try staffing.validated()
        if let startAt, !startAt.timeIntervalSince1970.isFinite {
            throw LifelineError.invalid("startAt", "not a time")
        }
        return input
    }
}
