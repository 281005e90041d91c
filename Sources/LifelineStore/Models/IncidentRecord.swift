import FluentKit
import Foundation

/// A row of `incidents`: an emergency event (突发事件) with its response level in force (R5.3).
public final class IncidentRecord: StatefulRecord, @unchecked Sendable {
    public static let schema = "incidents"

    @ID(key: .id) public var id: UUID?
    @Field(key: "number") public var number: String
    @Field(key: "title") public var title: String
    /// Changes only through `Locked.transition(to:on:)` (ADR 0022).
    @Field(key: "status") public internal(set) var status: String
    /// 1 = level I (most severe) … 4 = level IV.
    @Field(key: "level") public var level: Int
    /// Comma-separated jurisdiction paths; the event covers each subtree.
    @Field(key: "paths") public var paths: String
    @Field(key: "declared_by") public var declaredBy: UUID
    @Field(key: "declared_at_ms") public var declaredAtMs: Int
    @OptionalField(key: "ended_at_ms") public var endedAtMs: Int?

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] {
        [$id, $number, $title, $status, $level, $paths, $declaredBy, $declaredAtMs, $endedAtMs]
    }

    public init() {}

    /// A new row, not yet stored, in its first status.
    public convenience init(status: String) {
        self.init()
        self.status = status
    }

    public var pathList: [String] { paths.split(separator: ",").map(String.init) }
}

/// A row of `incident_events`: one entry of an event's timeline (declared, level changed, ended).
public final class IncidentEventRecord: Model, @unchecked Sendable {
    public static let schema = "incident_events"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "incident_id") public var incidentID: UUID
    @Field(key: "kind") public var kind: String
    @Field(key: "level") public var level: Int
    @OptionalField(key: "note") public var note: String?
    @Field(key: "actor_name") public var actorName: String
    @Field(key: "at_ms") public var atMs: Int

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] { [$id, $incidentID, $kind, $level, $note, $actorName, $atMs] }

    public init() {}

    public init(incidentID: UUID, kind: String, level: Int, note: String?, actorName: String, atMs: Int) {
        self.incidentID = incidentID
        self.kind = kind
        self.level = level
        self.note = note
        self.actorName = actorName
        self.atMs = atMs
    }
}

extension IncidentRecord: StatusWritable {}
