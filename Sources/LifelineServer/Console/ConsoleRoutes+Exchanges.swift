import Foundation
import LifelineDomain
import LifelineServices
import Vapor

/// 物资置换 (R4.4): offer near-expiry lots to another jurisdiction, answer an offer with lots of
/// equal value, approve for one's side.
extension ConsoleRoutes {
    struct ExchangesBody: Encodable {
        var rows: [ExchangeRow]
        var pager: Pager
        var mayOffer: Bool
        var scopeCode: String
        var depots: [Option]
        var lots: [LotChoice]
    }

    struct ExchangeRow: Encodable {
        var id: String
        var number: String
        var sides: String
        var status: String
        var statusLabel: String
        var offered: String
        var answered: String
        var offeredBy: String
    }

    /// A lot one may give, with a quantity field.
    struct LotChoice: Encodable {
        var id: String
        var item: String
        var itemCode: String
        var batch: String
        var expiry: String
        var depot: String
        var free: String
        var unit: String
    }

    struct ExchangeBody: Encodable {
        var id: String
        var number: String
        var status: String
        var statusLabel: String
        var sides: String
        var tolerance: Int
        var offered: String
        var answered: String
        var offeredBy: String
        var answeredBy: String
        var approvals: String
        var note: String
        var offeredLines: [ExchangeLineRow]
        var answeredLines: [ExchangeLineRow]
        var mayAnswer: Bool
        var mayApprove: Bool
        var mayReject: Bool
        var mayCancel: Bool
        var depots: [Option]
        var lots: [LotChoice]
    }

    struct ExchangeLineRow: Encodable {
        var item: String
        var itemCode: String
        var batch: String
        var expiry: String
        var depot: String
        var quantity: String
        var price: String
        var value: String
    }

