import LifelineDomain
import LifelineServices
import Vapor

extension ConsoleRoutes {
    struct DashboardBody: Encodable {
        var totals: [Figure]
        var categories: [Row]
        var jurisdictions: [Row]
        var depots: [DepotPoint]
        var chartJSON: EmbeddedJSON
        var mapJSON: EmbeddedJSON
        /// Approved plans by jurisdiction, worst-covered item first (R3.4).
        var coverage: [CoverageRow]
        var coverageJSON: EmbeddedJSON
        /// Approved plans' coverage added up by item, lowest first (R3.4).
        var itemCoverage: [ItemCoverageRow]
        /// Whether the forward-reach section shows: jurisdiction-bound readers only (R4.1).
        var showForwardGaps: Bool
        /// Counties beyond 50 km / 4 h of every forward depot, farthest first (R4.1), at most
        /// ``forwardGapRows`` of them; `forwardGapsShown` says so when there are more.
        var forwardGaps: [ForwardGapRow]
        var forwardGapsShown: String?
    }

    /// The most counties the forward-reach table lists (a province without forward depots has a
    /// hundred, the nation nearly three thousand): the farthest come first.
    static let forwardGapRows = 100

    struct ItemCoverageRow: Encodable {
        var item: String
        var norm: String
        var onHand: String
        var percent: String
        var plansBelow: Int
        /// The worst-covered jurisdiction and its percentage, linking to its plan when there is one.
        var worst: String
        var worstPlanId: String
        var hasWorstPlan: Bool
        /// below (a plan under its alert share), short (under 100 % in all) or full, as ``CoverageRow``.
        var tone: String
    }

    struct ForwardGapRow: Encodable {
        var county: String
        var code: String
        /// The nearest forward depot (`—` when there is none anywhere).
        var depot: String
        var kilometres: String
        var hours: String
    }

    struct CoverageRow: Encodable {
        var planId: String
        var name: String
        var code: String
        var item: String
        var percent: String
        /// below (under the alert share), short (under 100 %) or full.
        var tone: String
        var lon: Double?
        var lat: Double?
        var label: String
    }

    struct Figure: Encodable {
        var label: String
        var value: String
        var tone: String
    }

    struct Row: Encodable {
        var key: String
        var label: String
        var value: String
        var quantity: String
        var available: String
        var near: Int
        var expired: Int
    }

    struct DepotPoint: Codable {
        var id: String
        var name: String
        var code: String
        var lon: Double
        var lat: Double
        var value: String
        var enterprise: Bool
    }

