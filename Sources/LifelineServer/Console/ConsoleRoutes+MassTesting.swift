import Foundation
import LifelineDomain
import LifelineServices
import Vapor

/// 全员核酸检测物资测算 (R7.4, ADR 0038): the planner's inputs, demand per class and round against
/// the stock in reach (a chart of coverage per round), and the first request split city / districts.
extension ConsoleRoutes {
    struct MassTestingBody: Encodable {
        var points: String
        var tables: String
        var staff: String
        var rounds: String
        var population: String
        var planned: Bool
        var posts: String
        var roundNumbers: [Int]
        var rows: [MassTestingRow]
        var chartJSON: EmbeddedJSON
        var firstRequestRounds: Int
        var standardVersion: String
        var standards: [StandardRow]
        var mayManage: Bool
        /// The "create requests" form: who may draft them, for which units and points, and the site.
        var mayRequest: Bool
        var example: String
        var units: [Option]
        var distributionPoints: [Option]
        var site: SiteOptions
        var key: String
        /// The county the fleet check starts on: the officer's own when it is one.
        var county: String
        /// The requests form's refusal, and its fields to fill in again.
        var error: String? = nil
        var values: [String: String] = [:]
        /// The plan's areas when it was split over the counties (empty for one area).
        var areaRows: [AreaRow] = []
        /// The code the figures may be split over: the officer's own jurisdiction above county level.
        var splitCode: String = ""
        var split: Bool = false
    }

    struct AreaRow: Encodable {
        var code: String
        var name: String
        var points: String
        var tables: String
        var population: String
        var posts: String
    }

    struct StandardRow: Encodable {
        var id: String
        var version: String
        var effective: String
        var status: String
        var statusLabel: String
        var classes: Int
        var by: String
        var mayApprove: Bool
    }

    struct MassTestingRow: Encodable {
        var code: String
        var name: String
        var unit: String
        var tags: String
        var perRound: [String]
        var stock: String
        var covered: String
        var firstRequest: String
        var city: String
        var districts: String
        var toRequest: String
        var short: Bool
    }

    struct MassTestingChart: Encodable {
        var labels: [String]
        var label: String
        var values: [Int]
    }

    /// The planner's figures from a page's fields, split over the jurisdictions below `splitOver` when
    /// the form asks (the planner, its requests form and the fleet check read them alike).
    func plannerInput(_ fields: [String: String], for actor: Actor) async throws -> MassTestingInput? {
        guard let whole = try Self.plannerInput(fields) else { return nil }
        return try await services.dispatch.splitMassTestingInput(whole, over: fields["splitOver"], for: actor)
    }

    /// The planner's figures from the page's fields (or the Guiyang example); nil when none were given.
    static func plannerInput(_ fields: [String: String]) throws -> MassTestingInput? {
        func field(_ name: String) -> String { (fields[name] ?? "").trimmingCharacters(in: .whitespaces) }
        if field("example") == "guiyang" { return .guiyang }
        guard !field("points").isEmpty else { return nil }
        func int(_ name: String) throws -> Int {
            guard let value = Int(field(name)) else { throw LifelineError.invalid(name, "a whole number") }
            return value
        }
        guard let staff = Decimal(string: field("staffPerPoint")) else {
            throw LifelineError.invalid("staffPerPoint", "a number such as 11.4")
        }
        return MassTestingInput(
            points: try int("points"), tables: try int("tables"), staffPerPointPerShift: staff,
            rounds: try int("rounds"), populationTested: field("population").isEmpty ? nil : try int("population"))
    }

    func massTestingPage(_ request: Request) async throws -> Response {
        try await renderPlanner(
            request, fields: (try? request.query.decode([String: String].self)) ?? [:], error: nil, status: .ok)
    }

