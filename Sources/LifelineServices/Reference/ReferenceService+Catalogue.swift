import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// Filters for the item list.
public struct ItemFilter: Sendable, Hashable {
    public var category: ItemCategory?
    public var reserveClass: ReserveClass?
    public var query: String?

    public init(category: ItemCategory? = nil, reserveClass: ReserveClass? = nil, query: String? = nil) {
        self.category = category
        self.reserveClass = reserveClass
        self.query = query
    }
}

extension ReferenceService {
    public func items(_ filter: ItemFilter, page: PageRequest, for actor: Actor) async throws -> Page<ItemView> {
        try AccessPolicy.require(.readReference, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let sort = try page.sortKey(allowed: ["code", "name", "category", "price"], default: "code")
        var conditions = SQLConditions()
        if let category = filter.category { conditions.add("category = \(bind: category.rawValue)") }
        if let reserveClass = filter.reserveClass { conditions.add("reserve_class = \(bind: reserveClass.rawValue)") }
        if let text = filter.query?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            let pattern = "%\(text.replacingOccurrences(of: "%", with: ""))%"
            conditions.add(
                "(name_zh LIKE \(bind: pattern) OR name_en LIKE \(bind: pattern) OR code LIKE \(bind: pattern))")
        }
        let direction = sort.descending ? "DESC" : "ASC"
        let column = ["name": "name_zh", "category": "category", "price": "unit_price_fen"][sort.key] ?? "code"
        let (rows, total) = try await sqlPage(
            ItemRecord.schema, columns: "*", where: conditions, orderBy: "\(column) \(direction), id", page)
        return Page(
            items: try rows.map { try ItemView(try $0.decode(fluentModel: ItemRecord.self)) }, page: page.page,
            per: page.per, total: total)
    }

    public func item(_ id: UUID, for actor: Actor) async throws -> ItemView {
        try AccessPolicy.require(.readReference, actor)
        return try ItemView(try await item(id, on: database))
    }

    public func createItem(_ definition: ItemDefinition, by actor: Actor) async throws -> ItemView {
        try AccessPolicy.requireCatalogueEditor(actor)
        _ = try definition.validated()  // bad input is refused before a transaction opens
        let now = clock.now()
        return try await store.write { tx in
            let created = try await createItem(definition, by: actor, on: tx)
            try await AuditTrail.append(created.events, at: now, on: tx)
            return created.output
        }
    }

    public func updateItem(_ id: UUID, _ definition: ItemDefinition, by actor: Actor) async throws -> ItemView {
        try AccessPolicy.requireCatalogueEditor(actor)
        _ = try definition.validated()
        let now = clock.now()
        return try await store.write { tx in
            let updated = try await updateItem(id, definition, by: actor, on: tx)
            try await AuditTrail.append(updated.events, at: now, on: tx)
            return updated.output
        }
    }

    /// The work of ``createItem(_:by:)`` inside the caller's transaction (also each new row of an
    /// items import); the caller appends the audit event and has checked the role.
    func createItem(_ definition: ItemDefinition, by actor: Actor, on tx: any Database) async throws -> Audited<
        ItemView
    > {
        let definition = try definition.validated()
        if try await ItemRecord.query(on: tx).filter(\.$code == definition.code).first() != nil {
            throw LifelineError(.duplicate, field: "code", ["value": definition.code])
        }
        let id = ids.next()
        let record = ItemRecord(id: id, definition: definition)
        try await record.create(on: tx)
        let view = try ItemView(record)
        return Audited(
            output: view,
            events: [AuditEvent("item.create", by: actor, entity: .item, id: id.uuidString, path: .nation, after: view)]
        )
    }

    /// The work of ``updateItem(_:_:by:)`` inside the caller's transaction (also each changed row of
    /// an items import); the caller appends the audit event and has checked the role.
    func updateItem(_ id: UUID, _ definition: ItemDefinition, by actor: Actor, on tx: any Database) async throws
        -> Audited<ItemView>
    {
        let definition = try definition.validated()
        let record = try await item(id, on: tx)
        if definition.code != record.code,
            try await ItemRecord.query(on: tx).filter(\.$code == definition.code).first() != nil
        {
            throw LifelineError(.duplicate, field: "code", ["value": definition.code])
        }
        let before = try ItemView(record)
        record.apply(definition)
        try await record.update(on: tx)
        let after = try ItemView(record)
        return Audited(
            output: after,
            events: [
                AuditEvent(
                    "item.update", by: actor, entity: .item, id: id.uuidString, path: .nation, before: before,
                    after: after)
            ])
    }

