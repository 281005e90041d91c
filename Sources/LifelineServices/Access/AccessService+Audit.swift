import FluentKit
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// One entry of the audit trail as auditors read it.
public struct AuditEntryView: Codable, Sendable, Hashable {
    public var id: Int
    public var chain: Int
    public var sequence: Int
    public var at: Date
    public var actor: String
    public var action: String
    public var entity: String
    public var entityID: String
    public var path: String
    public var before: String?
    public var after: String?
    public var hash: String
}

extension AccessService {
    /// The audit trail within the reader's scope, newest first.
    public func auditEntries(entity: String?, entityID: String?, page: PageRequest, for actor: Actor) async throws
        -> Page<AuditEntryView>
    {
        try AccessPolicy.require(.readAudit, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        var conditions = SQLConditions()
        conditions.within(actor.scope, column: "path")
        if let entity { conditions.add("entity = \(bind: entity)") }
        if let entityID { conditions.add("entity_id = \(bind: entityID)") }
        let (rows, total) = try await sqlPage(
            AuditEntryRecord.schema,
            columns:
                """
                id, chain, chain_seq, at_ms, actor_name, action, entity, entity_id, path, before_json, after_json,\
                 hash
                """,
            where: conditions, orderBy: "id DESC", page)
        return Page(
            items: try rows.map { row in
                AuditEntryView(
                    id: try row.decode(column: "id", as: Int.self),
                    chain: try row.decode(column: "chain", as: Int.self),
                    sequence: try row.decode(column: "chain_seq", as: Int.self),
                    at: Date(timeIntervalSince1970: Double(try row.decode(column: "at_ms", as: Int.self)) / 1000),
                    actor: try row.decode(column: "actor_name", as: String.self),
                    action: try row.decode(column: "action", as: String.self),
                    entity: try row.decode(column: "entity", as: String.self),
                    entityID: try row.decode(column: "entity_id", as: String.self),
                    path: try row.decode(column: "path", as: String.self),
                    before: try row.decode(column: "before_json", as: String?.self),
                    after: try row.decode(column: "after_json", as: String?.self),
                    hash: try row.decode(column: "hash", as: String.self))
            }, page: page.page, per: page.per, total: total)
    }
}
