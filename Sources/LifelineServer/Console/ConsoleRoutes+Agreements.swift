import Foundation
import LifelineDomain
import LifelineServices
import Vapor

/// 协议储备 (R3.5) and 补贴结算 (R9.2): agreements with enterprises, and the subsidy statements
/// computed from them and the ledger.
extension ConsoleRoutes {
    struct AgreementsBody: Encodable {
        var rows: [AgreementRow]
        var pager: Pager
        var mayEdit: Bool
        var scopeCode: String
        var enterprises: [Option]
        var kinds: [Option]
    }

    struct AgreementRow: Encodable {
        var id: String
        var number: String
        var kind: String
        var enterprise: String
        var jurisdiction: String
        var period: String
        var status: String
        var statusLabel: String
        var counts: Bool
        var terms: String
        var mayRevoke: Bool
    }

    func agreementsPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let page = try await services.reserves.agreements(
            AgreementFilter(), page: PageRequest(page: request.query[Int.self, at: "page"] ?? 1, per: 50), for: actor)
        let mayEdit = actor.role.permits(.managePlans) && !actor.role.isUnitBound
        var enterprises: [Option] = []
        if mayEdit {
            for kind in [UnitKind.storageEnterprise, .manufacturer] {
                let units = try await services.reference.units(
                    UnitFilter(kind: kind), page: PageRequest(page: 1, per: 200), for: actor)
                enterprises += units.items.map {
                    Option(value: $0.id.uuidString, label: "\($0.name)（\(kind.text(language))）", selected: false)
                }
            }
        }
        let body = AgreementsBody(
            rows: page.items.map { a in
                let terms: String
                switch a.kind {
                case .storage:
                    terms = a.lines.map { l in
                        "\(language == .en ? l.itemNameEn : l.itemNameZh) "
                            + "\(Format.number(l.counted))/\(Format.number(l.contracted))"
                            + (l.toBuyBack > 0
                                ? " (\(language == .en ? "buy back" : "待补") \(Format.number(l.toBuyBack)))" : "")
                    }.joined(separator: "；")
                case .capacity:
                    terms = """
                        \(language == .en ? a.itemNameEn ?? "" : a.itemNameZh ?? "") \(a.productionLines ?? 0) × \
                        \(Format.number(a.dailyOutputPerLine ?? 0)) · \(a.redundancyPercent ?? 0)% → \
                        \(Format.number(a.redundantDailyOutput ?? 0))/d · \(a.activationHours ?? 0) h
                        """
                case .technology:
                    terms = """
                        \(language == .en ? a.itemNameEn ?? "" : a.itemNameZh ?? "") · \(a.description ?? "") · \
                        \(a.leadDays ?? 0) d
                        """
                }
                return AgreementRow(
                    id: a.id.uuidString, number: a.number, kind: a.kind.text(language), enterprise: a.enterpriseName,
                    jurisdiction: a.jurisdictionCode, period: "\(a.startDay) – \(a.endDay)", status: a.status.rawValue,
                    statusLabel: a.status.text(language), counts: a.counts, terms: terms,
                    mayRevoke: mayEdit && a.status == .active)
            }, pager: Pager(page, request: request, language: language), mayEdit: mayEdit,
            scopeCode: actor.scope.codes.last?.rawValue ?? "", enterprises: enterprises,
            kinds: AgreementKind.allCases.map { Option(value: $0.rawValue, label: $0.text(language), selected: false) })
        return try await Console.render("agreements", title: "agreements", nav: "reserves", body: body, on: request)
    }

    func createAgreement(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        guard let kind = form["kind"].flatMap(AgreementKind.init(rawValue:)) else {
            throw LifelineError.required("kind")
        }
        guard let enterprise = form["enterpriseId"].flatMap(UUID.init(uuidString:)) else {
            throw LifelineError.required("enterpriseId")
        }
        func int(_ name: String) throws -> Int? {
            guard let text = form[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            guard let value = Int(text) else { throw LifelineError.invalid(name, "a whole number") }
            return value
        }
        // Storage lines, one per line of the text area: "PPE-0003 1000".
        var lines: [NewAgreementLine] = []
        for (index, row) in (form["lines"] ?? "").split(whereSeparator: \.isNewline).enumerated() {
            let parts = row.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
            guard parts.count == 2, let quantity = Int(parts[1]) else {
                throw LifelineError.invalid("lines[\(index)]", "an item code and a quantity, such as PPE-0003 1000")
            }
            lines.append(NewAgreementLine(itemCode: String(parts[0]), quantity: quantity))
        }
        let depreciation = try form["yearlyDepreciationYuan"].flatMap { $0.isEmpty ? nil : $0 }.map {
            try Yuan.fen($0, field: "yearlyDepreciationYuan")
        }
        _ = try await services.reserves.createAgreement(
            NewAgreement(
                kind: kind, jurisdictionCode: form["jurisdictionCode"] ?? "", enterpriseId: enterprise,
                startDay: form["startDay"] ?? "", endDay: form["endDay"] ?? "", lines: lines,
                itemCode: form["itemCode"].flatMap { $0.isEmpty ? nil : $0 },
                productionLines: try int("productionLines"),
                dailyOutputPerLine: try int("dailyOutputPerLine"), redundancyPercent: try int("redundancyPercent"),
                activationHours: try int("activationHours"), yearlyDepreciationFen: depreciation,
                description: form["description"].flatMap { $0.isEmpty ? nil : $0 }, leadDays: try int("leadDays")),
            by: try request.actor)
        return request.redirect(to: "/agreements?done=✓")
    }

    func revokeAgreement(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        _ = try await services.reserves.revokeAgreement(
            try Self.uuidParameter(request), reason: form["reason"], by: try request.actor)
        return request.redirect(to: "/agreements?done=✓")
    }

    struct SubsidiesBody: Encodable {
        var periods: [PeriodRow]
        var pager: Pager
        var selected: SelectedPeriod?
        var mayEdit: Bool
        var scopeCode: String
    }

    struct PeriodRow: Encodable {
        var id: String
        var jurisdiction: String
        var span: String
        var status: String
        var statusLabel: String
        var rates: String
    }

    struct SelectedPeriod: Encodable {
        var id: String
        var span: String
        var statusLabel: String
        var mayClose: Bool
        var statements: [StatementRow]
        var total: String
    }

    struct StatementRow: Encodable {
        var enterprise: String
        var storage: String
        var purchase: String
        var management: String
        var capacity: String
        var total: String
    }

    func subsidiesPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let page = try await services.reserves.subsidyPeriods(
            page: PageRequest(page: request.query[Int.self, at: "page"] ?? 1, per: 50), for: actor)
        let mayEdit = actor.role.permits(.managePlans) && !actor.role.isUnitBound
        var selected: SelectedPeriod?
        if let id = request.query[String.self, at: "period"].flatMap(UUID.init(uuidString:)) ?? page.items.first?.id {
            let report = try await services.reserves.subsidyStatements(id, for: actor)
            let p = report.period
            selected = SelectedPeriod(
                id: p.id.uuidString, span: "\(p.jurisdictionCode) \(p.startDay) – \(p.endDay)",
                statusLabel: p.status.text(language),
                mayClose: mayEdit
                    && p.status.mayClose(end: Day(iso: p.endDay) ?? services.today, today: services.today),
                statements: report.statements.map { s in
                    StatementRow(
                        enterprise: s.enterpriseName, storage: Format.money(fen: s.storageFen),
                        purchase: Format.money(fen: s.purchaseValueFen), management: Format.money(fen: s.managementFen),
                        capacity: Format.money(fen: s.capacityFen), total: Format.money(fen: s.totalFen))
                }, total: Format.money(fen: report.totalFen))
        }
        let body = SubsidiesBody(
            periods: page.items.map { p in
                PeriodRow(
                    id: p.id.uuidString, jurisdiction: p.jurisdictionCode, span: "\(p.startDay) – \(p.endDay)",
                    status: p.status.rawValue, statusLabel: p.status.text(language),
                    rates: """
                        \(Double(p.storagePermille) / 10)% · \(Double(p.managementPermille) / 10)% · \
                        \(p.capacityRetentionPercent)%
                        """
                )
            }, pager: Pager(page, request: request, language: language), selected: selected, mayEdit: mayEdit,
            scopeCode: actor.scope.codes.last?.rawValue ?? "")
        return try await Console.render("subsidies", title: "subsidies", nav: "reserves", body: body, on: request)
    }

    func createSubsidyPeriod(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        let view = try await services.reserves.createSubsidyPeriod(
            NewSubsidyPeriod(
                jurisdictionCode: form["jurisdictionCode"] ?? "", startDay: form["startDay"] ?? "",
                endDay: form["endDay"] ?? ""), by: try request.actor)
        return request.redirect(to: "/subsidies?period=\(view.id.uuidString)")
    }

    func closeSubsidyPeriod(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let id = try Self.uuidParameter(request)
        _ = try await services.reserves.closeSubsidyPeriod(id, by: try request.actor)
        return request.redirect(to: "/subsidies?period=\(id.uuidString)")
    }

    func subsidiesCSVRoute(_ request: Request) async throws -> Response {
        let id = try Self.uuidParameter(request)
        let csv = try await services.reserves.subsidiesCSV(id, for: try request.actor)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"subsidies-\(id.uuidString).csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: csv))
    }
}
