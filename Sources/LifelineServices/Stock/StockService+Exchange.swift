import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// One lot a side gives in an exchange.
public struct ExchangeLineInput: Codable, Sendable, Hashable {
    public var lotId: UUID
    public var quantity: Int

    public init(lotId: UUID, quantity: Int) {
        self.lotId = lotId
        self.quantity = quantity
    }
}

/// What the offering side sends: its jurisdiction, the other side's, where it receives, its lots.
public struct ExchangeOffer: Codable, Sendable, Hashable {
    public var jurisdictionCode: String
    public var counterpartCode: String
    public var receivingDepotId: UUID
    public var lines: [ExchangeLineInput]
    /// How far the two values may differ, % of the larger (default 2).
    public var tolerancePercent: Int?

    public init(
        jurisdictionCode: String, counterpartCode: String, receivingDepotId: UUID, lines: [ExchangeLineInput],
        tolerancePercent: Int? = nil
    ) {
        self.jurisdictionCode = jurisdictionCode
        self.counterpartCode = counterpartCode
        self.receivingDepotId = receivingDepotId
        self.lines = lines
        self.tolerancePercent = tolerancePercent
    }
}

/// What the other side answers: where it receives, its lots.
public struct ExchangeAnswer: Codable, Sendable, Hashable {
    public var receivingDepotId: UUID
    public var lines: [ExchangeLineInput]

    public init(receivingDepotId: UUID, lines: [ExchangeLineInput]) {
        self.receivingDepotId = receivingDepotId
        self.lines = lines
    }
}

/// An exchange as readers see it.
public struct ExchangeView: Codable, Sendable, Equatable {
    public struct Line: Codable, Sendable, Equatable {
        public var side: String
        public var lotId: UUID
        public var itemCode: String
        public var itemNameZh: String
        public var itemNameEn: String
        public var unitZh: String
        public var unitEn: String
        public var batchNo: String
        public var expiryDate: String?
        public var depotName: String
        public var quantity: Int
        public var priceFen: Int
        public var valueFen: Int
    }

    public var id: UUID
    public var number: String
    public var status: ExchangeStatus
    public var offeringCode: String
    public var counterpartCode: String
    public var offeringDepotId: UUID
    public var counterpartDepotId: UUID?
    public var tolerancePercent: Int
    public var offeredValueFen: Int?
    public var answeredValueFen: Int?
    public var offeredBy: String
    public var offeredAt: Date
    public var answeredBy: String?
    public var offeringApprovedBy: String?
    public var counterpartApprovedBy: String?
    public var note: String?
    public var lines: [Line]
}

