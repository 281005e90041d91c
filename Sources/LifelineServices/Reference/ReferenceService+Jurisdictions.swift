import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// Filters for the jurisdiction list.
public struct JurisdictionFilter: Sendable, Hashable {
    public var parent: String?
    public var level: JurisdictionLevel?
    public var query: String?

    public init(parent: String? = nil, level: JurisdictionLevel? = nil, query: String? = nil) {
        self.parent = parent
        self.level = level
        self.query = query
    }
}

extension ReferenceService {
    /// The division tree is reference data every role may read.
    public func jurisdictions(_ filter: JurisdictionFilter, page: PageRequest, for actor: Actor) async throws -> Page<
        JurisdictionView
    > {
        try AccessPolicy.require(.readReference, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let sort = try page.sortKey(allowed: ["code", "name", "population"], default: "code")
        var conditions = SQLConditions()
        if let parent = filter.parent {
            _ = try await jurisdiction(parent, field: "parent", on: database)
            conditions.add("parent_code = \(bind: parent)")
        }
        if let level = filter.level { conditions.add("level = \(bind: level.rawValue)") }
        if let text = filter.query?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard text.count <= 60 else { throw LifelineError(.tooLong, field: "q", ["max": "60"]) }
            let pattern =
                "%" + text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            conditions.add("(name LIKE \(bind: pattern) OR code LIKE \(bind: pattern))")
        }
        let direction = sort.descending ? "DESC" : "ASC"
        let column = ["name": "name", "population": "population"][sort.key] ?? "code"
        let (rows, total) = try await sqlPage(
            JurisdictionRecord.schema, columns: "*", where: conditions, orderBy: "\(column) \(direction), code", page)
        return Page(
            items: try rows.map { try JurisdictionView(try $0.decode(fluentModel: JurisdictionRecord.self)) },
            page: page.page, per: page.per,
            total: total)
    }

    public func jurisdiction(_ code: String, for actor: Actor) async throws -> JurisdictionView {
        try AccessPolicy.require(.readReference, actor)
        return try JurisdictionView(try await jurisdiction(code, on: database))
    }

    /// Sets the resident population of a jurisdiction in the actor's scope.
    public func setPopulation(_ code: String, to population: Int?, by actor: Actor) async throws -> JurisdictionView {
        try AccessPolicy.require(.editPopulation, actor)
        try Jurisdiction.validatePopulation(population)  // bad input is refused before a transaction opens
        let now = clock.now()
        return try await store.write { tx in
            let set = try await setPopulation(code, to: population, by: actor, on: tx)
            try await AuditTrail.append(set.events, at: now, on: tx)
            return set.output
        }
    }

    /// The work of ``setPopulation(_:to:by:)`` inside the caller's transaction (also each changed row
    /// of a population import); the caller appends the audit event and has checked the role.
    func setPopulation(_ code: String, to population: Int?, by actor: Actor, on tx: any Database) async throws
        -> Audited<JurisdictionView>
    {
        try Jurisdiction.validatePopulation(population)
        let record = try await jurisdiction(code, on: tx)
        try AccessPolicy.requireReach(actor, .jurisdiction, path: record.jurisdictionPath)
        let before = try JurisdictionView(record)
        record.population = population
        try await record.update(on: tx)
        let after = try JurisdictionView(record)
        return Audited(
            output: after,
            events: [
                AuditEvent(
                    "jurisdiction.population", by: actor, entity: .jurisdiction, id: code,
                    path: try record.jurisdictionPath,
                    before: before, after: after)
            ])
    }

    public func macroRegions(for actor: Actor) async throws -> [MacroRegionView] {
        try AccessPolicy.require(.readReference, actor)
        let regions = try await MacroRegionRecord.query(on: database).with(\.$members).sort(\.$id).all()
        return regions.map { region in
            MacroRegionView(
                code: region.id ?? "", nameZh: region.nameZh, nameEn: region.nameEn,
                members: region.members.compactMap(\.id).sorted(),
                leads: region.members.filter(\.isLead).compactMap(\.id).sorted())
        }
    }
}
