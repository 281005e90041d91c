import Foundation

/// Recovery of reusable items (R4.6): a box, thermometer or tent returned from a grid after round r
/// is disinfected and re-entered, but is not sent back to the same grid in round r + 1 (the seeds'
/// guard against a grid reusing its own, possibly contaminated, kit before disinfection is proven).
public enum RecoveryRule {
    /// Whether a lot last returned from `returnedFromGrid` in `returnedInRound` may be issued to
    /// `toGrid` for `round`. Lots never returned (nil) may always go.
    ///
    ///     RecoveryRule.mayIssue(returnedFromGrid: "G1", returnedInRound: 1, toGrid: "G1", round: 2)  // false
    public static func mayIssue(returnedFromGrid: String?, returnedInRound: Int?, toGrid: String, round: Int) -> Bool {
        guard let grid = returnedFromGrid, let returnedRound = returnedInRound else { return true }
        return !(grid == toGrid && round == returnedRound + 1)
    }

    /// An order that served a grid's round is recovered from that grid after that round (an order
    /// naming neither takes what the recovery says), naming `field.grid` or `field.round` otherwise.
    public static func requireServed(grid: String, round: Int, orderGrid: String?, orderRound: Int?, field: String)
        throws(LifelineError)
    {
        if let served = orderGrid, served != grid {
            throw LifelineError.invalid("\(field).grid", "the order served grid \(served)")
        }
        if let served = orderRound, served != round {
            throw LifelineError.invalid("\(field).round", "the order served round \(served)")
        }
    }
}

/// The grid and round a request serves (R4.6): both optional, so that requests outside a mass-testing
/// response — and clients written before rounds — keep working; a round needs a grid, since the
/// recovery rule is about a grid's next round.
public enum RoundRule {
    /// Rounds a response may have (as the planner's `rounds`).
    public static let rounds = 1...30

    /// The checked grid and round, naming the field at fault.
    public static func validated(grid: String?, round: Int?) throws(LifelineError) -> (grid: String?, round: Int?) {
        let grid = try Text.optional(grid, field: "grid", max: 100)
        if let round {
            guard rounds.contains(round) else {
                throw LifelineError(
                    .outOfRange, field: "round",
                    ["min": String(rounds.lowerBound), "max": String(rounds.upperBound)])
            }
            guard grid != nil else { throw LifelineError.required("grid") }
        }
        return (grid, round)
    }
}

/// A lot the approval's picking passed over for a grid's round, and why: its units came back from
/// the same grid after the previous round (``RecoveryRule``).
public struct SkippedLot: Sendable, Codable, Hashable {
    public var lotId: UUID
    public var batchNo: String
    public var itemCode: String
    public var grid: String
    public var returnedInRound: Int
    public var round: Int

    public init(lotId: UUID, batchNo: String, itemCode: String, grid: String, returnedInRound: Int, round: Int) {
        self.lotId = lotId
        self.batchNo = batchNo
        self.itemCode = itemCode
        self.grid = grid
        self.returnedInRound = returnedInRound
        self.round = round
    }

    /// Why the lot was passed over, in both languages.
    public var reason: LocalizedText {
        LocalizedText(
            zh: "批次 \(batchNo) 含第 \(returnedInRound) 轮从网格 \(grid) 回收的物资，第 \(round) 轮不再发往同一网格",
            en: """
                lot \(batchNo) holds units recovered from grid \(grid) after round \(returnedInRound); \
                they do not go back to the same grid in round \(round)
                """)
    }
}
