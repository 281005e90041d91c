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

    func massTestingPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let text = ConsoleText.table(language)
        func field(_ name: String) -> String { request.query[String.self, at: name] ?? "" }
        var input: MassTestingInput?
        if request.query[String.self, at: "example"] == "guiyang" {
            input = .guiyang
        } else if !field("points").isEmpty {
            func int(_ name: String) throws -> Int {
                guard let value = Int(field(name).trimmingCharacters(in: .whitespaces)) else {
                    throw LifelineError.invalid(name, "a whole number")
                }
                return value
            }
            guard let staff = Decimal(string: field("staffPerPoint").trimmingCharacters(in: .whitespaces)) else {
                throw LifelineError.invalid("staffPerPoint", "a number such as 11.4")
            }
            input = MassTestingInput(
                points: try int("points"), tables: try int("tables"), staffPerPointPerShift: staff,
                rounds: try int("rounds"), populationTested: field("population").isEmpty ? nil : try int("population"))
        }
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
            }, mayManage: actor.role.permits(.managePlans) && !actor.role.isUnitBound)
        if let input {
            let view = try await services.dispatch.massTestingPlan(input, for: actor)
            let plan = view.plan
            let coverage = Dictionary(view.coverage.map { ($0.itemClass, $0) }, uniquingKeysWith: { a, _ in a })
            let first = Dictionary(plan.firstRequest.map { ($0.itemClass, $0) }, uniquingKeysWith: { a, _ in a })
            let posts = plan.posts
            body.planned = true
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
        return try await Console.render(
            "mass-testing", title: "massTestingPlanner", nav: "requests", body: body, on: request)
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
