import Foundation
import LifelineDomain
import LifelineServices
import Vapor

/// 储备监管 (R11): storage enterprises' weekly reports, quality inspections, and cold-chain
/// excursions — one page, three sections.
extension ConsoleRoutes {
    struct OversightBody: Encodable {
        var reports: [ReportRow]
        var excursions: [ExcursionRow]
        var inspections: [InspectionRow]
        var mayCompile: Bool
        var mayInspect: Bool
        var mayDecide: Bool
        var scopeCode: String
        var enterprises: [Option]
        var daily: DailyBody?
    }

    struct DailyBody: Encodable {
        var day: String
        var incidents: String
        var rows: [DailyRow]
    }

    struct DailyRow: Encodable {
        var jurisdiction: String
        var holder: String
        var received: String
        var issued: String
        var onHand: String
    }

    struct ReportRow: Encodable {
        var id: String
        var week: String
        var enterprise: String
        var status: String
        var statusLabel: String
        var late: Bool
        var lines: String
        var mayConfirm: Bool
    }

    struct ExcursionRow: Encodable {
        var id: String
        var depot: String
        var zone: String
        var range: String
        var limits: String
        var readings: Int
        var held: Int
        var status: String
        var statusLabel: String
        var open: Bool
        var decision: String
    }

    struct InspectionRow: Encodable {
        var id: String
        var title: String
        var enterprise: String
        var planned: String
        var sampled: String
        var statusLabel: String
        var outcome: String
        var isPlanned: Bool
    }

