import Foundation
import LifelineDomain
import LifelineServices
import Vapor

/// The allocation plan page (R6): fill rates by priority class and jurisdiction, a map of flows,
/// unmet demand highlighted with its reason, lines the officer can fix (pin) or change before
/// solving again, and one button that approves the plan.
extension ConsoleRoutes {
    struct AllocationBody: Encodable {
        struct Group: Encodable {
            var key: String
            var requestNumber: String
            var item: String
            var depot: String
            /// What the pin field holds: the pinned units when pinned (the engine may add more from
            /// the same depot), else the engine's total.
            var quantity: Int
            var pinnedQuantity: Int
            var total: Int
            var lots: String
            var rule: String
            var pinned: Bool
            var substitute: Bool
        }

        var ran: Bool
        var fairness: Bool
        var plan: AllocationPlanView?
        var groups: [Group]
        var summary: String
        var flows: EmbeddedJSON
        var key: String
        var error: String?
        /// The requests planned, when the page was opened for some (comma-separated ids).
        var requests: String
        var overrides: [OverrideRow]
        var overridesOpen: Bool
    }

    /// One request of the plan with the officer's class over the sites' (R6.1), if set.
    struct OverrideRow: Encodable {
        var requestId: String
        var number: String
        var priorities: [Option]
        var reason: String
    }

    func allocationPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let query = (try? request.query.decode([String: String].self)) ?? [:]
        let ran = query["run"] == "1"
        let fairness = query["fairness"] == "on"
        var plan: AllocationPlanView?
        var error: String?
        if ran {
            do {
                plan = try await services.allocation.allocationPlan(
                    AllocationPlanInput(
                        requestIds: Self.requestIDs(query), fairness: fairness, pins: try Self.pins(query),
                        overrides: try Self.overrides(query)), for: actor, language: language)
            } catch let failure as LifelineError {
                error = failure.message(language)
            }
        }
        let summary =
            plan.map {
                String(
                    format: language == .zh
                        ? "%d 个申请 · 目标值 %d · 下界 %.0f · 差距 %.2f%% · 求解 %.2f 秒"
                        : "%d requests · objective %d · bound %.0f · gap %.2f%% · solved in %.2f s",
                    $0.requestCount, $0.objective, $0.lowerBound, $0.gap * 100, $0.solveSeconds)
                    + ($0.fairnessCost > 0
                        ? (language == .zh ? " · 公平性代价 \($0.fairnessCost)" : " · fairness cost \($0.fairnessCost)")
                        : "")
            } ?? ""
        var groups: [String: AllocationBody.Group] = [:]
        var order: [String] = []
        for a in plan?.allocations ?? [] {
            let key = "\(a.requestId.uuidString)_\(a.itemId.uuidString)_\(a.depotId.uuidString)"
            if groups[key] == nil {
                order.append(key)
                groups[key] = AllocationBody.Group(
                    key: key, requestNumber: a.requestNumber, item: a.itemName, depot: a.depotName, quantity: 0,
                    pinnedQuantity: 0, total: 0, lots: "", rule: a.rule, pinned: false, substitute: a.substitute)
            }
            guard var group = groups[key] else { continue }
            group.total += a.quantity
            if a.pinned {
                group.pinned = true
                group.pinnedQuantity += a.quantity
                group.rule = a.rule
            }
            group.quantity = group.pinned ? group.pinnedQuantity : group.total
            group.lots += (group.lots.isEmpty ? "" : "、") + "\(a.batchNo)×\(a.quantity)"
            groups[key] = group
        }
        let body = AllocationBody(
            ran: ran, fairness: fairness, plan: plan, groups: order.compactMap { groups[$0] }, summary: summary,
            flows: EmbeddedJSON(plan?.flows ?? []), key: services.ids.next().uuidString, error: error,
            requests: query["requests"] ?? "", overrides: Self.overrideRows(plan, query, language: language),
            overridesOpen: query.contains { $0.key.hasPrefix("ovp_") && !$0.value.isEmpty })
        let response = try await Console.render(
            "allocation", title: "allocation", nav: "allocation", body: body, on: request)
        if error != nil { response.status = .badRequest }
        return response
    }

    func approveAllocation(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let actor = try request.actor
        let form = try request.content.decode([String: String].self)
        let plan = try await services.allocation.approveAllocationPlan(
            AllocationPlanInput(
                requestIds: Self.requestIDs(form), fairness: form["fairness"] == "on", pins: try Self.pins(form),
                overrides: try Self.overrides(form)),
            key: form["_key"] ?? services.ids.next().uuidString, for: actor, language: request.consoleLanguage)
        return request.redirect(to: "/requests?done=\(plan.approved.joined(separator: "、"))")
    }

    /// Fixed lines from the plan form: `fix_<request>_<item>_<depot>` checked, quantity in `pin_<same>`.
    static func pins(_ fields: [String: String]) throws -> [AllocationPin] {
        try fields.keys.filter { $0.hasPrefix("fix_") }.sorted().map { name in
            let key = String(name.dropFirst(4))
            let parts = key.split(separator: "_").compactMap { UUID(uuidString: String($0)) }
            guard parts.count == 3 else { throw LifelineError.invalid(name, "request_item_depot") }
            guard let quantity = fields["pin_" + key].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
                quantity > 0
            else {
                throw LifelineError(.quantityNotPositive, field: "pin_" + key)
            }
            return AllocationPin(requestId: parts[0], itemId: parts[1], depotId: parts[2], quantity: quantity)
        }
    }

    /// The requests the page plans for (`requests=<id>,<id>`), nil for every submitted one.
    static func requestIDs(_ fields: [String: String]) -> [UUID]? {
        guard let raw = fields["requests"], !raw.isEmpty else { return nil }
        return raw.split(separator: ",").compactMap { UUID(uuidString: String($0)) }
    }

    /// The officer's classes: `ovp_<request>` = 0/1/2 with the reason in `ovr_<request>`.
    static func overrides(_ fields: [String: String]) throws -> [AllocationPriorityOverride] {
        try fields.keys.filter { $0.hasPrefix("ovp_") }.sorted().compactMap { name in
            let id = String(name.dropFirst(4))
            guard let value = fields[name], !value.isEmpty else { return nil }
            guard let requestID = UUID(uuidString: id),
                let priority = Int(value).flatMap(RequestPriority.init(rawValue:))
            else { throw LifelineError.invalid(name, "0, 1 or 2") }
            return AllocationPriorityOverride(
                requestId: requestID, priority: priority, reason: fields["ovr_" + id] ?? "")
        }
    }

    static func overrideRows(_ plan: AllocationPlanView?, _ fields: [String: String], language: Language)
        -> [OverrideRow]
    {
        guard let plan else { return [] }
        var seen: [UUID: String] = [:]
        for (id, number) in plan.allocations.map({ ($0.requestId, $0.requestNumber) })
            + plan.unmet.map({ ($0.requestId, $0.requestNumber) })
        {
            seen[id] = number
        }
        return seen.sorted { $0.value < $1.value }.map { id, number in
            let chosen = fields["ovp_" + id.uuidString] ?? ""
            return OverrideRow(
                requestId: id.uuidString, number: number,
                priorities: RequestPriority.allCases.map {
                    Option(
                        value: String($0.rawValue), label: $0.text(language), selected: chosen == String($0.rawValue))
                }, reason: fields["ovr_" + id.uuidString] ?? "")
        }
    }
}
