import LifelineDomain
import LifelineServices
import Vapor

extension ConsoleRoutes {
    struct CatalogueBody: Encodable {
        var rows: [ItemRow]
        var pager: Pager
        var categories: [Option]
        var query: String
        var versions: [VersionRow]
    }

    struct ItemRow: Encodable {
        var id: String
        var code: String
        var name: String
        var category: String
        var reserveClass: String
        var unit: String
        var spec: String
        var shelfLife: String
        var storage: String
        var reusable: Bool
        var price: String
        var substitution: String
    }

    struct VersionRow: Encodable {
        var number: Int
        var title: String
        var count: Int
        var createdBy: String
    }

    func cataloguePage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let category = request.query[String.self, at: "category"].flatMap(ItemCategory.init(rawValue:))
        let query = request.query[String.self, at: "q"] ?? ""
        let page = try await services.reference.items(
            ItemFilter(category: category, query: query),
            page: PageRequest(page: request.query[Int.self, at: "page"] ?? 1, per: 100), for: actor)
        let versions = try await services.reference.catalogueVersions(page: PageRequest(page: 1, per: 20), for: actor)
        let rows = page.items.map { i in
            let d = i.definition
            return ItemRow(
                id: i.id.uuidString, code: d.code, name: d.name(language), category: d.category.text(language),
                reserveClass: d.reserveClass.text(language),
                unit: d.unit(language), spec: d.spec ?? "",
                shelfLife: d.shelfLifeDays == 0 ? "—" : String(d.shelfLifeDays),
                storage: d.storage.text(language), reusable: d.reusable, price: Format.money(fen: d.unitPriceFen),
                substitution: d.substitutionGroup.map { "\($0) · \(d.substitutionRole?.rawValue ?? "")" } ?? "")
        }
        let body = CatalogueBody(
            rows: rows, pager: Pager(page, request: request, language: language),
            categories: ItemCategory.allCases.map {
                Option(value: $0.rawValue, label: $0.text(language), selected: $0 == category)
            },
            query: query,
            versions: versions.items.map {
                VersionRow(number: $0.number, title: $0.title, count: $0.itemCount, createdBy: $0.createdBy)
            })
        return try await Console.render("catalogue", title: "catalogue", nav: "catalogue", body: body, on: request)
    }

    struct UnitsBody: Encodable {
        var rows: [UnitRow]
        var pager: Pager
        var kinds: [Option]
    }

    struct UnitRow: Encodable {
        var name: String
        var kind: String
        var jurisdiction: String
        var detail: String
        var address: String
    }

    func unitsPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let kind = request.query[String.self, at: "kind"].flatMap(UnitKind.init(rawValue:))
        let page = try await services.reference.units(
            UnitFilter(kind: kind), page: PageRequest(page: request.query[Int.self, at: "page"] ?? 1, per: 100),
            for: actor)
        let names = try await jurisdictionNames(page.items.map(\.jurisdictionCode), actor: actor)
        let t = ConsoleText.table(language)
        let rows = page.items.map { u in
            var detail = ""
            if let grade = u.hospitalGrade { detail = "\(grade.text(language)) · \(t["beds"] ?? "") \(u.beds ?? 0)" }
            if let vehicles = u.vehicles { detail = "\(t["vehicles"] ?? "") \(vehicles)" }
            if let qualification = u.qualification { detail = qualification }
            return UnitRow(
                name: language == .zh ? u.name : (u.nameEn ?? u.name), kind: u.kind.text(language),
                jurisdiction: names[u.jurisdictionCode] ?? u.jurisdictionCode, detail: detail, address: u.address ?? "")
        }
        let body = UnitsBody(
            rows: rows, pager: Pager(page, request: request, language: language),
            kinds: UnitKind.allCases.map { Option(value: $0.rawValue, label: $0.text(language), selected: $0 == kind) })
        return try await Console.render("units", title: "units", nav: "units", body: body, on: request)
    }
}
