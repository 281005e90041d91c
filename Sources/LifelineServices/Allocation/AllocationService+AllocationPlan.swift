import FluentKit
import Foundation
import LifelineAllocation
import LifelineDomain
import LifelineStore

extension AllocationService {
    /// Plans the submitted requests in the actor's reach with the allocation engine, by the rules of
    /// R6: priority classes, sources in R6.2's order, institutions' 20-day floor, lowered standard
    /// only where allowed, travel-time limits; every line explained (R6.3).
    public func allocationPlan(_ input: AllocationPlanInput, for actor: Actor, language: Language = .zh) async throws
        -> AllocationPlanView
    {
        try AccessPolicy.require(.approveDispatch, actor)
        let model = try await AllocationModel.build(
            input, actor: actor, services: Services(context: context), on: database)
        return try model.solve(fairness: input.fairness, language: language)
    }

    /// Plans as ``allocationPlan(_:for:language:)`` and approves every request the plan serves, with
    /// the plan's depots and quantities: one transaction for the whole plan (each request locked and
    /// approved as the dispatch loop approves one), so a plan is approved whole or not at all, once.
    public func approveAllocationPlan(
        _ input: AllocationPlanInput, key: String, for actor: Actor, language: Language = .zh
    ) async throws
        -> AllocationPlanView
    {
        let plan = try await allocationPlan(input, for: actor, language: language)
        let byRequest = Dictionary(grouping: plan.allocations, by: \.requestId)
        let approvals = byRequest.keys.sorted(by: { $0.uuidString < $1.uuidString }).map { requestID in
            var lines: [String: ApprovalLineInput] = [:]
            for a in byRequest[requestID] ?? [] {
                lines[
                    "\(a.depotId)-\(a.itemId)",
                    default: ApprovalLineInput(itemId: a.itemId, depotId: a.depotId, quantity: 0)
                ].quantity += a.quantity
            }
            return (
                requestID,
                ApprovalInput(
                    lines: lines.values.sorted { "\($0.depotId)\($0.itemId)" < "\($1.depotId)\($1.itemId)" },
                    note: "按分配方案批准 approved from the allocation plan")
            )
        }
        guard !approvals.isEmpty else { throw LifelineError(.nothingToApprove) }
        for (_, approval) in approvals { try dispatch.validate(approval, by: actor) }
        return try await idempotent("allocation.approve", key: key, actor: actor, input: input) { tx in
            var approved = plan
            var events: [AuditEvent] = []
            var notices: [DispatchNotice] = []
            // Requests in id order: two plans over overlapping requests lock them in the same order.
            for (requestID, approval) in approvals {
                let audited = try await dispatch.approve(requestID, approval, by: actor, checkOwnSupply: false, on: tx)
                approved.approved.append(audited.output.number)
                events += audited.events
                notices += audited.notices
            }
            return Audited(output: approved, events: events, notices: notices)
        }
    }
}

/// The allocation problem built from requests and the ledger, with the maps back to Lifeline's rows.
struct AllocationModel {
    struct Site {
        var request: SupplyRequestRecord
        var point: GeoPoint
    }

    struct LotRow {
        var lot: LedgerLot
        var depot: DepotRecord
        var quantity: Int
    }

    struct DemandRow {
        var site: Int
        var item: Int
        var requestedItem: UUID
        var substitute: Bool
    }

    var sites: [Site] = []
    var items: [ItemRecord] = []
    var lots: [LotRow] = []
    var depots: [DepotRecord] = []
    var lines: [RequestLineRecord] = []
    var problem = AllocationProblem()
    var demandRows: [DemandRow] = []
    var tiers: [Int: [Int: SourceRank]] = [:]  // depot → site → rank (R6.2)
    var substitutes: [Int: [Int]] = [:]  // demand row of a standard line → items that may stand in
    var institutions: Set<UUID> = []
    /// Depots a mass-testing site could not reach within the first-round limit (site → depots).
    var beyondFirstRound: [Int: [Int]] = [:]
    var pinned: [(lot: Int, site: Int, quantity: Int, substituteFor: Int?, pinned: Bool)] = []
    var pinnedByRow: [Int: Int] = [:]

