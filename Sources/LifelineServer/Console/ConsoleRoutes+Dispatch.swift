import Foundation
import LifelineDomain
import LifelineServices
import Vapor

/// The executing side in the console: the live dispatch board, an order's page with tracking and
/// route map, the printable dispatch note, the phone-sized signing page, charges and the response report.
extension ConsoleRoutes {
    struct BoardBody: Encodable {
        var rows: [OrderRow]
        var pager: Pager
        var openOnly: Bool
    }

    struct OrderRow: Encodable {
        var id: String
        var number: String
        var kind: String
        var kindLabel: String
        var status: String
        var statusLabel: String
        var depot: String
        var receiver: String
        var neededBy: String
        var eta: String
        var alerts: [String]
        var issued: String
    }

    func orderRows(_ request: Request, openOnly: Bool) async throws -> (Page<OrderView>, [OrderRow]) {
        let actor = try request.actor
        let language = request.consoleLanguage
        let t = ConsoleText.table(language)
        let page = try await services.dispatch.orders(
            OrderFilter(openOnly: openOnly), page: PageRequest(page: request.query[Int.self, at: "page"] ?? 1, per: 50),
            for: actor)
        let rows = page.items.map { o in
            OrderRow(
                id: o.id.uuidString, number: o.number, kind: o.kind.rawValue, kindLabel: o.kind.text(language),
                status: o.status.rawValue,
                statusLabel: o.status.text(language), depot: o.depotName, receiver: o.receiverName,
                neededBy: Format.dateTime(o.neededBy),
                eta: o.eta.map(Format.dateTime) ?? "—", alerts: o.alerts.map { t["alert_" + $0] ?? $0 },
                issued: Format.dateTime(o.issuedAt))
        }
        return (page, rows)
    }

    func boardPage(_ request: Request) async throws -> Response {
        let openOnly = request.query[String.self, at: "all"] != "1"
        let (page, rows) = try await orderRows(request, openOnly: openOnly)
        let body = BoardBody(
            rows: rows, pager: Pager(page, request: request, language: request.consoleLanguage), openOnly: openOnly)
        return try await Console.render("dispatch", title: "dispatchBoard", nav: "dispatch", body: body, on: request)
    }

    /// The board's rows alone, for the live refresh after a notice.
    func boardRows(_ request: Request) async throws -> Response {
        let (_, rows) = try await orderRows(request, openOnly: request.query[String.self, at: "all"] != "1")
        let context = ["rows": rows]
        return try await request.view.render(
            "dispatch-rows", FragmentContext(t: ConsoleText.table(request.consoleLanguage), body: context)
        )
        .encodeResponse(for: request)
    }

    struct FragmentContext<Body: Encodable>: Encodable {
        var t: [String: String]
        var body: Body
    }

    /// The console's live stream: the same notices as `/api/v1/events`, signed in by the session.
    func consoleEvents(_ request: Request) async throws -> Response {
        let actor = try request.actor
        try AccessPolicy.require(.readDispatch, actor)
        return eventStreamResponse(hub: request.application.noticeHub, actor: actor)
    }

    struct OrderBody: Encodable {
        struct Line: Encodable {
            var id: String
            var no: Int
            var item: String
            var unit: String
            var batch: String
            var expiry: String
            var quantity: Int
            var accepted: String
            var short: String
            var damaged: String
            var signed: Bool
            var note: String
            var recoverable: Int
            var hasPhoto: Bool
        }

        var id: String
        var number: String
        var kindLabel: String
        var status: String
        var statusLabel: String
        var requestId: String
        var requestNumber: String
        /// Whether the viewer may open the request (a carrier or an enterprise sees its number only).
        var requestLink: Bool
        var depot: String
        var receiver: String
        var deliveryPlace: String
        var carrier: String
        var vehicle: String
        var approver: String
        var neededBy: String
        var eta: String
        var roadKm: String
        var borderHandover: Bool
        var issued: String
        var acknowledged: String
        var alerts: [String]
        var lines: [Line]
        var tracking: [String]
        var actions: [Option]
        var canCancel: Bool
        var canSign: Bool
        var map: EmbeddedJSON
        var key: String
        var printedAt: String
        /// The grid and round served (empty when the request named none): shown, and the recovery
        /// form's defaults.
        var grid: String
        var round: String
    }

    /// One end of an order's route on its map.
    struct RoutePoint: Encodable {
        var lat: Double
        var lon: Double
        var label: String
    }

