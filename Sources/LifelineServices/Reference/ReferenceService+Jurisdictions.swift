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

/// A township (乡镇, R1.1) as an office registers it under one of its counties.
public struct TownshipInput: Codable, Sendable, Hashable {
    /// Nine digits: the county's six and three of its own (`520102001`).
    public var code: String
    public var name: String
    public var longitude: Double?
    public var latitude: Double?
    public var population: Int?

    public init(code: String, name: String, longitude: Double? = nil, latitude: Double? = nil, population: Int? = nil) {
        self.code = code
        self.name = name
        self.longitude = longitude
        self.latitude = latitude
        self.population = population
    }
}

extension ReferenceService {
    /// Registers a township under its county (the tree's fifth level, R1.1), or updates it: the county
    /// must exist and lie in the actor's scope.
    public func putTownship(_ input: TownshipInput, by actor: Actor) async throws -> JurisdictionView {
        try AccessPolicy.require(.editPopulation, actor)
        let now = clock.now()
        return try await store.write { tx in
            let put = try await putTownship(input, by: actor, on: tx)
            try await AuditTrail.append(put.events, at: now, on: tx)
            return put.output
        }
    }

    /// The work of ``putTownship(_:by:)`` inside the caller's transaction (also each row of a
    /// townships import); `output` is `nil` when nothing changed.
    func putTownship(_ input: TownshipInput, by actor: Actor, on tx: any Database) async throws
        -> Audited<JurisdictionView>
    {
        guard let code = JurisdictionCode(rawValue: input.code.trimmingCharacters(in: .whitespaces)),
            code.level == .township, let countyCode = code.parent
        else { throw LifelineError.invalid("code", "nine digits: the county's six, then the township's three") }
        let name = try Text.required(input.name, field: "name", max: 60)
        try Jurisdiction.validatePopulation(input.population)
        let location = try GeoPoint.validated(longitude: input.longitude, latitude: input.latitude)
        let county = try await jurisdiction(countyCode.rawValue, field: "code", on: tx)
        guard try county.jurisdictionPath.level == .county else {
            throw LifelineError.invalid("code", "its first six digits name no county")
        }
        guard !actor.role.isUnitBound, actor.scope.contains(try county.jurisdictionPath) else {
            throw LifelineError.outOfScope(.jurisdiction)
        }
        let existing = try await JurisdictionRecord.find(code.rawValue, on: tx)
        let before = try existing.map { try JurisdictionView($0) }
        let record = existing ?? JurisdictionRecord(Jurisdiction(code: code, name: name))
        record.name = name
        record.parentCode = countyCode.rawValue
        record.path = try county.jurisdictionPath.rawValue + "/" + code.rawValue
        record.longitude = location?.longitude
        record.latitude = location?.latitude
        record.population = input.population
        if existing == nil { try await record.create(on: tx) } else { try await record.update(on: tx) }
        let after = try JurisdictionView(record)
        return Audited(
            output: after,
            events: before == after
                ? []
                : [
                    AuditEvent(
                        existing == nil ? "jurisdiction.create" : "jurisdiction.update", by: actor,
                        entity: .jurisdiction, id: code.rawValue, path: try record.jurisdictionPath, before: before,
                        after: after)
                ])
    }
}
