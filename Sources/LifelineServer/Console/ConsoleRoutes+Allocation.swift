import Foundation
import LifelineDomain
import LifelineServices
import Vapor

/// The allocation plan page (R6): fill rates by priority class and jurisdiction, a map of flows,
/// unmet demand highlighted with its reason, and one button that approves the plan.
extension ConsoleRoutes {
    struct AllocationBody: Encodable {
        var ran: Bool
        var fairness: Bool
        var plan: AllocationPlanView?
        var summary: String
        var flows: String
        var key: String
    }

    func allocationPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let ran = request.query[String.self, at: "run"] == "1"
        let fairness = request.query[String.self, at: "fairness"] == "on"
        var plan: AllocationPlanView?
        if ran { plan = try await services.allocationPlan(AllocationPlanInput(fairness: fairness), for: actor, language: language) }
        let summary = plan.map {
            String(format: language == .zh ? "%d 个申请 · 目标值 %d · 下界 %.0f · 差距 %.2f%% · 求解 %.2f 秒" : "%d requests · objective %d · bound %.0f · gap %.2f%% · solved in %.2f s",
                   $0.requestCount, $0.objective, $0.lowerBound, $0.gap * 100, $0.solveSeconds)
                + ($0.fairnessCost > 0 ? (language == .zh ? " · 公平性代价 \($0.fairnessCost)" : " · fairness cost \($0.fairnessCost)") : "")
        } ?? ""
        let body = AllocationBody(ran: ran, fairness: fairness, plan: plan, summary: summary, flows: Console.json(plan?.flows ?? []),
                                  key: UUID().uuidString)
        return try await Console.render("allocation", title: "allocation", nav: "allocation", body: body, on: request)
    }

    func approveAllocation(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let actor = try request.actor
        let form = try request.content.decode([String: String].self)
        let plan = try await services.approveAllocationPlan(AllocationPlanInput(fairness: form["fairness"] == "on"), key: form["_key"] ?? UUID().uuidString,
                                                            for: actor, language: request.consoleLanguage)
        return request.redirect(to: "/requests?done=\(plan.approved.joined(separator: "、"))")
    }
}
