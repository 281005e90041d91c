import FluentKit
import Foundation
import LifelineDomain

/// A row of `alerts`: one alert of the alert centre, raised while its cause holds (matched by
/// `key`, one live alert per key), acknowledged with a comment, closed once the cause is gone.
public final class AlertRecord: StatefulRecord, @unchecked Sendable {
    public static let schema = "alerts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "kind") public var kind: String
    /// `kind:subject`; at most one live (open or acknowledged) alert per key.
    @Field(key: "key") public var key: String
    /// Where the cause lies: readers whose scope contains it see the alert.
    @Field(key: "path") public var path: String
    @Field(key: "message_zh") public var messageZh: String
    @Field(key: "message_en") public var messageEn: String
    /// Changes only through `Locked.transition(to:on:)` (ADR 0022).
    @Field(key: "status") public internal(set) var status: String
    @Field(key: "raised_at_ms") public var raisedAtMs: Int
    @OptionalField(key: "acknowledged_by") public var acknowledgedBy: UUID?
    @OptionalField(key: "acknowledged_by_name") public var acknowledgedByName: String?
    @OptionalField(key: "acknowledged_at_ms") public var acknowledgedAtMs: Int?
    @OptionalField(key: "comment") public var comment: String?
    @OptionalField(key: "closed_at_ms") public var closedAtMs: Int?

    public var properties: [any AnyProperty] {
        [
            $id, $kind, $key, $path, $messageZh, $messageEn, $status, $raisedAtMs, $acknowledgedBy,
            $acknowledgedByName, $acknowledgedAtMs, $comment, $closedAtMs,
        ]
    }

    public init() {}

    /// A new row, not yet stored, in its first status.
    public convenience init(status: String) {
        self.init()
        self.status = status
    }

    public var alertKind: AlertKind {
        get throws { try Stored.value(AlertKind.self, kind, column: "alerts.kind") }
    }
    public var alertStatus: AlertStatus {
        get throws { try Stored.value(AlertStatus.self, status, column: "alerts.status") }
    }
    public var jurisdictionPath: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, path, column: "alerts.path") }
    }
}

extension AlertRecord: StatusWritable {}
