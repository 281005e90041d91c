import FluentKit
import Foundation
import LifelineAllocation
import LifelineDomain
import LifelineStore

extension AllocationModel {
    /// Solves (with the substitutes as a second pass for what the standard items left unmet) and explains.
    func solve(fairness: Bool, language: Language) throws -> AllocationPlanView {
        var options = AllocationOptions()
        options.timeLimit = 20
        var first = problem
        if fairness { Self.addFairness(&first) }
        let result = try Allocator.solve(first, options: options)
        var fairnessCost = 0
        if fairness {
            // The price of fairness: the plain objective of the fair plan above the plain optimum.
            let plain = try Allocator.solve(problem, options: options)
            fairnessCost = max(0, (problem.objective(of: result.solution) ?? plain.objective) - plain.objective)
        }
        var shipments =
            pinned
            + result.solution.shipments.map {
                (lot: $0.lot, site: $0.site, quantity: $0.quantity, substituteFor: Int?.none, pinned: false)
            }
        var explanations = result.explanations(for: first)

        // Second pass: lowered-standard substitutes for unmet lines that may take them (R2.3).
        var second = problem
        second.demands = AllocationProblem.Demands()
        var secondRows: [Int] = []
        var usedLot = [Int](repeating: 0, count: problem.lots.count)
        for s in shipments where !s.pinned { usedLot[s.lot] += s.quantity }  // pinned units already left the lots
        for explanation in explanations where explanation.unmet > 0 {
            for substitute in substitutes[explanation.demandRow] ?? [] {
                let exists = problem.demands.site.indices.contains {
                    problem.demands.site[$0] == explanation.site && problem.demands.item[$0] == substitute
                }
                guard !exists else { continue }  // the site asks for that item itself
                second.demands.site.append(explanation.site)
                second.demands.item.append(substitute)
                second.demands.quantity.append(explanation.unmet)
                secondRows.append(explanation.demandRow)
                break
            }
        }
        if !secondRows.isEmpty {
            for l in 0..<second.lots.count { second.lots.quantity[l] -= usedLot[l] }
            let substituted = try Allocator.solve(second, options: options)
            var filled: [Int: Int] = [:]
            for s in substituted.solution.shipments where s.quantity > 0 {
                let row = second.demands.site.indices.first {
                    second.demands.site[$0] == s.site && second.demands.item[$0] == problem.lots.item[s.lot]
                }
                guard let row else { continue }
                shipments.append((s.lot, s.site, s.quantity, secondRows[row], false))
                filled[secondRows[row], default: 0] += s.quantity
            }
            explanations = explanations.compactMap { e in
                var e = e
                e.delivered += filled[e.demandRow] ?? 0
                return e.unmet > 0 ? e : nil
            }
        }
        return try view(
            shipments: shipments, explanations: explanations, result: result, fairnessCost: fairnessCost,
            language: language)
    }

    static func addFairness(_ problem: inout AllocationProblem) {
        for row in 0..<problem.demands.count {
            let quantity = problem.demands.quantity[row]
            let base = problem.penalty[problem.sites.priority[problem.demands.site[row]]][problem.demands.item[row]]
            let half = (quantity + 1) / 2
            problem.tranches[row] =
                quantity - half > 0
                ? [
                    DemandTranche(quantity: half, penalty: base * 3),
                    DemandTranche(quantity: quantity - half, penalty: base),
                ]
                : [DemandTranche(quantity: quantity, penalty: base * 3)]
        }
    }