    public func catalogueVersions(page: PageRequest, for actor: Actor) async throws -> Page<CatalogueVersionView> {
        try AccessPolicy.require(.readReference, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let versions = try await CatalogueVersionRecord.query(on: database).sort(\.$number, .descending).paginate(page)
        let counts = try await entryCounts(of: versions.items.map { try $0.requireID() })
        return try versions.map { try Self.view($0, count: counts[try $0.requireID()] ?? 0, entries: nil) }
    }

    /// Entries per catalogue version, counted in one query for a page of versions.
    private func entryCounts(of versions: [UUID]) async throws -> [UUID: Int] {
        guard !versions.isEmpty else { return [:] }
        let rows = try await database.sql().select()
            .column(SQLColumn("version_id"), as: "version").column(
                SQLFunction("COUNT", args: SQLLiteral.all), as: "entries"
            )
            .from(CatalogueEntryRecord.schema).where(SQLColumn("version_id"), .in, SQLBind.group(versions)).groupBy(
                SQLColumn("version_id")
            )
            .all()
        return Dictionary(
            uniqueKeysWithValues: try rows.map {
                (try $0.decode(column: "version", as: UUID.self), try $0.decode(column: "entries", as: Int.self))
            })
    }

    public func catalogueVersion(_ number: Int, for actor: Actor) async throws -> CatalogueVersionView {
        try AccessPolicy.require(.readReference, actor)
        guard
            let version = try await CatalogueVersionRecord.query(on: database).filter(\.$number == number).with(
                \.$entries
            ).first()
        else { throw LifelineError.notFound(.catalogueVersion, String(number)) }
        let entries = version.entries.sorted { $0.code < $1.code }.map {
            CatalogueEntryView(
                itemId: $0.itemID, code: $0.code, nameZh: $0.nameZh, nameEn: $0.nameEn, category: $0.category,
                reserveClass: $0.reserveClass, unitZh: $0.unitZh, unitPriceFen: $0.unitPriceFen)
        }
        return try Self.view(version, count: entries.count, entries: entries)
    }

    /// Publishes the next catalogue version (R2.2) with the listed items as they stand in the master now.
    public func reviseCatalogue(_ revision: CatalogueRevision, by actor: Actor) async throws -> CatalogueVersionView {
        try AccessPolicy.requireCatalogueEditor(actor)
        let revision = try revision.validated()
        let now = clock.now()
        let versionID = ids.next()
        let entryIDs = revision.itemCodes.map { _ in ids.next() }
        return try await store.write { tx in
            let items = try await ItemRecord.query(on: tx).filter(\.$code ~~ revision.itemCodes).all()
            let byCode = Dictionary(items.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
            for (index, code) in revision.itemCodes.enumerated() where byCode[code] == nil {
                throw LifelineError.unknownReference("itemIds[\(index)]", .item, code)
            }
            let latest = try await CatalogueVersionRecord.query(on: tx).max(\.$number)
            let version = CatalogueVersionRecord(
                id: versionID, number: CatalogueRevision.nextVersionNumber(after: latest), title: revision.title,
                basedOn: latest,
                createdBy: actor.username)
            try await version.create(on: tx)
            var entries: [CatalogueEntryView] = []
            for (index, code) in revision.itemCodes.enumerated() {
                guard let item = byCode[code] else { continue }
                let entry = try CatalogueEntryRecord(id: entryIDs[index], versionID: versionID, item: item)
                try await entry.create(on: tx)
                entries.append(
                    CatalogueEntryView(
                        itemId: entry.itemID, code: entry.code, nameZh: entry.nameZh, nameEn: entry.nameEn,
                        category: entry.category,
                        reserveClass: entry.reserveClass, unitZh: entry.unitZh, unitPriceFen: entry.unitPriceFen))
            }
            let view = try Self.view(version, count: entries.count, entries: entries)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "catalogue.revise", by: actor, entity: .catalogueVersion, id: String(version.number),
                        path: .nation,
                        after: view)
                ], at: now, on: tx)
            return view
        }
    }

    static func view(_ v: CatalogueVersionRecord, count: Int, entries: [CatalogueEntryView]?) throws
        -> CatalogueVersionView
    {
        CatalogueVersionView(
            id: try v.requireID(), number: v.number, title: v.title, basedOn: v.basedOn, createdBy: v.createdBy,
            createdAt: v.createdAt, itemCount: count, entries: entries)
    }
}
