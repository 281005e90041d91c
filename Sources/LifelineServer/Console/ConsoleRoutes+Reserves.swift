import Foundation
import LifelineDomain
import LifelineServices
import Vapor

/// 储备计划 (R3): the plans in the officer's scope, a plan's norms with their working, its
/// coverage, and the actions the signed-in officer may take.
extension ConsoleRoutes {
    struct PlansBody: Encodable {
        var rows: [PlanRow]
        var pager: Pager
        var classes: [Option]
        var mayCreate: Bool
        var scopeCode: String
        var proposals: [ProposalRow]
    }

    struct ProposalRow: Encodable {
        var id: String
        var planId: String
        var kind: String
        var message: String
    }

    struct PlanRow: Encodable {
        var id: String
        var jurisdiction: String
        var reserveClass: String
        var title: String
        var version: Int
        var status: String
        var statusLabel: String
        var author: String
        var createdAt: String
    }

    struct PlanBody: Encodable {
        var id: String
        var title: String
        var jurisdiction: String
        var reserveClass: String
        var version: Int
        var catalogueVersion: Int
        var status: String
        var statusLabel: String
        var author: String
        var createdAt: String
        var decider: String
        var decidedAt: String
        var note: String
        var alertPercent: Int
        var norms: [NormRow]
        var coverage: [CoverageLine]
        var alerts: Int
        var editable: Bool
        var actions: [String]
        var items: [Option]
        var defaults: NormDefaults
    }

    struct NormRow: Encodable {
        var itemId: String
        var item: String
        var itemCode: String
        var unit: String
        var basis: String
        var working: String
        var quantity: String
        var note: String
    }

    struct CoverageLine: Encodable {
        var item: String
        var itemCode: String
        var unit: String
        var norm: String
        var onHand: String
        var percent: String
        /// 0–100, for the bar.
        var bar: Int
        var days: String
        var monthlyUse: String
        var below: Bool
    }

    /// Prefilled inputs of the norm forms: the seed's figures for this jurisdiction.
    struct NormDefaults: Encodable {
        var residents: Int
        var dailyUsePerPerson: String
        var maskDays: Int
        var beds: Int
        var dailyUsePerBed: String
        var suitDays: Int
        var peakDays: Int
    }

