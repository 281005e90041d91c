import Foundation

/// The mass-testing request form (R5.1, R7.4): sampling points × tables × rounds, turned into item
/// quantities by a per-table / per-staff / per-point standard, plus 5 % redundancy by default.
public struct MassTestingForm: Sendable, Codable, Equatable, Hashable {
    public var samplingPoints: Int
    public var tables: Int
    /// Staff at each table per shift (R7.4's example: 11.4 per point across its tables).
    public var staffPerTable: Double
    public var rounds: Int
    public var redundancy: Double

    public init(
        samplingPoints: Int, tables: Int, staffPerTable: Double, rounds: Int,
        redundancy: Double = MassTestingForm.defaultRedundancy
    ) {
        self.samplingPoints = samplingPoints
        self.tables = tables
        self.staffPerTable = staffPerTable
        self.rounds = rounds
        self.redundancy = redundancy
    }

    /// A stored or submitted form without `redundancy` gets R7.4's 5 %.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            samplingPoints: try c.decode(Int.self, forKey: .samplingPoints),
            tables: try c.decode(Int.self, forKey: .tables),
            staffPerTable: try c.decode(Double.self, forKey: .staffPerTable),
            rounds: try c.decode(Int.self, forKey: .rounds),
            redundancy: try c.decodeIfPresent(Double.self, forKey: .redundancy) ?? Self.defaultRedundancy)
    }

    /// R7.4: quantities carry 5 % redundancy unless the requester says otherwise.
    public static let defaultRedundancy = 0.05

    /// Checks the form, naming the first field at fault (`massTesting.tables`…): at least one point,
    /// at least one table per point, 1–30 rounds, more than 0 and at most 50 staff per table, and a
    /// redundancy between 0 and 1 (NaN fails every check).
    public func validate() throws(LifelineError) {
        guard (1...1_000_000).contains(samplingPoints) else {
            throw LifelineError(.outOfRange, field: "massTesting.samplingPoints", ["min": "1", "max": "1000000"])
        }
        guard tables >= samplingPoints, tables <= 10_000_000 else {
            throw LifelineError(
                .outOfRange, field: "massTesting.tables", ["min": String(samplingPoints), "max": "10000000"])
        }
        guard staffPerTable > 0, staffPerTable <= 50 else {
            throw LifelineError(.outOfRange, field: "massTesting.staffPerTable", ["min": "0", "max": "50"])
        }
        guard (1...30).contains(rounds) else {
            throw LifelineError(.outOfRange, field: "massTesting.rounds", ["min": "1", "max": "30"])
        }
        guard (0...1).contains(redundancy) else {
            throw LifelineError(.outOfRange, field: "massTesting.redundancy", ["min": "0", "max": "1"])
        }
        // Every line becomes a request line, bounded like any quantity (ADR 0023): a form that asks
        // for more is split into several requests (by area or by round).
        if let line = quantities().first(where: { $0.quantity > Limits.quantityPerMovement }) {
            throw LifelineError(
                .invalidValue, field: "massTesting.tables",
                [
                    "reason":
                        """
                    \(line.itemCode) would need \(line.quantity), more than \(Limits.quantityPerMovement) in \
                    one request; split the request by area or round
                    """
                ])
        }
    }

    /// Item quantities for the whole form, in the order of `standard`; zero lines dropped.
    ///
    /// Each line is ⌈(tables·perTable + tables·staffPerTable·perStaff + points·perPoint) · rounds · (1 + redundancy)⌉.
    public func quantities(standard: [MassTestingStandardLine] = MassTestingForm.standard) -> [(
        itemCode: String, quantity: Int
    )] {
        standard.compactMap { line in
            let staff = Double(tables) * staffPerTable
            let perRound =
                Double(tables) * line.perTablePerRound + staff * line.perStaffPerRound + Double(samplingPoints)
                * line.perPointPerRound
            let exact = perRound * Double(rounds) * (1 + redundancy)
            // An unvalidated form (NaN, absurd sizes) yields no line rather than trapping in Int(_:).
            guard exact.isFinite, exact > 0, exact < 1e15 else { return nil }
            // Round up, but not for float noise (100 · 1.1 = 110.00000000000001 is 110, not 111).
            let quantity = Int((exact - Swift.max(1e-9, exact * 1e-12)).rounded(.up))
            return quantity > 0 ? (line.itemCode, quantity) : nil
        }
    }

    /// The default standard (ADR 0015): a table samples about 1 000 people a round in 10-in-1 pools;
    /// each staff member wears one set of protection per shift; each point ships samples in one
    /// transport box and bags its waste.
    public static let standard: [MassTestingStandardLine] = [
        .init(itemCode: "SMP-0001", perTablePerRound: 1000, post: .samplingTable),  // swabs
        .init(itemCode: "SMP-0003", perTablePerRound: 100, post: .samplingTable),  // 10-in-1 sampling tubes
        .init(itemCode: "SMP-0005", perTablePerRound: 10, post: .samplingTable),  // specimen bags
        // Protection for the staff at the tables (R6.1: sampling-table posts, never a lowered standard).
        .init(itemCode: "PPE-0001", perStaffPerRound: 2, post: .samplingTable),  // protective masks
        .init(itemCode: "PPE-0005", perStaffPerRound: 1, post: .samplingTable),  // protective suits
        // examination gloves, changed through the shift
        .init(itemCode: "PPE-0009", perStaffPerRound: 6, post: .samplingTable),
        .init(itemCode: "PPE-0013", perStaffPerRound: 1, post: .samplingTable),  // face shields
        .init(itemCode: "PPE-0014", perStaffPerRound: 1, post: .samplingTable),  // caps
        .init(itemCode: "PPE-0016", perStaffPerRound: 1, post: .samplingTable),  // boot covers
        .init(itemCode: "DIS-0001", perTablePerRound: 2, post: .samplingTable),  // hand rub
        .init(itemCode: "SMP-0004", perPointPerRound: 1, post: .sampleTransport),  // sample transport boxes (reusable)
        .init(itemCode: "CON-0004", perPointPerRound: 10, post: .wasteHandling),  // medical waste bags
        .init(itemCode: "DEV-0001", perPointPerRound: 0.5, post: .general),  // thermometers at the entrance (reusable)
    ]
}

extension MassTestingForm {
    /// The post a line of the standard serves (R6.1): sampling-table consumables and the protection
    /// of the table staff are sampling-table posts, transport boxes sample transport, waste bags
    /// waste handling; an item the standard does not name is a general post.
    public static func post(of itemCode: String, standard: [MassTestingStandardLine] = MassTestingForm.standard)
        -> WorkPost
    {
        standard.first { $0.itemCode == itemCode }?.post ?? .general
    }
}

/// How much of one item a round consumes per table, per staff member and per sampling point.
public struct MassTestingStandardLine: Sendable, Codable, Equatable {
    public var itemCode: String
    public var perTablePerRound: Double
    public var perStaffPerRound: Double
    public var perPointPerRound: Double
    /// The post the item serves, which decides whether a lowered standard may stand in (R6.1).
    public var post: WorkPost

    public init(
        itemCode: String, perTablePerRound: Double = 0, perStaffPerRound: Double = 0, perPointPerRound: Double = 0,
        post: WorkPost = .general
    ) {
        self.itemCode = itemCode
        self.perTablePerRound = perTablePerRound
        self.perStaffPerRound = perStaffPerRound
        self.perPointPerRound = perPointPerRound
        self.post = post
    }
}
