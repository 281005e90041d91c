import LifelineDomain
import LifelineServices
import Vapor

/// An item's market-price history (`/catalogue/items/{id}/prices`): the points, newest first, the
/// price in force today, and for catalogue editors a form to add a point (ADR 0026).
extension ConsoleRoutes {
    struct PricesBody: Encodable {
        var itemId: String
        var code: String
        var name: String
        var unit: String
        var cataloguePrice: String
        var todayPrice: String
        var todaySource: String
        var rows: [PriceRow]
        var pager: Pager
        var canEdit: Bool
        var values: [String: String]
        var errors: [String: String]
        var key: String
    }

    struct PriceRow: Encodable {
        var effectiveFrom: String
        var price: String
        var note: String
        var enteredBy: String
        var enteredAt: String
        var superseded: Bool
    }

    func pricesPage(_ request: Request) async throws -> Response {
        let today = Day(services.clock.now())
        return try await renderPrices(request, values: ["effectiveFrom": today.iso], errors: [:], status: .ok)
    }

    func renderPrices(
        _ request: Request, values: [String: String], errors: [String: String], status: HTTPResponseStatus
    ) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let t = ConsoleText.table(language)
        let id = try Self.uuidParameter(request)
        let item = try await services.reference.item(id, for: actor)
        let page = try await services.reference.prices(
            id, page: PageRequest(page: request.query[Int.self, at: "page"] ?? 1, per: 50), for: actor)
        let today = try await services.reference.marketPrice(of: id, on: Day(services.clock.now()), for: actor)
        let d = item.definition
        let body = PricesBody(
            itemId: id.uuidString, code: d.code, name: d.name(language), unit: d.unit(language),
            cataloguePrice: Format.money(fen: d.unitPriceFen), todayPrice: Format.money(fen: today.priceFen),
            todaySource: Self.priceSourceText(today.source, t),
            rows: page.items.map {
                PriceRow(
                    effectiveFrom: $0.effectiveFrom, price: Format.money(fen: $0.priceFen), note: $0.note ?? "",
                    enteredBy: $0.enteredByName,
                    enteredAt: Format.dateTime($0.enteredAt), superseded: $0.superseded)
            },
            pager: Pager(page, request: request, language: language), canEdit: Self.editsCatalogue(actor),
            values: values, errors: errors,
            key: values["_key"] ?? services.ids.next().uuidString)
        let response = try await Console.render(
            "item-prices", title: "priceHistory", nav: "catalogue", body: body, on: request)
        response.status = status
        return response
    }

    /// The add-a-price form: a day, a price in yuan with up to two decimals, a note.
    func addPrice(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let actor = try request.actor
        let id = try Self.uuidParameter(request)
        let values = try request.content.decode([String: String].self)
        let key = values["_key"].flatMap { $0.isEmpty ? nil : $0 } ?? services.ids.next().uuidString
        do {
            let fen = try Yuan.fen(values["price"], field: "priceFen")
            let point = try await services.reference.setPrice(
                id, PriceInput(effectiveFrom: values["effectiveFrom"] ?? "", priceFen: fen, note: values["note"]),
                key: key, by: actor)
            return request.redirect(to: "/catalogue/items/\(id.uuidString)/prices?done=\(point.effectiveFrom)")
        } catch let error as LifelineError {
            var kept = values
            kept["_key"] = key
            let field =
                switch error.field {
                case "priceFen": "price"
                case "effectiveFrom", "note": error.field ?? "form"
                default: "form"
                }
            return try await renderPrices(
                request, values: kept, errors: [field: error.message(request.consoleLanguage)],
                status: Problem.status(for: error.code))
        }
    }

    /// "Price history, 2026-11-20" or "Catalogue price", in the page's language.
    static func priceSourceText(_ source: PriceSource, _ t: [String: String]) -> String {
        switch source {
        case .history(let day): (t["priceSource_history"] ?? "") + " " + day.iso
        case .catalogue: t["priceSource_catalogue"] ?? ""
        }
    }

    /// Whether the page offers the form: the rule of ``AccessPolicy/requireCatalogueEditor(_:)``.
    static func editsCatalogue(_ actor: Actor) -> Bool {
        do {
            try AccessPolicy.requireCatalogueEditor(actor)
            return true
        } catch {
            return false
        }
    }
}
