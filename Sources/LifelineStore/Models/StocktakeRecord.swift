import FluentKit
import Foundation
import LifelineDomain

/// A row of `stocktakes`: one count of a depot (盘点, R4.5). The sheet (its lines) is frozen at the
/// start; what moves during the count is added to the frozen quantity (the lot's on-hand quantity at
/// submission minus the frozen one), so it is neither lost nor counted twice.
public final class StocktakeRecord: StatefulRecord, @unchecked Sendable {
    public static let schema = "stocktakes"

    @ID(key: .id) public var id: UUID?
    @Field(key: "number") public var number: String
    @Field(key: "depot_id") public var depotID: UUID
    /// The depot's jurisdiction path: scope checks read it.
    @Field(key: "path") public var path: String
    /// Changes only through `Locked.transition(to:on:)` (ADR 0022).
    @Field(key: "status") public internal(set) var status: String
    /// Differences worth more than this (fen, absolute, in total) need a second person.
    @Field(key: "limit_fen") public var limitFen: Int
    @Field(key: "started_by") public var startedBy: UUID
    @Field(key: "started_by_name") public var startedByName: String
    @Field(key: "started_at_ms") public var startedAtMs: Int
    @OptionalField(key: "submitted_by") public var submittedBy: UUID?
    @OptionalField(key: "submitted_by_name") public var submittedByName: String?
    @OptionalField(key: "submitted_at_ms") public var submittedAtMs: Int?
    @OptionalField(key: "difference_value_fen") public var differenceValueFen: Int?
    @OptionalField(key: "decided_by") public var decidedBy: UUID?
    @OptionalField(key: "decided_by_name") public var decidedByName: String?
    @OptionalField(key: "decided_at_ms") public var decidedAtMs: Int?
    @OptionalField(key: "decision_note") public var decisionNote: String?

    public var properties: [any AnyProperty] {
        [
            $id, $number, $depotID, $path, $status, $limitFen, $startedBy, $startedByName,
            $startedAtMs, $submittedBy, $submittedByName, $submittedAtMs, $differenceValueFen, $decidedBy,
            $decidedByName, $decidedAtMs, $decisionNote,
        ]
    }

    public init() {}

    /// A new row, not yet stored, in its first status.
    public convenience init(status: String) {
        self.init()
        self.status = status
    }

    public var stocktakeStatus: StocktakeStatus {
        get throws { try Stored.value(StocktakeStatus.self, status, column: "stocktakes.status") }
    }
    public var jurisdictionPath: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, path, column: "stocktakes.path") }
    }
}

extension StocktakeRecord: StatusWritable {}

/// A row of `stocktake_lines`: one lot of the frozen sheet and what was counted.
public final class StocktakeLineRecord: Model, @unchecked Sendable {
    public static let schema = "stocktake_lines"

    @ID(key: .id) public var id: UUID?
    @Field(key: "stocktake_id") public var stocktakeID: UUID
    @Field(key: "lot_id") public var lotID: UUID
    @Field(key: "item_id") public var itemID: UUID
    /// The lot's on-hand quantity when the sheet was frozen.
    @Field(key: "frozen") public var frozen: Int
    /// What moved on the lot after the sheet was frozen, worked out at submission.
    @OptionalField(key: "moved_since") public var movedSince: Int?
    @OptionalField(key: "counted") public var counted: Int?
    @OptionalField(key: "reason") public var reason: String?
    @OptionalField(key: "counted_by_name") public var countedByName: String?
    /// The adjustment movement posted for its difference.
    @OptionalField(key: "movement_id") public var movementID: Int?

    public var properties: [any AnyProperty] {
        [$id, $stocktakeID, $lotID, $itemID, $frozen, $movedSince, $counted, $reason, $countedByName, $movementID]
    }

    public init() {}
}
