import LifelineDomain
import LifelineServices
import Vapor

extension ConsoleRoutes {
    struct JurisdictionsBody: Encodable {
        var current: JurisdictionRow
        var parentLink: String?
        var children: [JurisdictionRow]
        var pager: Pager
        var canEdit: Bool
        var regions: [RegionRow]
    }

    struct JurisdictionRow: Encodable {
        var code: String
        var name: String
        var level: String
        var population: String
        var populationRaw: String
        var coordinates: String
        var inScope: Bool
    }

    struct RegionRow: Encodable {
        var name: String
        var members: String
        var leads: String
    }

    func jurisdictionsPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let code = request.query[String.self, at: "parent"] ?? actor.scope.code.rawValue
        let current = try await services.reference.jurisdiction(code, for: actor)
        let page = try await services.reference.jurisdictions(
            JurisdictionFilter(parent: current.code),
            page: PageRequest(page: request.query[Int.self, at: "page"] ?? 1, per: 100), for: actor)
        func row(_ j: JurisdictionView) -> JurisdictionRow {
            let path = JurisdictionPath(rawValue: j.path) ?? .nation
            return JurisdictionRow(
                code: j.code, name: j.name, level: j.level.text(language),
                population: j.population.map(Format.number) ?? "—",
                populationRaw: j.population.map(String.init) ?? "",
                coordinates: j.longitude.map { lon in String(format: "%.3f, %.3f", lon, j.latitude ?? 0) } ?? "—",
                inScope: actor.scope.contains(path))
        }
        var regions: [RegionRow] = []
        if current.code == "CN" {
            let names = Dictionary(
                try await services.reference.jurisdictions(
                    JurisdictionFilter(level: .province), page: PageRequest(page: 1, per: 100), for: actor
                )
                .items.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            regions = try await services.reference.macroRegions(for: actor).map { r in
                RegionRow(
                    name: language == .zh ? r.nameZh : r.nameEn,
                    members: r.members.compactMap { names[$0] }.joined(separator: "、"),
                    leads: r.leads.compactMap { names[$0] }.joined(separator: "、"))
            }
        }
        let body = JurisdictionsBody(
            current: row(current), parentLink: current.parentCode.map { "/jurisdictions?parent=\($0)" },
            children: page.items.map(row),
            pager: Pager(page, request: request, language: language), canEdit: actor.role.permits(.editPopulation),
            regions: regions)
        return try await Console.render(
            "jurisdictions", title: "jurisdictions", nav: "jurisdictions", body: body, on: request)
    }

    func savePopulation(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let actor = try request.actor
        let code = request.parameters.get("code") ?? ""
        let text = (try? request.content.get(String.self, at: "population"))?.trimmingCharacters(in: .whitespaces) ?? ""
        let population: Int?
        if text.isEmpty {
            population = nil
        } else {
            guard let value = Int(text.replacingOccurrences(of: ",", with: "")) else {
                throw LifelineError(.wrongType, field: "population", ["expected": "integer"])
            }
            population = value
        }
        let view = try await services.reference.setPopulation(code, to: population, by: actor)
        return request.redirect(to: "/jurisdictions?parent=\(view.parentCode ?? view.code)&done=\(view.code)")
    }
}
