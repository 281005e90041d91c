import Foundation
import LifelineDomain
import LifelineServices
import OpenAPIRuntime

/// The alert centre (#11).
extension APIHandler {
    struct AcknowledgementInput: Codable {
        var comment: String
    }

    func listAlerts(_ input: Operations.ListAlerts.Input) async throws -> Operations.ListAlerts.Output {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let status = q.status?.rawValue
        let filter = AlertFilter(
            status: status.flatMap(AlertStatus.init(rawValue:)), liveOnly: status == nil || status == "live",
            kind: try Convert.enum(q.kind, field: "kind"))
        let page = try await services.alerts.alerts(
            filter, page: Convert.page(q.page, q.per, q.sort?.rawValue), for: actor)
        return .ok(.init(body: .json(try Convert.output(PageBody(page)))))
    }

    func refreshAlerts(_ input: Operations.RefreshAlerts.Input) async throws -> Operations.RefreshAlerts.Output {
        let actor = try RequestContext.requireActor()
        guard actor.role.permits(.managePlans) else {
            throw LifelineError(.forbidden, localized: ["action": .init(zh: "刷新预警", en: "refresh alerts")])
        }
        return .ok(.init(body: .json(try Convert.output(try await services.alerts.refresh()))))
    }

    func acknowledgeAlert(_ input: Operations.AcknowledgeAlert.Input) async throws
        -> Operations.AcknowledgeAlert.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let acknowledgement: AcknowledgementInput = try Convert.input(body)
        let view = try await services.alerts.acknowledge(
            try Convert.uuid(input.path.alertId, field: "alertId"), comment: acknowledgement.comment, by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }
}
