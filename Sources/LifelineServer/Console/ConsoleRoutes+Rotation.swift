import Foundation
import LifelineDomain
import LifelineServices
import Vapor

/// 轮换 (R4.3): institutions' purchase quotas and rotation plans — proposed, shown step by step,
/// executed or cancelled.
extension ConsoleRoutes {
    struct RotationBody: Encodable {
        var plans: [RotationRow]
        var selected: SelectedRotation?
        var quotas: [QuotaRow]
        var mayEdit: Bool
        var scopeCode: String
        var year: Int
        var institutions: [Option]
    }

    struct RotationRow: Encodable {
        var id: String
        var number: String
        var jurisdiction: String
        var status: String
        var statusLabel: String
        var counts: String
        var createdBy: String
    }

    struct SelectedRotation: Encodable {
        var id: String
        var number: String
        var statusLabel: String
        var mayAct: Bool
        var hasSales: Bool
        var steps: [StepRow]
        var documents: String
    }

    struct StepRow: Encodable {
        var kind: String
        var kindLabel: String
        var item: String
        var lot: String
        var depot: String
        var institution: String
        var quantity: String
    }

    struct QuotaRow: Encodable {
        var institution: String
        var item: String
        var year: Int
        var quota: String
        var used: String
        var remaining: String
    }

    func rotationPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let first = PageRequest(page: 1, per: 50)
        let plans = try await services.reserves.rotationPlans(page: first, for: actor)
        let year = services.reserves.today.components.year
        let quotas = try await services.reserves.purchaseQuotas(
            year: year, page: PageRequest(page: 1, per: 200), for: actor)
        let mayEdit = actor.role.permits(.managePlans) && !actor.role.isUnitBound
        var selected: SelectedRotation?
        let chosen = request.query[String.self, at: "plan"].flatMap(UUID.init(uuidString:)) ?? plans.items.first?.id
        if let chosen {
            let plan = try await services.reserves.rotationPlan(chosen, for: actor)
            selected = SelectedRotation(
                id: plan.id.uuidString, number: plan.number, statusLabel: plan.status.text(language),
                mayAct: mayEdit && plan.status == .proposed, hasSales: plan.steps.contains { $0.kind == .sale },
                steps: plan.steps.map { s in
                    StepRow(
                        kind: s.kind.rawValue, kindLabel: s.kind.text(language),
                        item: "\(s.itemCode) \(language == .en ? s.itemNameEn : s.itemNameZh)",
                        lot: s.batchNo.map { "\($0)（\(s.expiryDate ?? "—")）" } ?? "—", depot: s.depotName ?? "—",
                        institution: s.institutionName ?? "—", quantity: Format.number(s.quantity))
                }, documents: plan.documents.joined(separator: " "))
        }
        var institutions: [Option] = []
        if mayEdit {
            institutions = try await services.reference.units(
                UnitFilter(kind: .medicalInstitution), page: PageRequest(page: 1, per: 200), for: actor
            ).items.map { Option(value: $0.id.uuidString, label: $0.name, selected: false) }
        }
        let body = RotationBody(
            plans: plans.items.map { p in
                let count = { (kind: RotationStepKind) in p.steps.filter { $0.kind == kind }.count }
                return RotationRow(
                    id: p.id.uuidString, number: p.number, jurisdiction: p.jurisdictionCode, status: p.status.rawValue,
                    statusLabel: p.status.text(language),
                    counts: RotationStepKind.allCases.map { "\($0.text(language)) \(count($0))" }.joined(
                        separator: " · "),
                    createdBy: p.createdBy)
            }, selected: selected,
            quotas: quotas.items.map { q in
                QuotaRow(
                    institution: q.unitName, item: "\(q.itemCode) \(language == .en ? q.itemNameEn : q.itemNameZh)",
                    year: q.year, quota: Format.number(q.quota), used: Format.number(q.used),
                    remaining: Format.number(q.remaining))
            }, mayEdit: mayEdit, scopeCode: actor.scope.codes.last?.rawValue ?? "", year: year,
            institutions: institutions)
        return try await Console.render("rotation", title: "rotation", nav: "reserves", body: body, on: request)
    }

    func proposeRotation(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        let plan = try await services.reserves.proposeRotation(
            NewRotationPlan(jurisdictionCode: form["jurisdictionCode"] ?? "", allowSale: form["allowSale"] == "on"),
            by: try request.actor)
        return request.redirect(to: "/rotation?plan=\(plan.id.uuidString)")
    }

    func actOnRotation(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        guard let action = form["action"].flatMap(RotationAction.init(rawValue:)) else {
            throw LifelineError.required("action")
        }
        let id = try Self.uuidParameter(request)
        let percent = try form["salePricePercent"].flatMap { $0.isEmpty ? nil : $0 }.map { text throws -> Int in
            guard let value = Int(text) else { throw LifelineError.invalid("salePricePercent", "a whole number") }
            return value
        }
        _ = try await services.reserves.actOnRotation(
            id,
            RotationActionInput(
                action: action, buyer: form["buyer"].flatMap { $0.isEmpty ? nil : $0 }, salePricePercent: percent),
            by: try request.actor)
        return request.redirect(to: "/rotation?plan=\(id.uuidString)")
    }

    func setPurchaseQuota(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        guard let unit = form["unitId"].flatMap(UUID.init(uuidString:)) else { throw LifelineError.required("unitId") }
        guard let year = form["year"].flatMap({ Int($0) }) else { throw LifelineError.invalid("year", "a year") }
        guard let quota = form["quota"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
            throw LifelineError.invalid("quota", "a whole number")
        }
        _ = try await services.reserves.setPurchaseQuota(
            PurchaseQuotaInput(unitId: unit, itemCode: form["itemCode"] ?? "", year: year, quota: quota),
            by: try request.actor)
        return request.redirect(to: "/rotation?done=✓")
    }
}
