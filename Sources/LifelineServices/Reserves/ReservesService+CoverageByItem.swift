import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// Coverage by item (R3.4): every approved plan's coverage of an item, added up, with the plans
/// under their alert threshold and the worst-covered jurisdiction — the dashboard's second view of
/// coverage, beside the map's by-jurisdiction one (``ReservesService/coverageOverview(for:)``).
extension ReservesService {
    /// Every item with a norm in an approved plan the actor reads, lowest coverage first (items whose
    /// norms are all 0 last; ties by item code).
    ///
    /// Each plan counts the stock of its own subtree (``coverage(_:for:)``), so a province's plan and
    /// a county's plan below it both count the county's stock: the sums say how the plans are met,
    /// not how much stock there is.
    public func coverageByItem(for actor: Actor, from computed: [ApprovedPlanCoverage]? = nil) async throws
        -> [ItemCoverageView]
    {
        var coverages = computed ?? []
        if computed == nil { coverages = try await approvedPlanCoverages(for: actor) }
        var totals: [UUID: ItemCoverageView] = [:]
        for (plan, coverage) in coverages.map({ ($0.plan, $0.coverage) }) {
            for row in coverage.rows {
                var total =
                    totals[row.itemId]
                    ?? ItemCoverageView(
                        itemId: row.itemId, itemCode: row.itemCode, itemNameZh: row.itemNameZh,
                        itemNameEn: row.itemNameEn, unitZh: row.unitZh, unitEn: row.unitEn)
                total.add(row, planId: plan.id, jurisdictionCode: plan.jurisdictionCode)
                totals[row.itemId] = total
            }
        }
        let codes = Array(Set(totals.values.compactMap(\.worstJurisdictionCode)))
        let names =
            codes.isEmpty
            ? [:]
            : Dictionary(
                try await JurisdictionRecord.query(on: database).filter(\.$id ~~ codes).all().map {
                    ($0.code.rawValue, $0.name)
                }, uniquingKeysWith: { a, _ in a })
        return totals.values.map { view in
            var view = view
            view.worstJurisdictionName = view.worstJurisdictionCode.flatMap { names[$0] }
            return view
        }.sorted { ($0.percent ?? Int.max, $0.itemCode) < ($1.percent ?? Int.max, $1.itemCode) }
    }
}

/// How the approved plans an actor reads cover one item, all together.
public struct ItemCoverageView: Codable, Sendable, Equatable {
    public var itemId: UUID
    public var itemCode: String
    public var itemNameZh: String
    public var itemNameEn: String
    public var unitZh: String
    public var unitEn: String
    /// The sum of the item's norms over the plans.
    public var norm: Int = 0
    /// The sum of the stock each plan counts on hand for the item (``CoverageRow/onHand``).
    public var onHand: Int = 0
    /// Σ on hand as a whole percentage of Σ norm, rounded down (``ReserveCoverage/percent``); `nil`
    /// when the norms add up to 0.
    public var percent: Int?
    /// The plans with a norm for the item.
    public var plans: Int = 0
    /// The plans whose stock of the item is below their alert threshold (``CoverageRow/belowAlert``).
    public var plansBelowAlert: Int = 0
    /// The plan covering the item worst (lowest percentage; ties by jurisdiction code), its
    /// jurisdiction and percentage; `nil` percentage when that plan's norm is 0.
    public var worstPlanId: UUID?
    public var worstJurisdictionCode: String?
    public var worstJurisdictionName: String?
    public var worstPercent: Int?

    public init(
        itemId: UUID, itemCode: String, itemNameZh: String, itemNameEn: String, unitZh: String, unitEn: String
    ) {
        self.itemId = itemId
        self.itemCode = itemCode
        self.itemNameZh = itemNameZh
        self.itemNameEn = itemNameEn
        self.unitZh = unitZh
        self.unitEn = unitEn
    }

    /// Adds one plan's coverage row of the item.
    mutating func add(_ row: CoverageRow, planId: UUID, jurisdictionCode: String) {
        norm += row.norm
        onHand += row.onHand
        percent = ReserveCoverage(norm: norm, onHand: onHand, monthlyUse: 0).percent
        plans += 1
        if row.belowAlert { plansBelowAlert += 1 }
        let isWorse =
            worstPlanId == nil
            || (row.percent ?? Int.max, jurisdictionCode)
                < (worstPercent ?? Int.max, worstJurisdictionCode ?? "")
        if isWorse {
            worstPlanId = planId
            worstJurisdictionCode = jurisdictionCode
            worstPercent = row.percent
        }
    }
}

extension ItemCoverageView: NamesReserveItem {}
