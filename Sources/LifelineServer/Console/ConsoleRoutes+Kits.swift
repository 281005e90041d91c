import Foundation
import LifelineDomain
import LifelineServices
import Vapor

/// 打包管理 (R7.1): versioned kit definitions (bills of materials) with the colour label of their
/// protection level, kit assembly and disassembly in a depot, and the printable packing list that
/// goes inside the bag (Plan A: kits by protection level, disinfection packed apart; Plan B: a base
/// kit per point with one table, an increment kit per extra table).
extension ConsoleRoutes {
    struct KitsBody: Encodable {
        var definitions: [KitDefinitionRow]
        var work: [KitWorkRow]
        /// The work list's pages (only when the role reads stock).
        var pager: Pager?
        var readsWork: Bool
        var mayDefine: Bool
        var mayMove: Bool
        var levels: [Option]
        /// Catalogue items of the kits category, suggested for a new definition's own item.
        var kitItems: [Option]
        /// The latest version of each definition code, for the assembly form.
        var codes: [Option]
        var depots: [Option]
    }

    struct KitDefinitionRow: Encodable {
        var id: String
        var code: String
        var version: Int
        var name: String
        var level: String
        var levelLabel: String
        /// The Bootstrap badge that shows the level's label colour.
        var badge: String
        var kitItemCode: String
        var components: String
        /// False for a version a newer one of the same code replaced.
        var latest: Bool
        var createdBy: String
        var createdAt: String
    }

    struct KitWorkRow: Encodable {
        var id: String
        var number: String
        var kind: String
        var definition: String
        var depot: String
        var kits: String
        var expiry: String
        var components: String
        var by: String
        var at: String
        var kitLotId: String
        var maxKits: Int
        var mayDisassemble: Bool
    }

    struct KitPackingBody: Encodable {
        var id: String
        var code: String
        var version: Int
        var name: String
        /// The name in the other language (the bag is read by both).
        var otherName: String
        var level: String
        var levelLabel: String
        var badge: String
        var kitItem: String
        var isLevelKit: Bool
        var lines: [KitPackingLine]
        var totalUnits: String
        var createdBy: String
        var createdAt: String
        var printedAt: String
    }

    struct KitPackingLine: Encodable {
        var no: Int
        var code: String
        var name: String
        var spec: String
        var quantity: String
        var unit: String
        /// A disinfection item in a protection-level kit: packed apart (Plan A).
        var packedApart: Bool
    }