    /// The planner for `fields` (the query, or the requests form sent back with `error` beside it).
    func renderPlanner(_ request: Request, fields query: [String: String], error: String?, status: HTTPResponseStatus)
        async throws -> Response
    {
        let actor = try request.actor
        let language = request.consoleLanguage
        let text = ConsoleText.table(language)
        func field(_ name: String) -> String { query[name] ?? "" }
        // Split over the jurisdictions below `splitOver` (a city's counties) when asked.
        let input = try await plannerInput(query, for: actor)
        let mayRequest = actor.role.permits(.requestSupplies)
        let units =
            mayRequest && input != nil
            ? try await services.reference.units(UnitFilter(), page: PageRequest(page: 1, per: 500), for: actor).items
                .filter { [UnitKind.medicalInstitution, .testingSite, .supplyOffice].contains($0.kind) } : []
        var body = MassTestingBody(
            points: field("points"), tables: field("tables"), staff: field("staffPerPoint"), rounds: field("rounds"),
            population: field("population"), planned: false, posts: "", roundNumbers: [], rows: [],
            chartJSON: EmbeddedJSON([Int]()), firstRequestRounds: 2,
            standardVersion: try await services.dispatch.standardInForce().version,
            standards: try await services.dispatch.massTestingStandards(for: actor).map { v in
                StandardRow(
                    id: v.id.uuidString, version: v.version, effective: v.effectiveFrom ?? "—",
                    status: v.status.rawValue,
                    statusLabel: v.status.text(language), classes: v.classes,
                    by: [v.createdBy, v.approvedBy].compactMap { $0 }.joined(separator: " → "),
                    mayApprove: v.status.mayApprove(importer: v.createdById, by: actor))
            }, mayManage: actor.role.permits(.managePlans) && !actor.role.isUnitBound,
            mayRequest: mayRequest && !units.isEmpty, example: field("example"),
            units: units.map { Option(value: $0.id.uuidString, label: $0.name, selected: false) },
            distributionPoints: input == nil
                ? []
                : try await services.dispatch.distributionPoints(for: actor).map {
                    Option(
                        value: $0.id.uuidString, label: "\($0.code) \($0.name)",
                        selected: query["distributionPointId"] == $0.id.uuidString)
                }, site: Self.siteOptions((try? Self.site(from: query)) ?? nil, language: language),
            key: services.ids.next().uuidString,
            county: actor.scope.level == .county ? actor.scope.code.rawValue : "")
        if let input {
            let view = try await services.dispatch.massTestingPlan(input, for: actor)
            let plan = view.plan
            let coverage = Dictionary(view.coverage.map { ($0.itemClass, $0) }, uniquingKeysWith: { a, _ in a })
            let first = Dictionary(plan.firstRequest.map { ($0.itemClass, $0) }, uniquingKeysWith: { a, _ in a })
            let posts = plan.posts
            body.planned = true
            body.areaRows =
                plan.areas.count > 1
                ? plan.areas.map {
                    AreaRow(
                        code: $0.code, name: $0.name, points: Format.number($0.points),
                        tables: Format.number($0.tables),
                        population: Format.number($0.populationTested), posts: Format.number($0.posts.total))
                } : []
            body.posts = """
                \(text["tableStaff"] ?? "") \(Format.number(posts.tableStaff)) · \(text["sampleHandlers"] ?? "") \
                \(Format.number(posts.sampleHandlers)) · \(text["wasteHandlers"] ?? "") \
                \(Format.number(posts.wasteHandlers)) · \(text["generalPosts"] ?? "") \(Format.number(posts.general)) \
                · \(text["peripheralHelpers"] ?? "") \(Format.number(posts.peripheralHelpers)) = \
                \(Format.number(posts.total))
                """
            body.roundNumbers = plan.rounds.map(\.number)
            body.firstRequestRounds = plan.firstRequestRounds
            body.rows = view.items.map { item in
                let c = coverage[item.itemClass]
                let tags = [
                    item.reusable ? text["reusable"] : nil, item.districtOnly ? text["districtOnly"] : nil,
                ].compactMap { $0 }.joined(separator: " · ")
                return MassTestingRow(
                    code: item.itemCode, name: language == .en ? item.nameEn : item.nameZh,
                    unit: language == .en ? item.unitEn : item.unitZh, tags: tags,
                    perRound: plan.rounds.map {
                        Format.number(plan.total(item.itemClass, round: $0.number)?.quantity ?? 0)
                    },
                    stock: Format.number(c?.stockInReach ?? 0),
                    covered: "\(c?.roundsCovered ?? 0)/\(plan.rounds.count)",
                    firstRequest: Format.number(first[item.itemClass]?.quantity ?? 0),
                    city: Format.number(first[item.itemClass]?.city ?? 0),
                    districts: Format.number(first[item.itemClass]?.districts ?? 0),
                    toRequest: Format.number(c?.toRequest ?? 0), short: (c?.toRequest ?? 0) > 0)
            }
            // The chart: how many classes each round's demand is fully covered for.
            body.chartJSON = EmbeddedJSON(
                MassTestingChart(
                    labels: plan.rounds.map { "\(text["round"] ?? "") \($0.number)" },
                    label: text["classesCovered"] ?? "",
                    values: plan.rounds.indices.map { index in
                        view.coverage.filter { index < $0.percentByRound.count && $0.percentByRound[index] >= 100 }
                            .count
                    }))
        }
        body.error = error
        body.values = query
        // Above a county (a city, a province) the figures may be split over the level below.
        body.splitCode =
            [.province, .city].contains(actor.scope.level) ? actor.scope.code.rawValue : ""
        body.split = !(query["splitOver"] ?? "").isEmpty
        let response = try await Console.render(
            "mass-testing", title: "massTestingPlanner", nav: "requests", body: body, on: request)
        response.status = status
        return response
    }

