import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// Filters for the depot list.
public struct DepotFilter: Sendable, Hashable {
    public var jurisdiction: JurisdictionCode?
    public var operatorKind: DepotOperatorKind?
    public var query: String?

    public init(jurisdiction: JurisdictionCode? = nil, operatorKind: DepotOperatorKind? = nil, query: String? = nil) {
        self.jurisdiction = jurisdiction
        self.operatorKind = operatorKind
        self.query = query
    }
}

extension ReferenceService {
    /// Depots the actor reaches: in their subtree, or owned/operated by their unit.
    public func depots(_ filter: DepotFilter, page: PageRequest, for actor: Actor) async throws -> Page<DepotView> {
        try AccessPolicy.require(.readStock, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let sort = try page.sortKey(allowed: ["code", "name", "jurisdiction", "volume"], default: "code")
        var conditions = SQLConditions()
        conditions.restrict(to: ScopeFilter(actor), .depots)
        if let code = filter.jurisdiction {
            conditions.within(
                try await jurisdiction(code.rawValue, field: "jurisdiction", on: database).jurisdictionPath,
                column: "path")
        }
        if let kind = filter.operatorKind { conditions.add("operator_kind = \(bind: kind.rawValue)") }
        if let text = filter.query?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            let pattern = "%\(text.replacingOccurrences(of: "%", with: ""))%"
            conditions.add("(name LIKE \(bind: pattern) OR code LIKE \(bind: pattern))")
        }
        let direction = sort.descending ? "DESC" : "ASC"
        let column = ["name": "name", "jurisdiction": "path", "volume": "volume_m3"][sort.key] ?? "code"
        let (rows, total) = try await sqlPage(
            DepotRecord.schema, columns: "*", where: conditions, orderBy: "\(column) \(direction), id", page)
        return Page(
            items: try rows.map { try DepotView(try $0.decode(fluentModel: DepotRecord.self)) }, page: page.page,
            per: page.per, total: total)
    }

    public func depot(_ id: UUID, for actor: Actor) async throws -> DepotView {
        try AccessPolicy.require(.readStock, actor)
        return try DepotView(try await depot(id, for: actor, on: database))
    }

    public func createDepot(_ profile: DepotProfile, by actor: Actor) async throws -> DepotView {
        try AccessPolicy.require(.manageDepots, actor)
        _ = try profile.validated()  // bad input is refused before a transaction opens
        let now = clock.now()
        return try await store.write { tx in
            let created = try await createDepot(profile, by: actor, on: tx)
            try await AuditTrail.append(created.events, at: now, on: tx)
            return created.output
        }
    }

    public func updateDepot(_ id: UUID, _ profile: DepotProfile, by actor: Actor) async throws -> DepotView {
        try AccessPolicy.require(.manageDepots, actor)
        _ = try profile.validated()
        let now = clock.now()
        return try await store.write { tx in
            let updated = try await updateDepot(id, profile, by: actor, on: tx)
            try await AuditTrail.append(updated.events, at: now, on: tx)
            return updated.output
        }
    }

    /// The work of ``createDepot(_:by:)`` inside the caller's transaction (also each new row of a
    /// depots import); the caller appends the audit event and has checked the role.
    func createDepot(_ profile: DepotProfile, by actor: Actor, on tx: any Database) async throws -> Audited<DepotView> {
        let profile = try profile.validated()
        try await checkDepotReferences(profile, by: actor, on: tx)
        if try await DepotRecord.query(on: tx).filter(\.$code == profile.code).first() != nil {
            throw LifelineError(.duplicate, field: "code", ["value": profile.code])
        }
        let id = ids.next()
        let record = DepotRecord(id: id, profile: profile)
        try await record.create(on: tx)
        let view = try DepotView(record)
        return Audited(
            output: view,
            events: [
                AuditEvent(
                    "depot.create", by: actor, entity: .depot, id: id.uuidString, path: profile.jurisdiction.path,
                    after: view)
            ])
    }

    /// The work of ``updateDepot(_:_:by:)`` inside the caller's transaction (also each changed row of
    /// a depots import); the caller appends the audit event and has checked the role.
    func updateDepot(_ id: UUID, _ profile: DepotProfile, by actor: Actor, on tx: any Database) async throws -> Audited<
        DepotView
    > {
        let profile = try profile.validated()
        let record = try await depot(id, for: actor, on: tx)
        try await checkDepotReferences(profile, by: actor, on: tx)
        if profile.code != record.code,
            try await DepotRecord.query(on: tx).filter(\.$code == profile.code).first() != nil
        {
            throw LifelineError(.duplicate, field: "code", ["value": profile.code])
        }
        if profile.jurisdiction.rawValue != record.jurisdictionCode,
            try await LotRecord.query(on: tx).filter(\.$depotID == id).filter(\.$onHand > 0).first() != nil
        {
            throw LifelineError.invalid("jurisdictionCode", "a depot holding stock cannot move to another jurisdiction")
        }
        let before = try DepotView(record)
        record.apply(profile)
        try await record.update(on: tx)
        let after = try DepotView(record)
        return Audited(
            output: after,
            events: [
                AuditEvent(
                    "depot.update", by: actor, entity: .depot, id: id.uuidString, path: profile.jurisdiction.path,
                    before: before, after: after)
            ])
    }

    private func checkDepotReferences(_ profile: DepotProfile, by actor: Actor, on tx: any Database) async throws {
        _ = try await jurisdiction(profile.jurisdiction.rawValue, field: "jurisdictionCode", on: tx)
        try AccessPolicy.requireReach(actor, .depot, path: profile.jurisdiction.path)
        if let owner = profile.ownerUnitID { _ = try await unit(owner, field: "ownerUnitId", on: tx) }
        if let operatorID = profile.operatorUnitID {
            let operatorUnit = try await unit(operatorID, field: "operatorUnitId", on: tx)
            if try profile.operatorKind == .enterprise && operatorUnit.profile.kind != .storageEnterprise {
                throw LifelineError.invalid(
                    "operatorUnitId", "an enterprise-held depot is operated by a storage enterprise")
            }
        }
    }
}