    func dashboard(_ request: Request) async throws -> Response {
        let actor = try request.actor
        // A carrier reads no stock: its home is the dispatch board.
        guard actor.role.permits(.readStock) else { return request.redirect(to: "/dispatch") }
        let language = request.consoleLanguage
        let t = ConsoleText.table(language)
        let byCategory = try await services.stock.positions(by: .category, for: actor)
        let byJurisdiction =
            actor.role.isUnitBound ? [] : try await services.stock.positions(by: .jurisdiction, for: actor)
        let byDepot = try await services.stock.positions(by: .depot, for: actor)
        let total = byCategory.reduce(StockPosition.total) { $0.adding($1) }
        let depots = try await services.reference.depots(
            DepotFilter(), page: PageRequest(page: 1, per: 500), for: actor
        ).items
        let depotValue = Dictionary(byDepot.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        func row(_ p: StockPosition) -> Row {
            Row(
                key: p.key, label: language == .zh ? p.label : p.labelEn, value: Format.money(p.value),
                quantity: Format.number(p.onHand),
                available: Format.number(p.available), near: p.nearExpiryLots, expired: p.expiredLots)
        }
        let categoryRows = byCategory.map { p -> Row in
            var r = row(p)
            r.label = ItemCategory(rawValue: p.key)?.text(language) ?? p.key
            return r
        }
        let chart = ChartData(
            labels: categoryRows.map(\.label), values: byCategory.map { Double($0.value.value) / 100 },
            label: t["valueByCategory"] ?? "")
        let points = depots.map {
            DepotPoint(
                id: $0.id.uuidString, name: $0.profile.name, code: $0.profile.code, lon: $0.profile.location.longitude,
                lat: $0.profile.location.latitude, value: Format.money(depotValue[$0.id.uuidString] ?? FenSum()),
                enterprise: $0.profile.operatorKind == .enterprise)
        }
        // Each approved plan's coverage once, for both the map's rings and the by-item table.
        let planCoverages = try await services.reserves.approvedPlanCoverages(for: actor)
        let coverage = try await services.reserves.coverageOverview(for: actor, from: planCoverages).map { c in
            let percent = c.worstPercent.map { "\($0) %" } ?? "—"
            let item = language == .en ? c.worstItemEn : c.worstItemZh
            let tone = c.belowAlert ? "below" : (c.worstPercent ?? 100) < 100 ? "short" : "full"
            return CoverageRow(
                planId: c.planId.uuidString, name: c.name, code: c.jurisdictionCode, item: item, percent: percent,
                tone: tone, lon: c.longitude, lat: c.latitude, label: "\(c.name) · \(item) \(percent)")
        }
        let itemCoverage = try await services.reserves.coverageByItem(for: actor, from: planCoverages).map { c in
            let worstPercent = c.worstPercent.map { "\($0) %" } ?? "—"
            return ItemCoverageRow(
                item: c.itemName(in: language), norm: Format.number(c.norm), onHand: Format.number(c.onHand),
                percent: c.percent.map { "\($0) %" } ?? "—", plansBelow: c.plansBelowAlert,
                worst: c.worstJurisdictionCode.map { "\(c.worstJurisdictionName ?? $0) · \(worstPercent)" } ?? "—",
                worstPlanId: c.worstPlanId?.uuidString ?? "", hasWorstPlan: c.worstPlanId != nil,
                tone: c.plansBelowAlert > 0 ? "below" : (c.percent ?? 100) < 100 ? "short" : "full")
        }
        let showForwardGaps = !actor.role.isUnitBound
        let forwardGaps = try await showForwardGaps ? services.reserves.forwardReachGaps(for: actor) : []
        let gapRows = forwardGaps.prefix(Self.forwardGapRows).map { g in
            ForwardGapRow(
                county: g.countyName, code: g.countyCode,
                depot: g.depotName.map { name in g.depotCode.map { "\(name) (\($0))" } ?? name } ?? "—",
                kilometres: g.kilometres.map { String(format: "%.1f", $0) } ?? "—",
                hours: g.hours.map { String(format: "%.1f", $0) } ?? "—")
        }
        let gapsShown =
            forwardGaps.count > gapRows.count
            ? (t["forwardGapsShown"] ?? "").replacingOccurrences(of: "{shown}", with: String(gapRows.count))
                .replacingOccurrences(of: "{total}", with: Format.number(forwardGaps.count)) : nil
        let body = DashboardBody(
            totals: [
                Figure(label: t["stockValue"] ?? "", value: Format.headline(total.value, language), tone: "primary"),
                Figure(label: t["stockQuantity"] ?? "", value: Format.number(total.onHand), tone: "secondary"),
                Figure(label: t["lotCount"] ?? "", value: Format.number(total.lots), tone: "secondary"),
                Figure(label: t["nearExpiry"] ?? "", value: Format.number(total.nearExpiryLots), tone: "warning"),
                Figure(label: t["expired"] ?? "", value: Format.number(total.expiredLots), tone: "danger"),
            ],
            categories: categoryRows, jurisdictions: byJurisdiction.map(row), depots: points,
            chartJSON: EmbeddedJSON(chart),
            mapJSON: EmbeddedJSON(points), coverage: coverage, coverageJSON: EmbeddedJSON(coverage),
            itemCoverage: itemCoverage, showForwardGaps: showForwardGaps, forwardGaps: gapRows,
            forwardGapsShown: gapsShown)
        return try await Console.render("dashboard", title: "dashboard", nav: "dashboard", body: body, on: request)
    }

    struct ChartData: Encodable {
        var labels: [String]
        var values: [Double]
        var label: String
    }
}
