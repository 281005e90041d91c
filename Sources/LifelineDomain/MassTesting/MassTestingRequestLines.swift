import Foundation

/// One line of a request drafted from a plan: an item class, the post it serves and the quantity.
public struct MassTestingRequestDraftLine: Sendable, Codable, Hashable {
    public var itemClass: String
    public var itemCode: String
    public var post: WorkPost
    public var quantity: Int

    public init(itemClass: String, itemCode: String, post: WorkPost, quantity: Int) {
        self.itemClass = itemClass
        self.itemCode = itemCode
        self.post = post
        self.quantity = quantity
    }
}

extension MassTestingPlan {
    /// What area `areaCode` needs in round `round`, one line per item class and post (R6.1 ranks
    /// staff at posts before helpers, so a class worn by several posts is split among them):
    ///
    /// | basis | post |
    /// |---|---|
    /// | per kit | by the kits holding it, in proportion to their wearers (below) |
    /// | per table, per person tested | sampling table |
    /// | per point, held by the districts (waste handling, disinfection) | waste handling |
    /// | per point, otherwise | general |
    ///
    /// A kit's share goes to its wearers' post: level-2 sample → sampling table, level-2 waste → waste
    /// handling, level 1 → general.
    ///
    /// Quantities are the demand (`MassTestingPlanLine.quantity`): the city's redundancy is stock
    /// held in reserve, not asked for. A split keeps the total exact (largest remainder).
    public func requestLines(area areaCode: String, round: Int, standard: MassTestingStandard)
        -> [MassTestingRequestDraftLine]
    {
        guard let area = areas.first(where: { $0.code == areaCode }) else { return [] }
        return Self.draftLines(
            lines.filter { $0.areaCode == areaCode && $0.round == round }, area: area, standard: standard)
    }

    /// ``requestLines(area:round:standard:)`` for every area in `areaCodes` and rounds 1…`rounds`, in
    /// that order, reading the plan's lines once (a plan may hold a million).
    public func requestDrafts(areaCodes: [String], rounds: Int, standard: MassTestingStandard) -> [(
        area: String, round: Int, lines: [MassTestingRequestDraftLine]
    )] {
        let wanted = Set(areaCodes)
        var grouped: [String: [Int: [MassTestingPlanLine]]] = [:]
        for line in lines where line.round <= rounds && wanted.contains(line.areaCode) {
            grouped[line.areaCode, default: [:]][line.round, default: []].append(line)
        }
        let summaries = Dictionary(areas.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        return areaCodes.flatMap { code in
            (1...max(1, rounds)).map { round in
                (
                    code, round,
                    summaries[code].map {
                        Self.draftLines(grouped[code]?[round] ?? [], area: $0, standard: standard)
                    } ?? []
                )
            }
        }
    }

    /// One area's lines of one round as request lines, split by post.
    static func draftLines(
        _ roundLines: [MassTestingPlanLine], area: MassTestingAreaSummary, standard: MassTestingStandard
    ) -> [MassTestingRequestDraftLine] {
        var result: [MassTestingRequestDraftLine] = []
        for line in roundLines where line.quantity > 0 {
            guard let entry = standard.entry(line.itemClass) else { continue }
            func add(_ post: WorkPost, _ quantity: Int) {
                guard quantity > 0 else { return }
                if let index = result.firstIndex(where: { $0.itemClass == line.itemClass && $0.post == post }) {
                    result[index].quantity += quantity
                } else {
                    result.append(
                        MassTestingRequestDraftLine(
                            itemClass: line.itemClass, itemCode: line.itemCode, post: post, quantity: quantity))
                }
            }
            switch entry.basis {
            case .perKit:
                let levels = entry.kits
                let weights = levels.map { area.posts.wearers(of: $0) }
                for (level, share) in zip(levels, Self.shares(line.quantity, weights: weights)) {
                    add(Self.post(wearing: level), share)
                }
            case .perTable, .perPersonTested: add(.samplingTable, line.quantity)
            case .perPoint: add(entry.districtOnly ? .wasteHandling : .general, line.quantity)
            }
        }
        return result
    }

    static func post(wearing level: ProtectionLevel) -> WorkPost {
        switch level {
        case .level2Sample: .samplingTable
        case .level2Waste: .wasteHandling
        case .level1: .general
        }
    }

    /// `total` split in proportion to `weights` by largest remainder (ties to the earlier weight);
    /// all to the first when every weight is 0. Products are taken at double width: no overflow.
    static func shares(_ total: Int, weights: [Int]) -> [Int] {
        guard !weights.isEmpty else { return [] }
        let sum = weights.reduce(0, +)
        guard sum > 0, total > 0 else { return [max(0, total)] + Array(repeating: 0, count: weights.count - 1) }
        let divided = weights.map { sum.dividingFullWidth(total.multipliedFullWidth(by: max(0, $0))) }
        var shares = divided.map(\.quotient)
        let order = divided.indices.sorted {
            divided[$0].remainder != divided[$1].remainder ? divided[$0].remainder > divided[$1].remainder : $0 < $1
        }
        var left = total - shares.reduce(0, +)
        for index in order where left > 0 {
            shares[index] += 1
            left -= 1
        }
        return shares
    }
}
