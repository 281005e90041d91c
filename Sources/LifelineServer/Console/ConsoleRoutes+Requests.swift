import Foundation
import LifelineDomain
import LifelineServices
import Vapor

/// Emergency events and supply requests in the console: the event list, the request form (with the
/// mass-testing form), the approvers' inbox and a request's page with the inventory query and the
/// approval form.
extension ConsoleRoutes {
    struct IncidentsBody: Encodable {
        struct Row: Encodable {
            var id: String
            var number: String
            var title: String
            var level: String
            var levelLabel: String
            var active: Bool
            var areas: String
            var declaredAt: String
            var timeline: [String]
        }

        var rows: [Row]
        var levels: [Option]
        var canManage: Bool
        var key: String
    }

    func incidentsPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let page = try await services.dispatch.incidents(activeOnly: false, page: PageRequest(per: 100), for: actor)
        let rows = page.items.map { i in
            IncidentsBody.Row(
                id: i.id.uuidString, number: i.number, title: i.title, level: i.level,
                levelLabel: (ResponseLevel(roman: i.level) ?? .levelIV).text(language), active: i.status == .active,
                areas: i.jurisdictions.joined(separator: "、"), declaredAt: Format.dateTime(i.declaredAt),
                timeline: i.timeline.map {
                    """
                    \(Format.dateTime($0.at)) · \($0.kind) · \($0.level) · \
                    \($0.actorName)\($0.note.map { " · " + $0 } ?? "")
                    """
                })
        }
        let body = IncidentsBody(
            rows: rows,
            levels: ResponseLevel.allCases.map { Option(value: $0.roman, label: $0.text(language), selected: false) },
            canManage: actor.role.permits(.manageIncidents), key: services.ids.next().uuidString)
        return try await Console.render("incidents", title: "incidents", nav: "incidents", body: body, on: request)
    }

    func declareIncident(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let actor = try request.actor
        let form = try request.content.decode([String: String].self)
        let input = IncidentInput(
            title: form["title"] ?? "", level: form["level"] ?? "",
            jurisdictions: (form["jurisdictions"] ?? "").split(whereSeparator: { ",， ".contains($0) }).map(String.init),
            note: form["note"])
        let view = try await services.dispatch.declareIncident(
            input, key: form["_key"] ?? services.ids.next().uuidString, by: actor)
        return request.redirect(to: "/incidents?done=\(view.number)")
    }

    func changeIncident(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let actor = try request.actor
        let id = try Self.uuidParameter(request)
        let form = try request.content.decode([String: String].self)
        let level = form["level"].flatMap { $0.isEmpty || $0 == "end" ? nil : $0 }
        let view = try await services.dispatch.changeIncident(
            id, IncidentChangeInput(level: level, note: form["note"]),
            key: form["_key"] ?? services.ids.next().uuidString, by: actor)
        return request.redirect(to: "/incidents?done=\(view.number)")
    }

    struct RequestsBody: Encodable {
        struct Row: Encodable {
            var id: String
            var number: String
            var unit: String
            var status: String
            var statusLabel: String
            var priority: String
            var neededBy: String
            var lines: Int
            var created: String
        }

        var rows: [Row]
        var pager: Pager
        var inbox: Bool
        var canRequest: Bool
        var canApprove: Bool
        var statuses: [Option]
    }

    func requestsPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let inbox = request.query[String.self, at: "inbox"] == "1"
        let status = request.query[String.self, at: "status"].flatMap(RequestStatus.init(rawValue:))
        let page = try await services.dispatch.requests(
            RequestFilter(status: status, toDecide: inbox),
            page: PageRequest(
                page: request.query[Int.self, at: "page"] ?? 1, per: 50,
                sort: inbox ? "priority" : "-created"), for: actor)
        let rows = page.items.map { r in
            RequestsBody.Row(
                id: r.id.uuidString, number: r.number, unit: r.unitName, status: r.status.rawValue,
                statusLabel: r.status.text(language),
                priority: r.priority.text(language), neededBy: Format.dateTime(r.neededBy), lines: r.lines.count,
                created: Format.dateTime(r.createdAt))
        }
        let body = RequestsBody(
            rows: rows, pager: Pager(page, request: request, language: language), inbox: inbox,
            canRequest: actor.role.permits(.requestSupplies),
            canApprove: actor.role.permits(.approveDispatch),
            statuses: RequestStatus.allCases.map {
                Option(value: $0.rawValue, label: $0.text(language), selected: $0 == status)
            })
        return try await Console.render(
            "requests", title: inbox ? "requestsInbox" : "myRequests", nav: "requests", body: body, on: request)
    }

    struct RequestFormBody: Encodable {
        var units: [Option]
        var priorities: [Option]
        var items: [Option]
        var lineSlots: [Int]
        var posts: [Option]
        var depots: [Option]
        var values: [String: String]
        var error: String?
        var key: String
        var site: SiteOptions
        var distributionPoints: [Option]
    }

    func newRequestPage(_ request: Request) async throws -> Response {
        try await renderRequestForm(
            request, values: ["neededBy": Self.localInput(services.clock.now().addingTimeInterval(6 * 3600))],
            error: nil, status: .ok)
    }

    func renderRequestForm(_ request: Request, values: [String: String], error: String?, status: HTTPResponseStatus)
        async throws -> Response
    {
        let actor = try request.actor
        let language = request.consoleLanguage
        let units: [UnitView]
        if actor.role.isUnitBound, let unit = actor.unitID {
            units = [try await services.reference.unit(unit, for: .system)]
        } else {
            units = try await services.reference.units(UnitFilter(), page: PageRequest(page: 1, per: 500), for: actor)
                .items
                .filter { [UnitKind.medicalInstitution, .testingSite, .supplyOffice].contains($0.kind) }
        }
        let items = try await services.reference.items(ItemFilter(), page: PageRequest(page: 1, per: 500), for: actor)
            .items
        let unitIDs = Set(units.map(\.id))
        let depots = try await services.reference.depots(
            DepotFilter(), page: PageRequest(page: 1, per: 500), for: actor
        ).items
            .filter { d in
                [d.profile.ownerUnitID, d.profile.operatorUnitID].contains { $0.map(unitIDs.contains) ?? false }
            }
        let body = RequestFormBody(
            units: units.map {
                Option(value: $0.id.uuidString, label: $0.name, selected: values["unitId"] == $0.id.uuidString)
            },
            priorities: RequestPriority.allCases.map {
                Option(
                    value: String($0.rawValue), label: $0.text(language),
                    selected: values["priority"] == String($0.rawValue))
            },
            items: items.map {
                Option(
                    value: $0.id.uuidString,
                    label:
                        """
                        \($0.definition.code) \
                        \($0.definition.name(language))（\
                        \($0.definition.unit(language))）
                        """,
                    selected: false)
            },
            lineSlots: [0, 1, 2, 3, 4],
            posts: [WorkPost.general, .samplingTable, .sampleTransport, .wasteHandling].map {
                Option(value: $0.rawValue, label: $0.text(language), selected: false)
            },
            depots: depots.map {
                Option(
                    value: $0.id.uuidString, label: "\($0.profile.name)（\($0.profile.code)）",
                    selected: values["receivingDepotId"] == $0.id.uuidString)
            },
            values: values, error: error, key: values["_key"] ?? services.ids.next().uuidString,
            site: Self.siteOptions((try? Self.site(from: values)) ?? nil, language: language),
            distributionPoints: try await services.dispatch.distributionPoints(for: actor).map {
                Option(
                    value: $0.id.uuidString, label: "\($0.code) \($0.name)",
                    selected: values["distributionPointId"] == $0.id.uuidString)
            })
        let response = try await Console.render(
            "request-form", title: "newRequest", nav: "requests", body: body, on: request)
        response.status = status
        return response
    }

    func createRequest(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let actor = try request.actor
        let language = request.consoleLanguage
        let form = try request.content.decode([String: String].self)
        do {
            guard let unitID = form["unitId"].flatMap(UUID.init(uuidString:)) else {
                throw LifelineError.required("unitId")
            }
            guard let priority = form["priority"].flatMap(Int.init).flatMap(RequestPriority.init(rawValue:)) else {
                throw LifelineError.required("priority")
            }
            guard let neededBy = form["neededBy"].flatMap(Self.parseLocal) else {
                throw LifelineError.invalid("neededBy", "yyyy-MM-ddTHH:mm")
            }
            var lines: [RequestLineInput] = []
            for slot in 0..<5 {
                guard let item = form["item\(slot)"].flatMap(UUID.init(uuidString:)) else { continue }
                guard let quantity = form["quantity\(slot)"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
                else {
                    throw LifelineError(.quantityNotPositive, field: "lines[\(lines.count)].quantity")
                }
                let reason = form["reason\(slot)"].flatMap {
                    $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0
                }
                lines.append(
                    RequestLineInput(
                        itemId: item, quantity: quantity, reason: reason,
                        post: form["post\(slot)"].flatMap(WorkPost.init(rawValue:)) ?? .general))
            }
            var massTesting: MassTestingForm?
            if let points = form["samplingPoints"].flatMap({ Int($0) }) {
                massTesting = MassTestingForm(
                    samplingPoints: points, tables: form["tables"].flatMap { Int($0) } ?? 0,
                    staffPerTable: form["staffPerTable"].flatMap { Double($0) } ?? 0,
                    rounds: form["rounds"].flatMap { Int($0) } ?? 1,
                    redundancy: (form["redundancy"].flatMap { Double($0) } ?? 5) / 100)
            }
            let input = RequestInput(
                unitId: unitID, priority: priority, neededBy: neededBy, deliveryPlace: form["deliveryPlace"] ?? "",
                justification: form["justification"], lines: lines, massTesting: massTesting,
                substitutesAllowed: form["substitutesAllowed"] == "on",
                receivingDepotId: form["receivingDepotId"].flatMap(UUID.init(uuidString:)),
                grid: form["grid"],
                round: try form["round"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }.map {
                    guard let round = Int($0) else { throw LifelineError.invalid("round", "a whole number") }
                    return round
                }, site: try Self.site(from: form),
                distributionPointId: form["distributionPointId"].flatMap(UUID.init(uuidString:)))
            let view = try await services.dispatch.createRequest(
                input, key: form["_key"] ?? services.ids.next().uuidString, by: actor)
            if form["then"] == "submit" {
                _ = try await services.dispatch.changeRequest(
                    view.id, .submit, key: (form["_key"] ?? services.ids.next().uuidString) + "-submit", by: actor)
            }
            return request.redirect(to: "/requests/\(view.id.uuidString)?done=\(view.number)")
        } catch let error as LifelineError {
            return try await renderRequestForm(
                request, values: form, error: error.message(language), status: .badRequest)
        }
    }

    struct RequestBody: Encodable {
        struct Line: Encodable {
            var item: String
            var itemId: String
            var quantity: String
            var unit: String
            var reason: String
            var post: String
            /// Units on standing orders ("—" before approval); `short` when less than requested.
            var approved: String
            var short: Bool
        }

        struct Source: Encodable {
            var depotId: String
            var depot: String
            var jurisdiction: String
            var distance: String
            var hours: String
            var allowed: Bool
            var lots: [String]
        }

        var id: String
        var number: String
        var status: String
        var statusLabel: String
        var unit: String
        var priority: String
        var neededBy: String
        var deliveryPlace: String
        var justification: String
        var createdBy: String
        var lines: [Line]
        /// The approval left at least one line short of what was requested.
        var partlyApproved: Bool
        var orders: [Option]
        var decision: String?
        var approver: String?
        var paperworkDue: String?
        var paperworkDone: Bool
        var executeFirst: Bool
        var massTesting: String?
        var canSubmit: Bool
        var canWithdraw: Bool
        var canCopy: Bool
        var canDecide: Bool
        var canPaperwork: Bool
        var sources: [Source]
        var carriers: [Option]
        var levelInForce: String
        var key: String
        var round: String?
        var site: String?
        var skipped: [String]
        /// Active vehicles of the transport register in the approver's reach.
        var vehicles: [Option]
    }

    func requestPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let id = try Self.uuidParameter(request)
        let view = try await services.dispatch.request(id, for: actor)
        // The buttons are what the service would accept now (requestActions), nothing decided here.
        let may = try await services.dispatch.requestActions(id, for: actor)
        let canDecide = may.decide
        var sources: [RequestBody.Source] = []
        var carriers: [Option] = []
        var vehicles: [Option] = []
        if canDecide {
            vehicles = try await services.dispatch.vehicles(for: actor).filter(\.active).map {
                Option(
                    value: $0.id.uuidString,
                    label: "\($0.plate) · \($0.countyName) · \(Format.number($0.payloadKg)) kg"
                        + ($0.coldChain ? " · ❄" : ""),
                    selected: false)
            }
            let itemNames = Dictionary(
                view.lines.map { ($0.itemId, $0.itemName(in: language)) },
                uniquingKeysWith: { a, _ in a })
            sources = try await services.dispatch.availability(for: id, by: actor).map { a in
                RequestBody.Source(
                    depotId: a.depotId.uuidString, depot: a.depotName, jurisdiction: a.jurisdiction,
                    distance: String(format: "%.1f km", a.roadKm),
                    hours: a.hours < 1 ? "\(Int((a.hours * 60).rounded())) min" : String(format: "%.1f h", a.hours),
                    allowed: a.allowed,
                    lots: a.lots.prefix(6).map {
                        """
                        \(itemNames[$0.itemId] ?? "") · \($0.batchNo) · \($0.expiryDate ?? "—") · \
                        \(Format.number($0.free))
                        """
                    })
            }
            carriers = try await services.reference.units(
                UnitFilter(kind: .carrier), page: PageRequest(page: 1, per: 200), for: .system
            ).items.map {
                Option(value: $0.id.uuidString, label: $0.name, selected: false)
            }
        }
        let incidents = try await services.dispatch.incidents(activeOnly: true, page: PageRequest(per: 20), for: actor)
            .items
        // Approved quantities mean something once the request was approved (or has since moved on).
        let decided = [.approved, .fulfilled].contains(view.status) || !view.orders.isEmpty
        let body = RequestBody(
            id: id.uuidString, number: view.number, status: view.status.rawValue,
            statusLabel: view.status.text(language), unit: view.unitName,
            priority: view.priority.text(language), neededBy: Format.dateTime(view.neededBy),
            deliveryPlace: view.deliveryPlace,
            justification: view.justification ?? "", createdBy: view.createdByName,
            lines: view.lines.map {
                RequestBody.Line(
                    item: "\($0.itemCode) \($0.itemName(in: language))",
                    itemId: $0.itemId.uuidString, quantity: Format.number($0.quantity),
                    unit: $0.unit(in: language), reason: $0.reason ?? "",
                    post: $0.post == .general ? "" : $0.post.text(language),
                    approved: decided ? Format.number($0.approved) : "—", short: decided && $0.isShort)
            },
            partlyApproved: decided && view.lines.contains(where: \.isShort),
            orders: view.orders.map {
                Option(
                    value: $0.id.uuidString,
                    label: "\($0.kind.text(language)) \($0.number) · \($0.depotName) · \($0.status.text(language))",
                    selected: false)
            },
            decision: view.decisionNote.map { "\(view.decidedByName ?? "") · \($0)" } ?? view.decidedByName,
            approver: view.approverJurisdiction, paperworkDue: view.paperworkDue.map(Format.dateTime),
            paperworkDone: view.paperworkDoneAt != nil,
            executeFirst: view.executeFirst,
            massTesting: view.massTesting.map {
                """
                \($0.samplingPoints) × \($0.tables) × \($0.rounds) · \($0.staffPerTable) · \
                +\(Int($0.redundancy * 100))%
                """
            },
            canSubmit: may.submit, canWithdraw: may.withdraw, canCopy: may.copy, canDecide: canDecide,
            canPaperwork: may.paperwork, sources: sources, carriers: carriers,
            levelInForce: incidents.first.map {
                "\($0.number) · \((ResponseLevel(roman: $0.level) ?? .levelIV).text(language))"
            } ?? "",
            key: services.ids.next().uuidString,
            round: view.grid.map { grid in
                let round = view.round.map { language == .zh ? " · 第 \($0) 轮" : " · round \($0)" } ?? ""
                return (language == .zh ? "网格 " : "grid ") + grid + round
            },
            site: view.site.map { Self.siteLabel($0, language: language) },
            skipped: (view.skippedLots ?? []).map { $0.reason(language) }, vehicles: vehicles)
        return try await Console.render("request", title: "requests", nav: "requests", body: body, on: request)
    }

    /// Submit, withdraw, copy, reject, approve, paperwork — one form target per action.
    func actOnRequest(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let actor = try request.actor
        let id = try Self.uuidParameter(request)
        let form = try request.content.decode([String: String].self)
        let key = form["_key"] ?? services.ids.next().uuidString
        let action = request.parameters.get("action") ?? ""
        switch action {
        case "submit": _ = try await services.dispatch.changeRequest(id, .submit, key: key, by: actor)
        case "withdraw": _ = try await services.dispatch.changeRequest(id, .withdraw, key: key, by: actor)
        case "copy":
            let copy = try await services.dispatch.copyRequest(
                id, neededBy: services.clock.now().addingTimeInterval(6 * 3600), key: key, by: actor)
            return request.redirect(to: "/requests/\(copy.id.uuidString)?done=\(copy.number)")
        case "reject": _ = try await services.dispatch.rejectRequest(id, note: form["note"], key: key, by: actor)
        case "paperwork": _ = try await services.dispatch.completePaperwork(id, key: key, by: actor)
        case "approve":
            var lines: [ApprovalLineInput] = []
            for (name, value) in form where name.hasPrefix("take_") {
                // take_<depotId>_<itemId> = quantity
                let parts = name.split(separator: "_")
                guard parts.count == 3, let depot = UUID(uuidString: String(parts[1])),
                    let item = UUID(uuidString: String(parts[2])),
                    let quantity = Int(value.trimmingCharacters(in: .whitespaces)), quantity > 0
                else { continue }
                lines.append(ApprovalLineInput(itemId: item, depotId: depot, quantity: quantity))
            }
            let input = ApprovalInput(
                lines: lines.isEmpty ? nil : lines,
                carrierUnitId: form["carrierUnitId"].flatMap(UUID.init(uuidString:)), vehicle: form["vehicle"],
                vehicleId: form["vehicleId"].flatMap(UUID.init(uuidString:)),
                executeFirst: form["executeFirst"] == "on", borderHandover: form["borderHandover"] == "on",
                note: form["note"])
            _ = try await services.dispatch.approveRequest(id, input, key: key, by: actor)
        default: throw LifelineError(.routeNotFound, ["path": request.url.path])
        }
        let view = try await services.dispatch.request(id, for: actor)
        return request.redirect(to: "/requests/\(id.uuidString)?done=\(view.number)")
    }

    static func uuidParameter(_ request: Request, _ name: String = "id") throws -> UUID {
        guard let id = request.parameters.get(name).flatMap(UUID.init(uuidString:)) else {
            throw LifelineError(.routeNotFound, ["path": request.url.path])
        }
        return id
    }

    /// `datetime-local` values are China time.
    static func parseLocal(_ text: String) -> Date? { Format.chinaTime(Format.localInputPattern).date(from: text) }

    static func localInput(_ date: Date) -> String { Format.chinaTime(Format.localInputPattern).string(from: date) }
}
