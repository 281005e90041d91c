import Foundation

/// How far the stock in reach of an area goes against a plan's demand, per item class (R7.4):
/// the share of each round it covers, the whole rounds it covers, and what the first request asks for.
public struct MassTestingCoverage: Sendable, Codable, Hashable {
    public var itemClass: String
    public var catalogueCode: String?
    public var stockInReach: Int
    /// Per round, the percentage (0–100, rounded down) of that round's demand covered by the stock
    /// left after the rounds before it; 100 for a round that needs nothing.
    public var percentByRound: [Int]
    /// Rounds covered in full, from round 1 on.
    public var roundsCovered: Int
    /// What the first request's rounds need.
    public var firstRequestNeed: Int
    /// The first request's need less the stock in reach, never below 0.
    public var toRequest: Int

    public init(
        itemClass: String, catalogueCode: String?, stockInReach: Int, percentByRound: [Int], roundsCovered: Int,
        firstRequestNeed: Int, toRequest: Int
    ) {
        self.itemClass = itemClass
        self.catalogueCode = catalogueCode
        self.stockInReach = stockInReach
        self.percentByRound = percentByRound
        self.roundsCovered = roundsCovered
        self.firstRequestNeed = firstRequestNeed
        self.toRequest = toRequest
    }

    /// The catalogue code, else the item class.
    public var itemCode: String { catalogueCode ?? itemClass }
}

extension MassTestingPlan {
    /// Demand against `stockInReach`, keyed by item code (the catalogue code, or the item class of a
    /// class without one); an item missing from it has none. One coverage per item class, in the
    /// plan's order. A negative stock is refused naming `stockInReach[code]`.
    public func coverage(stockInReach: [String: Int]) throws(LifelineError) -> [MassTestingCoverage] {
        for (code, stock) in stockInReach where stock < 0 {
            throw LifelineError(.outOfRange, field: "stockInReach[\(code)]", ["min": "0", "max": String(Int.max)])
        }
        let request = Dictionary(firstRequest.map { ($0.itemClass, $0.quantity) }, uniquingKeysWith: { a, _ in a })
        var order: [String] = []
        var byItem: [String: [MassTestingPlanTotal]] = [:]
        for total in totals {
            if byItem[total.itemClass] == nil { order.append(total.itemClass) }
            byItem[total.itemClass, default: []].append(total)
        }
        return order.compactMap { itemClass in
            guard let rounds = byItem[itemClass], let first = rounds.first else { return nil }
            let stock = stockInReach[first.itemCode] ?? 0
            var left = stock
            var percents: [Int] = []
            var covered = 0
            var short = false
            for total in rounds.sorted(by: { $0.round < $1.round }) {
                let need = total.quantity
                let served = min(left, need)
                left -= served
                percents.append(need == 0 ? 100 : need.dividingFullWidth(served.multipliedFullWidth(by: 100)).quotient)
                if served < need { short = true }
                if !short { covered += 1 }
            }
            let firstNeed = request[itemClass] ?? 0
            return MassTestingCoverage(
                itemClass: itemClass, catalogueCode: first.catalogueCode, stockInReach: stock, percentByRound: percents,
                roundsCovered: covered, firstRequestNeed: firstNeed, toRequest: max(0, firstNeed - stock))
        }
    }
}
