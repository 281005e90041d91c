import Foundation
import LifelineDomain
import LifelineServices
import Vapor

/// 盘点 (R4.5): start a count, the printable frozen sheet, the phone page to enter counts, CSV in
/// and out, submission and the second person's approval.
extension ConsoleRoutes {
    struct StocktakesBody: Encodable {
        var rows: [StocktakeRow]
        var pager: Pager
        var depots: [Option]
        var mayStart: Bool
    }

    struct StocktakeRow: Encodable {
        var id: String
        var number: String
        var depot: String
        var status: String
        var statusLabel: String
        var startedBy: String
        var startedAt: String
        var value: String
    }

    struct StocktakeBody: Encodable {
        var id: String
        var number: String
        var depot: String
        var status: String
        var statusLabel: String
        var started: String
        var submitted: String
        var decided: String
        var value: String
        var limit: String
        var counting: Bool
        var mayDecide: Bool
        var counted: Int
        var total: Int
        var lines: [SheetLine]
    }

    struct SheetLine: Encodable {
        var lotId: String
        var item: String
        var itemCode: String
        var unit: String
        var batch: String
        var expiry: String
        var frozen: String
        var movedSince: String
        var counted: String
        var difference: String
        var differs: Bool
        var reason: String
    }

    func stocktakesPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let page = try await services.stock.stocktakes(
            depotID: nil, page: PageRequest(page: request.query[Int.self, at: "page"] ?? 1, per: 50), for: actor)
        let depots = try await services.reference.depots(
            DepotFilter(), page: PageRequest(page: 1, per: 500), for: actor
        ).items
        let body = StocktakesBody(
            rows: page.items.map { s in
                StocktakeRow(
                    id: s.id.uuidString, number: s.number, depot: s.depotName, status: s.status.rawValue,
                    statusLabel: s.status.text(language), startedBy: s.startedBy,
                    startedAt: Format.dateTime(s.startedAt),
                    value: s.differenceValueFen.map { Format.money(fen: $0) } ?? "—")
            }, pager: Pager(page, request: request, language: language),
            depots: depots.map { Option(value: $0.id.uuidString, label: $0.profile.name, selected: false) },
            mayStart: actor.role.permits(.moveStock) && !depots.isEmpty)
        return try await Console.render("stocktakes", title: "stocktakes", nav: "stocktakes", body: body, on: request)
    }

    func startStocktake(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        guard let depot = form["depotId"].flatMap(UUID.init(uuidString:)) else {
            throw LifelineError.required("depotId")
        }
        let take = try await services.stock.startStocktake(
            depotID: depot, limitFen: form["limitYuan"].flatMap(Int.init).map { $0 * 100 }, by: try request.actor)
        return request.redirect(to: "/stocktakes/\(take.id.uuidString)")
    }

    /// The sheet (printable) and, with `?count=1`, the phone page to enter counts.
    func stocktakePage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let take = try await services.stock.stocktake(try Self.uuidParameter(request), for: actor)
        let body = StocktakeBody(
            id: take.id.uuidString, number: take.number, depot: take.depotName, status: take.status.rawValue,
            statusLabel: take.status.text(language), started: "\(take.startedBy) \(Format.dateTime(take.startedAt))",
            submitted: take.submittedAt.map { "\(take.submittedBy ?? "") \(Format.dateTime($0))" } ?? "",
            decided: take.decidedAt.map { "\(take.decidedBy ?? "") \(Format.dateTime($0)) \(take.decisionNote ?? "")" }
                ?? "",
            value: take.differenceValueFen.map { Format.money(fen: $0) } ?? "—",
            limit: Format.money(fen: take.limitFen),
            counting: take.status == .counting,
            mayDecide: take.status == .pending
                && StocktakePolicy.mayDecide(
                    actor, submittedBy: take.submittedById ?? UUID(),
                    depotPath: JurisdictionPath(rawValue: take.path) ?? .nation),
            counted: take.lines.filter { $0.counted != nil }.count, total: take.lines.count,
            lines: take.lines.map { l in
                SheetLine(
                    lotId: l.lotId.uuidString, item: language == .en ? l.itemNameEn : l.itemNameZh,
                    itemCode: l.itemCode, unit: language == .en ? l.unitEn : l.unitZh, batch: l.batchNo,
                    expiry: l.expiryDate ?? "—", frozen: Format.number(l.frozen),
                    movedSince: l.movedSince.map(Format.number) ?? "", counted: l.counted.map(String.init) ?? "",
                    difference: l.difference.map { $0 > 0 ? "+\(Format.number($0))" : Format.number($0) } ?? "",
                    differs: (l.difference ?? 0) != 0, reason: l.reason ?? "")
            })
        let template =
            request.query[String.self, at: "count"] == "1" && take.status == .counting
            ? "stocktake-count" : "stocktake"
        return try await Console.render(template, title: "stocktakes", nav: "stocktakes", body: body, on: request)
    }

    /// Counts from the phone page: `counted_<lot>` and `reason_<lot>`; empty fields are left as they were.
    func recordStocktakeCounts(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let id = try Self.uuidParameter(request)
        let form = try request.content.decode([String: String].self)
        var counts: [StocktakeCount] = []
        for (key, value) in form.sorted(by: { $0.key < $1.key }) where key.hasPrefix("counted_") {
            let text = value.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, let lot = UUID(uuidString: String(key.dropFirst("counted_".count))) else { continue }
            guard let counted = Int(text) else { throw LifelineError.invalid("counted", "a whole number") }
            counts.append(
                StocktakeCount(
                    lotId: lot, counted: counted,
                    reason: form["reason_\(lot.uuidString)"].flatMap {
                        $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0
                    }))
        }
        _ = try await services.stock.recordCounts(id, counts, by: try request.actor)
        return request.redirect(to: "/stocktakes/\(id.uuidString)?count=1&done=✓")
    }

    func uploadStocktakeCounts(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let id = try Self.uuidParameter(request)
        guard let file = try? request.content.get(File.self, at: "file") else { throw LifelineError.required("file") }
        _ = try await services.stock.recordCountsCSV(
            id, data: Data(file.data.readableBytesView), by: try request.actor)
        return request.redirect(to: "/stocktakes/\(id.uuidString)?done=CSV")
    }

    func stocktakeSheetCSV(_ request: Request) async throws -> Response {
        let id = try Self.uuidParameter(request)
        let csv = try await services.stock.stocktakeSheetCSV(id, for: try request.actor)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"stocktake-\(id.uuidString).csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: csv))
    }

    func actOnStocktake(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let id = try Self.uuidParameter(request)
        let form = try request.content.decode([String: String].self)
        guard let action = form["action"].flatMap(StocktakeAction.init(rawValue:)) else {
            throw LifelineError.invalid("action", "submit, approve, reject or cancel")
        }
        _ = try await services.stock.actOnStocktake(id, action, note: form["note"], by: try request.actor)
        return request.redirect(to: "/stocktakes/\(id.uuidString)?done=\(action.rawValue)")
    }
}