/// Exchanges between jurisdictions (物资置换, R4.4): near-expiry lots offered, lots of equal value
/// (market price of the day × quantity, within the tolerance) answered, both sides approving, both
/// legs moved as transfers in one transaction under the exchange's number (ZH-…).
extension StockService {
    public func offerExchange(_ offer: ExchangeOffer, by actor: Actor) async throws -> ExchangeView {
        try AccessPolicy.require(.moveStock, actor)
        let tolerance = offer.tolerancePercent ?? ExchangeRule.defaultTolerancePercent
        guard (0...20).contains(tolerance) else {
            throw LifelineError(.outOfRange, field: "tolerancePercent", ["min": "0", "max": "20"])
        }
        let lines = try Self.checkedLines(offer.lines)
        let today = self.today
        let now = clock.now()
        let id = ids.next()
        return try await store.write { tx in
            let own = try await jurisdiction(offer.jurisdictionCode, field: "jurisdictionCode", on: tx)
            let other = try await jurisdiction(offer.counterpartCode, field: "counterpartCode", on: tx)
            let ownPath = try own.jurisdictionPath
            let otherPath = try other.jurisdictionPath
            guard ExchangeRule.actsFor(actor, side: ownPath) else { throw LifelineError.outOfScope(.exchange) }
            guard !ownPath.contains(otherPath), !otherPath.contains(ownPath) else {
                throw LifelineError.invalid(
                    "counterpartCode", "a jurisdiction outside \(own.code.rawValue), not above it")
            }
            try await receivingDepot(offer.receivingDepotId, in: ownPath, field: "receivingDepotId", on: tx)
            let record = ExchangeRecord(status: ExchangeStatus.offered.rawValue)
            record.id = id
            record.number = try await LedgerSQL.nextDocumentNumber(
                .exchange, jurisdiction: own.code, day: today, on: tx
            )
            .description
            record.aCode = own.code.rawValue
            record.aPath = ownPath.rawValue
            record.aDepotID = offer.receivingDepotId
            record.bCode = other.code.rawValue
            record.bPath = otherPath.rawValue
            record.tolerancePercent = tolerance
            record.offeredByName = actor.username
            record.offeredAtMs = now.milliseconds
            try await record.create(on: tx)
            record.aValueFen = try await storeLines(lines, side: "a", of: id, within: ownPath, today: today, on: tx)
            try await record.update(on: tx)
            let view = try await exchangeView(record, on: tx)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "exchange.offer", by: actor, entity: .exchange, id: id.uuidString, path: ownPath, after: view)
                ],
                at: now, on: tx)
            return view
        }
    }

    /// The other side names its lots; refused, with both values named, unless they are of equal value.
    public func answerExchange(_ id: UUID, _ answer: ExchangeAnswer, by actor: Actor) async throws -> ExchangeView {
        try AccessPolicy.require(.moveStock, actor)
        let lines = try Self.checkedLines(answer.lines)
        let today = self.today
        let now = clock.now()
        return try await store.write { tx in
            let locked = try await lock(ExchangeRecord.self, id, entity: .exchange, on: tx)
            let record = locked.record
            let otherPath = try record.bJurisdiction
            guard ExchangeRule.actsFor(actor, side: otherPath) else { throw LifelineError.outOfScope(.exchange) }
            guard try record.exchangeStatus == .offered else {
                throw Self.transition(try record.exchangeStatus, "answer")
            }
            try await receivingDepot(answer.receivingDepotId, in: otherPath, field: "receivingDepotId", on: tx)
            let value = try await storeLines(lines, side: "b", of: id, within: otherPath, today: today, on: tx)
            try ExchangeRule.checkEqualValue(
                offered: record.aValueFen ?? 0, answered: value, tolerancePercent: record.tolerancePercent)
            record.bDepotID = answer.receivingDepotId
            record.bValueFen = value
            record.answeredByName = actor.username
            try await transition(locked, to: ExchangeStatus.matched.rawValue, entity: .exchange, on: tx)
            try await record.update(on: tx)
            let view = try await exchangeView(record, on: tx)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "exchange.answer", by: actor, entity: .exchange, id: id.uuidString, path: otherPath, after: view
                    )
                ], at: now, on: tx)
            return view
        }
    }

    /// Approves for the side the actor acts for (the offering side first when it acts for both), or
    /// rejects, or cancels (the offering side). The two approvals come from two people; the second
    /// moves both legs.
    public func actOnExchange(_ id: UUID, _ action: ExchangeAction, note: String?, by actor: Actor) async throws
        -> ExchangeView
    {
        try AccessPolicy.require(.moveStock, actor)
        let note =
            action == .reject
            ? try Text.required(note, field: "note", max: 500) : try Text.optional(note, field: "note", max: 500)
        let today = self.today
        let now = clock.now()
        return try await store.write { tx in
            let locked = try await lock(ExchangeRecord.self, id, entity: .exchange, on: tx)
            let record = locked.record
            let status = try record.exchangeStatus
            let forA = ExchangeRule.actsFor(actor, side: try record.aJurisdiction)
            let forB = ExchangeRule.actsFor(actor, side: try record.bJurisdiction)
            guard forA || forB else { throw LifelineError.outOfScope(.exchange) }
            var events: [AuditEvent] = []
            switch action {
            case .approve:
                guard status == .matched else { throw Self.transition(status, action.rawValue) }
                switch ExchangeRule.sideToApprove(
                    actor, offering: try record.aJurisdiction, counterpart: try record.bJurisdiction,
                    offeringApprovedBy: record.aApprovedByName, counterpartApprovedBy: record.bApprovedByName)
                {
                case .offering: record.aApprovedByName = actor.username
                case .counterpart: record.bApprovedByName = actor.username
                case nil: throw Self.transition(status, action.rawValue)  // approved already, by them or their side
                }
                if record.aApprovedByName != nil && record.bApprovedByName != nil {
                    try await transition(locked, to: ExchangeStatus.executed.rawValue, entity: .exchange, on: tx)
                    record.closedAtMs = now.milliseconds
                    events += try await moveLegs(record, by: actor, today: today, at: now, on: tx)
                }
            case .reject:
                guard status.isOpen else { throw Self.transition(status, action.rawValue) }
                try await transition(locked, to: ExchangeStatus.rejected.rawValue, entity: .exchange, on: tx)
                record.closedAtMs = now.milliseconds
            case .cancel:
                guard status.isOpen, forA else { throw Self.transition(status, action.rawValue) }
                try await transition(locked, to: ExchangeStatus.cancelled.rawValue, entity: .exchange, on: tx)
                record.closedAtMs = now.milliseconds
            }
            if let note { record.note = note }
            try await record.update(on: tx)
            let view = try await exchangeView(record, on: tx)
            events.insert(
                AuditEvent(
                    "exchange.\(action.rawValue)", by: actor, entity: .exchange, id: id.uuidString,
                    path: forA ? try record.aJurisdiction : try record.bJurisdiction, before: status, after: view),
                at: 0)
            try await AuditTrail.append(events, at: now, on: tx)
            return view
        }
    }

    /// Exchanges either side of which lies in the actor's scope, newest first.
    public func exchanges(page: PageRequest, for actor: Actor) async throws -> Page<ExchangeView> {
        try AccessPolicy.require(.readStock, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        _ = try page.sortKey(allowed: ["offered"], default: "-offered")
        let scope = actor.role.isUnitBound ? ScopeFilter.nothing : ScopeFilter(actor)
        let records = try await ExchangeRecord.query(on: database).restricted(to: scope, .exchanges)
            .sort(\.$offeredAtMs, .descending).sort(\.$id).paginate(page)
        var items: [ExchangeView] = []
        for record in records.items { items.append(try await exchangeView(record, on: database)) }
        return Page(items: items, page: records.page, per: records.per, total: records.total)
    }

    /// One exchange, if either side lies in the actor's scope.
    public func exchange(_ id: UUID, for actor: Actor) async throws -> ExchangeView {
        try AccessPolicy.require(.readStock, actor)
        guard let record = try await ExchangeRecord.find(id, on: database) else {
            throw LifelineError.notFound(.exchange, id.uuidString)
        }
        guard !actor.role.isUnitBound,
            ScopeFilter(actor).admits(paths: [try record.aJurisdiction, try record.bJurisdiction], units: [])
        else { throw LifelineError.outOfScope(.exchange) }
        return try await exchangeView(record, on: database)
    }

    // MARK: - Shared

    static func checkedLines(_ lines: [ExchangeLineInput]) throws(LifelineError) -> [ExchangeLineInput] {
        guard !lines.isEmpty else { throw LifelineError.required("lines") }
        var seen: Set<UUID> = []
        for (index, line) in lines.enumerated() {
            _ = try Text.positiveQuantity(line.quantity, field: "lines[\(index)].quantity")
            guard line.quantity <= Limits.quantityPerMovement else {
                throw LifelineError(
                    .outOfRange, field: "lines[\(index)].quantity",
                    ["min": "1", "max": String(Limits.quantityPerMovement)])
            }
            guard seen.insert(line.lotId).inserted else {
                throw LifelineError.invalid("lines[\(index)].lotId", "named twice")
            }
        }
        return lines
    }

    static func transition(_ status: ExchangeStatus, _ action: String) -> LifelineError {
        LifelineError(
            .invalidTransition,
            localized: ["entity": EntityName.exchange.text, "from": status.text, "to": .init(zh: action, en: action)])
    }

    private func receivingDepot(_ id: UUID, in path: JurisdictionPath, field: String, on tx: any Database) async throws
    {
        guard let depot = try await DepotRecord.find(id, on: tx) else {
            throw LifelineError.unknownReference(field, .depot, id.uuidString)
        }
        guard path.contains(try depot.jurisdictionPath) else {
            throw LifelineError.invalid(field, "a depot of \(path.codes.last?.rawValue ?? "") or below")
        }
    }

    /// Stores a side's lines, each lot in a depot of `path` with the free quantity it gives, priced at
    /// the day's market price; returns the side's value.
    private func storeLines(
        _ lines: [ExchangeLineInput], side: String, of exchange: UUID, within path: JurisdictionPath, today: Day,
        on tx: any Database
    ) async throws -> Int {
        var total = FenSum(0)
        for (index, input) in lines.enumerated() {
            guard let lot = try await LedgerSQL.lot(input.lotId, on: tx) else {
                throw LifelineError.unknownReference("lines[\(index)].lotId", .lot, input.lotId.uuidString)
            }
            guard path.contains(try lot.jurisdictionPath) else {
                throw LifelineError.invalid(
                    "lines[\(index)].lotId", "a lot of \(path.codes.last?.rawValue ?? "") or below")
            }
            guard lot.balance.free >= input.quantity else {
                throw LifelineError(
                    .insufficientStock, field: "lines[\(index)].quantity",
                    ["available": String(max(lot.balance.free, 0)), "requested": String(input.quantity)])
            }
            let item = try await item(lot.itemID, on: tx)
            let price = try await reference.marketPrice(of: item, on: today, on: tx).priceFen
            let line = ExchangeLineRecord()
            line.id = ids.next()
            line.exchangeID = exchange
            line.side = side
            line.lotID = lot.id
            line.itemID = lot.itemID
            line.quantity = input.quantity
            line.priceFen = price
            try await line.create(on: tx)
            total += FenSum.product(input.quantity, price)
        }
        return try total.reportable(field: "lines")
    }

    /// Both legs as transfers: side A's lots to B's receiving depot, B's to A's.
    private func moveLegs(_ record: ExchangeRecord, by actor: Actor, today: Day, at now: Date, on tx: any Database)
        async throws -> [AuditEvent]
    {
        guard let bDepot = record.bDepotID,
            let toB = try await DepotRecord.find(bDepot, on: tx),
            let toA = try await DepotRecord.find(record.aDepotID, on: tx)
        else { throw LifelineError(.conflict, ["reason": "a receiving depot of \(record.number) is gone"]) }
        let lines = try await ExchangeLineRecord.query(on: tx).filter(\.$exchangeID == (try record.requireID())).all()
        var events: [AuditEvent] = []
        for line in lines {
            let destination = line.side == "a" ? toB : toA
            guard let lot = try await LedgerSQL.lot(line.lotID, on: tx) else {
                throw LifelineError.notFound(.lot, line.lotID.uuidString)
            }
            let item = try await item(lot.itemID, on: tx)
            guard try destination.profile.accepts(item.definition.storage) else {
                throw LifelineError(
                    .storageMismatch, field: "receivingDepotId", ["depot": destination.code],
                    localized: ["storage": try item.definition.storage.text])
            }
            let reason = "置换 \(record.number)"
            let outRow = MovementDraft(
                kind: .transferOut, lot: lot, effect: MovementKind.transferOut.effect(quantity: line.quantity),
                documentNo: record.number, reason: reason, counterpartDepotID: try destination.requireID(),
                actor: actor, at: now)
            _ = try await takeFree(
                outRow, from: lot, quantity: line.quantity, explain: true, today: today, at: now, on: tx)
            let target = try LedgerLot(try await matchingLot(lot, in: destination, at: now, on: tx), depot: destination)
            let inRow = MovementDraft(
                kind: .transferIn, lot: target, effect: MovementKind.transferIn.effect(quantity: line.quantity),
                documentNo: record.number, reason: reason, counterpartDepotID: lot.depotID, actor: actor, at: now)
            guard try await LedgerSQL.post(inRow, issuableOn: nil, at: now, on: tx) != nil else {
                throw LifelineError(.conflict, ["reason": "destination lot rejected the exchange"])
            }
            events.append(
                AuditEvent(
                    "stock.transfer", by: actor, entity: .lot, id: lot.id.uuidString, path: try lot.jurisdictionPath,
                    before: lot.balance, after: line.quantity))
        }
        return events
    }

    func exchangeView(_ record: ExchangeRecord, on db: any Database) async throws -> ExchangeView {
        let id = try record.requireID()
        let lines = try await ExchangeLineRecord.query(on: db).filter(\.$exchangeID == id).all()
        let lots = try await LotRecord.query(on: db).filter(\.$id ~~ lines.map(\.lotID)).all()
        let items = try await ItemRecord.query(on: db).filter(\.$id ~~ Array(Set(lines.map(\.itemID)))).all()
        let depots = try await DepotRecord.query(on: db).filter(\.$id ~~ Array(Set(lots.map(\.depotID)))).all()
        let lotByID = Dictionary(uniqueKeysWithValues: try lots.map { (try $0.requireID(), $0) })
        let itemByID = Dictionary(uniqueKeysWithValues: try items.map { (try $0.requireID(), $0) })
        let depotByID = Dictionary(uniqueKeysWithValues: try depots.map { (try $0.requireID(), $0) })
        let views = lines.compactMap { line -> ExchangeView.Line? in
            guard let lot = lotByID[line.lotID], let item = itemByID[line.itemID] else { return nil }
            return ExchangeView.Line(
                side: line.side, lotId: line.lotID, itemCode: item.code, itemNameZh: item.nameZh,
                itemNameEn: item.nameEn, unitZh: item.unitZh, unitEn: item.unitEn, batchNo: lot.batchNo,
                expiryDate: lot.expiryDate, depotName: depotByID[lot.depotID]?.name ?? "", quantity: line.quantity,
                priceFen: line.priceFen, valueFen: line.quantity * line.priceFen)
        }.sorted { ($0.side, $0.itemCode, $0.batchNo) < ($1.side, $1.itemCode, $1.batchNo) }
        return ExchangeView(
            id: id, number: record.number, status: try record.exchangeStatus, offeringCode: record.aCode,
            counterpartCode: record.bCode, offeringDepotId: record.aDepotID, counterpartDepotId: record.bDepotID,
            tolerancePercent: record.tolerancePercent, offeredValueFen: record.aValueFen,
            answeredValueFen: record.bValueFen, offeredBy: record.offeredByName,
            offeredAt: Date(milliseconds: record.offeredAtMs), answeredBy: record.answeredByName,
            offeringApprovedBy: record.aApprovedByName, counterpartApprovedBy: record.bApprovedByName,
            note: record.note,
            lines: views)
    }
}

extension RowReach {
    /// An exchange: either side's area.
    static let exchanges = RowReach(paths: ["a_path", "b_path"])
}
