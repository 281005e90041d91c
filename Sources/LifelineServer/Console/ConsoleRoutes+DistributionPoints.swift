import Foundation
import LifelineDomain
import LifelineServices
import Vapor

/// 物资保障网点 (R7.3): the distribution points of the counties in scope, with the pre-packing rule's
/// compliance, the sinking rule and the 2-hour leg from the county depot.
extension ConsoleRoutes {
    struct DistributionPointsBody: Encodable {
        var rows: [DistributionPointRow]
        var mayEdit: Bool
        var scopeCode: String
        var site: SiteOptions
    }

    struct DistributionPointRow: Encodable {
        var code: String
        var name: String
        var county: String
        var served: Int
        var prePacked: Int
        var minimum: Int
        var complies: Bool
        var sinks: Bool
        var depot: String
        var hours: String
        var tooLong: Bool
        var site: String
    }

    func distributionPointsPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let points = try await services.dispatch.distributionPoints(for: actor)
        let body = DistributionPointsBody(
            rows: points.map { p in
                DistributionPointRow(
                    code: p.code, name: p.name, county: "\(p.countyName)（\(p.countyCode)）", served: p.servedPoints,
                    prePacked: p.prePackedPoints, minimum: p.minimumPrePacked, complies: p.complies,
                    sinks: p.firstRoundSinks, depot: p.countyDepotCode ?? "—",
                    hours: p.legHours.map { String(format: "%.1f", $0) } ?? "—", tooLong: p.legTooLong,
                    site: Self.siteLabel(p.site, language: request.consoleLanguage))
            }, mayEdit: actor.role.permits(.manageDepots) && !actor.role.isUnitBound,
            scopeCode: actor.scope.codes.last?.rawValue ?? "",
            site: Self.siteOptions(nil, language: request.consoleLanguage))
        return try await Console.render(
            "distribution-points", title: "distributionPoints", nav: "kits", body: body, on: request)
    }

    func saveDistributionPoint(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        func int(_ name: String) throws -> Int {
            guard let value = form[name].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
                throw LifelineError.invalid(name, "a whole number")
            }
            return value
        }
        func number(_ name: String) throws -> Double {
            guard let value = form[name].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) else {
                throw LifelineError.invalid(name, "a number")
            }
            return value
        }
        _ = try await services.dispatch.saveDistributionPoint(
            DistributionPointInput(
                code: form["code"] ?? "", name: form["name"] ?? "", countyCode: form["countyCode"] ?? "",
                longitude: try number("longitude"), latitude: try number("latitude"),
                servedPoints: try int("servedPoints"), prePackedPoints: try int("prePackedPoints"),
                site: try Self.site(from: form)),
            by: try request.actor)
        return request.redirect(to: "/distribution-points?done=✓")
    }
}
