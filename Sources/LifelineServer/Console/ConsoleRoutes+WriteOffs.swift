import LifelineDomain
import LifelineServices
import Vapor

/// 报废核销 (R4.3): write-off requests and the second person's decision on them (ADR 0025).
extension ConsoleRoutes {
    struct WriteOffsBody: Encodable {
        var rows: [WriteOffRow]
        var pager: Pager
        var statuses: [Option]
        var key: String
    }

    struct WriteOffRow: Encodable {
        var id: String
        var number: String
        var status: String
        var statusLabel: String
        var item: String
        var itemCode: String
        var batch: String
        var expiry: String
        var depot: String
        var quantity: String
        var unit: String
        var reason: String
        var requester: String
        var requestedAt: String
        var decider: String
        var decidedAt: String
        var note: String
        /// Pending, and the signed-in person may decide it (``WriteOffPolicy``).
        var mayDecide: Bool
    }

    func writeOffsPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let status = request.query[String.self, at: "status"].flatMap(WriteOffStatus.init(rawValue:))
        let lotID = request.query[String.self, at: "lotId"].flatMap(UUID.init(uuidString:))
        let page = try await services.stock.writeOffs(
            WriteOffFilter(status: status, lotIds: lotID.map { [$0] } ?? []),
            page: PageRequest(page: request.query[Int.self, at: "page"] ?? 1, per: 50), for: actor)
        let depots = try await services.reference.depots(
            DepotFilter(), page: PageRequest(page: 1, per: 500), for: actor
        ).items
        let depotNames = Dictionary(depots.map { ($0.id, $0.profile.name) }, uniquingKeysWith: { a, _ in a })
        var items: [UUID: ItemDefinition] = [:]
        var lots: [UUID: LotView] = [:]
        for row in page.items {
            if items[row.itemId] == nil {
                items[row.itemId] = try await services.reference.item(row.itemId, for: .system).definition
            }
            if lots[row.lotId] == nil { lots[row.lotId] = try await services.stock.lot(row.lotId, for: .system) }
        }
        let rows = page.items.map { w in
            let item = items[w.itemId]
            let path = JurisdictionPath(rawValue: w.path) ?? .nation
            return WriteOffRow(
                id: w.id.uuidString, number: w.number, status: w.status.rawValue, statusLabel: w.status.text(language),
                item: item?.name(language) ?? "", itemCode: item?.code ?? "", batch: lots[w.lotId]?.batchNo ?? "",
                expiry: lots[w.lotId]?.expiryDate ?? "—", depot: depotNames[w.depotId] ?? "",
                quantity: Format.number(w.quantity),
                unit: item?.unit(language) ?? "", reason: w.reason,
                requester: w.requestedByName,
                requestedAt: Format.dateTime(w.requestedAt), decider: w.decidedByName ?? "",
                decidedAt: w.decidedAt.map(Format.dateTime) ?? "",
                note: w.decisionNote ?? "",
                mayDecide: w.status == .pending
                    && WriteOffPolicy.mayDecide(actor, requestedBy: w.requestedBy, depotPath: path))
        }
        let body = WriteOffsBody(
            rows: rows, pager: Pager(page, request: request, language: language),
            statuses: WriteOffStatus.allCases.map {
                Option(value: $0.rawValue, label: $0.text(language), selected: $0 == status)
            },
            key: services.ids.next().uuidString)
        let flash = request.query[String.self, at: "requested"].map {
            (ConsoleText.table(language)["writeOffRequested"] ?? "") + $0
        }
        return try await Console.render(
            "write-offs", title: "writeOffs", nav: "write-offs", body: body, flash: flash, on: request)
    }

    func decideWriteOff(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let actor = try request.actor
        let id = try Self.uuidParameter(request)
        let form = try request.content.decode([String: String].self)
        let key = form["_key"] ?? services.ids.next().uuidString
        let decision = WriteOffDecisionInput(approve: form["approve"] == "1", note: form["note"])
        let view = try await services.stock.decideWriteOff(id, decision, key: key, by: actor)
        return request.redirect(to: "/write-offs?done=\(view.number)")
    }
}