    func view(
        shipments: [(lot: Int, site: Int, quantity: Int, substituteFor: Int?, pinned: Bool)],
        explanations: [UnmetExplanation], result: AllocationResult,
        fairnessCost: Int, language: Language
    ) throws -> AllocationPlanView {
        let limits = TransportLimits()
        var allocations: [AllocationPlanView.Allocation] = []
        var flows: [String: AllocationPlanView.Flow] = [:]
        var allocated: [Int: Int] = [:]  // demand row → units
        for s in shipments where s.quantity > 0 {
            let row = lots[s.lot]
            let site = sites[s.site]
            let d = problem.lots.depot[s.lot]
            let k = problem.lots.item[s.lot]
            let demandRow =
                s.substituteFor ?? problem.demands.site.indices.first {
                    problem.demands.site[$0] == s.site && problem.demands.item[$0] == k
                } ?? 0
            allocated[demandRow, default: 0] += s.quantity
            let tier =
                try tiers[d]?[s.site]
                ?? SourceOrder.rank(
                    try row.depot.source(institutions: institutions), for: site.request.jurisdictionPath,
                    unit: site.request.unitID)
            let km = limits.roadKm(from: row.depot.location, to: site.point)
            let reasons = rowDerivation[demandRow]?.reasons ?? []
            var rule = [
                LocalizedText(
                    zh: "优先级：\(site.priority.text.zh)（\(reasons.map(\.zh).joined(separator: "；"))）",
                    en: "priority: \(site.priority.text.en) (\(reasons.map(\.en).joined(separator: "; ")))"),
                LocalizedText(zh: "来源：\(tier.text.zh)", en: "source: \(tier.text.en)"),
                LocalizedText(
                    zh: "先到期先出（效期 \(row.lot.expiryDate ?? "—")）",
                    en: "first expiry first out (expires \(row.lot.expiryDate ?? "—"))"),
                LocalizedText(zh: String(format: "车程 %.0f km", km), en: String(format: "%.0f km by road", km)),
            ]
            if s.substituteFor != nil {
                rule.append(LocalizedText(zh: "降级替代（现场条件允许）", en: "lowered standard (site allows)"))
            }
            if s.pinned { rule.insert(LocalizedText(zh: "调度员固定", en: "pinned by the officer"), at: 0) }
            allocations.append(
                AllocationPlanView.Allocation(
                    requestId: site.request.id ?? UUID(), requestNumber: site.request.number,
                    requestedItemId: demandRows[demandRow].requestedItem,
                    itemId: row.lot.itemID, itemName: language == .zh ? items[k].nameZh : items[k].nameEn,
                    depotId: row.lot.depotID,
                    depotName: row.depot.name, lotId: row.lot.id, batchNo: row.lot.batchNo,
                    expiryDate: row.lot.expiryDate, quantity: s.quantity,
                    roadKm: (km * 10).rounded() / 10, tier: tier, substitute: s.substituteFor != nil, pinned: s.pinned,
                    rule: rule.map { $0(language) }.joined(separator: " · ")))
            let key = "\(d)-\(s.site)"
            var flow =
                flows[key]
                ?? AllocationPlanView.Flow(
                    fromLatitude: row.depot.latitude, fromLongitude: row.depot.longitude,
                    toLatitude: site.point.latitude, toLongitude: site.point.longitude,
                    quantity: 0, label: "\(row.depot.name) → \(site.request.number)")
            flow.quantity += s.quantity
            flows[key] = flow
        }
        let unmet = try explanations.filter { $0.unmet > 0 }.map { e in
            let site = sites[e.site]
            let item = items[e.item]
            var reason = e.reason.rawValue
            var text = Self.reasonText(e.reason)(language)
            if e.reason == .noStockInReach, let later = try laterSources(site: e.site, item: e.item) {
                reason = "beyondFirstRound"
                text = later(language)
            }
            return AllocationPlanView.Unmet(
                requestId: site.request.id ?? UUID(), requestNumber: site.request.number, itemId: item.id ?? UUID(),
                itemName: language == .zh ? item.nameZh : item.nameEn, requested: e.demanded, allocated: e.delivered,
                reason: reason,
                reasonText: text)
        }
        func fill(_ key: (Int) -> String, _ label: (String) -> String) -> [AllocationPlanView.Fill] {
            var totals: [String: (Int, Int)] = [:]
            for row in 0..<problem.demands.count {
                let k = key(problem.demands.site[row])
                let t = totals[k] ?? (0, 0)
                let requested = problem.demands.quantity[row] + (pinnedByRow[row] ?? 0)
                totals[k] = (t.0 + requested, t.1 + min(allocated[row] ?? 0, requested))
            }
            return totals.keys.sorted().map { k in
                let (requested, given) = totals[k] ?? (0, 0)
                return AllocationPlanView.Fill(
                    key: k, label: label(k), requested: requested, allocated: given,
                    rate: requested > 0 ? (Double(given) / Double(requested) * 1000).rounded() / 1000 : 1)
            }
        }
        let siteCounties = try sites.map { try $0.request.jurisdictionPath.code.rawValue }
        return AllocationPlanView(
            requestCount: Set(sites.map(\.request.number)).count, allocations: allocations, unmet: unmet,
            byPriority: fill(
                { String(sites[$0].priority.rawValue) },
                { (RequestPriority(rawValue: Int($0) ?? 2) ?? .normal).text(language) }),
            byJurisdiction: fill({ siteCounties[$0] }, { $0 }),
            flows: flows.values.sorted { $0.label < $1.label }, objective: result.objective,
            lowerBound: result.lowerBound, gap: result.gap,
            solveSeconds: result.solveSeconds, fairnessCost: fairnessCost, approved: [])
    }

    /// For a mass-testing line the first round could not serve: the depots beyond the first-round
    /// limit that hold the item (sources for later rounds), and whom to ask for the first round —
    /// the level the authority policy names for drawing on them (R6.2).
    func laterSources(site s: Int, item k: Int) throws -> LocalizedText? {
        let holding = (beyondFirstRound[s] ?? []).filter { d in
            lots.indices.contains { problem.lots.depot[$0] == d && problem.lots.item[$0] == k }
        }
        guard !holding.isEmpty else { return nil }
        let units = holding.map { d in
            lots.indices.filter { problem.lots.depot[$0] == d && problem.lots.item[$0] == k }.map { lots[$0].quantity }
                .reduce(0, +)
        }
        let names = zip(holding, units).map { "\(depots[$0].name) \($1)" }.joined(separator: "、")
        let decision = DispatchAuthority.decide(
            DispatchQuestion(
                requester: try sites[s].request.jurisdictionPath,
                sources: try holding.map { try depots[$0].jurisdictionPath }, level: nil))
        return LocalizedText(
            zh: "首轮时限内无库存；\(names) 可作后续轮次来源，首轮请向\(decision.tier.text.zh)申请",
            en:
                """
                nothing within the first-round limit; \(names) can serve later rounds — for the first round ask \
                the \(decision.tier.text.en)
                """
        )
    }

    static func reasonText(_ reason: UnmetReason) -> LocalizedText {
        switch reason {
        case .noStockInReach:
            .init(zh: "可调范围内无库存：请向上级申请，或转入应急采购", en: "no stock in reach: ask the level above, or emergency procurement")
        case .capacity: .init(zh: "储备库出库能力已满", en: "depot outbound capacity used up")
        case .claimedByHigherPriority: .init(zh: "库存已优先分配给更高优先级", en: "stock went to a higher priority class")
        case .claimedByCheaper:
            .init(zh: "同级需求中分配给更近或更合适的站点", en: "stock went to sites of the same class that were cheaper to serve")
        case .uneconomic: .init(zh: "运输成本高于缺口代价", en: "transport would cost more than the shortage")
        }
    }
}
