import Foundation
import LifelineDomain
import LifelineServices
import Vapor

/// 转运能力底数 (#12 item 7, ADR 0040): a county's registered vehicles and its routes from county
/// depots to distribution points, with forms, and the fleet check of round 1 against the 2-hour leg.
extension ConsoleRoutes {
    struct TransportBody: Encodable {
        var county: String
        var counties: [CountyLink]
        var vehicles: [VehicleRow]
        var routes: [RouteRow]
        var mayEdit: Bool
        var vehicle: [String: String]
        var vehicleErrors: [String: String]
        var route: [String: String]
        var routeErrors: [String: String]
        var carriers: [Option]
        var depots: [Option]
        var points: [Option]
        var limitMinutes: Int
        var checkForm: [String: String]
        var checkErrors: [String: String]
        var check: FleetCheckPanel?
    }

    struct CountyLink: Encodable {
        var code: String
        var label: String
        var current: Bool
    }

    struct VehicleRow: Encodable {
        var plate: String
        var county: String
        var carrier: String
        var payloadKg: String
        var volumeM3: String
        var coldChain: Bool
        var driver: String
        var phone: String
        var active: Bool
        var editLink: String
    }

    struct RouteRow: Encodable {
        var depot: String
        var point: String
        var county: String
        var minutes: Int
        var km: String
        var tooLong: Bool
    }

    struct FleetCheckPanel: Encodable {
        var fits: Bool
        var county: String
        var standardVersion: String
        var load: String
        var capacity: String
        var missing: String
        var unreachable: String
        var hasUnreachable: Bool
        var noPoints: Bool
        var vehicles: Int
        var additional: String
        var noVehiclesToSize: Bool
        var unknown: [String]
        var points: [FleetPointRow]
        var spare: String
    }

    struct FleetPointRow: Encodable {
        var code: String
        var name: String
        var served: Int
        var load: String
        var minutes: String
        var trips: Int
        var plates: String
        var capacity: String
        var missing: String
        var fits: Bool
        var status: String
    }

    func transportPage(_ request: Request) async throws -> Response {
        let county = request.query[String.self, at: "county"] ?? ""
        var vehicle: [String: String] = ["countyCode": county]
        if let plate = request.query[String.self, at: "plate"] { vehicle["plate"] = plate }
        return try await renderTransport(
            request, county: county, vehicle: vehicle, vehicleErrors: [:], route: [:], routeErrors: [:], status: .ok)
    }

