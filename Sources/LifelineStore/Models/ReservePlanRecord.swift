import FluentKit
import Foundation
import LifelineDomain

/// A row of `reserve_plans`: one version of a jurisdiction's reserve plan for one reserve class
/// (储备计划, R3.1–R3.4). Its norms are rows of `reserve_norms`.
public final class ReservePlanRecord: StatefulRecord, @unchecked Sendable {
    public static let schema = "reserve_plans"

    @ID(key: .id) public var id: UUID?
    @Field(key: "jurisdiction_code") public var jurisdictionCode: String
    /// The plan's jurisdiction path: scope checks read it.
    @Field(key: "path") public var path: String
    @Field(key: "reserve_class") public var reserveClass: String
    @Field(key: "version") public var version: Int
    @Field(key: "catalogue_version") public var catalogueVersion: Int
    @Field(key: "title") public var title: String
    /// Coverage below this percentage of a norm raises an alert (R3.4; 80 by default).
    @Field(key: "alert_percent") public var alertPercent: Int
    /// Changes only through `Locked.transition(to:on:)` (ADR 0022).
    @Field(key: "status") public internal(set) var status: String
    @Field(key: "author_id") public var authorID: UUID
    @Field(key: "author_name") public var authorName: String
    @Field(key: "created_at_ms") public var createdAtMs: Int
    @OptionalField(key: "submitted_at_ms") public var submittedAtMs: Int?
    @OptionalField(key: "decided_by") public var decidedBy: UUID?
    @OptionalField(key: "decided_by_name") public var decidedByName: String?
    @OptionalField(key: "decided_at_ms") public var decidedAtMs: Int?
    @OptionalField(key: "decision_note") public var decisionNote: String?
    /// The version this one revises.
    @OptionalField(key: "previous_id") public var previousID: UUID?

    /// Every Fluent property, in declaration order (ModelPropertiesTests holds the list).
    public var properties: [any AnyProperty] {
        [
            $id, $jurisdictionCode, $path, $reserveClass, $version, $catalogueVersion, $title, $alertPercent, $status,
            $authorID, $authorName, $createdAtMs, $submittedAtMs, $decidedBy, $decidedByName, $decidedAtMs,
            $decisionNote, $previousID,
        ]
    }

    public init() {}

    /// A new row, not yet stored, in its first status.
    public convenience init(status: String) {
        self.init()
        self.status = status
    }

    public var planStatus: ReservePlanStatus {
        get throws { try Stored.value(ReservePlanStatus.self, status, column: "reserve_plans.status") }
    }
    public var planClass: ReserveClass {
        get throws { try Stored.value(ReserveClass.self, reserveClass, column: "reserve_plans.reserve_class") }
    }
    public var jurisdictionPath: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, path, column: "reserve_plans.path") }
    }
}

extension ReservePlanRecord: StatusWritable {}

/// A row of `reserve_norms`: how much of one item a plan keeps, and how that was worked out (the
/// formula and its inputs, as JSON).
public final class ReserveNormRecord: Model, @unchecked Sendable {
    public static let schema = "reserve_norms"

    @ID(key: .id) public var id: UUID?
    @Field(key: "plan_id") public var planID: UUID
    @Field(key: "item_id") public var itemID: UUID
    @Field(key: "basis") public var basis: String
    /// The ``NormFormula`` as JSON.
    @Field(key: "formula") public var formula: String
    @Field(key: "quantity") public var quantity: Int
    @OptionalField(key: "note") public var note: String?

    public var properties: [any AnyProperty] { [$id, $planID, $itemID, $basis, $formula, $quantity, $note] }

    public init() {}

    public var normFormula: NormFormula {
        get throws {
            guard let value = try? JSONDecoder().decode(NormFormula.self, from: Data(formula.utf8)) else {
                throw LifelineError(
                    .unknownStoredValue,
                    ["column": "reserve_norms.formula", "value": String(formula.prefix(80)), "type": "NormFormula"])
            }
            return value
        }
    }
}