    func orderBody(_ request: Request) async throws -> OrderBody {
        let actor = try request.actor
        let language = request.consoleLanguage
        let t = ConsoleText.table(language)
        let o = try await services.dispatch.order(try Self.uuidParameter(request), for: actor)
        // What the buttons offer is what the service would accept (OrderAuthority), nothing decided here.
        let may = try await services.dispatch.orderActions(o.id, for: actor)
        // The route map's two ends, named in their tooltips: the source depot, then the destination.
        var points = [RoutePoint(lat: o.depotLatitude, lon: o.depotLongitude, label: o.depotName)]
        if let lat = o.deliveryLatitude, let lon = o.deliveryLongitude {
            points.append(RoutePoint(lat: lat, lon: lon, label: "\(o.receiverName) · \(o.deliveryPlace)"))
        }
        return OrderBody(
            id: o.id.uuidString, number: o.number, kindLabel: o.kind.text(language), status: o.status.rawValue,
            statusLabel: o.status.text(language),
            requestId: o.requestId.uuidString, requestNumber: o.requestNumber,
            requestLink: try await services.dispatch.mayOpenRequest(o.requestId, for: actor), depot: o.depotName,
            receiver: o.receiverName,
            deliveryPlace: o.deliveryPlace, carrier: o.carrierName ?? "—", vehicle: o.vehicle ?? "—",
            approver: o.approverJurisdiction,
            neededBy: Format.dateTime(o.neededBy), eta: o.eta.map(Format.dateTime) ?? "—",
            roadKm: String(format: "%.1f", o.roadKm),
            borderHandover: o.borderHandover, issued: Format.dateTime(o.issuedAt),
            acknowledged: o.acknowledgedAt.map { "\(Format.dateTime($0)) · \(o.acknowledgedByName ?? "")" } ?? "—",
            alerts: o.alerts.map { t["alert_" + $0] ?? $0 },
            lines: o.lines.map { l in
                OrderBody.Line(
                    id: l.id.uuidString, no: l.lineNo,
                    item: "\(l.itemCode) \(l.itemName(in: language))",
                    unit: l.unit(in: language), batch: l.batchNo,
                    expiry: l.expiryDate ?? "—", quantity: l.quantity, accepted: l.accepted.map(String.init) ?? "",
                    short: l.short.map(String.init) ?? "", damaged: l.damaged.map(String.init) ?? "",
                    signed: l.signedAt != nil,
                    note: l.signNote ?? "",
                    recoverable: may.recover && l.reusable ? max(0, (l.accepted ?? 0) - l.recovered) : 0,
                    hasPhoto: l.hasPhoto)
            },
            tracking: o.tracking.map {
                """
                \(Format.dateTime($0.at)) · \(t[$0.kind] ?? $0.kind) · \
                \($0.actorName)\($0.note.map { " · " + $0 } ?? "")
                """
            },
            actions: may.steps.map {
                Option(value: $0.rawValue, label: t[$0.rawValue] ?? $0.rawValue, selected: false)
            },
            canCancel: may.cancel, canSign: may.sign,
            map: EmbeddedJSON(points), key: services.ids.next().uuidString,
            printedAt: Format.dateTime(services.clock.now()), grid: o.grid ?? "", round: o.round.map(String.init) ?? "")
    }

    func orderPage(_ request: Request) async throws -> Response {
        try await Console.render(
            "order", title: "orders", nav: "dispatch", body: try await orderBody(request), on: request)
    }

    func orderPrint(_ request: Request) async throws -> Response {
        try await Console.render(
            "order-print", title: "print", nav: "dispatch", body: try await orderBody(request), on: request)
    }

    func signPage(_ request: Request) async throws -> Response {
        try await Console.render(
            "sign", title: "sign", nav: "dispatch", body: try await orderBody(request), on: request)
    }

    func trackOrder(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let actor = try request.actor
        let id = try Self.uuidParameter(request)
        let form = try request.content.decode([String: String].self)
        guard let action = form["action"].flatMap(DispatchOrderAction.init(rawValue:)) else {
            throw LifelineError.required("action")
        }
        let view = try await services.dispatch.track(
            id, TrackingInput(action: action, note: form["note"].flatMap { $0.isEmpty ? nil : $0 }),
            key: form["_key"] ?? services.ids.next().uuidString, by: actor)
        return request.redirect(to: "/orders/\(id.uuidString)?done=\(view.number)")
    }

    func signOrder(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let actor = try request.actor
        let id = try Self.uuidParameter(request)
        // Multipart (with photos) from the phone page, or URL-encoded: read field by field.
        func field(_ name: String) -> String? { try? request.content.get(String.self, at: name) }
        let order = try await services.dispatch.order(id, for: actor)
        var lines: [SignLineInput] = []
        for line in order.lines where line.signedAt == nil {
            let key = line.id.uuidString
            func number(_ name: String) -> Int {
                Int((field("\(name)_\(key)") ?? "").trimmingCharacters(in: .whitespaces)) ?? 0
            }
            let photo = (try? request.content.get(File.self, at: "photo_\(key)")).flatMap {
                $0.data.readableBytes > 0 ? Data(buffer: $0.data) : nil
            }
            lines.append(
                SignLineInput(
                    lineId: line.id, accepted: number("accepted"), short: number("short"), damaged: number("damaged"),
                    note: field("note_\(key)").flatMap { $0.isEmpty ? nil : $0 }, photo: photo))
        }
        let view = try await services.dispatch.sign(
            id, SignInput(lines: lines), key: field("_key") ?? services.ids.next().uuidString, by: actor)
        return request.redirect(to: "/orders/\(id.uuidString)?done=\(view.number)")
    }