    func kitsPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let definitions = try await services.stock.kitDefinitions(for: actor)
        let readsWork = actor.role.permits(.readStock)
        let mayDefine = actor.role.permits(.manageCatalogue)
        let mayMove = actor.role.permits(.moveStock) && readsWork
        var work: Page<KitWorkView>?
        var depots: [DepotView] = []
        if readsWork {
            work = try await services.stock.kitWork(
                page: PageRequest(page: request.query[Int.self, at: "page"] ?? 1, per: 50), for: actor)
            depots = try await services.reference.depots(
                DepotFilter(), page: PageRequest(page: 1, per: min(500, services.settings.maxPageSize)), for: actor
            ).items
        }
        let depotNames = Dictionary(depots.map { ($0.id, $0.profile.name) }, uniquingKeysWith: { a, _ in a })
        var kitItems: [Option] = []
        if mayDefine {
            kitItems = try await services.reference.items(
                ItemFilter(category: .kits), page: PageRequest(page: 1, per: min(200, services.settings.maxPageSize)),
                for: actor
            ).items.map {
                Option(
                    value: $0.definition.code,
                    label: "\($0.definition.code) \(language == .en ? $0.definition.nameEn : $0.definition.nameZh)",
                    selected: false)
            }
        }
        // Definitions come newest version first within a code: the first of a code is its latest.
        var seen = Set<String>()
        var rows: [KitDefinitionRow] = []
        var codes: [Option] = []
        for d in definitions {
            let latest = seen.insert(d.code).inserted
            let name = language == .en ? d.nameEn : d.nameZh
            if latest {
                codes.append(Option(value: d.code, label: "\(d.code) v\(d.version) \(name)", selected: false))
            }
            rows.append(
                KitDefinitionRow(
                    id: d.id.uuidString, code: d.code, version: d.version, name: name, level: d.level.rawValue,
                    levelLabel: d.level.text(language), badge: Self.kitBadge(d.level), kitItemCode: d.kitItemCode,
                    components: d.components.map { "\($0.itemCode) × \(Format.number($0.quantity))" }.joined(
                        separator: language == .en ? "; " : "；"),
                    latest: latest, createdBy: d.createdBy, createdAt: Format.dateTime(d.createdAt)))
        }
        let body = KitsBody(
            definitions: rows,
            work: (work?.items ?? []).map { w in
                KitWorkRow(
                    id: w.id.uuidString, number: w.number, kind: w.kind.rawValue,
                    definition: "\(w.definitionCode) v\(w.definitionVersion)", depot: depotNames[w.depotId] ?? "",
                    kits: Format.number(w.kits), expiry: w.kitExpiryDate ?? "—",
                    components: w.components.map { "\($0.batchNo) ×\(Format.number($0.quantity))" }.joined(
                        separator: ", "),
                    by: w.by, at: Format.dateTime(w.at), kitLotId: w.kitLotId.uuidString, maxKits: w.kits,
                    mayDisassemble: mayMove && w.kind == .assembly)
            }, pager: work.map { Pager($0, request: request, language: language) }, readsWork: readsWork,
            mayDefine: mayDefine, mayMove: mayMove,
            levels: KitLevel.allCases.map { Option(value: $0.rawValue, label: $0.text(language), selected: false) },
            kitItems: kitItems, codes: codes,
            depots: mayMove
                ? depots.map { Option(value: $0.id.uuidString, label: $0.profile.name, selected: false) } : [])
        return try await Console.render("kits", title: "kits", nav: "kits", body: body, on: request)
    }

    func defineKit(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        guard let level = form["level"].flatMap(KitLevel.init(rawValue:)) else { throw LifelineError.required("level") }
        let view = try await services.stock.defineKit(
            NewKitDefinition(
                code: form["code"] ?? "", nameZh: form["nameZh"] ?? "", nameEn: form["nameEn"] ?? "", level: level,
                kitItemCode: (form["kitItemCode"] ?? "").trimmingCharacters(in: .whitespaces),
                components: try Self.kitComponents(form["components"] ?? "")),
            by: try request.actor)
        let done = "\(view.code) v\(view.version)".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return request.redirect(to: "/kits?done=\(done)")
    }

    /// Plan B's base and increment kits from the standard in force, as the next versions of
    /// PLANB-BASE and PLANB-INC.
    func definePlanBKits(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        guard let staff = form["staffPerPoint"].flatMap({ Decimal(string: $0.trimmingCharacters(in: .whitespaces)) })
        else {
            throw LifelineError.invalid("staffPerPointPerShift", "a number such as 11.4")
        }
        let views = try await services.dispatch.definePlanBKits(
            PlanBKitsInput(
                staffPerPointPerShift: staff, baseKitItemCode: form["baseKitItemCode"],
                incrementKitItemCode: form["incrementKitItemCode"]), by: try request.actor)
        let done =
            views.map { "\($0.code) v\($0.version)" }.joined(separator: ", ")
            .addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return request.redirect(to: "/kits?done=\(done)")
    }

    func assembleKits(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        guard let depot = form["depotId"].flatMap(UUID.init(uuidString:)) else {
            throw LifelineError.required("depotId")
        }
        let view = try await services.stock.assembleKits(
            KitWorkInput(
                definitionCode: form["definitionCode"] ?? "", depotId: depot, kits: try Self.kitCount(form["kits"])),
            by: try request.actor)
        return request.redirect(to: "/kits?done=\(view.number)")
    }

    func disassembleKits(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        let view = try await services.stock.disassembleKits(
            KitDisassemblyInput(kitLotId: try Self.uuidParameter(request), kits: try Self.kitCount(form["kits"])),
            by: try request.actor)
        return request.redirect(to: "/kits?done=\(view.number)")
    }

    func kitPackingPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let id = try Self.uuidParameter(request)
        guard let d = try await services.stock.kitDefinitions(for: actor).first(where: { $0.id == id }) else {
            throw LifelineError.notFound(.item, id.uuidString)
        }
        let isLevelKit = d.level != .other
        var lines: [KitPackingLine] = []
        for (index, component) in d.components.enumerated() {
            let item = try await catalogueItem(code: component.itemCode, for: actor)
            lines.append(
                KitPackingLine(
                    no: index + 1, code: component.itemCode,
                    name: item.map { language == .en ? $0.nameEn : $0.nameZh } ?? "", spec: item?.spec ?? "",
                    quantity: Format.number(component.quantity),
                    unit: item.map { language == .en ? $0.unitEn : $0.unitZh } ?? "",
                    packedApart: isLevelKit && item?.category == .disinfection))
        }
        let kitItem = try await catalogueItem(code: d.kitItemCode, for: actor)
        let body = KitPackingBody(
            id: d.id.uuidString, code: d.code, version: d.version, name: language == .en ? d.nameEn : d.nameZh,
            otherName: language == .en ? d.nameZh : d.nameEn, level: d.level.rawValue,
            levelLabel: d.level.text(language), badge: Self.kitBadge(d.level),
            kitItem: "\(d.kitItemCode) \(kitItem.map { language == .en ? $0.nameEn : $0.nameZh } ?? "")",
            isLevelKit: isLevelKit, lines: lines,
            totalUnits: Format.number(d.components.reduce(0) { $0 &+ $1.quantity }), createdBy: d.createdBy,
            createdAt: Format.dateTime(d.createdAt), printedAt: Format.dateTime(services.clock.now()))
        return try await Console.render("kit-packing", title: "packingList", nav: "kits", body: body, on: request)
    }

    /// The components of the text area, one per line: "PPE-0001 2" (a comma, tab or × also separates).
    static func kitComponents(_ text: String) throws -> [KitComponent] {
        var components: [KitComponent] = []
        for row in text.split(whereSeparator: \.isNewline) {
            let parts = row.split(whereSeparator: { " ,，\t×*\u{3000}".contains($0) })
            if parts.isEmpty { continue }
            guard parts.count == 2, let quantity = Int(parts[1]) else {
                throw LifelineError.invalid(
                    "components[\(components.count)]", "an item code and a quantity, such as PPE-0001 2")
            }
            components.append(KitComponent(itemCode: String(parts[0]), quantity: quantity))
        }
        return components
    }

    /// A form's number of kits (the services refuse a count below one).
    static func kitCount(_ text: String?) throws -> Int {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            throw LifelineError.required("kits")
        }
        guard let kits = Int(text) else { throw LifelineError.invalid("kits", "a whole number") }
        return kits
    }

    /// The colour of a level's label on the bag, as a Bootstrap badge (no inline style under the CSP).
    static func kitBadge(_ level: KitLevel) -> String {
        switch level {
        case .level1: "text-bg-primary"
        case .level2Sample: "text-bg-warning"
        case .level2Waste: "text-bg-danger"
        case .other: "text-bg-light border"
        }
    }

    /// The catalogue item of a code, if there is one.
    private func catalogueItem(code: String, for actor: Actor) async throws -> ItemDefinition? {
        try await services.reference.items(
            ItemFilter(query: code), page: PageRequest(page: 1, per: min(100, services.settings.maxPageSize)),
            for: actor
        )
        .items.first(where: { $0.definition.code == code })?.definition
    }
}
