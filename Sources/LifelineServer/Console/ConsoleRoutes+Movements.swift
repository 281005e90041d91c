import LifelineDomain
import LifelineServices
import Vapor

/// The four stock forms of the console (receive, issue, transfer, adjust — the last also takes
/// returns and requests write-offs, which a second person decides on `/write-offs`).
enum MovementForm: String, CaseIterable {
    case receive, issue, transfer, adjust
}

extension ConsoleRoutes {
    struct MovementsBody: Encodable {
        var rows: [MovementRow]
        var pager: Pager
        var kinds: [Option]
        var canMove: Bool
    }

    struct MovementRow: Encodable {
        var document: String
        var kind: String
        var kindLabel: String
        var depot: String
        var item: String
        var batch: String
        var change: String
        var positive: Bool
        var reason: String
        var actor: String
        var time: String
    }

    func movementsPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let kind = request.query[String.self, at: "kind"].flatMap(MovementKind.init(rawValue:))
        let depotID = request.query[String.self, at: "depotId"].flatMap(UUID.init(uuidString:))
        let page = try await services.stock.movements(
            MovementFilter(depotId: depotID, kind: kind),
            page: PageRequest(page: request.query[Int.self, at: "page"] ?? 1, per: 50), for: actor)
        let depots = try await services.reference.depots(
            DepotFilter(), page: PageRequest(page: 1, per: 500), for: actor
        ).items
        let depotNames = Dictionary(depots.map { ($0.id, $0.profile.name) }, uniquingKeysWith: { a, _ in a })
        var items: [UUID: ItemDefinition] = [:]
        var batches: [UUID: String] = [:]
        for row in page.items {
            if items[row.itemId] == nil {
                items[row.itemId] = try await services.reference.item(row.itemId, for: .system).definition
            }
            if batches[row.lotId] == nil {
                batches[row.lotId] = (try? await services.stock.lot(row.lotId, for: .system))?.batchNo ?? ""
            }  // lots are never deleted
        }
        let rows = page.items.map { m in
            let delta = m.onHandDelta != 0 ? m.onHandDelta : (m.reservedDelta != 0 ? m.reservedDelta : m.heldDelta)
            return MovementRow(
                document: m.documentNo, kind: m.kind.rawValue, kindLabel: m.kind.text(language),
                depot: depotNames[m.depotId] ?? "",
                item: items[m.itemId]?.name(language) ?? "", batch: batches[m.lotId] ?? "",
                change: Format.signed(delta), positive: delta > 0,
                reason: m.reason ?? "", actor: m.actorName, time: Format.dateTime(m.at))
        }
        let body = MovementsBody(
            rows: rows, pager: Pager(page, request: request, language: language),
            kinds: MovementKind.allCases.map {
                Option(value: $0.rawValue, label: $0.text(language), selected: $0 == kind)
            },
            canMove: actor.role.permits(.moveStock))
        return try await Console.render("movements", title: "movements", nav: "movements", body: body, on: request)
    }

    struct MovementFormBody: Encodable {
        var form: String
        var values: [String: String]
        var errors: [String: String]
        var key: String
        var depots: [Option]
        var toDepots: [Option]
        var items: [Option]
        var lots: [Option]
        var units: [Option]
        var inspections: [Option]
        var adjustKinds: [Option]
    }

    func movementFormPage(_ form: MovementForm, _ request: Request) async throws -> Response {
        var values: [String: String] = [:]
        for key in ["depotId", "itemId", "lotId", "toDepotId", "kind"] {
            if let value = request.query[String.self, at: key] { values[key] = value }
        }
        return try await renderMovementForm(form, request, values: values, errors: [:], status: .ok)
    }

    func renderMovementForm(
        _ form: MovementForm, _ request: Request, values: [String: String], errors: [String: String],
        status: HTTPResponseStatus
    ) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let depots = try await services.reference.depots(
            DepotFilter(), page: PageRequest(page: 1, per: 500), for: actor
        ).items
        let items = try await services.reference.items(ItemFilter(), page: PageRequest(page: 1, per: 500), for: actor)
            .items
        var lots: [Option] = []
        if let depotID = values["depotId"].flatMap(UUID.init(uuidString:)) {
            let itemID = values["itemId"].flatMap(UUID.init(uuidString:))
            let found = try await services.stock.lots(
                LotFilter(depotId: depotID, itemId: itemID), page: PageRequest(page: 1, per: 500), for: actor)
            let names = Dictionary(items.map { ($0.id, $0.definition.name(language)) }, uniquingKeysWith: { a, _ in a })
            lots = found.items.map {
                Option(
                    value: $0.id.uuidString,
                    label:
                        """
                        \(names[$0.itemId] ?? "") · \($0.batchNo) · \($0.expiryDate ?? "—") · \
                        \(Format.number($0.available))/\(Format.number($0.onHand)) · \($0.status.text(language))
                        """,
                    selected: values["lotId"] == $0.id.uuidString)
            }
        }
        let units =
            form == .issue || form == .adjust
            ? try await services.reference.units(UnitFilter(), page: PageRequest(page: 1, per: 500), for: actor).items
                .map {
                    Option(value: $0.id.uuidString, label: $0.name, selected: values["unitId"] == $0.id.uuidString)
                } : []
        let body = MovementFormBody(
            form: form.rawValue, values: values, errors: errors, key: values["_key"] ?? services.ids.next().uuidString,
            depots: depots.map {
                Option(
                    value: $0.id.uuidString, label: "\($0.profile.name)（\($0.profile.code)）",
                    selected: values["depotId"] == $0.id.uuidString)
            },
            toDepots: depots.map {
                Option(
                    value: $0.id.uuidString, label: "\($0.profile.name)（\($0.profile.code)）",
                    selected: values["toDepotId"] == $0.id.uuidString)
            },
            items: items.map {
                Option(
                    value: $0.id.uuidString, label: "\($0.definition.code) \($0.definition.name(language))",
                    selected: values["itemId"] == $0.id.uuidString)
            },
            lots: lots, units: units,
            inspections: AcceptanceInspection.allCases.map {
                Option(
                    value: $0.rawValue, label: $0.text(language),
                    selected: (values["inspection"] ?? "passed") == $0.rawValue)
            },
            adjustKinds: [MovementKind.adjustment, .writeOff, .return].map {
                Option(
                    value: $0.rawValue, label: $0.text(language),
                    selected: (values["kind"] ?? "adjustment") == $0.rawValue)
            })
        let titles: [MovementForm: String] = [
            .receive: "receive", .issue: "issue", .transfer: "transfer", .adjust: "adjust",
        ]
        let response = try await Console.render(
            "movement-form", title: titles[form] ?? "", nav: "movements", body: body, on: request)
        response.status = status
        return response
    }

    func submitMovement(_ form: MovementForm, _ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let actor = try request.actor
        let values = try request.content.decode([String: String].self)
        func text(_ key: String) -> String? {
            values[key].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        func id(_ key: String) throws -> UUID? {
            guard let raw = text(key) else { return nil }
            guard let id = UUID(uuidString: raw) else { throw LifelineError.invalid(key, "not a UUID") }
            return id
        }
        func required(_ key: String) throws -> UUID {
            guard let id = try id(key) else { throw LifelineError.required(key) }
            return id
        }
        func quantity() throws -> Int {
            guard let raw = text("quantity") else { throw LifelineError.required("quantity") }
            guard let value = Int(raw.replacingOccurrences(of: ",", with: "")) else {
                throw LifelineError(.wrongType, field: "quantity", ["expected": "integer"])
            }
            return value
        }
        let key = text("_key") ?? services.ids.next().uuidString
        do {
            let result: MovementResult
            switch form {
            case .receive:
                var cost: Int?
                if let raw = text("unitCost") {
                    guard let yuan = Decimal(string: raw), yuan >= 0 else {
                        throw LifelineError(.wrongType, field: "unitCostFen", ["expected": "number"])
                    }
                    cost = NSDecimalNumber(decimal: yuan * 100).intValue
                }
                result = try await services.stock.receive(
                    ReceiptInput(
                        depotId: try required("depotId"), itemId: try required("itemId"), quantity: try quantity(),
                        batchNo: text("batchNo"), manufacturer: text("manufacturer"),
                        productionDate: text("productionDate"),
                        expiryDate: text("expiryDate"), unitCostFen: cost,
                        inspection: text("inspection").flatMap(AcceptanceInspection.init(rawValue:)) ?? .passed,
                        note: text("note")),
                    key: key, by: actor)
            case .issue:
                result = try await services.stock.issue(
                    IssueInput(
                        lotId: try id("lotId"), depotId: try id("depotId"), itemId: try id("itemId"),
                        quantity: try quantity(),
                        unitId: try id("unitId"), reason: text("reason")), key: key, by: actor)
            case .transfer:
                result = try await services.stock.transfer(
                    TransferInput(
                        fromDepotId: try required("depotId"), toDepotId: try required("toDepotId"),
                        itemId: try required("itemId"),
                        quantity: try quantity(), lotId: try id("lotId"), reason: text("reason")), key: key, by: actor)
            case .adjust:
                if MovementKind(rawValue: text("kind") ?? "adjustment") == .writeOff {
                    // A write-off is a request: the units are held until a second person decides (R4.3).
                    guard values["confirm"] == "on" else { throw LifelineError.required("confirm") }
                    let requested = try await services.stock.requestWriteOff(
                        WriteOffInput(lotId: try required("lotId"), quantity: try quantity(), reason: text("reason")),
                        key: key, by: actor)
                    return request.redirect(to: "/write-offs?requested=\(requested.number)")
                }
                let input = LotQuantityInput(
                    lotId: try required("lotId"), quantity: try quantity(), reason: text("reason"),
                    unitId: try id("unitId"))
                switch MovementKind(rawValue: text("kind") ?? "adjustment") {
                case .return: result = try await services.stock.returnStock(input, key: key, by: actor)
                default: result = try await services.stock.adjust(input, key: key, by: actor)
                }
            }
            return request.redirect(to: "/movements?done=\(result.documentNo)")
        } catch let error as LifelineError {
            var kept = values
            kept["_key"] = key
            let field = Self.formField(error.field)
            return try await renderMovementForm(
                form, request, values: kept, errors: [field: error.message(request.consoleLanguage)],
                status: Problem.status(for: error.code))
        }
    }

    /// The form control an error belongs to (the service names API fields; the transfer form's source is `depotId`).
    static func formField(_ field: String?) -> String {
        switch field {
        case nil: "form"
        case "fromDepotId": "depotId"
        case "unitCostFen": "unitCost"
        case let field?: field
        }
    }
}