    func plansPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let page = try await services.reserves.plans(
            ReservePlanFilter(), page: PageRequest(page: request.query[Int.self, at: "page"] ?? 1, per: 50), for: actor)
        var rows: [PlanRow] = []
        for plan in page.items {
            rows.append(
                PlanRow(
                    id: plan.id.uuidString, jurisdiction: try await jurisdictionLabel(plan.jurisdictionCode),
                    reserveClass: plan.reserveClass.text(language), title: plan.title, version: plan.version,
                    status: plan.status.rawValue, statusLabel: plan.status.text(language), author: plan.authorName,
                    createdAt: Format.dateTime(plan.createdAt)))
        }
        let body = PlansBody(
            rows: rows, pager: Pager(page, request: request, language: language),
            classes: ReserveClass.allCases.map {
                Option(value: $0.rawValue, label: $0.text(language), selected: false)
            },
            mayCreate: actor.role.permits(.managePlans) && !actor.role.isUnitBound,
            scopeCode: actor.scope.codes.last?.rawValue ?? "",
            proposals: try await services.reserves.planProposals(
                status: .open, page: PageRequest(page: 1, per: 50), for: actor
            ).items.map { p in
                ProposalRow(
                    id: p.id.uuidString, planId: p.planId.uuidString, kind: p.kind.text(language),
                    message: language == .en ? p.messageEn : p.messageZh)
            })
        return try await Console.render("plans", title: "reserves", nav: "reserves", body: body, on: request)
    }

    func decidePlanProposal(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        let view = try await services.reserves.decidePlanProposal(
            try Self.uuidParameter(request), accept: form["accept"] == "1",
            note: form["note"].flatMap { $0.isEmpty ? nil : $0 }, by: try request.actor)
        return request.redirect(
            to: view.revisionId.map { "/reserve-plans/\($0.uuidString)" } ?? "/reserve-plans?done=✓")
    }

    func createPlan(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        guard let reserveClass = form["reserveClass"].flatMap(ReserveClass.init(rawValue:)) else {
            throw LifelineError.required("reserveClass")
        }
        let plan = try await services.reserves.createPlan(
            NewReservePlan(
                jurisdictionCode: form["jurisdictionCode"] ?? "", reserveClass: reserveClass,
                title: form["title"] ?? "", alertPercent: form["alertPercent"].flatMap(Int.init)),
            by: try request.actor)
        return request.redirect(to: "/reserve-plans/\(plan.id.uuidString)")
    }

    func planPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let plan = try await services.reserves.plan(try Self.uuidParameter(request), for: actor)
        let coverage = try await services.reserves.coverage(plan.id, for: actor)
        let items = try await services.reference.items(ItemFilter(), page: PageRequest(page: 1, per: 500), for: actor)
        let jurisdiction = try await services.reference.jurisdiction(plan.jurisdictionCode, for: actor)
        let parameters = try await services.reserves.officeParameters(plan.jurisdictionCode, for: actor).parameters
            .reserve
        let residents = jurisdiction.population ?? 0
        let body = PlanBody(
            id: plan.id.uuidString, title: plan.title,
            jurisdiction: "\(jurisdiction.name)（\(plan.jurisdictionCode)）",
            reserveClass: plan.reserveClass.text(language), version: plan.version,
            catalogueVersion: plan.catalogueVersion, status: plan.status.rawValue,
            statusLabel: plan.status.text(language), author: plan.authorName,
            createdAt: Format.dateTime(plan.createdAt), decider: plan.decidedBy ?? "",
            decidedAt: plan.decidedAt.map(Format.dateTime) ?? "", note: plan.decisionNote ?? "",
            alertPercent: plan.alertPercent,
            norms: plan.norms.map { norm in
                NormRow(
                    itemId: norm.itemId.uuidString, item: norm.itemName(in: language), itemCode: norm.itemCode,
                    unit: norm.unit(in: language), basis: Self.basisLabel(norm.formula, language),
                    working: Self.working(norm.formula, quantity: norm.quantity, unit: norm.unit(in: language)),
                    quantity: Format.number(norm.quantity), note: norm.note ?? "")
            },
            coverage: coverage.rows.map { row in
                CoverageLine(
                    item: row.itemName(in: language), itemCode: row.itemCode, unit: row.unit(in: language),
                    norm: Format.number(row.norm), onHand: Format.number(row.onHand),
                    percent: row.percent.map { "\($0) %" } ?? "—", bar: min(row.percent ?? 100, 100),
                    days: row.daysOfCover.map(Format.number) ?? "—", monthlyUse: Format.number(row.monthlyUse),
                    below: row.belowAlert)
            },
            alerts: coverage.alerts, editable: plan.status.isEditable,
            actions: try services.reserves.actions(on: plan, for: actor).map(\.rawValue),
            items: items.items.map {
                Option(
                    value: $0.id.uuidString, label: "\($0.definition.code) \($0.definition.name(language))",
                    selected: false)
            },
            defaults: NormDefaults(
                residents: residents, dailyUsePerPerson: "\(parameters.maskDailyUsePerPerson)",
                maskDays: parameters.maskDays, beds: parameters.assumedBeds(residents: residents),
                dailyUsePerBed: "\(parameters.suitDailyUsePerBed)", suitDays: parameters.suitDays,
                peakDays: parameters.peakDays))
        return try await Console.render(
            "plan", title: "reserves", nav: "reserves", body: body,
            flash: request.query[String.self, at: "done"].map { ConsoleText.table(language)["saved"] ?? $0 },
            on: request)
    }

    func setPlanNorm(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let id = try Self.uuidParameter(request)
        let form = try request.content.decode([String: String].self)
        guard let item = form["itemId"].flatMap(UUID.init(uuidString:)) else { throw LifelineError.required("itemId") }
        func int(_ name: String) throws -> Int {
            guard let text = form[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
                throw LifelineError.required(name)
            }
            guard let value = Int(text) else { throw LifelineError.invalid(name, "a whole number") }
            return value
        }
        func decimal(_ name: String) throws -> Decimal {
            guard let text = form[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
                throw LifelineError.required(name)
            }
            guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw LifelineError.invalid(name, "a number")
            }
            return value
        }
        let formula: NormFormula
        switch form["basis"] {
        case "population":
            formula = .population(
                residents: try int("residents"), dailyUsePerPerson: try decimal("dailyUsePerPerson"),
                days: try int("days"))
        case "beds":
            formula = .beds(beds: try int("beds"), dailyUsePerBed: try decimal("dailyUsePerBed"), days: try int("days"))
        case "peak_day":
            formula = .peakDay(peakDailyUse: try int("peakDailyUse"), days: try int("days"))
        case "consumption":
            let monthly = try (form["monthly"] ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "，" })
                .map { part -> Int in
                    guard let value = Int(part) else {
                        throw LifelineError.invalid("monthly", "whole numbers, comma-separated")
                    }
                    return value
                }
            formula = .consumption(
                monthly: monthly, months: try decimal("months"), populationGrowth: try decimal("populationGrowth"),
                diseaseMix: try decimal("diseaseMix"))
        default:
            throw LifelineError.invalid("basis", "population, beds, peak_day or consumption")
        }
        _ = try await services.reserves.setNorm(
            id, itemID: item, formula: formula, note: form["note"], by: try request.actor)
        return request.redirect(to: "/reserve-plans/\(id.uuidString)?done=norm")
    }

    func removePlanNorm(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let id = try Self.uuidParameter(request)
        guard let item = request.parameters.get("item").flatMap(UUID.init(uuidString:)) else {
            throw LifelineError.required("itemId")
        }
        _ = try await services.reserves.removeNorm(id, itemID: item, by: try request.actor)
        return request.redirect(to: "/reserve-plans/\(id.uuidString)?done=norm")
    }

    func actOnPlan(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let actor = try request.actor
        let id = try Self.uuidParameter(request)
        let form = try request.content.decode([String: String].self)
        let reserves = services.reserves
        let view: ReservePlanView
        switch form["action"].flatMap(ReservePlanAuthority.Action.init(rawValue:)) {
        case .submit: view = try await reserves.submit(id, by: actor)
        case .approve: view = try await reserves.approve(id, note: form["note"], by: actor)
        case .reject: view = try await reserves.reject(id, note: form["note"], by: actor)
        case .revise: view = try await reserves.revise(id, by: actor)
        case .edit, nil: throw LifelineError.invalid("action", "submit, approve, reject or revise")
        }
        return request.redirect(to: "/reserve-plans/\(view.id.uuidString)?done=\(form["action"] ?? "")")
    }

    /// "广东省（44）" for a code.
    private func jurisdictionLabel(_ code: String) async throws -> String {
        let name = try? await services.reference.jurisdiction(code, for: .system).name
        return name.map { "\($0)（\(code)）" } ?? code
    }

    static func basisLabel(_ formula: NormFormula, _ language: Language) -> String {
        switch (formula, language) {
        case (.population, .zh): "常住人口用量"
        case (.beds, .zh): "二级以上医疗机构床位用量"
        case (.peakDay, .zh): "疫情高峰日用量"
        case (.consumption, .zh): "近年月均消耗"
        case (.population, .en): "Resident population"
        case (.beds, .en): "Level-2+ beds"
        case (.peakDay, .en): "Peak-day use"
        case (.consumption, .en): "Monthly consumption"
        }
    }

    /// The formula with its inputs: `40,000,000 × 0.2 × 15 d = 120,000,000 只`.
    static func working(_ formula: NormFormula, quantity: Int, unit: String) -> String {
        let result = "= \(Format.number(quantity)) \(unit)"
        switch formula {
        case .population(let residents, let use, let days):
            return "\(Format.number(residents)) × \(use) × \(days) d \(result)"
        case .beds(let beds, let use, let days):
            return "\(Format.number(beds)) × \(use) × \(days) d \(result)"
        case .peakDay(let peak, let days):
            return "\(Format.number(peak)) × \(days) d \(result)"
        case .consumption(let monthly, let months, let growth, let mix):
            let mean = monthly.isEmpty ? 0 : monthly.reduce(0, +) / monthly.count
            return "avg(\(monthly.count) m) ≈ \(Format.number(mean)) × \(months) × \(growth) × \(mix) \(result)"
        }
    }
}

extension ConsoleRoutes {
    struct InstitutionReservesBody: Encodable {
        struct Row: Encodable {
            var unit: String
            var item: String
            var itemCode: String
            var measure: String
            var used: String
            var onHand: String
            var requirement: String
            var floor: String
            var surplus: String
            var below: Bool
        }
        var rows: [Row]
    }

    /// 医疗机构自储 (R3.7): each institution's 30-day requirement and what others may draw.
    func institutionReservesPage(_ request: Request) async throws -> Response {
        let language = request.consoleLanguage
        let rows = try await services.reserves.institutionReserves(unitID: nil, for: try request.actor)
        let body = InstitutionReservesBody(
            rows: rows.map { r in
                .init(
                    unit: r.unitName, item: language == .en ? r.itemNameEn : r.itemNameZh, itemCode: r.itemCode,
                    measure: language == .en ? r.unitEn : r.unitZh, used: Format.number(r.usedIn30Days),
                    onHand: Format.number(r.onHand), requirement: Format.number(r.requirement),
                    floor: Format.number(r.floor), surplus: Format.number(r.surplus), below: r.belowRequirement)
            })
        return try await Console.render(
            "institution-reserves", title: "institutionReserves", nav: "reserves", body: body, on: request)
    }
}
