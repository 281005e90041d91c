import LifelineDomain
import LifelineServices
import Vapor

extension ConsoleRoutes {
    struct DepotsBody: Encodable {
        var rows: [DepotRow]
        var pager: Pager
        var query: String
        var sort: String
        var canCreate: Bool
    }

    struct DepotRow: Encodable {
        var id: String
        var code: String
        var name: String
        var jurisdiction: String
        var operatorLabel: String
        var enterprise: Bool
        var zones: String
        var area: String
        var volume: String
        var forward: Bool
    }

    func depotsPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let query = request.query[String.self, at: "q"] ?? ""
        let sort = request.query[String.self, at: "sort"] ?? "code"
        let page = try await services.reference.depots(
            DepotFilter(query: query),
            page: PageRequest(page: request.query[Int.self, at: "page"] ?? 1, per: 50, sort: sort), for: actor)
        let names = try await jurisdictionNames(page.items.map(\.profile.jurisdiction.rawValue), actor: actor)
        let rows = page.items.map { d in
            DepotRow(
                id: d.id.uuidString, code: d.profile.code, name: d.profile.name,
                jurisdiction: names[d.profile.jurisdiction.rawValue] ?? d.profile.jurisdiction.rawValue,
                operatorLabel: d.profile.operatorKind.text(language), enterprise: d.profile.operatorKind == .enterprise,
                zones: d.profile.zones.map { $0.text(language) }.joined(separator: " / "),
                area: Format.number(d.profile.areaM2),
                volume: Format.number(d.profile.volumeM3), forward: d.profile.isForward)
        }
        let body = DepotsBody(
            rows: rows, pager: Pager(page, request: request, language: language), query: query, sort: sort,
            canCreate: actor.role.permits(.manageDepots))
        return try await Console.render("depots", title: "depots", nav: "depots", body: body, on: request)
    }

    func jurisdictionNames(_ codes: [String], actor: Actor) async throws -> [String: String] {
        var names: [String: String] = [:]
        // a name is decoration; the code stays shown
        for code in Set(codes) { names[code] = (try? await services.reference.jurisdiction(code, for: actor))?.name }
        return names
    }

    struct DepotBody: Encodable {
        var depot: DepotRow
        var address: String
        var coldChain: String
        var positions: [ConsoleRoutes.Row]
        var lotsLink: String
        var mapJSON: EmbeddedJSON
    }

    func depotPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
            throw LifelineError.invalid("id", "not a UUID")
        }
        let depot = try await services.reference.depot(id, for: actor)
        let names = try await jurisdictionNames([depot.profile.jurisdiction.rawValue], actor: actor)
        let positions = try await services.stock.positions(by: .item, depotId: id, for: actor)
        let p = depot.profile
        let row = DepotRow(
            id: id.uuidString, code: p.code, name: p.name,
            jurisdiction: names[p.jurisdiction.rawValue] ?? p.jurisdiction.rawValue,
            operatorLabel: p.operatorKind.text(language), enterprise: p.operatorKind == .enterprise,
            zones: p.zones.map { $0.text(language) }.joined(separator: " / "), area: Format.number(p.areaM2),
            volume: Format.number(p.volumeM3), forward: p.isForward)
        let rows = positions.map {
            ConsoleRoutes.Row(
                key: $0.key, label: language == .zh ? $0.label : $0.labelEn, value: Format.money($0.value),
                quantity: Format.number($0.onHand), available: Format.number($0.available), near: $0.nearExpiryLots,
                expired: $0.expiredLots)
        }
        let point = DepotPoint(
            id: id.uuidString, name: p.name, code: p.code, lon: p.location.longitude, lat: p.location.latitude,
            value: "", enterprise: p.operatorKind == .enterprise)
        let body = DepotBody(
            depot: row, address: p.address ?? "—", coldChain: Format.number(p.coldChainM3), positions: rows,
            lotsLink: "/stock?depotId=\(id.uuidString)", mapJSON: EmbeddedJSON([point]))
        return try await Console.render("depot", title: "depots", nav: "depots", body: body, on: request)
    }

    struct NewDepotBody: Encodable {
        var values: [String: String]
        var errors: [String: String]
        var zones: [Option]
        var operatorKinds: [Option]
        var enterprises: [Option]
    }

    struct Option: Encodable {
        var value: String
        var label: String
        var selected: Bool
    }

    func newDepotPage(_ request: Request) async throws -> Response {
        try await renderNewDepot(
            request, values: ["jurisdictionCode": try request.actor.scope.code.rawValue], errors: [:], status: .ok)
    }

    func renderNewDepot(
        _ request: Request, values: [String: String], errors: [String: String], status: HTTPResponseStatus
    ) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let chosenZones = Set((values["temperatureZones"] ?? "ambient").split(separator: ",").map(String.init))
        let enterprises = try await services.reference.units(
            UnitFilter(kind: .storageEnterprise), page: PageRequest(page: 1, per: 500), for: actor
        ).items
        let body = NewDepotBody(
            values: values, errors: errors,
            zones: StorageCondition.allCases.map {
                Option(value: $0.rawValue, label: $0.text(language), selected: chosenZones.contains($0.rawValue))
            },
            operatorKinds: DepotOperatorKind.allCases.map {
                Option(value: $0.rawValue, label: $0.text(language), selected: values["operatorKind"] == $0.rawValue)
            },
            enterprises: enterprises.map {
                Option(value: $0.id.uuidString, label: $0.name, selected: values["operatorUnitId"] == $0.id.uuidString)
            })
        let response = try await Console.render("depot-new", title: "newDepot", nav: "depots", body: body, on: request)
        response.status = status
        return response
    }

    /// The new-depot form as posted; zones arrive as `temperatureZones[]` checkboxes.
    struct DepotForm: Content {
        var code, name, jurisdictionCode, operatorKind, operatorUnitId, longitude, latitude, address: String?
        var areaM2, volumeM3, coldChainM3, isForward: String?
        var temperatureZones: [String]?

        var values: [String: String] {
            var values: [String: String] = [:]
            let pairs: [(String, String?)] = [
                ("code", code), ("name", name), ("jurisdictionCode", jurisdictionCode), ("operatorKind", operatorKind),
                ("operatorUnitId", operatorUnitId), ("longitude", longitude), ("latitude", latitude),
                ("address", address),
                ("areaM2", areaM2), ("volumeM3", volumeM3), ("coldChainM3", coldChainM3), ("isForward", isForward),
            ]
            for (key, value) in pairs { if let value { values[key] = value } }
            values["temperatureZones"] = (temperatureZones ?? []).joined(separator: ",")
            return values
        }
    }

    func createDepot(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let actor = try request.actor
        let form = try request.content.decode(DepotForm.self)
        let values = form.values
        let zones = form.temperatureZones ?? []
        do {
            func int(_ key: String) throws -> Int {
                let text =
                    values[key]?.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces) ?? ""
                if text.isEmpty { return 0 }
                guard let value = Int(text) else {
                    throw LifelineError(.wrongType, field: key, ["expected": "integer"])
                }
                return value
            }
            func double(_ key: String) throws -> Double? {
                guard let text = values[key]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
                guard let value = Double(text) else {
                    throw LifelineError(.wrongType, field: key, ["expected": "number"])
                }
                return value
            }
            guard let code = JurisdictionCode(rawValue: values["jurisdictionCode"] ?? "") else {
                throw LifelineError.invalid("jurisdictionCode", "not a jurisdiction code")
            }
            guard
                let location = try GeoPoint.validated(
                    longitude: try double("longitude"), latitude: try double("latitude"))
            else {
                throw LifelineError.required("longitude")
            }
            let profile = DepotProfile(
                code: values["code"] ?? "", name: values["name"] ?? "", jurisdiction: code,
                operatorKind: DepotOperatorKind(rawValue: values["operatorKind"] ?? "") ?? .government,
                operatorUnitID: values["operatorUnitId"].flatMap(UUID.init(uuidString:)), location: location,
                address: values["address"],
                areaM2: try int("areaM2"), volumeM3: try int("volumeM3"),
                zones: try StorageCondition.parseList(zones.joined(separator: ","), field: "temperatureZones"),
                coldChainM3: try int("coldChainM3"), isForward: values["isForward"] == "on")
            let depot = try await services.reference.createDepot(profile, by: actor)
            return request.redirect(to: "/depots/\(depot.id.uuidString)?done=\(depot.profile.code)")
        } catch let error as LifelineError {
            return try await renderNewDepot(
                request, values: values, errors: [error.field ?? "form": error.message(request.consoleLanguage)],
                status: Problem.status(for: error.code))
        }
    }
}
