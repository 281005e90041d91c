import FluentKit
import Foundation
import LifelineDomain

/// A row of `mass_testing_standards`: one version of the standard, as the CSV it was imported from
/// (``MassTestingStandard/init(csv:)`` reads it back), approved through `Locked.transition(to:on:)`.
public final class MassTestingStandardRecord: StatefulRecord, @unchecked Sendable {
    public static let schema = "mass_testing_standards"

    @ID(key: .id) public var id: UUID?
    @Field(key: "version") public var version: String
    @OptionalField(key: "effective_from") public var effectiveFrom: String?
    /// Changes only through `Locked.transition(to:on:)` (ADR 0022).
    @Field(key: "status") public internal(set) var status: String
    @Field(key: "body") public var body: String
    @Field(key: "classes") public var classes: Int
    @Field(key: "created_by") public var createdBy: UUID
    @Field(key: "created_by_name") public var createdByName: String
    @Field(key: "created_at_ms") public var createdAtMs: Int
    @OptionalField(key: "approved_by_name") public var approvedByName: String?
    @OptionalField(key: "approved_at_ms") public var approvedAtMs: Int?

    public var properties: [any AnyProperty] {
        [
            $id, $version, $effectiveFrom, $status, $body, $classes, $createdBy, $createdByName, $createdAtMs,
            $approvedByName, $approvedAtMs,
        ]
    }

    public init() {}

    public convenience init(status: String) {
        self.init()
        self.status = status
    }
}

extension MassTestingStandardRecord: StatusWritable {}