    func recoverOrder(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let actor = try request.actor
        let id = try Self.uuidParameter(request)
        let form = try request.content.decode([String: String].self)
        guard let line = form["lineId"].flatMap(UUID.init(uuidString:)) else { throw LifelineError.required("lineId") }
        guard let quantity = form["quantity"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
            throw LifelineError(.quantityNotPositive, field: "quantity")
        }
        let view = try await services.dispatch.recover(
            id,
            [
                RecoveryInput(
                    lineId: line, quantity: quantity, disinfected: form["disinfected"] == "on",
                    grid: form["grid"] ?? "",
                    round: form["round"].flatMap { Int($0) } ?? 1)
            ], key: form["_key"] ?? services.ids.next().uuidString, by: actor)
        return request.redirect(to: "/orders/\(id.uuidString)?done=\(view.number)")
    }

    struct TrackingMapBody: Encodable {
        var orders: EmbeddedJSON
        var count: Int
    }

    /// Every open order in reach on one map: depot → destination, the last reported position.
    func trackingMapPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let page = try await services.dispatch.orders(
            OrderFilter(openOnly: true), page: PageRequest(per: 500), for: actor)
        struct Point: Encodable {
            var number: String
            var id: String
            var status: String
            var depot: String
            var receiver: String
            var from: [Double]
            var to: [Double]?
            var last: [Double]?
            var alert: Bool
        }
        let points = page.items.filter { $0.kind != .delivery }.map { o in
            let last = o.tracking.last { $0.latitude != nil }.flatMap { t in
                t.latitude.flatMap { lat in t.longitude.map { [lat, $0] } }
            }
            return Point(
                number: o.number, id: o.id.uuidString, status: o.status.text(language), depot: o.depotName,
                receiver: o.receiverName, from: [o.depotLatitude, o.depotLongitude],
                to: o.deliveryLatitude.flatMap { lat in o.deliveryLongitude.map { [lat, $0] } }, last: last,
                alert: !o.alerts.isEmpty)
        }
        return try await Console.render(
            "tracking", title: "trackingMap", nav: "dispatch",
            body: TrackingMapBody(orders: EmbeddedJSON(points), count: points.count), on: request)
    }

    struct ChargesBody: Encodable {
        struct Row: Encodable {
            var kind: String
            var order: String
            var payer: String
            var payee: String
            var item: String
            var quantity: String
            var price: String
            /// Whether the price came from the price history (with its day) or the catalogue.
            var priceSource: String
            var amount: String
            var time: String
        }

        struct Party: Encodable {
            var name: String
            var drawn: String
            var buyback: String
            var claims: String
            var receivable: String
        }

        var rows: [Row]
        var parties: [Party]
        var pager: Pager
    }

    func chargesPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let t = ConsoleText.table(language)
        let page = try await services.dispatch.charges(
            page: PageRequest(page: request.query[Int.self, at: "page"] ?? 1, per: 50), for: actor)
        let rows = page.items.map { c in
            ChargesBody.Row(
                kind: t["chargeKind_" + c.kind] ?? c.kind, order: c.orderNumber, payer: c.payerName ?? "—",
                payee: c.payeeName ?? "—",
                item: c.itemName(in: language), quantity: Format.number(c.quantity),
                price: Format.money(fen: c.unitPriceFen),
                priceSource: Self.priceSourceText(
                    PriceSource(name: c.priceSource, effectiveFrom: c.priceEffectiveFrom.flatMap(Day.init(iso:)))
                        ?? .catalogue, t),
                amount: Format.money(fen: c.amountFen), time: Format.dateTime(c.at))
        }
        let parties = try await services.dispatch.chargeTotals(for: actor).map {
            ChargesBody.Party(
                name: $0.name, drawn: Format.money($0.drawnFen), buyback: Format.money($0.buybackFen),
                claims: Format.money($0.claimsAgainstFen), receivable: Format.money($0.receivableFen))
        }
        return try await Console.render(
            "charges", title: "charges", nav: "charges",
            body: ChargesBody(rows: rows, parties: parties, pager: Pager(page, request: request, language: language)),
            on: request)
    }

    func responseReportCSV(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let report = try await services.dispatch.responseReport(try Self.uuidParameter(request), for: actor)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.add(name: .contentDisposition, value: "attachment; filename=\"response-report-\(report.number).csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: report.csv))
    }
}
