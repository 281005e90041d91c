import Foundation
import LifelineDomain
import LifelineServices
import OpenAPIRuntime

extension APIHandler {
    // MARK: Jurisdictions

    func listJurisdictions(_ input: Operations.ListJurisdictions.Input) async throws
        -> Operations.ListJurisdictions.Output
    {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let page = try await services.reference.jurisdictions(
            JurisdictionFilter(parent: q.parent, level: try Convert.enum(q.level, field: "level"), query: q.q),
            page: Convert.page(q.page, q.per, q.sort?.rawValue), for: actor)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try page.items.map(Self.jurisdiction), page: page.page, per: page.per, total: page.total)
                )))
    }

    func getJurisdiction(_ input: Operations.GetJurisdiction.Input) async throws -> Operations.GetJurisdiction.Output {
        let actor = try RequestContext.requireActor()
        return .ok(
            .init(
                body: .json(
                    try Self.jurisdiction(try await services.reference.jurisdiction(input.path.code, for: actor)))))
    }

    func updateJurisdiction(_ input: Operations.UpdateJurisdiction.Input) async throws
        -> Operations.UpdateJurisdiction.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else {
            throw LifelineError(.malformedBody, field: "body", ["reason": "JSON expected"])
        }
        let view = try await services.reference.setPopulation(input.path.code, to: body.population, by: actor)
        return .ok(.init(body: .json(try Self.jurisdiction(view))))
    }

    func putTownship(_ input: Operations.PutTownship.Input) async throws -> Operations.PutTownship.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else {
            throw LifelineError(.malformedBody, field: "body", ["reason": "JSON expected"])
        }
        let view = try await services.reference.putTownship(
            TownshipInput(
                code: input.path.code, name: body.name, longitude: body.longitude, latitude: body.latitude,
                population: body.population), by: actor)
        return .ok(.init(body: .json(try Self.jurisdiction(view))))
    }

    func listMacroRegions(_ input: Operations.ListMacroRegions.Input) async throws -> Operations.ListMacroRegions.Output
    {
        let actor = try RequestContext.requireActor()
        let regions = try await services.reference.macroRegions(for: actor)
        return .ok(
            .init(
                body: .json(
                    regions.map {
                        .init(code: $0.code, nameZh: $0.nameZh, nameEn: $0.nameEn, members: $0.members, leads: $0.leads)
                    })))
    }

    static func jurisdiction(_ j: JurisdictionView) throws -> Components.Schemas.Jurisdiction {
        .init(
            code: j.code, name: j.name, level: try Convert.enum(j.level, field: "level"), parentCode: j.parentCode,
            path: j.path,
            longitude: j.longitude, latitude: j.latitude, population: j.population)
    }

    // MARK: Units

    func listUnits(_ input: Operations.ListUnits.Input) async throws -> Operations.ListUnits.Output {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let page = try await services.reference.units(
            UnitFilter(
                kind: try Convert.enum(q.kind, field: "kind"),
                jurisdiction: try Convert.code(q.jurisdiction, field: "jurisdiction"),
                query: q.q),
            page: Convert.page(q.page, q.per, q.sort?.rawValue), for: actor)
        return .ok(
            .init(
                body: .json(
                    .init(items: try page.items.map(Self.unit), page: page.page, per: page.per, total: page.total))))
    }

    func createUnit(_ input: Operations.CreateUnit.Input) async throws -> Operations.CreateUnit.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else {
            throw LifelineError(.malformedBody, field: "body", ["reason": "JSON expected"])
        }
        return .created(
            .init(
                body: .json(try Self.unit(try await services.reference.createUnit(try Self.profile(body), by: actor)))))
    }

    func getUnit(_ input: Operations.GetUnit.Input) async throws -> Operations.GetUnit.Output {
        let actor = try RequestContext.requireActor()
        let view = try await services.reference.unit(try Convert.uuid(input.path.unitId, field: "unitId"), for: actor)
        return .ok(.init(body: .json(try Self.unit(view))))
    }

    func updateUnit(_ input: Operations.UpdateUnit.Input) async throws -> Operations.UpdateUnit.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else {
            throw LifelineError(.malformedBody, field: "body", ["reason": "JSON expected"])
        }
        let view = try await services.reference.updateUnit(
            try Convert.uuid(input.path.unitId, field: "unitId"), try Self.profile(body), by: actor)
        return .ok(.init(body: .json(try Self.unit(view))))
    }

    static func profile(_ b: Components.Schemas.UnitInput) throws -> UnitProfile {
        guard let code = try Convert.code(b.jurisdictionCode, field: "jurisdictionCode") else {
            throw LifelineError.required("jurisdictionCode")
        }
        return UnitProfile(
            kind: try Convert.enum(b.kind, field: "kind"), name: b.name, nameEn: b.nameEn, jurisdiction: code,
            hospitalGrade: try Convert.enum(b.hospitalGrade, field: "hospitalGrade"), beds: b.beds,
            qualification: b.qualification,
            vehicles: b.vehicles, location: try GeoPoint.validated(longitude: b.longitude, latitude: b.latitude),
            address: b.address,
            phone: b.phone)
    }

    static func unit(_ u: UnitView) throws -> Components.Schemas.Unit {
        .init(
            id: u.id.uuidString, path: u.path, kind: try Convert.enum(u.kind, field: "kind"), name: u.name,
            nameEn: u.nameEn,
            jurisdictionCode: u.jurisdictionCode,
            hospitalGrade: try Convert.enum(u.hospitalGrade, field: "hospitalGrade"), beds: u.beds,
            qualification: u.qualification, vehicles: u.vehicles, longitude: u.longitude, latitude: u.latitude,
            address: u.address,
            phone: u.phone)
    }

    // MARK: Items and catalogue

    func listItems(_ input: Operations.ListItems.Input) async throws -> Operations.ListItems.Output {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let page = try await services.reference.items(
            ItemFilter(
                category: try Convert.enum(q.category, field: "category"),
                reserveClass: try Convert.enum(q.reserveClass, field: "reserveClass"),
                query: q.q),
            page: Convert.page(q.page, q.per, q.sort?.rawValue), for: actor)
        return .ok(
            .init(
                body: .json(
                    .init(items: try page.items.map(Self.item), page: page.page, per: page.per, total: page.total))))
    }

    func createItem(_ input: Operations.CreateItem.Input) async throws -> Operations.CreateItem.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else {
            throw LifelineError(.malformedBody, field: "body", ["reason": "JSON expected"])
        }
        return .created(
            .init(
                body: .json(
                    try Self.item(try await services.reference.createItem(try Self.definition(body), by: actor)))))
    }

    func getItem(_ input: Operations.GetItem.Input) async throws -> Operations.GetItem.Output {
        let actor = try RequestContext.requireActor()
        return .ok(
            .init(
                body: .json(
                    try Self.item(
                        try await services.reference.item(
                            try Convert.uuid(input.path.itemId, field: "itemId"), for: actor)))))
    }

    func updateItem(_ input: Operations.UpdateItem.Input) async throws -> Operations.UpdateItem.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else {
            throw LifelineError(.malformedBody, field: "body", ["reason": "JSON expected"])
        }
        let view = try await services.reference.updateItem(
            try Convert.uuid(input.path.itemId, field: "itemId"), try Self.definition(body), by: actor)
        return .ok(.init(body: .json(try Self.item(view))))
    }

    static func definition(_ b: Components.Schemas.ItemInput) throws -> ItemDefinition {
        ItemDefinition(
            code: b.code, nameZh: b.nameZh, nameEn: b.nameEn,
            reserveClass: try Convert.enum(b.reserveClass, field: "reserveClass"),
            category: try Convert.enum(b.category, field: "category"), unitZh: b.unitZh, unitEn: b.unitEn, spec: b.spec,
            shelfLifeDays: b.shelfLifeDays, storage: try Convert.enum(b.storage, field: "storage"),
            reusable: b.reusable,
            substitutionGroup: b.substitutionGroup,
            substitutionRole: try Convert.enum(b.substitutionRole, field: "substitutionRole"),
            unitPriceFen: b.unitPriceFen, volumeCm3: b.volumeCm3)
    }

    static func item(_ i: ItemView) throws -> Components.Schemas.Item {
        let d = i.definition
        return .init(
            id: i.id.uuidString, code: d.code, nameZh: d.nameZh, nameEn: d.nameEn,
            reserveClass: try Convert.enum(d.reserveClass, field: "reserveClass"),
            category: try Convert.enum(d.category, field: "category"),
            unitZh: d.unitZh, unitEn: d.unitEn, spec: d.spec, shelfLifeDays: d.shelfLifeDays,
            storage: try Convert.enum(d.storage, field: "storage"),
            reusable: d.reusable, substitutionGroup: d.substitutionGroup,
            substitutionRole: try Convert.enum(d.substitutionRole, field: "substitutionRole"),
            unitPriceFen: d.unitPriceFen, volumeCm3: d.volumeCm3)
    }

    func listCatalogueVersions(_ input: Operations.ListCatalogueVersions.Input) async throws
        -> Operations.ListCatalogueVersions.Output
    {
        let actor = try RequestContext.requireActor()
        let page = try await services.reference.catalogueVersions(
            page: Convert.page(input.query.page, input.query.per), for: actor)
        return .ok(
            .init(
                body: .json(
                    .init(items: page.items.map(Self.version), page: page.page, per: page.per, total: page.total))))
    }

    func reviseCatalogue(_ input: Operations.ReviseCatalogue.Input) async throws -> Operations.ReviseCatalogue.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else {
            throw LifelineError(.malformedBody, field: "body", ["reason": "JSON expected"])
        }
        let view = try await services.reference.reviseCatalogue(
            CatalogueRevision(title: body.title, itemCodes: body.itemCodes), by: actor)
        return .created(.init(body: .json(Self.version(view))))
    }

    func getCatalogueVersion(_ input: Operations.GetCatalogueVersion.Input) async throws
        -> Operations.GetCatalogueVersion.Output
    {
        let actor = try RequestContext.requireActor()
        return .ok(
            .init(
                body: .json(Self.version(try await services.reference.catalogueVersion(input.path.number, for: actor))))
        )
    }

    static func version(_ v: CatalogueVersionView) -> Components.Schemas.CatalogueVersion {
        .init(
            id: v.id.uuidString, number: v.number, title: v.title, basedOn: v.basedOn, createdBy: v.createdBy,
            createdAt: v.createdAt,
            itemCount: v.itemCount,
            entries: v.entries?.map {
                .init(
                    itemId: $0.itemId.uuidString, code: $0.code, nameZh: $0.nameZh, nameEn: $0.nameEn,
                    category: $0.category,
                    reserveClass: $0.reserveClass, unitZh: $0.unitZh, unitPriceFen: $0.unitPriceFen)
            })
    }
}