    static func build(_ input: AllocationPlanInput, actor: Actor, services: Services, on db: any Database) async throws
        -> AllocationModel
    {
        var model = AllocationModel()
        var requests: [SupplyRequestRecord]
        if let ids = input.requestIds {
            requests = []
            for id in ids {
                let record = try await services.dispatch.request(id, for: actor, on: db)
                guard record.status == RequestStatus.submitted.rawValue else {
                    throw LifelineError(
                        .invalidTransition, field: "requestIds",
                        localized: [
                            "entity": EntityName.request.text,
                            "from":
                                (try Stored.value(RequestStatus.self, record.status, column: "supply_requests.status"))
                                .text,
                            "to": RequestStatus.approved.text,
                        ])
                }
                requests.append(record)
            }
        } else {
            requests = try await services.dispatch.requests(
                RequestFilter(toDecide: true), page: PageRequest(per: services.settings.maxPageSize), for: actor
            )
            .items.asyncMap { try await services.dispatch.request($0.id, for: actor, on: db) }
        }
        requests.sort { ($0.priority, $0.neededByMs, $0.number) < ($1.priority, $1.neededByMs, $1.number) }
        let units = try await UnitRecord.query(on: db).filter(\.$id ~~ Set(requests.map(\.unitID))).all()
        let unitsByID = Dictionary(uniqueKeysWithValues: units.compactMap { u in u.id.map { ($0, u) } })
        for request in requests {
            let unit = unitsByID[request.unitID]
            let point =
                request.longitude.flatMap { lon in request.latitude.map { GeoPoint(longitude: lon, latitude: $0) } }
                ?? unit.flatMap { u in
                    u.longitude.flatMap { lon in u.latitude.map { GeoPoint(longitude: lon, latitude: $0) } }
                }
            guard let point else { continue }  // a request with no place cannot be reached; it stays in the inbox
            model.sites.append(Site(request: request, point: point))
        }
        model.lines = try await RequestLineRecord.query(on: db).filter(
            \.$requestID ~~ Set(model.sites.compactMap(\.request.id))
        ).all()
        // Items: what is requested, and the substitutes of lines that may take them.
        let requestedIDs = Set(model.lines.map(\.itemID))
        let requested = try await ItemRecord.query(on: db).filter(\.$id ~~ requestedIDs).all()
        let groups = Set(requested.compactMap(\.substitutionGroup))
        let substitutes =
            groups.isEmpty ? [] : try await ItemRecord.query(on: db).filter(\.$substitutionGroup ~~ groups).all()
        var itemIndex: [UUID: Int] = [:]
        for item in requested + substitutes where itemIndex[item.id ?? UUID()] == nil {
            itemIndex[try item.requireID()] = model.items.count
            model.items.append(item)
        }
        // Lots in reach, with institutions keeping 20 days of their own use.
        let today = services.today
        let ledgerLots = try await LedgerSQL.issuableLots(
            items: Array(itemIndex.keys), within: actor.scope, on: today, on: db)
        model.depots = try await DepotRecord.query(on: db).filter(\.$id ~~ Set(ledgerLots.map(\.depotID))).all()
        let depotIndex = Dictionary(
            uniqueKeysWithValues: model.depots.enumerated().compactMap { i, d in d.id.map { ($0, i) } })
        let (givable, institutions) = try await services.givableAboveInstitutionFloor(
            ledgerLots, depots: model.depots, requester: nil, on: db)
        for lot in ledgerLots {
            guard let d = depotIndex[lot.depotID], let quantity = givable[lot.id], quantity > 0 else { continue }
            model.lots.append(LotRow(lot: lot, depot: model.depots[d], quantity: quantity))
        }
        // Per depot and item, in FEFO order: the one issue order (FEFOPicker.precedes).
        try model.lots.sort { a, b in
            let (ka, kb) = (
                (a.lot.depotID.uuidString, a.lot.itemID.uuidString), (b.lot.depotID.uuidString, b.lot.itemID.uuidString)
            )
            return ka != kb ? ka < kb : FEFOPicker.precedes(try a.lot.pickable, try b.lot.pickable)
        }
        model.institutions = institutions
        try model.assemble(
            itemIndex: itemIndex, depotIndex: depotIndex, institutions: institutions,
            limits: services.settings.transport, today: today)
        try model.applyPins(input.pins)
        return model
    }

