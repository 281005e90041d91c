import LifelineDomain
import LifelineServices
import Vapor

extension ConsoleRoutes {
    struct StockBody: Encodable {
        var rows: [LotRow]
        var pager: Pager
        var depots: [Option]
        var statuses: [Option]
        var expiringWithin: String
        var sort: String
        var canChangeStatus: Bool
        var statusTargets: [Option]
    }

    struct LotRow: Encodable {
        var id: String
        var item: String
        var itemCode: String
        var depot: String
        var batch: String
        var manufacturer: String
        var expiry: String
        var band: String
        var bandLabel: String
        var status: String
        var statusLabel: String
        var onHand: String
        var reserved: String
        var held: String
        var available: String
        var unit: String
        /// Units held for write-offs awaiting a decision ("" when none).
        var pendingWriteOff: String = ""
    }

    func stockPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let depotID = request.query[String.self, at: "depotId"].flatMap(UUID.init(uuidString:))
        let status = request.query[String.self, at: "status"].flatMap(LotStatus.init(rawValue:))
        let within = request.query[String.self, at: "expiringWithinDays"].flatMap { Int($0) }
        let sort = request.query[String.self, at: "sort"] ?? "expiry"
        let filter = LotFilter(depotId: depotID, status: status, expiringWithinDays: within)
        let page = try await services.stock.lots(
            filter, page: PageRequest(page: request.query[Int.self, at: "page"] ?? 1, per: 50, sort: sort), for: actor)
        let depots = try await services.reference.depots(
            DepotFilter(), page: PageRequest(page: 1, per: 500), for: actor
        ).items
        var rows = try await lotRows(page.items, depots: depots, language: language)
        let pending =
            page.items.isEmpty
            ? []
            : try await services.stock.writeOffs(
                WriteOffFilter(status: .pending, lotIds: page.items.map(\.id)), page: PageRequest(page: 1, per: 500),
                for: actor
            ).items
        let pendingByLot = Dictionary(pending.map { ($0.lotId.uuidString, $0.quantity) }, uniquingKeysWith: +)
        for index in rows.indices {
            rows[index].pendingWriteOff = pendingByLot[rows[index].id].map(Format.number) ?? ""
        }
        let body = StockBody(
            rows: rows, pager: Pager(page, request: request, language: language),
            depots: depots.map { Option(value: $0.id.uuidString, label: $0.profile.name, selected: $0.id == depotID) },
            statuses: LotStatus.allCases.map {
                Option(value: $0.rawValue, label: $0.text(language), selected: $0 == status)
            },
            expiringWithin: within.map(String.init) ?? "", sort: sort,
            canChangeStatus: actor.role.permits(.changeLotStatus),
            statusTargets: [LotStatus.available, .held, .quarantined].map {
                Option(value: $0.rawValue, label: $0.text(language), selected: false)
            })
        return try await Console.render("stock", title: "stock", nav: "stock", body: body, on: request)
    }

    func lotRows(_ lots: [LotView], depots: [DepotView], language: Language) async throws -> [LotRow] {
        let depotNames = Dictionary(depots.map { ($0.id, $0.profile.name) }, uniquingKeysWith: { a, _ in a })
        var items: [UUID: ItemDefinition] = [:]
        for id in Set(lots.map(\.itemId)) { items[id] = try await services.reference.item(id, for: .system).definition }
        return lots.map { lot in
            let item = items[lot.itemId]
            return LotRow(
                id: lot.id.uuidString, item: item?.name(language) ?? "", itemCode: item?.code ?? "",
                depot: depotNames[lot.depotId] ?? "",
                batch: lot.batchNo, manufacturer: lot.manufacturer, expiry: lot.expiryDate ?? "—",
                band: lot.expiryBand.rawValue,
                bandLabel: lot.expiryBand.text(language), status: lot.status.rawValue,
                statusLabel: lot.status.text(language),
                onHand: Format.number(lot.onHand), reserved: Format.number(lot.reserved), held: Format.number(lot.held),
                available: Format.number(lot.available), unit: item?.unit(language) ?? ""
            )
        }
    }

    func changeLotStatus(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let actor = try request.actor
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
            throw LifelineError.invalid("id", "not a UUID")
        }
        guard let status = (try? request.content.get(String.self, at: "status")).flatMap(LotStatus.init(rawValue:))
        else {
            throw LifelineError.required("status")
        }
        let reason = (try? request.content.get(String.self, at: "reason")) ?? ""
        let lot = try await services.stock.changeStatus(
            LotStatusInput(lotId: id, status: status, reason: reason), by: actor)
        return request.redirect(to: "/stock?depotId=\(lot.depotId.uuidString)&done=\(lot.batchNo)")
    }
}
