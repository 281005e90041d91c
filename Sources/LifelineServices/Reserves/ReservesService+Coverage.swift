import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// Coverage (R3.4): for each norm of a plan, the stock on hand in the plan's jurisdiction (its own
/// depots and those below it; issuable lots only — expired, held or quarantined stock covers
/// nothing) against the norm, and days of cover at the monthly use measured from issues.
extension ReservesService {
    /// The days of issues the monthly use is averaged over (three months).
    public static let usageWindowDays = 90

    /// How the stock in the plan's jurisdiction covers each of its norms, worst first.
    public func coverage(_ planID: UUID, for actor: Actor) async throws -> PlanCoverage {
        let plan = try await readablePlan(planID, for: actor)
        let norms = try await normViews(planID, on: database)
        let path = try plan.jurisdictionPath
        let today = self.today
        let since = clock.now().addingTimeInterval(-Double(Self.usageWindowDays) * 86_400).milliseconds
        var onHand: [UUID: Int] = [:]
        var issued: [UUID: Int] = [:]
        if let statements = coverageStatements(path: path, items: norms.map(\.itemId), today: today, since: since) {
            for row in try await database.sql().raw(statements.stock).all() {
                onHand[try row.decode(column: "item", as: UUID.self)] = try row.decode(column: "quantity", as: Int.self)
            }
            for row in try await database.sql().raw(statements.use).all() {
                issued[try row.decode(column: "item", as: UUID.self)] = try row.decode(column: "quantity", as: Int.self)
            }
            // Enterprise-held stock counts through the storage agreements signed for the subtree (ADR 0036).
            for (item, quantity) in try await agreementStock(
                path: path, items: norms.map(\.itemId), today: today, on: database)
            {
                onHand[item, default: 0] += quantity
            }
        }
        let months = Self.usageWindowDays / 30
        let rows = norms.map { norm -> CoverageRow in
            let coverage = ReserveCoverage(
                norm: norm.quantity, onHand: onHand[norm.itemId] ?? 0,
                monthlyUse: (issued[norm.itemId] ?? 0) / months)
            return CoverageRow(
                itemId: norm.itemId, itemCode: norm.itemCode, itemNameZh: norm.itemNameZh, itemNameEn: norm.itemNameEn,
                unitZh: norm.unitZh, unitEn: norm.unitEn,
                norm: norm.quantity, onHand: coverage.onHand, monthlyUse: coverage.monthlyUse,
                percent: coverage.percent, daysOfCover: coverage.daysOfCover,
                belowAlert: coverage.isBelow(alertPercent: plan.alertPercent))
        }.sorted { ($0.percent ?? Int.max, $0.itemCode) < ($1.percent ?? Int.max, $1.itemCode) }
        return PlanCoverage(
            planId: planID, jurisdictionCode: plan.jurisdictionCode, alertPercent: plan.alertPercent,
            usageWindowDays: Self.usageWindowDays, rows: rows, alerts: rows.filter(\.belowAlert).count)
    }

    /// The two statements of ``coverage(_:for:)`` — issuable stock per item in the government depots
    /// of the subtree at `path` (enterprise-held stock counts only through agreements), and units
    /// issued there since `since` (epoch milliseconds) — for the benchmark's query plans too; `nil`
    /// when there are no items.
    public func coverageStatements(path: JurisdictionPath, items: [UUID], today: Day, since: Int) -> (
        stock: SQLQueryString, use: SQLQueryString
    )? {
        guard !items.isEmpty else { return nil }
        let list = SQLKit.SQLList(items.map { SQLBind($0) })
        var stock: SQLQueryString = """
            SELECT l.item_id AS item, CAST(SUM(l.on_hand - l.held) AS BIGINT) AS quantity FROM lots l \
            WHERE l.item_id IN (\(list)) AND \(IssuableLotSQL.condition(on: today, requireFree: false)) \
            AND l.depot_id NOT IN (SELECT d.id FROM depots d WHERE d.operator_kind = \
            \(bind: DepotOperatorKind.enterprise.rawValue))
            """
        if let subtree = path.sqlSubtree(column: "l.path") { stock.appendInterpolation(" AND " + subtree) }
        stock.appendInterpolation(" GROUP BY l.item_id" as SQLQueryString)
        var use: SQLQueryString = """
            SELECT m.item_id AS item, CAST(SUM(-m.on_hand_delta) AS BIGINT) AS quantity FROM stock_movements m \
            WHERE m.item_id IN (\(list)) AND m.kind = \(bind: MovementKind.issue.rawValue) \
            AND m.at_ms >= \(bind: since)
            """
        if let subtree = path.sqlSubtree(column: "m.path") { use.appendInterpolation(" AND " + subtree) }
        use.appendInterpolation(" GROUP BY m.item_id" as SQLQueryString)
        return (stock, use)
    }
}

