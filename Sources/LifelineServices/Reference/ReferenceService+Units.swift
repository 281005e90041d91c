import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// Filters for the unit list.
public struct UnitFilter: Sendable, Hashable {
    public var kind: UnitKind?
    public var jurisdiction: JurisdictionCode?
    public var query: String?

    public init(kind: UnitKind? = nil, jurisdiction: JurisdictionCode? = nil, query: String? = nil) {
        self.kind = kind
        self.jurisdiction = jurisdiction
        self.query = query
    }
}

extension ReferenceService {
    /// Units in the actor's subtree (a unit-bound actor sees only their own unit).
    public func units(_ filter: UnitFilter, page: PageRequest, for actor: Actor) async throws -> Page<UnitView> {
        try AccessPolicy.require(.readReference, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let sort = try page.sortKey(allowed: ["name", "kind", "jurisdiction"], default: "name")
        var conditions = SQLConditions()
        conditions.restrict(to: ScopeFilter(actor), .units)
        if let kind = filter.kind { conditions.add("kind = \(bind: kind.rawValue)") }
        if let code = filter.jurisdiction {
            conditions.within(
                try await jurisdiction(code.rawValue, field: "jurisdiction", on: database).jurisdictionPath,
                column: "path")
        }
        if let text = filter.query?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            conditions.add("name LIKE \(bind: "%\(text.replacingOccurrences(of: "%", with: ""))%")")
        }
        let direction = sort.descending ? "DESC" : "ASC"
        let column = ["kind": "kind", "jurisdiction": "path"][sort.key] ?? "name"
        let (rows, total) = try await sqlPage(
            UnitRecord.schema, columns: "*", where: conditions, orderBy: "\(column) \(direction), id", page)
        return Page(
            items: try rows.map { try UnitView(try $0.decode(fluentModel: UnitRecord.self)) }, page: page.page,
            per: page.per, total: total)
    }

    public func unit(_ id: UUID, for actor: Actor) async throws -> UnitView {
        try AccessPolicy.require(.readReference, actor)
        let record = try await unit(id, on: database)
        try AccessPolicy.requireReach(actor, .unit, path: record.jurisdictionPath, ownerUnit: id)
        return try UnitView(record)
    }

    /// Registers a unit in a jurisdiction within the actor's scope.
    public func createUnit(_ profile: UnitProfile, by actor: Actor) async throws -> UnitView {
        try AccessPolicy.require(.manageUnits, actor)
        let profile = try profile.validated()
        let now = clock.now()
        let id = ids.next()
        return try await store.write { tx in
            _ = try await jurisdiction(profile.jurisdiction.rawValue, field: "jurisdictionCode", on: tx)
            try AccessPolicy.requireReach(actor, .unit, path: profile.jurisdiction.path)
            let record = UnitRecord(id: id, profile: profile)
            try await record.create(on: tx)
            let view = try UnitView(record)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "unit.create", by: actor, entity: .unit, id: id.uuidString, path: profile.jurisdiction.path,
                        after: view)
                ],
                at: now, on: tx)
            return view
        }
    }

    /// Replaces a unit's profile; both the old and the new jurisdiction must be in scope.
    public func updateUnit(_ id: UUID, _ profile: UnitProfile, by actor: Actor) async throws -> UnitView {
        try AccessPolicy.require(.manageUnits, actor)
        let profile = try profile.validated()
        let now = clock.now()
        return try await store.write { tx in
            let record = try await unit(id, on: tx)
            try AccessPolicy.requireReach(actor, .unit, path: record.jurisdictionPath)
            _ = try await jurisdiction(profile.jurisdiction.rawValue, field: "jurisdictionCode", on: tx)
            try AccessPolicy.requireReach(actor, .unit, path: profile.jurisdiction.path)
            let before = try UnitView(record)
            record.apply(profile)
            try await record.update(on: tx)
            let after = try UnitView(record)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "unit.update", by: actor, entity: .unit, id: id.uuidString, path: profile.jurisdiction.path,
                        before: before, after: after)
                ], at: now, on: tx)
            return after
        }
    }
}