    func renderTransport(
        _ request: Request, county requested: String, vehicle: [String: String], vehicleErrors: [String: String],
        route: [String: String], routeErrors: [String: String], status: HTTPResponseStatus
    ) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let text = ConsoleText.table(language)
        // A county officer sees their county at once; above, the counties with something registered.
        let county = requested.isEmpty && actor.scope.level == .county ? actor.scope.code.rawValue : requested
        let filter = county.isEmpty ? nil : county
        let vehicles = try await services.dispatch.vehicles(countyCode: filter, for: actor)
        let routes = try await services.dispatch.transportRoutes(countyCode: filter, for: actor)
        let points = try await services.dispatch.distributionPoints(for: actor).filter {
            filter == nil || $0.countyCode == filter
        }
        var vehicleValues = vehicle
        if let plate = vehicle["plate"], vehicle["driver"] == nil,
            let found = vehicles.first(where: { $0.plate == plate })
        {
            vehicleValues = Self.formValues(found)
        }
        if vehicleValues["countyCode"]?.isEmpty ?? true { vehicleValues["countyCode"] = county }
        if vehicleValues["active"] == nil { vehicleValues["active"] = "on" }  // a new vehicle is in service
        let mayEdit = actor.role.permits(.manageDepots) && !actor.role.isUnitBound
        var carriers: [Option] = []
        var depots: [Option] = []
        if mayEdit {
            carriers = try await services.reference.units(
                UnitFilter(kind: .carrier), page: PageRequest(page: 1, per: 500), for: actor
            ).items.map {
                Option(
                    value: $0.id.uuidString, label: $0.name,
                    selected: vehicleValues["carrierUnitId"] == $0.id.uuidString)
            }
            depots = try await services.reference.depots(
                DepotFilter(jurisdiction: filter.flatMap(JurisdictionCode.init(rawValue:))),
                page: PageRequest(page: 1, per: 500, sort: "code"), for: actor
            ).items.filter { $0.profile.jurisdiction.level == .county }.map {
                Option(
                    value: $0.id.uuidString, label: "\($0.profile.code) \($0.profile.name)",
                    selected: route["depotId"] == $0.id.uuidString)
            }
        }
        var counties: [String: String] = [:]
        for v in vehicles { counties[v.countyCode] = v.countyName }
        for p in points { counties[p.countyCode] = p.countyName }
        let (checkForm, checkErrors, check) = try await fleetCheckPanel(request, county: county, text: text)
        let body = TransportBody(
            county: county,
            counties: counties.sorted { $0.key < $1.key }.map {
                CountyLink(code: $0.key, label: "\($0.value)（\($0.key)）", current: $0.key == county)
            },
            vehicles: vehicles.map { v in
                VehicleRow(
                    plate: v.plate, county: "\(v.countyName)（\(v.countyCode)）", carrier: v.carrierName ?? "—",
                    payloadKg: Format.number(v.payloadKg), volumeM3: Self.decimals(v.volumeM3), coldChain: v.coldChain,
                    driver: v.driver, phone: v.phone, active: v.active,
                    editLink: Self.link("/transport", ["county": v.countyCode, "plate": v.plate]) + "#save-vehicle")
            },
            routes: routes.map { r in
                RouteRow(
                    depot: "\(r.depotCode) \(r.depotName)",
                    point: "\(r.distributionPointCode) \(r.distributionPointName)",
                    county: "\(r.countyName)（\(r.countyCode)）", minutes: r.minutes, km: r.km.map { Self.m3($0) } ?? "—",
                    tooLong: r.legTooLong)
            }, mayEdit: mayEdit, vehicle: vehicleValues, vehicleErrors: vehicleErrors, route: route,
            routeErrors: routeErrors, carriers: carriers, depots: depots,
            points: points.map {
                Option(
                    value: $0.id.uuidString, label: "\($0.code) \($0.name)",
                    selected: route["distributionPointId"] == $0.id.uuidString)
            },
            limitMinutes: TransportRouteRule.limitMinutes(
                hours: services.settings.transport.countyDepotToPointHours),
            checkForm: checkForm, checkErrors: checkErrors, check: check)
        let response = try await Console.render("transport", title: "transport", nav: "kits", body: body, on: request)
        response.status = status
        return response
    }

    /// The fleet check's form values, its errors by field, and its result when the form was sent.
    func fleetCheckPanel(_ request: Request, county: String, text: [String: String]) async throws -> (
        [String: String], [String: String], FleetCheckPanel?
    ) {
        var form: [String: String] = [:]
        for name in ["points", "tables", "staffPerPoint", "rounds", "population", "splitOver"] {
            form[name] = request.query[String.self, at: name] ?? ""
        }
        let example = request.query[String.self, at: "example"] == "guiyang"
        guard example || !(form["points"] ?? "").isEmpty else { return (form, [:], nil) }
        do {
            // The planner's own reading of the figures (or the Guiyang example).
            var fields = form
            if example { fields["example"] = "guiyang" }
            // Split over the city's counties (from the planner), the county's own area is its load.
            guard let input = try await plannerInput(fields, for: try request.actor) else {
                throw LifelineError.required("points")
            }
            guard !county.isEmpty else { throw LifelineError.required("countyCode") }
            let view = try await services.dispatch.fleetCheck(input, countyCode: county, for: try request.actor)
            return (form, [:], Self.panel(view, text: text, language: request.consoleLanguage))
        } catch let error as LifelineError {
            // `areas[0].tables` → `tables`: the form has one area.
            var field = error.field ?? "form"
            if field.hasPrefix("areas[0].") { field.removeFirst("areas[0].".count) }
            if field == "staffPerPointPerShift" { field = "staffPerPoint" }
            if field == "populationTested" { field = "population" }
            if !["points", "tables", "staffPerPoint", "rounds", "population", "countyCode"].contains(field) {
                field = "form"
            }
            return (form, [field: error.message(request.consoleLanguage)], nil)
        }
    }

    static func panel(_ view: FleetCheckView, text: [String: String], language: Language) -> FleetCheckPanel {
        FleetCheckPanel(
            fits: view.fits, county: "\(view.countyName)（\(view.countyCode)）", standardVersion: view.standardVersion,
            load: m3(view.loadM3), capacity: m3(view.capacityM3), missing: m3(view.missingM3),
            unreachable: m3(view.unreachableM3), hasUnreachable: view.unreachableM3 > 0,
            noPoints: view.noDistributionPoints, vehicles: view.vehicles,
            additional: view.additionalVehicles.map {
                "\(Format.number($0)) × \(view.medianVolumeM3.map { m3($0) } ?? "—") m³"
            } ?? "—",
            noVehiclesToSize: view.additionalVehicles == nil,
            unknown: view.unknownVolume.map {
                "\(language == .zh ? $0.nameZh : $0.nameEn)（\($0.itemCode)）× \(Format.number($0.quantity))"
            },
            points: view.points.map { p in
                let status =
                    p.noRoute
                    ? text["noRoute"] ?? ""
                    : p.legTooLong
                        ? text["overLimit"] ?? ""
                        : p.missingM3 > 0
                            ? "+\(p.additionalVehicles.map { Format.number($0) } ?? "?") \(text["vehicle"] ?? "")" : "✓"
                return FleetPointRow(
                    code: p.code, name: p.name, served: p.servedPoints, load: m3(p.loadM3),
                    minutes: p.legMinutes.map(String.init) ?? "—", trips: p.tripsPerVehicle,
                    plates: p.plates.isEmpty ? "—" : p.plates.joined(separator: "、"), capacity: m3(p.capacityM3),
                    missing: m3(p.missingM3), fits: p.missingM3 == 0, status: status)
            }, spare: view.spareVehicles.isEmpty ? "—" : view.spareVehicles.joined(separator: "、"))
    }

    /// Cubic metres (or kilometres) with one decimal, thousands grouped.
    static func m3(_ value: Double) -> String {
        guard value.isFinite, value < 1e15 else { return String(format: "%.3g", value) }
        let tenths = Int((value * 10).rounded())
        return Format.number(tenths / 10) + "." + String(tenths % 10)
    }

    /// A vehicle's load space as given: up to three decimals, no trailing zeros.
    static func decimals(_ value: Double) -> String {
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    static func link(_ path: String, _ query: [String: String]) -> String {
        var components = URLComponents()
        components.path = path
        components.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        return components.string ?? path
    }

    static func formValues(_ v: VehicleView) -> [String: String] {
        [
            "plate": v.plate, "countyCode": v.countyCode, "carrierUnitId": v.carrierUnitId?.uuidString ?? "",
            "payloadKg": String(v.payloadKg), "volumeM3": decimals(v.volumeM3), "coldChain": v.coldChain ? "on" : "",
            "driver": v.driver, "phone": v.phone, "active": v.active ? "on" : "",
        ]
    }

    /// The vehicle form as posted (the check boxes are absent when not ticked).
    struct VehicleForm: Content {
        var plate, countyCode, carrierUnitId, payloadKg, volumeM3, coldChain, driver, phone, active: String?

        var values: [String: String] {
            let pairs: [(String, String?)] = [
                ("plate", plate), ("countyCode", countyCode), ("carrierUnitId", carrierUnitId),
                ("payloadKg", payloadKg), ("volumeM3", volumeM3), ("coldChain", coldChain), ("driver", driver),
                ("phone", phone), ("active", active),
            ]
            var values: [String: String] = [:]
            for (key, value) in pairs { values[key] = value ?? "" }
            return values
        }
    }

    func saveVehicle(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode(VehicleForm.self)
        let values = form.values
        do {
            let payload = values["payloadKg"]?.replacingOccurrences(of: ",", with: "")
                .trimmingCharacters(in: .whitespaces)
            guard let payloadKg = payload.flatMap({ Int($0) }) else {
                throw LifelineError.invalid("payloadKg", "a whole number of kilograms")
            }
            guard let volume = values["volumeM3"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) else {
                throw LifelineError.invalid("volumeM3", "cubic metres, such as 8.5")
            }
            let carrier = values["carrierUnitId"] ?? ""
            let view = try await services.dispatch.saveVehicle(
                VehicleInput(
                    plate: values["plate"] ?? "", countyCode: values["countyCode"] ?? "",
                    carrierUnitId: carrier.isEmpty ? nil : UUID(uuidString: carrier), payloadKg: payloadKg,
                    volumeM3: volume, coldChain: values["coldChain"] == "on", driver: values["driver"] ?? "",
                    phone: values["phone"] ?? "", active: values["active"] == "on"), by: try request.actor)
            return request.redirect(to: Self.link("/transport", ["county": view.countyCode, "done": "✓"]))
        } catch let error as LifelineError {
            return try await renderTransport(
                request, county: values["countyCode"] ?? "", vehicle: values,
                vehicleErrors: [Self.formField(error, values): error.message(request.consoleLanguage)], route: [:],
                routeErrors: [:], status: Problem.status(for: error.code))
        }
    }

    func saveTransportRoute(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let values = try request.content.decode([String: String].self).filter { $0.key != "_csrf" }
        let county = values["county"] ?? ""
        do {
            guard let depot = values["depotId"].flatMap(UUID.init(uuidString:)) else {
                throw LifelineError.required("depotId")
            }
            guard let point = values["distributionPointId"].flatMap(UUID.init(uuidString:)) else {
                throw LifelineError.required("distributionPointId")
            }
            guard let minutes = values["minutes"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
                throw LifelineError.invalid("minutes", "a whole number of minutes")
            }
            let kmText = (values["km"] ?? "").trimmingCharacters(in: .whitespaces)
            var km: Double?
            if !kmText.isEmpty {
                guard let value = Double(kmText) else { throw LifelineError.invalid("km", "a number") }
                km = value
            }
            let view = try await services.dispatch.saveTransportRoute(
                TransportRouteInput(depotId: depot, distributionPointId: point, minutes: minutes, km: km),
                by: try request.actor)
            return request.redirect(to: Self.link("/transport", ["county": view.countyCode, "done": "✓"]))
        } catch let error as LifelineError {
            return try await renderTransport(
                request, county: county, vehicle: [:], vehicleErrors: [:], route: values,
                routeErrors: [Self.formField(error, values): error.message(request.consoleLanguage)],
                status: Problem.status(for: error.code))
        }
    }

    /// The form field an error names, or `form` when the form has no such field.
    static func formField(_ error: LifelineError, _ values: [String: String]) -> String {
        guard let field = error.field, values[field] != nil else { return "form" }
        return field
    }
}
