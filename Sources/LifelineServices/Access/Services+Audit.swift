import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

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

extension Services {
    /// The audit trail within the reader's scope, newest first.
    public func auditEntries(entity: String?, entityID: String?, page: PageRequest, for actor: Actor) async throws -> Page<AuditEntryView> {
        try AccessPolicy.require(.readAudit, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        var query = AuditEntryRecord.query(on: database).within(actor.scope, path: \.$path)
        if let entity { query = query.filter(\.$entity == entity) }
        if let entityID { query = query.filter(\.$entityID == entityID) }
        return try await query.sort(\.$id, .descending).paginate(page).map { r in
            AuditEntryView(id: try r.requireID(), chain: r.chain, sequence: r.chainSeq, at: r.at, actor: r.actorName, action: r.action,
                           entity: r.entity, entityID: r.entityID, path: r.path, before: r.before, after: r.after, hash: r.hash)
        }
    }
}