    func exchangesPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let page = try await services.stock.exchanges(
            page: PageRequest(page: request.query[Int.self, at: "page"] ?? 1, per: 50), for: actor)
        let mayOffer = actor.role.permits(.moveStock) && !actor.role.isUnitBound
        let body = ExchangesBody(
            rows: page.items.map { e in
                ExchangeRow(
                    id: e.id.uuidString, number: e.number, sides: "\(e.offeringCode) ⇄ \(e.counterpartCode)",
                    status: e.status.rawValue, statusLabel: e.status.text(language),
                    offered: e.offeredValueFen.map { Format.money(fen: $0) } ?? "—",
                    answered: e.answeredValueFen.map { Format.money(fen: $0) } ?? "—", offeredBy: e.offeredBy)
            }, pager: Pager(page, request: request, language: language), mayOffer: mayOffer,
            scopeCode: actor.scope.codes.last?.rawValue ?? "",
            depots: mayOffer ? try await depotOptions(for: actor) : [],
            lots: mayOffer ? try await lotChoices(nearExpiryOnly: true, for: actor, language: language) : [])
        return try await Console.render("exchanges", title: "exchanges", nav: "exchanges", body: body, on: request)
    }

    func offerExchange(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        guard let depot = form["receivingDepotId"].flatMap(UUID.init(uuidString:)) else {
            throw LifelineError.required("receivingDepotId")
        }
        let view = try await services.stock.offerExchange(
            ExchangeOffer(
                jurisdictionCode: form["jurisdictionCode"] ?? "", counterpartCode: form["counterpartCode"] ?? "",
                receivingDepotId: depot, lines: try Self.exchangeLines(form),
                tolerancePercent: form["tolerancePercent"].flatMap(Int.init)),
            by: try request.actor)
        return request.redirect(to: "/exchanges/\(view.id.uuidString)")
    }

    func exchangePage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let e = try await services.stock.exchange(try Self.uuidParameter(request), for: actor)
        let forA = actor.scope.contains(JurisdictionCode(rawValue: e.offeringCode)?.path ?? .nation)
        let forB = actor.scope.contains(JurisdictionCode(rawValue: e.counterpartCode)?.path ?? .nation)
        let acts = actor.role.permits(.moveStock) && !actor.role.isUnitBound
        func rows(_ side: String) -> [ExchangeLineRow] {
            e.lines.filter { $0.side == side }.map { l in
                ExchangeLineRow(
                    item: language == .en ? l.itemNameEn : l.itemNameZh, itemCode: l.itemCode, batch: l.batchNo,
                    expiry: l.expiryDate ?? "—", depot: l.depotName,
                    quantity: "\(Format.number(l.quantity)) \(language == .en ? l.unitEn : l.unitZh)",
                    price: Format.money(fen: l.priceFen), value: Format.money(fen: l.valueFen))
            }
        }
        let approvers = [e.offeringApprovedBy, e.counterpartApprovedBy].compactMap { $0 }
        let mayAnswer = acts && forB && e.status == .offered
        let body = ExchangeBody(
            id: e.id.uuidString, number: e.number, status: e.status.rawValue, statusLabel: e.status.text(language),
            sides: "\(e.offeringCode) ⇄ \(e.counterpartCode)", tolerance: e.tolerancePercent,
            offered: e.offeredValueFen.map { Format.money(fen: $0) } ?? "—",
            answered: e.answeredValueFen.map { Format.money(fen: $0) } ?? "—", offeredBy: e.offeredBy,
            answeredBy: e.answeredBy ?? "", approvals: approvers.joined(separator: "、"), note: e.note ?? "",
            offeredLines: rows("a"), answeredLines: rows("b"), mayAnswer: mayAnswer,
            mayApprove: acts && e.status == .matched
                && ExchangeRule.sideToApprove(
                    actor, offering: JurisdictionCode(rawValue: e.offeringCode)?.path ?? .nation,
                    counterpart: JurisdictionCode(rawValue: e.counterpartCode)?.path ?? .nation,
                    offeringApprovedBy: e.offeringApprovedBy, counterpartApprovedBy: e.counterpartApprovedBy) != nil,
            mayReject: acts && (forA || forB) && e.status.isOpen, mayCancel: acts && forA && e.status.isOpen,
            depots: mayAnswer ? try await depotOptions(for: actor) : [],
            lots: mayAnswer ? try await lotChoices(nearExpiryOnly: false, for: actor, language: language) : [])
        return try await Console.render("exchange", title: "exchanges", nav: "exchanges", body: body, on: request)
    }

    func answerExchange(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let id = try Self.uuidParameter(request)
        let form = try request.content.decode([String: String].self)
        guard let depot = form["receivingDepotId"].flatMap(UUID.init(uuidString:)) else {
            throw LifelineError.required("receivingDepotId")
        }
        _ = try await services.stock.answerExchange(
            id, ExchangeAnswer(receivingDepotId: depot, lines: try Self.exchangeLines(form)), by: try request.actor)
        return request.redirect(to: "/exchanges/\(id.uuidString)")
    }

    func actOnExchange(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let id = try Self.uuidParameter(request)
        let form = try request.content.decode([String: String].self)
        guard let action = form["action"].flatMap(ExchangeAction.init(rawValue:)) else {
            throw LifelineError.invalid("action", "approve, reject or cancel")
        }
        _ = try await services.stock.actOnExchange(id, action, note: form["note"], by: try request.actor)
        return request.redirect(to: "/exchanges/\(id.uuidString)?done=\(action.rawValue)")
    }

    /// `qty_<lot>` fields with a positive number, as lines.
    static func exchangeLines(_ form: [String: String]) throws -> [ExchangeLineInput] {
        var lines: [ExchangeLineInput] = []
        for (key, value) in form.sorted(by: { $0.key < $1.key }) where key.hasPrefix("qty_") {
            let text = value.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, text != "0", let lot = UUID(uuidString: String(key.dropFirst(4))) else { continue }
            guard let quantity = Int(text) else { throw LifelineError.invalid("quantity", "a whole number") }
            lines.append(ExchangeLineInput(lotId: lot, quantity: quantity))
        }
        return lines
    }

    private func depotOptions(for actor: Actor) async throws -> [Option] {
        try await services.reference.depots(DepotFilter(), page: PageRequest(page: 1, per: 500), for: actor).items.map {
            Option(value: $0.id.uuidString, label: $0.profile.name, selected: false)
        }
    }

    /// Lots with free stock in the actor's depots (near expiry first), at most 100.
    private func lotChoices(nearExpiryOnly: Bool, for actor: Actor, language: Language) async throws -> [LotChoice] {
        let page = try await services.stock.lots(
            LotFilter(expiringWithinDays: nearExpiryOnly ? services.settings.nearExpiryDays : nil),
            page: PageRequest(page: 1, per: 100), for: actor)
        let depots = try await services.reference.depots(
            DepotFilter(), page: PageRequest(page: 1, per: 500), for: actor
        )
        .items
        let names = Dictionary(depots.map { ($0.id, $0.profile.name) }, uniquingKeysWith: { a, _ in a })
        var items: [UUID: ItemDefinition] = [:]
        var choices: [LotChoice] = []
        for lot in page.items where lot.available > 0 && lot.status == .available {
            if items[lot.itemId] == nil {
                items[lot.itemId] = try await services.reference.item(lot.itemId, for: .system).definition
            }
            let item = items[lot.itemId]
            choices.append(
                LotChoice(
                    id: lot.id.uuidString, item: item?.name(language) ?? "", itemCode: item?.code ?? "",
                    batch: lot.batchNo, expiry: lot.expiryDate ?? "—", depot: names[lot.depotId] ?? "",
                    free: Format.number(lot.available), unit: item?.unit(language) ?? ""))
        }
        return choices
    }
}