    /// Fills the problem's tables.
    mutating func assemble(
        itemIndex: [UUID: Int], depotIndex: [UUID: Int], institutions: Set<UUID>, limits: TransportLimits, today: Day
    ) throws {
        let origin = sites.first?.point ?? depots.first?.location ?? GeoPoint(longitude: 106.7, latitude: 26.6)
        func xy(_ p: GeoPoint) -> (Double, Double) {
            (
                origin.distanceKilometres(to: GeoPoint(longitude: p.longitude, latitude: origin.latitude))
                    * (p.longitude < origin.longitude ? -1 : 1),
                origin.distanceKilometres(to: GeoPoint(longitude: origin.longitude, latitude: p.latitude))
                    * (p.latitude < origin.latitude ? -1 : 1)
            )
        }
        for item in items {
            problem.items.id.append(item.code)
            problem.items.volumeM3.append(Double(max(item.volumeCm3, 1)) / 1_000_000)
            problem.items.rate.append(1)
        }
        for depot in depots {
            let (x, y) = xy(depot.location)
            problem.depots.id.append(depot.code)
            problem.depots.xKm.append(x)
            problem.depots.yKm.append(y)
            problem.depots.capacityM3.append(Double(max(depot.volumeM3, 1)))
        }
        for site in sites {
            let (x, y) = xy(site.point)
            problem.sites.id.append(site.request.number)
            problem.sites.xKm.append(x)
            problem.sites.yKm.append(y)
            problem.sites.priority.append(min(max(site.request.priority, 0), 2))
        }
        for row in lots {
            problem.lots.id.append(row.lot.batchNo)
            problem.lots.depot.append(depotIndex[row.lot.depotID] ?? 0)
            problem.lots.item.append(itemIndex[row.lot.itemID] ?? 0)
            problem.lots.quantity.append(row.quantity)
            let days = row.lot.expiry.map { today.days(until: $0) }
            problem.lots.expiresInDays.append(days ?? 3650)
            problem.lots.wasteCost.append(AllocationRules.wasteCost(daysToExpiry: days))
        }
        // Arcs charged with the source tier's surcharge. Only a mass-testing request's first round is
        // bound by the first-round limit (R5.4, R6.2); a depot beyond it is remembered as a later source.
        for (d, depot) in depots.enumerated() {
            for (s, site) in sites.enumerated() {
                let km = limits.roadKm(from: depot.location, to: site.point)
                let hours = limits.hours(roadKm: km)
                if site.request.form != nil, hours > limits.firstRoundHours {
                    beyondFirstRound[s, default: []].append(d)
                    continue
                }
                let tier = SourceOrder.rank(
                    try depot.source(institutions: institutions), for: try site.request.jurisdictionPath,
                    unit: site.request.unitID)
                tiers[d, default: [:]][s] = tier
                problem.arcs.depot.append(d)
                problem.arcs.site.append(s)
                problem.arcs.roadKm.append(Int(km.rounded(.up)) + AllocationRules.tierSurchargeKm[tier.rawValue])
                problem.arcs.hours.append(hours)
            }
        }
        // Demands: one row per (request, item); lines of the same item add up.
        let siteIndex = Dictionary(
            uniqueKeysWithValues: sites.enumerated().compactMap { i, s in s.request.id.map { ($0, i) } })
        var rowIndex: [String: Int] = [:]
        for line in lines {
            guard let s = siteIndex[line.requestID], let k = itemIndex[line.itemID] else { continue }
            if let row = rowIndex["\(s)-\(k)"] {
                problem.demands.quantity[row] += line.quantity
            } else {
                rowIndex["\(s)-\(k)"] = problem.demands.count
                problem.demands.site.append(s)
                problem.demands.item.append(k)
                problem.demands.quantity.append(line.quantity)
                demandRows.append(DemandRow(site: s, item: k, requestedItem: line.itemID, substitute: false))
            }
            let post = try Stored.value(WorkPost.self, line.post, column: "request_lines.post")
            let item = items[k]
            if AllocationRules.mayUseSubstitute(siteSuitable: sites[s].request.substitutesAllowed, post: post),
                let row = rowIndex["\(s)-\(k)"]
            {
                substitutes[row] = try items.indices.filter {
                    try $0 != k
                        && AllocationRules.maySubstitute(
                            requested: item.substitution, candidate: items[$0].substitution)
                }
            }
        }
        problem.penalty = (0..<3).map { p in items.map { _ in AllocationRules.classPenalty[p] } }
    }