    func oversightPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let first = PageRequest(page: 1, per: 50)
        let reports = try await services.reserves.weeklyReports(week: nil, page: first, for: actor)
        let excursions = try await services.reserves.excursions(page: first, for: actor)
        let officer = actor.role.permits(.managePlans) && !actor.role.isUnitBound
        let mayInspect = OversightAuthority.mayInspect(actor)
        let inspections =
            mayInspect || actor.role.permits(.readStock)
            ? try await services.reserves.inspections(page: first, for: actor).items : []
        var enterprises: [Option] = []
        if mayInspect {
            enterprises = try await services.reference.units(
                UnitFilter(kind: .storageEnterprise), page: PageRequest(page: 1, per: 200), for: actor
            ).items.map { Option(value: $0.id.uuidString, label: $0.name, selected: false) }
        }
        func celsius(_ tenths: Int) -> String {
            (tenths < 0 ? "−" : "") + "\(abs(tenths) / 10).\(abs(tenths) % 10)"
        }
        let body = OversightBody(
            reports: reports.items.map { r in
                ReportRow(
                    id: r.id.uuidString, week: r.weekDay, enterprise: r.enterpriseName, status: r.status.rawValue,
                    statusLabel: r.status.text(language), late: r.late,
                    lines: Self.reportSummary(r.lines, language: language),
                    mayConfirm: r.status == .pending
                        && OversightAuthority.mayConfirmReport(
                            actor, enterprise: r.enterpriseId,
                            enterprisePath: JurisdictionPath(rawValue: r.path) ?? .nation)
                )
            },
            excursions: excursions.items.map { e in
                ExcursionRow(
                    id: e.id.uuidString, depot: e.depotName, zone: e.zone.text(language),
                    range: "\(celsius(e.minTenths)) … \(celsius(e.maxTenths)) ℃",
                    limits: "\(celsius(e.limitMinTenths)) … \(celsius(e.limitMaxTenths)) ℃", readings: e.readings,
                    held: e.heldLotIds.count, status: e.status.rawValue, statusLabel: e.status.text(language),
                    open: e.status == .open, decision: e.decisionNote.map { "\(e.decidedBy ?? "")：\($0)" } ?? "")
            },
            inspections: inspections.map { i in
                InspectionRow(
                    id: i.id.uuidString, title: i.title, enterprise: i.enterpriseName, planned: i.plannedDay,
                    sampled: i.sampledLots.map { "\($0.itemNameZh) \($0.batchNo)" }.joined(separator: "、"),
                    statusLabel: i.status.text(language),
                    outcome: [
                        i.result?.text(language), i.finding?.text(language),
                        i.recoveryFen.map { Format.money(fen: $0) },
                    ]
                    .compactMap { $0 }.joined(separator: " · "), isPlanned: i.status == .planned)
            }, mayCompile: officer, mayInspect: mayInspect,
            mayDecide: actor.role.permits(.changeLotStatus), scopeCode: actor.scope.codes.last?.rawValue ?? "",
            enterprises: enterprises, daily: try await dailyBody(request, actor: actor, language: language))
        return try await Console.render("oversight", title: "oversight", nav: "reserves", body: body, on: request)
    }

    /// The daily report of the chosen day (default today), shown while an event is active or when a
    /// day is asked for; none for unit-bound roles.
    private func dailyBody(_ request: Request, actor: Actor, language: Language) async throws -> DailyBody? {
        guard !actor.role.isUnitBound else { return nil }
        let asked = request.query[String.self, at: "day"].flatMap(Day.init(iso:))
        let report = try await services.reserves.dailyReport(day: asked, for: actor)
        guard asked != nil || !report.activeIncidents.isEmpty else { return nil }
        let government = ConsoleText.table(language)["governmentDepots"] ?? ""
        return DailyBody(
            day: report.day, incidents: report.activeIncidents.joined(separator: "；"),
            rows: report.rows.map { r in
                DailyRow(
                    jurisdiction: "\(r.jurisdictionName)（\(r.jurisdictionCode)）", holder: r.holderName ?? government,
                    received: Format.number(r.received), issued: Format.number(r.issued),
                    onHand: Format.number(r.onHand))
            })
    }

    /// The contracted and capacity lines of a report (the page's summary; the CSV has every item),
    /// and how many other items the enterprise holds.
    static func reportSummary(_ lines: [WeeklyReportLine], language: Language) -> String {
        let agreed = lines.filter { $0.contracted > 0 || $0.dailyCapacity > 0 }
        var parts = agreed.map { l in
            "\(language == .en ? l.itemNameEn : l.itemNameZh) \(Format.number(l.onHand))"
                + (l.contracted > 0 ? "/\(Format.number(l.contracted))" : "")
                + (l.dailyCapacity > 0 ? " · \(Format.number(l.dailyCapacity))/d" : "")
        }
        if lines.count > agreed.count {
            let template = ConsoleText.table(language)["otherItems"] ?? "{count}"
            parts.append(template.replacingOccurrences(of: "{count}", with: String(lines.count - agreed.count)))
        }
        return parts.joined(separator: "；")
    }

    func compileWeeklyReports(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        try await services.reserves.compileWeeklyReports(by: try request.actor)
        return request.redirect(to: "/oversight?done=✓")
    }

    func confirmWeeklyReport(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        _ = try await services.reserves.confirmWeeklyReport(try Self.uuidParameter(request), by: try request.actor)
        return request.redirect(to: "/oversight?done=✓")
    }

    func decideExcursion(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        guard let action = form["action"].flatMap(ExcursionDecision.Action.init(rawValue:)) else {
            throw LifelineError.required("action")
        }
        _ = try await services.reserves.decideExcursion(
            try Self.uuidParameter(request), ExcursionDecision(action: action, note: form["note"]),
            by: try request.actor)
        return request.redirect(to: "/oversight?done=✓")
    }

    func planInspection(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        guard let enterprise = form["enterpriseId"].flatMap(UUID.init(uuidString:)) else {
            throw LifelineError.required("enterpriseId")
        }
        _ = try await services.reserves.planInspection(
            NewInspection(
                jurisdictionCode: form["jurisdictionCode"] ?? "", enterpriseId: enterprise, title: form["title"] ?? "",
                plannedDay: form["plannedDay"] ?? ""), by: try request.actor)
        return request.redirect(to: "/oversight?done=✓")
    }

    func completeInspection(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        guard let result = form["result"].flatMap(InspectionResult.init(rawValue:)) else {
            throw LifelineError.required("result")
        }
        guard let finding = form["finding"].flatMap(InspectionFinding.init(rawValue:)) else {
            throw LifelineError.required("finding")
        }
        let recovery = try form["recoveryYuan"].flatMap { $0.isEmpty ? nil : $0 }.map {
            try Yuan.fen($0, field: "recoveryYuan")
        }
        _ = try await services.reserves.completeInspection(
            try Self.uuidParameter(request),
            InspectionOutcome(result: result, finding: finding, recoveryFen: recovery, notes: form["notes"]),
            by: try request.actor)
        return request.redirect(to: "/oversight?done=✓")
    }
}
