import Foundation
import LifelineDomain
import LifelineServices
import Vapor

/// 预警中心: every alert in the officer's scope, acknowledged with a comment.
extension ConsoleRoutes {
    struct AlertsBody: Encodable {
        var rows: [AlertRow]
        var pager: Pager
        var statuses: [Option]
        var kinds: [Option]
        var mayRefresh: Bool
    }

    struct AlertRow: Encodable {
        var id: String
        var kind: String
        var kindLabel: String
        /// Bootstrap's colour for the kind: past expiry and short reserves red, near expiry amber.
        var kindClass: String
        var status: String
        var statusLabel: String
        var statusClass: String
        var message: String
        var raisedAt: String
        var closedAt: String
        var acknowledgedBy: String
        var acknowledgedAt: String
        var comment: String
        var mayAcknowledge: Bool
    }

    func alertsPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let statusText = request.query[String.self, at: "status"] ?? "live"
        let status = AlertStatus(rawValue: statusText)
        let kind = request.query[String.self, at: "kind"].flatMap(AlertKind.init(rawValue:))
        let page = try await services.alerts.alerts(
            AlertFilter(status: status, liveOnly: status == nil, kind: kind),
            page: PageRequest(page: request.query[Int.self, at: "page"] ?? 1, per: 50), for: actor)
        let rows = page.items.map { a in
            AlertRow(
                id: a.id.uuidString, kind: a.kind.rawValue, kindLabel: a.kind.text(language),
                kindClass: a.kind == .nearExpiry ? "text-bg-warning" : "text-bg-danger", status: a.status.rawValue,
                statusLabel: a.status.text(language),
                statusClass: a.status == .open
                    ? "text-bg-secondary" : a.status == .acknowledged ? "text-bg-info" : "text-bg-light border",
                message: a.message(language),
                raisedAt: Format.dateTime(a.raisedAt), closedAt: a.closedAt.map(Format.dateTime) ?? "",
                acknowledgedBy: a.acknowledgedBy ?? "", acknowledgedAt: a.acknowledgedAt.map(Format.dateTime) ?? "",
                comment: a.comment ?? "",
                mayAcknowledge: a.status == .open
                    && (try? AlertPolicy.checkAcknowledge(actor, path: JurisdictionPath(rawValue: a.path) ?? .nation))
                        != nil
            )
        }
        let t = ConsoleText.table(language)
        let statuses =
            [Option(value: "live", label: t["liveAlerts"] ?? "live", selected: status == nil)]
            + AlertStatus.allCases.map { Option(value: $0.rawValue, label: $0.text(language), selected: $0 == status) }
        let body = AlertsBody(
            rows: rows, pager: Pager(page, request: request, language: language), statuses: statuses,
            kinds: AlertKind.allCases.map {
                Option(value: $0.rawValue, label: $0.text(language), selected: $0 == kind)
            },
            mayRefresh: actor.role.permits(.managePlans))
        return try await Console.render("alerts", title: "alertCentre", nav: "alerts", body: body, on: request)
    }

    func acknowledgeAlert(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        _ = try await services.alerts.acknowledge(
            try Self.uuidParameter(request), comment: form["comment"], by: try request.actor)
        return request.redirect(to: "/alerts?done=✓")
    }

    func refreshAlertsNow(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let actor = try request.actor
        guard actor.role.permits(.managePlans) else {
            throw LifelineError(.forbidden, localized: ["action": .init(zh: "刷新预警", en: "refresh alerts")])
        }
        let refresh = try await services.alerts.refresh()
        return request.redirect(to: "/alerts?done=+\(refresh.raised)/−\(refresh.closed)")
    }
}