    /// Takes the officer's fixed lines out of the problem before it is solved: their units leave
    /// the lots (FEFO within the depot) and the demand rows; they come back as pinned allocations.
    mutating func applyPins(_ pins: [AllocationPin]) throws {
        for (i, pin) in pins.enumerated() {
            guard pin.quantity > 0 else { throw LifelineError(.quantityNotPositive, field: "pins[\(i)].quantity") }
            guard let s = sites.firstIndex(where: { $0.request.id == pin.requestId }) else {
                throw LifelineError.invalid("pins[\(i)].requestId", "not a request of this plan")
            }
            guard let k = items.firstIndex(where: { $0.id == pin.itemId }) else {
                throw LifelineError.invalid("pins[\(i)].itemId", "not requested")
            }
            var row = problem.demands.site.indices.first {
                problem.demands.site[$0] == s && problem.demands.item[$0] == k
            }
            var substituteFor: Int?
            if row == nil,
                let standard = substitutes.first(where: { problem.demands.site[$0.key] == s && $0.value.contains(k) })?
                    .key
            {
                row = standard
                substituteFor = standard
            }
            guard let row else {
                throw LifelineError.invalid("pins[\(i)].itemId", "not requested, nor an allowed substitute")
            }
            guard problem.demands.quantity[row] >= pin.quantity else {
                throw LifelineError(
                    .outOfRange, field: "pins[\(i)].quantity",
                    ["min": "1", "max": String(problem.demands.quantity[row])])
            }
            let candidates = lots.indices.filter {
                lots[$0].lot.depotID == pin.depotId && lots[$0].lot.itemID == pin.itemId
            }
            let available = candidates.map { problem.lots.quantity[$0] }.reduce(0, +)
            guard available >= pin.quantity else {
                throw LifelineError(
                    .insufficientStock, field: "pins[\(i)].quantity",
                    ["available": String(available), "requested": String(pin.quantity)])
            }
            var remaining = pin.quantity
            for l in candidates where remaining > 0 {  // lots are in expiry order within a depot and item
                let take = min(remaining, problem.lots.quantity[l])
                guard take > 0 else { continue }
                problem.lots.quantity[l] -= take
                pinned.append((l, s, take, substituteFor, true))
                remaining -= take
            }
            problem.demands.quantity[row] -= pin.quantity
            pinnedByRow[row, default: 0] += pin.quantity
        }
    }

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
            let priority = try Stored.value(
                RequestPriority.self, site.request.priority, column: "supply_requests.priority")
            var rule = [
                LocalizedText(zh: "优先级：\(priority.text.zh)", en: "priority: \(priority.text.en)"),
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
            requestCount: sites.count, allocations: allocations, unmet: unmet,
            byPriority: fill(
                { String(sites[$0].request.priority) },
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

extension ItemRecord {
    var substitution: (group: String?, role: String?, category: ItemCategory) {
        get throws {
            (
                substitutionGroup, substitutionRole,
                try Stored.value(ItemCategory.self, category, column: "items.category")
            )
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        out.reserveCapacity(count)
        for element in self { out.append(try await transform(element)) }
        return out
    }
}

extension DepotRecord {
    /// The depot as the source order sees it (R6.2); `institutions` are the medical institutions
    /// among the depot owners.
    func source(institutions: Set<UUID>) throws -> DepotSource {
        DepotSource(
            path: try jurisdictionPath, owner: ownerUnitID, operator: operatorUnitID,
            ownedByInstitution: ownerUnitID.map(institutions.contains) ?? false)
    }
}
