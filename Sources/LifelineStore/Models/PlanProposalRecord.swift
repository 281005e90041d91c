import FluentKit
import Foundation
import LifelineDomain

/// A row of `plan_proposals`: a change the system proposes to an approved plan — `cause` keeps one
/// proposal per plan and reason (`norm:<item>:<quarter>`, `catalogue:<version>`).
public final class PlanProposalRecord: StatefulRecord, @unchecked Sendable {
    public static let schema = "plan_proposals"

    @ID(key: .id) public var id: UUID?
    @Field(key: "plan_id") public var planID: UUID
    @Field(key: "path") public var path: String
    @Field(key: "kind") public var kind: String
    @Field(key: "cause") public var cause: String
    @OptionalField(key: "item_id") public var itemID: UUID?
    @OptionalField(key: "current_quantity") public var currentQuantity: Int?
    @OptionalField(key: "proposed_quantity") public var proposedQuantity: Int?
    /// The proposed norm's formula, as JSON.
    @OptionalField(key: "formula") public var formula: String?
    @Field(key: "message_zh") public var messageZh: String
    @Field(key: "message_en") public var messageEn: String
    /// Changes only through `Locked.transition(to:on:)` (ADR 0022).
    @Field(key: "status") public internal(set) var status: String
    @Field(key: "created_at_ms") public var createdAtMs: Int
    @OptionalField(key: "decided_by_name") public var decidedByName: String?
    @OptionalField(key: "decided_at_ms") public var decidedAtMs: Int?
    @OptionalField(key: "note") public var note: String?
    /// The revision drafted when it was accepted.
    @OptionalField(key: "revision_id") public var revisionID: UUID?

    public var properties: [any AnyProperty] {
        [
            $id, $planID, $path, $kind, $cause, $itemID, $currentQuantity, $proposedQuantity, $formula, $messageZh,
            $messageEn, $status, $createdAtMs, $decidedByName, $decidedAtMs, $note, $revisionID,
        ]
    }

    public init() {}

    public convenience init(status: String) {
        self.init()
        self.status = status
    }

    public var jurisdictionPath: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, path, column: "plan_proposals.path") }
    }
}

extension PlanProposalRecord: StatusWritable {}