    /// "Create requests" / "create, submit and plan allocation": one request per area and round for
    /// the plan's first request (rounds 1–2), then the requests or the allocation page for them.
    func createMassTestingRequests(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        guard let plan = try await plannerInput(form, for: try request.actor) else {
            throw LifelineError.required("points")
        }
        guard let unitID = form["unitId"].flatMap(UUID.init(uuidString:)) else {
            throw LifelineError.required("unitId")
        }
        func number(_ name: String) throws -> Double? {
            guard let raw = form[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            guard let value = Double(raw) else { throw LifelineError.invalid(name, "a number") }
            return value
        }
        let allocate = form["then"] == "allocate"
        let created: MassTestingRequestsView
        do {
            created = try await services.dispatch.createMassTestingRequests(
                MassTestingRequestsInput(
                    plan: plan, unitId: unitID, deliveryPlace: form["deliveryPlace"] ?? "",
                    longitude: try number("longitude"), latitude: try number("latitude"),
                    site: try Self.site(from: form),
                    distributionPointId: form["distributionPointId"].flatMap(UUID.init(uuidString:)), submit: allocate
                ), key: form["_key"] ?? services.ids.next().uuidString, by: try request.actor)
        } catch let error as LifelineError {
            // The planner again, the figures and the form as they were, the refusal above the form.
            return try await renderPlanner(
                request, fields: form, error: error.message(request.consoleLanguage), status: .badRequest)
        }
        if allocate {
            let ids = created.requests.map(\.id.uuidString).joined(separator: ",")
            return request.redirect(to: "/allocation?run=1&requests=\(ids)")
        }
        return request.redirect(to: "/requests?done=\(created.requests.map(\.number).joined(separator: "、"))")
    }

    func importMassTestingStandard(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        _ = try await services.dispatch.importMassTestingStandard(csv: form["csv"] ?? "", by: try request.actor)
        return request.redirect(to: "/mass-testing?done=✓")
    }

    func approveMassTestingStandard(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        _ = try await services.dispatch.approveMassTestingStandard(
            try Self.uuidParameter(request), by: try request.actor)
        return request.redirect(to: "/mass-testing?done=✓")
    }

    /// A stored version (or, for `in-force`, the standard the planner uses now) as CSV.
    func massTestingStandardCSV(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let csv: String
        if request.parameters.get("id") == "in-force" {
            try AccessPolicy.require(.readReference, actor)
            csv = try await services.dispatch.standardInForce().csv()
        } else {
            csv = try await services.dispatch.massTestingStandardCSV(try Self.uuidParameter(request), for: actor)
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"mass-testing-standard.csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: csv))
    }
}
