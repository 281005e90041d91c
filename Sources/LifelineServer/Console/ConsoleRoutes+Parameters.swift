import Foundation
import LifelineDomain
import LifelineServices
import Vapor

/// 储备参数 (R3.2–R3.4, R4.3): the figures an office works with — the seed's by default, its own
/// once stored (audited), inherited by the jurisdictions below.
extension ConsoleRoutes {
    struct ParametersBody: Encodable {
        var jurisdiction: String
        var source: String
        var mayEdit: Bool
        var fields: [ParameterField]
    }

    struct ParameterField: Encodable {
        var name: String
        var label: String
        var value: String
        var step: String
    }

    static let parameterFields: [(name: String, label: String, step: String)] = [
        ("maskDailyUsePerPerson", "maskDailyUsePerPerson", "0.01"), ("maskDays", "maskDays", "1"),
        ("suitDailyUsePerBed", "suitDailyUsePerBed", "0.01"), ("suitDays", "suitDays", "1"),
        ("level2BedsPerThousand", "level2BedsPerThousand", "0.1"), ("peakDays", "peakDays", "1"),
        ("consumptionMonths", "consumptionMonths", "1"), ("alertPercent", "alertPercent", "1"),
        ("nation", "tierNation", "1"), ("province", "tierProvince", "1"), ("city", "tierCity", "1"),
        ("county", "tierCounty", "1"), ("first", "windowFirst", "1"), ("second", "windowSecond", "1"),
        ("last", "windowLast", "1"),
    ]

    func parametersPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let code = request.query[String.self, at: "jurisdiction"] ?? actor.scope.codes.last?.rawValue ?? "CN"
        let view = try await services.reserves.officeParameters(code, for: actor)
        let r = view.parameters.reserve
        let w = view.parameters.rotation
        let values: [String: String] = [
            "maskDailyUsePerPerson": "\(r.maskDailyUsePerPerson)", "maskDays": "\(r.maskDays)",
            "suitDailyUsePerBed": "\(r.suitDailyUsePerBed)", "suitDays": "\(r.suitDays)",
            "level2BedsPerThousand": "\(r.level2BedsPerThousand)", "peakDays": "\(r.peakDays)",
            "consumptionMonths": "\(r.consumptionMonths)", "alertPercent": "\(r.alertPercent)",
            "nation": "\(r.tierSplit.nation)", "province": "\(r.tierSplit.province)", "city": "\(r.tierSplit.city)",
            "county": "\(r.tierSplit.county)", "first": "\(w.first)", "second": "\(w.second)", "last": "\(w.last)",
        ]
        let labels = ConsoleText.table(language)
        let defaults = labels["seedDefaults"] ?? ""
        let body = ParametersBody(
            jurisdiction: code,
            source: view.source.map { "\($0) · \(view.updatedBy ?? "")" } ?? defaults,
            mayEdit: actor.role.permits(.managePlans) && !actor.role.isUnitBound
                && (JurisdictionCode(rawValue: code).map { actor.scope.contains($0.path) } ?? false),
            fields: Self.parameterFields.map {
                ParameterField(
                    name: $0.name, label: labels[$0.label] ?? $0.label, value: values[$0.name] ?? "", step: $0.step)
            })
        return try await Console.render(
            "reserve-parameters", title: "reserveParameters", nav: "reserves", body: body, on: request)
    }

    func setParameters(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        func decimal(_ name: String) throws -> Decimal {
            guard let value = form[name].flatMap({ Decimal(string: $0.trimmingCharacters(in: .whitespaces)) }) else {
                throw LifelineError.invalid(name, "a number")
            }
            return value
        }
        func int(_ name: String) throws -> Int {
            guard let value = form[name].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
                throw LifelineError.invalid(name, "a whole number")
            }
            return value
        }
        var reserve = ReserveParameters()
        reserve.maskDailyUsePerPerson = try decimal("maskDailyUsePerPerson")
        reserve.maskDays = try int("maskDays")
        reserve.suitDailyUsePerBed = try decimal("suitDailyUsePerBed")
        reserve.suitDays = try int("suitDays")
        reserve.level2BedsPerThousand = try decimal("level2BedsPerThousand")
        reserve.peakDays = try int("peakDays")
        reserve.consumptionMonths = try int("consumptionMonths")
        reserve.alertPercent = try int("alertPercent")
        reserve.tierSplit = TierSplit(
            nation: try int("nation"), province: try int("province"), city: try int("city"), county: try int("county"))
        let windows = RotationWindows(first: try int("first"), second: try int("second"), last: try int("last"))
        let code = form["jurisdictionCode"] ?? ""
        _ = try await services.reserves.setOfficeParameters(
            code, OfficeParameters(reserve: reserve, rotation: windows), by: try request.actor)
        return request.redirect(to: "/reserve-parameters?jurisdiction=\(code)&done=✓")
    }
}
