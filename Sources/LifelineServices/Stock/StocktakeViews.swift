import Foundation
import LifelineDomain
import LifelineStore

/// A stocktake as readers see it, with its sheet when read alone.
public struct StocktakeView: Codable, Sendable, Equatable {
    public var id: UUID
    public var number: String
    public var depotId: UUID
    public var depotName: String
    public var path: String
    public var status: StocktakeStatus
    public var limitFen: Int
    public var startedBy: String
    public var startedAt: Date
    public var submittedBy: String?
    public var submittedById: UUID?
    public var submittedAt: Date?
    /// The differences' value in total (absolute, at the lots' unit costs), once submitted.
    public var differenceValueFen: Int?
    public var decidedBy: String?
    public var decidedAt: Date?
    public var decisionNote: String?
    public var lines: [StocktakeLineView]
}

/// One lot of the sheet.
public struct StocktakeLineView: Codable, Sendable, Equatable {
    public var lotId: UUID
    public var itemId: UUID
    public var itemCode: String
    public var itemNameZh: String
    public var itemNameEn: String
    public var unitZh: String
    public var unitEn: String
    public var batchNo: String
    public var expiryDate: String?
    public var frozen: Int
    public var movedSince: Int?
    public var counted: Int?
    public var difference: Int?
    public var reason: String?
    public var countedBy: String?
}

/// A count of one lot, as entered or uploaded.
public struct StocktakeCount: Codable, Sendable, Hashable {
    public var lotId: UUID
    public var counted: Int
    public var reason: String?

    public init(lotId: UUID, counted: Int, reason: String? = nil) {
        self.lotId = lotId
        self.counted = counted
        self.reason = reason
    }
}
