import FluentKit
import Foundation

/// A row of `audit_entries`: who did what, when, with the state before and after, hash-chained.
public final class AuditEntryRecord: Model, @unchecked Sendable {
    public static let schema = "audit_entries"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "chain") public var chain: Int
    @Field(key: "chain_seq") public var chainSeq: Int
    @Field(key: "at_ms") public var atMilliseconds: Int
    @Field(key: "actor_id") public var actorID: UUID
    @Field(key: "actor_name") public var actorName: String
    @Field(key: "action") public var action: String
    @Field(key: "entity") public var entity: String
    @Field(key: "entity_id") public var entityID: String
    @Field(key: "path") public var path: String
    @OptionalField(key: "before_json") public var before: String?
    @OptionalField(key: "after_json") public var after: String?
    @Field(key: "prev_hash") public var previousHash: String
    @Field(key: "hash") public var hash: String

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] {
        [
            $id, $chain, $chainSeq, $atMilliseconds, $actorID, $actorName, $action, $entity, $entityID, $path, $before,
            $after,
            $previousHash, $hash,
        ]
    }

    public init() {}

    public var at: Date { Date(timeIntervalSince1970: Double(atMilliseconds) / 1000) }
}
