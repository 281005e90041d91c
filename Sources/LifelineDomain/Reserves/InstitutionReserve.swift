/// A medical institution's own reserve of one item (R3.7, seed 001/002): 30 days of full-load use
/// kept, of which the surplus above 20 days may be drawn by others (the floor allocation and
/// approval keep back, ``AllocationRules/institutionFloor(dailyUse:)``).
public struct InstitutionReserve: Sendable, Hashable, Codable {
    /// Units issued in the last 30 days.
    public var usedIn30Days: Int
    public var onHand: Int

    public init(usedIn30Days: Int, onHand: Int) {
        self.usedIn30Days = max(usedIn30Days, 0)
        self.onHand = max(onHand, 0)
    }

    /// Days an institution keeps for itself: 30 of full-load use.
    public static let requirementDays = 30

    public var dailyUse: Double { Double(usedIn30Days) / 30 }

    /// 30 days of use: what the institution should hold.
    public var requirement: Int { Int((dailyUse * Double(Self.requirementDays)).rounded(.up)) }

    /// 20 days of use: never drawn by others.
    public var floor: Int { AllocationRules.institutionFloor(dailyUse: dailyUse) }

    /// What others may draw: the stock above the 20-day floor.
    public var surplus: Int { max(0, onHand - floor) }

    /// Days the stock lasts at the current use; `nil` when nothing is used.
    public var days: Int? { usedIn30Days > 0 ? Int((Double(onHand) / dailyUse).rounded(.down)) : nil }

    /// Whether the institution holds less than its 30-day requirement.
    public var belowRequirement: Bool { onHand < requirement }
}
