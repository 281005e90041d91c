import Foundation
import LifelineDomain
import LifelineStore

/// What `lifeline export` writes for reserves (R3): one row per plan, per norm, or per norm's coverage.
public enum ReserveExport: String, Sendable, CaseIterable {
    case plans, norms, coverage
}

extension ReservesService {
    /// Every plan the actor reads, as CSV: plans; their norms with the formula's inputs; or the
    /// coverage of every plan in force (approved) or in the making.
    public func export(_ kind: ReserveExport, by actor: Actor) async throws -> String {
        var plans: [ReservePlanView] = []
        var number = 1
        while true {
            let page = try await self.plans(
                ReservePlanFilter(), page: PageRequest(page: number, per: settings.maxPageSize, sort: "jurisdiction"),
                for: actor)
            plans += page.items
            if number >= page.pageCount { break }
            number += 1
        }
        switch kind {
        case .plans:
            return CSVTable(
                header: [
                    "id", "jurisdiction_code", "reserve_class", "version", "status", "title", "catalogue_version",
                    "alert_percent", "author", "created_at", "decided_by", "decided_at", "decision_note",
                ],
                rows: plans.map { p in
                    [
                        p.id.uuidString, p.jurisdictionCode, p.reserveClass.rawValue, String(p.version),
                        p.status.rawValue, p.title, String(p.catalogueVersion), String(p.alertPercent), p.authorName,
                        Self.iso(p.createdAt), p.decidedBy ?? "", p.decidedAt.map(Self.iso) ?? "", p.decisionNote ?? "",
                    ]
                }
            ).encoded()
        case .norms:
            var rows: [[String]] = []
            for plan in plans {
                for norm in try await normViews(plan.id, on: database) {
                    let inputs = String(decoding: try JSONEncoder.sorted.encode(norm.formula), as: UTF8.self)
                    rows.append([
                        plan.id.uuidString, plan.jurisdictionCode, plan.reserveClass.rawValue, String(plan.version),
                        plan.status.rawValue, norm.itemCode, norm.itemNameZh, norm.formula.basis, inputs,
                        String(norm.quantity), norm.unitZh, norm.note ?? "",
                    ])
                }
            }
            return CSVTable(
                header: [
                    "plan_id", "jurisdiction_code", "reserve_class", "version", "status", "item_code", "item_name",
                    "basis", "inputs", "quantity", "unit", "note",
                ], rows: rows
            ).encoded()
        case .coverage:
            var rows: [[String]] = []
            for plan in plans where plan.status != .superseded && plan.status != .rejected {
                let coverage = try await self.coverage(plan.id, for: actor)
                for row in coverage.rows {
                    rows.append([
                        plan.jurisdictionCode, plan.reserveClass.rawValue, String(plan.version), plan.status.rawValue,
                        row.itemCode, row.itemNameZh, String(row.norm), String(row.onHand),
                        row.percent.map(String.init) ?? "", String(row.monthlyUse),
                        row.daysOfCover.map(String.init) ?? "", row.belowAlert ? "1" : "0",
                    ])
                }
            }
            return CSVTable(
                header: [
                    "jurisdiction_code", "reserve_class", "version", "status", "item_code", "item_name", "norm",
                    "on_hand", "percent", "monthly_use", "days_of_cover", "below_alert",
                ], rows: rows
            ).encoded()
        }
    }

    private static func iso(_ date: Date) -> String { date.formatted(.iso8601) }
}

extension JSONEncoder {
    /// Keys in a stable order, for files people compare.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