/// A jurisdiction's approved plan at a glance: its worst-covered item (the dashboard's map).
public struct JurisdictionCoverageView: Codable, Sendable, Equatable {
    public var planId: UUID
    public var jurisdictionCode: String
    public var name: String
    public var longitude: Double?
    public var latitude: Double?
    public var reserveClass: ReserveClass
    /// The lowest coverage of any norm (`nil` when every norm is 0).
    public var worstPercent: Int?
    public var worstItemZh: String
    public var worstItemEn: String
    public var alerts: Int
    public var alertPercent: Int
    /// The worst item is below the plan's threshold (``ReserveCoverage/isBelow(alertPercent:)``).
    public var belowAlert: Bool
}

extension ReservesService {
    /// The coverage of every approved plan the actor reads, computed once for the dashboard's views
    /// (``coverageOverview(for:from:)``, ``coverageByItem(for:from:)``).
    public func approvedPlanCoverages(for actor: Actor) async throws -> [ApprovedPlanCoverage] {
        var coverages: [ApprovedPlanCoverage] = []
        var number = 1
        while true {
            let page = try await plans(
                ReservePlanFilter(status: .approved), page: PageRequest(page: number, per: settings.maxPageSize),
                for: actor)
            for plan in page.items {
                coverages.append(
                    ApprovedPlanCoverage(plan: plan, coverage: try await self.coverage(plan.id, for: actor)))
            }
            if number >= page.pageCount { break }
            number += 1
        }
        return coverages
    }

    /// Every approved plan the actor reads, with its worst-covered item, lowest first.
    public func coverageOverview(for actor: Actor, from computed: [ApprovedPlanCoverage]? = nil) async throws
        -> [JurisdictionCoverageView]
    {
        var coverages = computed ?? []
        if computed == nil { coverages = try await approvedPlanCoverages(for: actor) }
        var views: [JurisdictionCoverageView] = []
        for (plan, coverage) in coverages.map({ ($0.plan, $0.coverage) }) {
            let worst = coverage.rows.first
            let place = try await JurisdictionRecord.find(plan.jurisdictionCode, on: database)
            views.append(
                JurisdictionCoverageView(
                    planId: plan.id, jurisdictionCode: plan.jurisdictionCode, name: place?.name ?? "",
                    longitude: place?.longitude, latitude: place?.latitude, reserveClass: plan.reserveClass,
                    worstPercent: worst?.percent, worstItemZh: worst?.itemNameZh ?? "",
                    worstItemEn: worst?.itemNameEn ?? "", alerts: coverage.alerts, alertPercent: plan.alertPercent,
                    belowAlert: worst?.belowAlert ?? false))
        }
        return views.sorted {
            ($0.worstPercent ?? Int.max, $0.jurisdictionCode) < ($1.worstPercent ?? Int.max, $1.jurisdictionCode)
        }
    }
}

/// An approved plan with its coverage.
public struct ApprovedPlanCoverage: Sendable {
    public var plan: ReservePlanView
    public var coverage: PlanCoverage
}
