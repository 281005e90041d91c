import FluentKit
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// Filters for the dispatch board.
public struct OrderFilter: Sendable, Hashable {
    /// Only orders still to be executed (not delivered, not cancelled).
    public var openOnly: Bool
    public var requestId: UUID?

    public init(openOnly: Bool = false, requestId: UUID? = nil) {
        self.openOnly = openOnly
        self.requestId = requestId
    }
}

extension Services {
    /// The dispatch board: orders the actor executes, receives or oversees, newest first.
    public func orders(_ filter: OrderFilter, page: PageRequest, for actor: Actor) async throws -> Page<OrderView> {
        try AccessPolicy.require(.readDispatch, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let sort = try page.sortKey(allowed: ["issued", "neededBy", "number", "status"], default: "-issued")
        var query = DispatchOrderRecord.query(on: database).restricted(to: ScopeFilter(actor), .orders)
        if filter.openOnly {
            query = query.filter(\.$status != DispatchOrderStatus.delivered.rawValue).filter(\.$status != DispatchOrderStatus.cancelled.rawValue)
        }
        if let requestID = filter.requestId { query = query.filter(\.$requestID == requestID) }
        let direction: DatabaseQuery.Sort.Direction = sort.descending ? .descending : .ascending
        switch sort.key {
        case "neededBy": query = query.sort(\.$neededByMs, direction)
        case "number": query = query.sort(\.$number, direction)
        case "status": query = query.sort(\.$status, direction)
        default: query = query.sort(\.$issuedAtMs, direction).sort(\.$number, direction)
        }
        let records = try await query.sort(\.$id).paginate(page)
        return Page(items: try await orderViews(records.items, on: database), page: records.page, per: records.per, total: records.total)
    }

    public func order(_ id: UUID, for actor: Actor) async throws -> OrderView {
        try AccessPolicy.require(.readDispatch, actor)
        return try await orderView(try await order(id, for: actor, on: database), on: database)
    }

    /// Acknowledges, picks, loads, departs, passes a checkpoint, arrives or cancels (R5.4). Departure
    /// issues the reserved lots out of the depot; cancellation before loading releases them. A 配送令
    /// and the order whose goods it carries move together.
    public func track(_ id: UUID, _ input: TrackingInput, key: String, by actor: Actor) async throws -> OrderView {
        try AccessPolicy.require(input.action == .cancel ? .approveDispatch : .executeDispatch, actor)
        guard input.action != .sign else { throw LifelineError.invalid("action", "sign with the signing call") }
        let note = try Text.optional(input.note, field: "note", max: 500)
        let point = try GeoPoint.validated(longitude: input.longitude, latitude: input.latitude)
        let now = clock.now()
        return try await idempotent("order.\(input.action.rawValue)", key: key, actor: actor, input: [id.uuidString, Self.json(input)]) { tx in
            let family = try await lockedOrderFamily(id, for: actor, on: tx)
            let record = family[0].record
            try OrderAuthority.check(input.action, on: record.parties, by: actor)
            let before = try await orderView(record, on: tx)
            var notices: [DispatchNotice] = []
            for (index, locked) in family.enumerated() {
                let order = locked.record
                let status = try Stored.value(DispatchOrderStatus.self, order.status, column: "dispatch_orders.status")
                let next: DispatchOrderStatus
                if index == 0 {
                    next = try status.applying(input.action)  // the order named: an illegal move is an error
                } else {
                    guard let moved = try? status.applying(input.action) else { continue }  // linked: follow where it can
                    next = moved
                }
                if input.action == .depart, order.kind != DispatchOrderKind.delivery.rawValue {
                    try await moveOut(order, actor: actor, at: now, on: tx)
                }
                if input.action == .cancel, status.holdsReservation, order.kind != DispatchOrderKind.delivery.rawValue {
                    try await release(order, actor: actor, at: now, on: tx)
                }
                try await transition(locked, to: next.rawValue, entity: .order, on: tx)
                switch input.action {
                case .acknowledge:
                    order.acknowledgedAtMs = now.milliseconds
                    order.acknowledgedByName = actor.username
                case .depart:
                    order.departedAtMs = now.milliseconds
                    order.etaMs = now.milliseconds + Int(settings.transport.hours(roadKm: order.roadKm) * 3_600_000)
                case .arrive: order.arrivedAtMs = now.milliseconds
                default: break
                }
                try await order.update(on: tx)
                let event = TrackingEventRecord()
                event.orderID = try order.requireID()
                event.kind = input.action.rawValue
                event.note = note
                event.longitude = point?.longitude
                event.latitude = point?.latitude
                event.actorName = actor.username
                event.atMs = now.milliseconds
                try await event.create(on: tx)
                notices.append(orderNotice("order.\(input.action.rawValue)", order, at: now))
            }
            var settled: AuditEvent?
            if input.action == .cancel, let (event, notice) = try await settleRequest(record.requestID, by: actor, at: now, on: tx) {
                settled = event
                notices.append(notice)
            }
            let view = try await orderView(record, on: tx)
            return Audited(output: view,
                           events: [AuditEvent("order.\(input.action.rawValue)", by: actor, entity: .order, id: id.uuidString,
                                               path: try Stored.value(JurisdictionPath.self, record.depotPath, column: "dispatch_orders.depot_path"), before: before, after: view)]
                               + [settled].compactMap { $0 },
                           notices: notices)
        }
    }

    /// The receiver signs per line (R5.6): accepted, short, damaged. Shortages and damage become claims
    /// against the shipper. When every line is signed the order is delivered and charged: the drawing
    /// party pays at market price, and agreement stock gives the storage enterprise a buy-back
    /// obligation (R9.1). The request is fulfilled when all its orders are.
    public func sign(_ id: UUID, _ input: SignInput, key: String, by actor: Actor) async throws -> OrderView {
        try AccessPolicy.require(.signDelivery, actor)
        guard !input.lines.isEmpty else { throw LifelineError.required("lines") }
        for (index, line) in input.lines.enumerated() {
            // Each bounded before they are added up (ADR 0023).
            for (name, value) in [("accepted", line.accepted), ("short", line.short), ("damaged", line.damaged)]
            where !(0...Limits.quantityPerMovement).contains(value) {
                throw LifelineError(.outOfRange, field: "lines[\(index)].\(name)", ["min": "0", "max": String(Limits.quantityPerMovement)])
            }
            _ = try Text.optional(line.note, field: "lines[\(index)].note", max: 500)
            if let photo = line.photo { _ = try DeliveryPhoto.validate(photo, field: "lines[\(index)].photo") }
        }
        let now = clock.now()
        return try await idempotent("order.sign", key: key, actor: actor, input: [id.uuidString, Self.json(input)]) { tx in
            let family = try await lockedOrderFamily(id, for: actor, on: tx)
            let record = family[0].record
            try OrderAuthority.check(.sign, on: record.parties, by: actor)
            let status = try Stored.value(DispatchOrderStatus.self, record.status, column: "dispatch_orders.status")
            let before = try await orderView(record, on: tx)
            let lines = try await DispatchLineRecord.query(on: tx).filter(\.$orderID == id).all()
            for (index, input) in input.lines.enumerated() {
                guard let line = lines.first(where: { $0.id == input.lineId }) else {
                    throw LifelineError.unknownReference("lines[\(index)].lineId", .order, input.lineId.uuidString)
                }
                guard line.signedAtMs == nil else {
                    throw LifelineError(.invalidTransition, field: "lines[\(index)].lineId",
                                        localized: ["entity": .init(zh: "签收行", en: "delivery line"), "from": .init(zh: "已签收", en: "signed"),
                                                    "to": .init(zh: "再次签收", en: "signed again")])
                }
                guard input.accepted + input.short + input.damaged == line.quantity else {
                    throw LifelineError.invalid("lines[\(index)].accepted", "accepted + short + damaged must equal \(line.quantity)")
                }
                line.accepted = input.accepted
                line.short = input.short
                line.damaged = input.damaged
                line.signNote = input.note
                line.signedAtMs = now.milliseconds
                line.signedByName = actor.username
                try await line.update(on: tx)
                if let bytes = input.photo {
                    let photo = DeliveryPhotoRecord()
                    photo.id = ids.next()
                    photo.lineID = try line.requireID()
                    photo.orderID = id
                    photo.contentType = try DeliveryPhoto.validate(bytes, field: "lines[\(index)].photo")
                    photo.bytes = bytes
                    photo.actorName = actor.username
                    photo.atMs = now.milliseconds
                    try await photo.create(on: tx)
                }
            }
            var notices: [DispatchNotice] = []
            var settled: AuditEvent?
            if lines.allSatisfy({ $0.signedAtMs != nil }) {
                try await transition(family[0], to: try status.applying(.sign).rawValue, entity: .order, on: tx)
                record.deliveredAtMs = now.milliseconds
                try await record.update(on: tx)
                for child in family.dropFirst() {
                    // A delivery order follows where it can; one that cannot (cancelled) stays as it is.
                    if let next = try? (try Stored.value(DispatchOrderStatus.self, child.record.status, column: "dispatch_orders.status")).applying(.sign) {
                        try await transition(child, to: next.rawValue, entity: .order, on: tx)
                        child.record.deliveredAtMs = now.milliseconds
                        try await child.record.update(on: tx)
                    }
                }
                try await receiveIntoDepot(record, lines: lines, actor: actor, at: now, on: tx)
                try await charge(record, lines: lines, at: now, on: tx)
                notices.append(orderNotice("order.delivered", record, at: now))
                if let (event, notice) = try await settleRequest(record.requestID, by: actor, at: now, on: tx) {
                    settled = event
                    notices.append(notice)
                }
            } else {
                notices.append(orderNotice("order.signing", record, at: now))
            }
            let view = try await orderView(record, on: tx)
            return Audited(output: view,
                           events: [AuditEvent("order.sign", by: actor, entity: .order, id: id.uuidString,
                                               path: try Stored.value(JurisdictionPath.self, record.receiverPath, column: "dispatch_orders.receiver_path"), before: before, after: view)]
                               + [settled].compactMap { $0 },
                           notices: notices)
        }
    }

    /// Reusable items come back after a round (R4.6): disinfected, re-entered into the lot they left.
    public func recover(_ id: UUID, _ inputs: [RecoveryInput], key: String, by actor: Actor) async throws -> OrderView {
        try AccessPolicy.require(.executeDispatch, actor)
        guard !inputs.isEmpty else { throw LifelineError.required("lines") }
        for (index, input) in inputs.enumerated() {
            _ = try Text.positiveQuantity(input.quantity, field: "lines[\(index)].quantity")
            guard input.disinfected else { throw LifelineError.invalid("lines[\(index)].disinfected", "items must be disinfected before re-entry") }
            _ = try Text.required(input.grid, field: "lines[\(index)].grid", max: 100)
        }
        let now = clock.now()
        return try await idempotent("order.recover", key: key, actor: actor, input: [id.uuidString, Self.json(inputs)]) { tx in
            // Locked: what was recovered before is read after every earlier recovery of this order committed.
            let record = try await lock(DispatchOrderRecord.self, id, entity: .order, on: tx).record
            try requireReach(record, for: actor)
            try OrderAuthority.checkRecovery(on: record.parties, by: actor)
            let lines = try await DispatchLineRecord.query(on: tx).filter(\.$orderID == id).all()
            for (index, input) in inputs.enumerated() {
                guard let line = lines.first(where: { $0.id == input.lineId }) else {
                    throw LifelineError.unknownReference("lines[\(index)].lineId", .order, input.lineId.uuidString)
                }
                let item = try await item(line.itemID, on: tx)
                guard item.reusable else { throw LifelineError.invalid("lines[\(index)].lineId", "\(item.code) is not a reusable item") }
                let returned = try await StockMovementRecord.query(on: tx).filter(\.$documentNo == record.number)
                    .filter(\.$lotID == line.lotID).filter(\.$kind == MovementKind.return.rawValue).all().map(\.onHandDelta).reduce(0, +)
                let accepted = line.accepted ?? 0
                guard returned + input.quantity <= accepted else {
                    throw LifelineError(.recoveryExceedsAccepted, field: "lines[\(index)].quantity",
                                        ["accepted": String(accepted), "recovered": String(returned), "max": String(max(0, accepted - returned))])
                }
                guard let lot = try await LedgerSQL.lot(line.lotID, on: tx) else { throw LifelineError.notFound(.lot, line.lotID.uuidString) }
                let movement = MovementDraft(kind: .return, lot: lot, effect: MovementKind.return.effect(quantity: input.quantity),
                                             documentNo: record.number, reason: "disinfected; grid \(input.grid); round \(input.round)",
                                             unitID: record.receiverUnitID, actor: actor, at: now)
                guard try await LedgerSQL.post(movement, issuableOn: nil, at: now, on: tx) != nil else { throw RetryableConflict() }
            }
            let view = try await orderView(record, on: tx)
            return Audited(output: view, events: [AuditEvent("order.recover", by: actor, entity: .order, id: id.uuidString,
                                                             path: try Stored.value(JurisdictionPath.self, record.depotPath, column: "dispatch_orders.depot_path"), after: view)])
        }
    }

    /// A signed line's photo, for whoever may read the order.
    public func deliveryPhoto(order id: UUID, line lineID: UUID, for actor: Actor) async throws -> (contentType: String, bytes: Data) {
        try AccessPolicy.require(.readDispatch, actor)
        let record = try await order(id, for: actor, on: database)
        let goodsID = record.parentID ?? id
        guard let photo = try await DeliveryPhotoRecord.query(on: database).filter(\.$orderID == goodsID).filter(\.$lineID == lineID).first() else {
            throw LifelineError.notFound(.order, "\(id)/\(lineID)/photo")
        }
        return (photo.contentType, photo.bytes)
    }

    /// What `actor` may do to the order now — the steps, cancelling, signing, recovering — as the
    /// calls that do them decide it (OrderAuthority), for the console's buttons.
    public func orderActions(_ id: UUID, for actor: Actor) async throws -> OrderActions {
        let record = try await order(id, for: actor, on: database)
        return OrderAuthority.actions(on: try record.parties, by: actor)
    }

    /// Charges, buy-back obligations and claims of the parties the actor reaches (R9.1).
    public func charges(page: PageRequest, for actor: Actor) async throws -> Page<ChargeView> {
        try AccessPolicy.require(.readCharges, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let records = try await chargesInReach(of: actor).sort(\.$id, .descending).paginate(page)
        let units = try await UnitRecord.query(on: database)
            .filter(\.$id ~~ Set(records.items.flatMap { [$0.payerUnitID, $0.payeeUnitID].compactMap { $0 } })).field(\.$id).field(\.$name).all()
        let unitNames = Dictionary(uniqueKeysWithValues: units.compactMap { u in u.id.map { ($0, u.name) } })
        let items = try await ItemRecord.query(on: database).filter(\.$id ~~ Set(records.items.map(\.itemID))).field(\.$id).field(\.$nameZh).all()
        let itemNames = Dictionary(uniqueKeysWithValues: items.compactMap { i in i.id.map { ($0, i.nameZh) } })
        let orders = try await DispatchOrderRecord.query(on: database).filter(\.$id ~~ Set(records.items.map(\.orderID))).field(\.$id).field(\.$number).all()
        let numbers = Dictionary(uniqueKeysWithValues: orders.compactMap { o in o.id.map { ($0, o.number) } })
        return Page(items: records.items.map {
            ChargeView(id: $0.id ?? 0, kind: $0.kind, orderId: $0.orderID, orderNumber: numbers[$0.orderID] ?? "", payerUnitId: $0.payerUnitID,
                       payerName: $0.payerUnitID.flatMap { unitNames[$0] }, payeeUnitId: $0.payeeUnitID,
                       payeeName: $0.payeeUnitID.flatMap { unitNames[$0] }, itemId: $0.itemID, itemName: itemNames[$0.itemID] ?? "",
                       quantity: $0.quantity, unitPriceFen: $0.unitPriceFen, amountFen: $0.amountFen, at: Date(milliseconds: $0.atMs),
                       priceSource: $0.priceSource, priceEffectiveFrom: $0.priceEffectiveFrom)
        }, page: records.page, per: records.per, total: records.total)
    }

    /// Charges an officer's scope covers (by the receiver's path); for a unit-bound actor, those its
    /// own unit pays or receives.
    func chargesInReach(of actor: Actor) -> QueryBuilder<ChargeRecord> {
        ChargeRecord.query(on: database).restricted(to: ScopeFilter(actor), .charges)
    }

    /// The charges in reach, totalled per party.
    public func chargeTotals(for actor: Actor) async throws -> [PartyChargesView] {
        try AccessPolicy.require(.readCharges, actor)
        let rows = try await chargesInReach(of: actor).all()
        var totals: [UUID: PartyChargesView] = [:]
        func touch(_ id: UUID?, _ change: (inout PartyChargesView) -> Void) {
            guard let id else { return }
            var view = totals[id] ?? PartyChargesView(unitId: id, name: "", drawnFen: FenSum(), buybackFen: FenSum(), claimsAgainstFen: FenSum(), receivableFen: FenSum())
            change(&view)
            totals[id] = view
        }
        for row in rows {
            switch row.kind {
            case "charge":
                touch(row.payerUnitID) { $0.drawnFen += row.amountFen }
                touch(row.payeeUnitID) { $0.receivableFen += row.amountFen }
            case "buyback": touch(row.payerUnitID) { $0.buybackFen += row.amountFen }
            default:
                touch(row.payerUnitID) { $0.claimsAgainstFen += row.amountFen }
                touch(row.payeeUnitID) { $0.receivableFen += row.amountFen }
            }
        }
        let units = try await UnitRecord.query(on: database).filter(\.$id ~~ Set(totals.keys)).all()
        for unit in units { if let id = unit.id { totals[id]?.name = unit.name } }
        return totals.values.sorted { ($0.drawnFen + $0.buybackFen, $0.name) > ($1.drawnFen + $1.buybackFen, $1.name) }
    }

    // MARK: - Ledger effects

    /// Departure: the reserved units leave the depot (issue from the reservation).
    func moveOut(_ order: DispatchOrderRecord, actor: Actor, at now: Date, on tx: any Database) async throws {
        for line in try await DispatchLineRecord.query(on: tx).filter(\.$orderID == order.requireID()).all() {
            try await keepCataloguePrice(on: line, on: tx)
            guard let lot = try await LedgerSQL.lot(line.lotID, on: tx) else { throw LifelineError.notFound(.lot, line.lotID.uuidString) }
            let kind: MovementKind = order.receivingDepotID == nil ? .issue : .transferOut
            let movement = MovementDraft(kind: kind, lot: lot, effect: kind.effect(quantity: line.quantity, fromReservation: true),
                                         documentNo: order.number, reason: nil, counterpartDepotID: order.receivingDepotID,
                                         unitID: order.receiverUnitID, actor: actor, at: now)
            guard try await LedgerSQL.post(movement, issuableOn: nil, at: now, on: tx) != nil else { throw RetryableConflict() }
        }
    }

    /// An allocation order (调拨令) ends with the accepted units entering the receiving depot, in a
    /// lot of the same batch; shortages and damage stay claims on the shipper.
    func receiveIntoDepot(_ order: DispatchOrderRecord, lines: [DispatchLineRecord], actor: Actor, at now: Date, on tx: any Database) async throws {
        guard let depotID = order.receivingDepotID, let depot = try await DepotRecord.find(depotID, on: tx) else { return }
        for line in lines where (line.accepted ?? 0) > 0 {
            guard let source = try await LedgerSQL.lot(line.lotID, on: tx) else { throw LifelineError.notFound(.lot, line.lotID.uuidString) }
            let target = try LedgerLot(try await matchingLot(source, in: depot, at: now, on: tx), depot: depot)
            let movement = MovementDraft(kind: .transferIn, lot: target, effect: MovementKind.transferIn.effect(quantity: line.accepted ?? 0),
                                         documentNo: order.number, reason: nil, counterpartDepotID: order.depotID, actor: actor, at: now)
            guard try await LedgerSQL.post(movement, issuableOn: nil, at: now, on: tx) != nil else { throw RetryableConflict() }
        }
    }

    /// Cancellation before loading: the reservation is given back.
    func release(_ order: DispatchOrderRecord, actor: Actor, at now: Date, on tx: any Database) async throws {
        for line in try await DispatchLineRecord.query(on: tx).filter(\.$orderID == order.requireID()).all() {
            guard let lot = try await LedgerSQL.lot(line.lotID, on: tx) else { throw LifelineError.notFound(.lot, line.lotID.uuidString) }
            let movement = MovementDraft(kind: .release, lot: lot, effect: MovementKind.release.effect(quantity: line.quantity),
                                         documentNo: order.number, reason: "cancelled", unitID: order.receiverUnitID, actor: actor, at: now)
            guard try await LedgerSQL.post(movement, issuableOn: nil, at: now, on: tx) != nil else { throw RetryableConflict() }
        }
    }

    /// Who draws pays; agreement stock must be bought back; shortages and damage are claims on the shipper.
    /// Every row is priced at the market price in force on the day the goods left the depot, and
    /// says whether that came from the price history or the catalogue (ADR 0026).
    func charge(_ order: DispatchOrderRecord, lines: [DispatchLineRecord], at now: Date, on tx: any Database) async throws {
        let depot = try await DepotRecord.find(order.depotID, on: tx)
        let shipper = depot?.operatorUnitID ?? depot?.ownerUnitID
        let enterprise = depot?.operatorKind == DepotOperatorKind.enterprise.rawValue
        for line in lines {
            let (price, source) = try await marketPrice(of: line, in: order, on: tx)
            func add(_ kind: String, payer: UUID?, payee: UUID?, quantity: Int) async throws {
                // A unit drawing on its own stock owes itself nothing.
                guard quantity > 0, payer == nil || payer != payee else { return }
                let charge = ChargeRecord()
                charge.kind = kind
                charge.orderID = try order.requireID()
                charge.payerUnitID = payer
                charge.payeeUnitID = payee
                charge.path = order.receiverPath
                charge.itemID = line.itemID
                charge.quantity = quantity
                charge.unitPriceFen = price
                charge.amountFen = price * quantity
                charge.priceSource = source.name
                charge.priceEffectiveFrom = source.effectiveFrom?.iso
                charge.atMs = now.milliseconds
                try await charge.create(on: tx)
            }
            try await add("charge", payer: order.receiverUnitID, payee: shipper, quantity: line.accepted ?? 0)
            if enterprise { try await add("buyback", payer: shipper, payee: nil, quantity: line.quantity) }
            try await add("claim", payer: shipper, payee: order.receiverUnitID, quantity: (line.short ?? 0) + (line.damaged ?? 0))
        }
    }

    /// Moves the order's request on once its goods orders changed (``RequestStatus/settled(byOrders:)``):
    /// fulfilled when all standing orders are delivered, back in the approver's inbox when all were
    /// cancelled. Returns the audit event and notice of the move, if the request moved.
    func settleRequest(_ requestID: UUID, by actor: Actor, at now: Date, on tx: any Database) async throws -> (AuditEvent, DispatchNotice)? {
        let orders = try await DispatchOrderRecord.query(on: tx).filter(\.$requestID == requestID)
            .filter(\.$kind != DispatchOrderKind.delivery.rawValue).all()
        guard let locked = try await SupplyRequestRecord.lockForChange(requestID, on: tx) else { return nil }
        let request = locked.record
        let status = try Stored.value(RequestStatus.self, request.status, column: "supply_requests.status")
        let next = status.settled(byOrders: try orders.map { try Stored.value(DispatchOrderStatus.self, $0.status, column: "dispatch_orders.status") })
        guard next != status else { return nil }
        let before = try await requestView(request, on: tx)
        try await transition(locked, to: next.rawValue, entity: .request, on: tx)
        if next == .fulfilled { request.fulfilledAtMs = now.milliseconds }
        try await request.update(on: tx)
        let action = next == .fulfilled ? "request.fulfilled" : "request.reopened"
        let after = try await requestView(request, on: tx)
        return (AuditEvent(action, by: actor, entity: .request, id: requestID.uuidString, path: try request.jurisdictionPath, before: before, after: after),
                DispatchNotice(kind: action, orderId: nil, requestId: requestID, number: request.number, units: [request.unitID],
                               paths: [request.path, request.approverPath].compactMap { $0 }, at: now))
    }

    // MARK: - Loading

    func order(_ id: UUID, for actor: Actor, on db: any Database) async throws -> DispatchOrderRecord {
        guard let record = try await DispatchOrderRecord.find(id, on: db) else { throw LifelineError.notFound(.order, id.uuidString) }
        try requireReach(record, for: actor)
        return record
    }

    /// Order `id` read for a change, first, then the orders that move with it (its goods order, or
    /// the delivery orders that carry it), all locked — the goods order before its delivery orders,
    /// so that two changes of one family never wait on each other in a cycle (ADR 0022).
    func lockedOrderFamily(_ id: UUID, for actor: Actor, on tx: any Database) async throws -> [Locked<DispatchOrderRecord>] {
        let named = try await order(id, for: actor, on: tx)
        let goodsID = named.parentID ?? id
        let goods = try await lock(DispatchOrderRecord.self, goodsID, entity: .order, on: tx)
        let childIDs = try await DispatchOrderRecord.query(on: tx).filter(\.$parentID == goodsID).all(\.$id)
        let children = try await DispatchOrderRecord.lockForChange(childIDs, on: tx)
        let family = [goods] + children
        guard let first = family.first(where: { $0.record.id == id }) else { throw LifelineError.notFound(.order, id.uuidString) }
        try requireReach(first.record, for: actor)
        return [first] + family.filter { $0.record.id != id }
    }

    private func requireReach(_ record: DispatchOrderRecord, for actor: Actor) throws(LifelineError) {
        // The columns of RowReach.orders, so that what the board shows is what can be opened.
        let reaches = ScopeFilter(actor).admits(
            storedPaths: [record.depotPath, record.receiverPath, record.approverPath],
            units: [record.depotOperatorUnitID, record.carrierUnitID, record.receiverUnitID])
        guard reaches else { throw LifelineError.outOfScope(.order) }
    }

    func orderView(_ record: DispatchOrderRecord, on db: any Database) async throws -> OrderView {
        try await orderViews([record], on: db)[0]
    }

    /// The views of `records`, in their order, with a fixed number of queries however many there are
    /// (a page of the dispatch board is one query per related table, not one per order and table).
    func orderViews(_ records: [DispatchOrderRecord], on db: any Database) async throws -> [OrderView] {
        guard !records.isEmpty else { return [] }
        let ids = try records.map { try $0.requireID() }
        // A delivery order (配送令) shows the lines of the goods order it carries.
        let goodsIDs = Set(zip(records, ids).map { record, id in record.parentID ?? id })
        // Each related table once for the page, only the columns the views read, in plain SQL.
        let allLines = try await self.records(DispatchLineRecord.self, columns: "*", where: .column("order_id", in: Array(goodsIDs)), orderBy: "line_no",
                                              on: db)
        let items = try await self.records(ItemRecord.self, columns: "id, code, name_zh, unit_zh, reusable",
                                           where: .column("id", in: Array(Set(allLines.map(\.itemID)))), on: db)
        let lots = try await self.records(LotRecord.self, columns: "id, batch_no, expiry_date", where: .column("id", in: Array(Set(allLines.map(\.lotID)))),
                                          on: db)
        let tracking = try await self.records(TrackingEventRecord.self, columns: "*", where: .column("order_id", in: ids), orderBy: "id", on: db)
        var returned = SQLConditions.column("document_no", in: Array(Set(records.map(\.number))))
        returned.add("kind = \(bind: MovementKind.return.rawValue)")
        let returns = try await self.records(StockMovementRecord.self, columns: "document_no, lot_id, on_hand_delta", where: returned, on: db)
        let photos = try await self.records(DeliveryPhotoRecord.self, columns: "order_id, line_id", where: .column("order_id", in: Array(goodsIDs)), on: db)
        let depots = try await self.records(DepotRecord.self, columns: "id, name, path, longitude, latitude, is_forward",
                                            where: .column("id", in: Array(Set(records.map(\.depotID)))), on: db)
        let units = try await self.records(UnitRecord.self, columns: "id, name",
                                           where: .column("id", in: Array(Set(records.map(\.receiverUnitID) + records.compactMap(\.carrierUnitID)))), on: db)
        let requests = try await self.records(
            SupplyRequestRecord.self,
            columns: "id, number, delivery_place, longitude, latitude, form, execute_first, paperwork_due_ms, paperwork_done_at_ms, incident_id, submitted_at_ms",
            where: .column("id", in: Array(Set(records.map(\.requestID)))), on: db)
        // The events the mass-testing requests answer: their declaration starts the first-round clock (R5.4).
        let incidentIDs = Array(Set(requests.compactMap(\.incidentID)))
        let declared = incidentIDs.isEmpty ? [] : try await IncidentRecord.query(on: db).filter(\.$id ~~ incidentIDs).all()
        let related = OrderRelations(
            lines: Dictionary(grouping: allLines, by: \.orderID),
            items: Dictionary(uniqueKeysWithValues: items.compactMap { i in i.id.map { ($0, i) } }),
            lots: Dictionary(uniqueKeysWithValues: lots.compactMap { l in l.id.map { ($0, l) } }),
            tracking: Dictionary(grouping: tracking, by: \.orderID), returns: Dictionary(grouping: returns, by: \.documentNo),
            photoLines: Dictionary(grouping: photos, by: \.orderID).mapValues { Set($0.map(\.lineID)) },
            depots: Dictionary(uniqueKeysWithValues: depots.compactMap { d in d.id.map { ($0, d) } }),
            units: Dictionary(uniqueKeysWithValues: units.compactMap { u in u.id.map { ($0, u) } }),
            requests: Dictionary(uniqueKeysWithValues: requests.compactMap { r in r.id.map { ($0, r) } }),
            activeIncidents: try await activeIncidents(on: db),
            incidentDeclaredAtMs: Dictionary(uniqueKeysWithValues: declared.compactMap { i in i.id.map { ($0, i.declaredAtMs) } }))
        let now = clock.now().milliseconds
        return try zip(records, ids).map { record, id in try orderView(record, id: id, related: related, now: now) }
    }

    /// The rows an order's view is built from, loaded for a whole page at once by ``orderViews(_:on:)``.
    private struct OrderRelations {
        var lines: [UUID: [DispatchLineRecord]]
        var items: [UUID: ItemRecord]
        var lots: [UUID: LotRecord]
        var tracking: [UUID: [TrackingEventRecord]]
        var returns: [String: [StockMovementRecord]]
        var photoLines: [UUID: Set<UUID>]
        var depots: [UUID: DepotRecord]
        var units: [UUID: UnitRecord]
        var requests: [UUID: SupplyRequestRecord]
        var activeIncidents: [IncidentRecord]
        var incidentDeclaredAtMs: [UUID: Int]
    }

    private func orderView(_ record: DispatchOrderRecord, id: UUID, related: OrderRelations, now: Int) throws -> OrderView {
        let goodsID = record.parentID ?? id
        let lines = related.lines[goodsID] ?? []
        let itemsByID = related.items
        let lotsByID = related.lots
        let tracking = related.tracking[id] ?? []
        let returns = related.returns[record.number] ?? []
        let photos = related.photoLines[goodsID] ?? []
        let depot = related.depots[record.depotID]
        let receiver = related.units[record.receiverUnitID]
        let carrier = record.carrierUnitID.flatMap { related.units[$0] }
        let request = related.requests[record.requestID]
        var alerts: [String] = []
        let status = try Stored.value(DispatchOrderStatus.self, record.status, column: "dispatch_orders.status")
        let level = Self.levelInForce(at: try Stored.value(JurisdictionPath.self, record.receiverPath, column: "dispatch_orders.receiver_path"), among: related.activeIncidents).0
        let ackLimit = settings.dispatchPolicy.acknowledgementLimit(at: level)
        if record.acknowledgedAtMs == nil, status == .issued, now - record.issuedAtMs > ackLimit * 60_000 { alerts.append("unacknowledged") }
        if status.isOpen, let eta = record.etaMs, eta > record.neededByMs { alerts.append("late") }
        if let departed = record.departedAtMs, let depot {
            let point = request.flatMap { r in r.longitude.flatMap { lon in r.latitude.map { GeoPoint(longitude: lon, latitude: $0) } } }
            if let limit = settings.transport.legLimitHours(
                sourceIsCountyDepot: try depot.jurisdictionPath.level == .county, sourceIsForward: depot.isForward,
                straightKm: point.map(depot.location.distanceKilometres(to:))),
               settings.transport.legOverdue(departedAtMs: Int64(departed), arrivedAtMs: record.arrivedAtMs.map(Int64.init), limitHours: limit,
                                             nowMs: Int64(now)) {
                alerts.append("legOverdue")
            }
        }
        if let request, request.form != nil, status != .cancelled {
            let declared = request.incidentID.flatMap { related.incidentDeclaredAtMs[$0] }
            let start = TransportLimits.responseStart(eventDeclaredAtMs: declared.map(Int64.init), requestSubmittedAtMs: request.submittedAtMs.map(Int64.init),
                                                      orderIssuedAtMs: Int64(record.issuedAtMs))
            if settings.transport.firstRoundOverdue(responseStartedAtMs: start, arrivedAtMs: record.arrivedAtMs.map(Int64.init), nowMs: Int64(now)) {
                alerts.append("firstRoundOverdue")
            }
        }
        if let request, request.executeFirst, let due = request.paperworkDueMs, request.paperworkDoneAtMs == nil, now > due {
            alerts.append("paperworkOverdue")
        }
        return OrderView(
            id: id, number: record.number, kind: try Stored.value(DispatchOrderKind.self, record.kind, column: "dispatch_orders.kind"), status: status,
            requestId: record.requestID, requestNumber: request?.number ?? "", parentId: record.parentID, depotId: record.depotID,
            depotName: depot?.name ?? "", depotLongitude: depot?.longitude ?? 0, depotLatitude: depot?.latitude ?? 0,
            receiverUnitId: record.receiverUnitID, receiverName: receiver?.name ?? "", receivingDepotId: record.receivingDepotID, deliveryPlace: request?.deliveryPlace ?? "",
            deliveryLongitude: request?.longitude, deliveryLatitude: request?.latitude, depotOperatorUnitId: record.depotOperatorUnitID,
            carrierUnitId: record.carrierUnitID,
            carrierName: carrier?.name, vehicle: record.vehicle,
            approverJurisdiction: JurisdictionPath(rawValue: record.approverPath)?.code.rawValue ?? record.approverPath,
            neededBy: Date(milliseconds: record.neededByMs), roadKm: record.roadKm, eta: record.etaMs.map(Date.init(milliseconds:)),
            borderHandover: record.borderHandover, issuedAt: Date(milliseconds: record.issuedAtMs),
            acknowledgedAt: record.acknowledgedAtMs.map(Date.init(milliseconds:)), acknowledgedByName: record.acknowledgedByName,
            escalatedAt: record.escalatedAtMs.map(Date.init(milliseconds:)), departedAt: record.departedAtMs.map(Date.init(milliseconds:)),
            arrivedAt: record.arrivedAtMs.map(Date.init(milliseconds:)), deliveredAt: record.deliveredAtMs.map(Date.init(milliseconds:)),
            alerts: alerts,
            lines: lines.map { line in
                let item = itemsByID[line.itemID]
                let lot = lotsByID[line.lotID]
                return DispatchLineView(
                    id: line.id ?? UUID(), lineNo: line.lineNo, itemId: line.itemID, itemCode: item?.code ?? "", itemName: item?.nameZh ?? "",
                    unit: item?.unitZh ?? "", lotId: line.lotID, batchNo: lot?.batchNo ?? "", expiryDate: lot?.expiryDate, quantity: line.quantity,
                    accepted: line.accepted, short: line.short, damaged: line.damaged, signNote: line.signNote,
                    signedAt: line.signedAtMs.map(Date.init(milliseconds:)), signedByName: line.signedByName,
                    hasPhoto: line.id.map(photos.contains) ?? false, reusable: item?.reusable ?? false,
                    recovered: returns.filter { $0.lotID == line.lotID }.map(\.onHandDelta).reduce(0, +))
            },
            tracking: tracking.map {
                TrackingView(kind: $0.kind, note: $0.note, longitude: $0.longitude, latitude: $0.latitude, actorName: $0.actorName,
                             at: Date(milliseconds: $0.atMs))
            })
    }

    /// Orders past their acknowledgement limit not yet escalated: marks them escalated and tells the
    /// approver and the level above (R5.4). Run every 30 seconds by the server (EscalationSweep).
    public func escalateUnacknowledged() async throws -> Int {
        let now = clock.now()
        let open = try await DispatchOrderRecord.query(on: database).filter(\.$status == DispatchOrderStatus.issued.rawValue)
            .filter(\.$escalatedAtMs == nil).all()
        var escalated = 0
        for order in open {
            let level = try await levelInForce(at: try Stored.value(JurisdictionPath.self, order.receiverPath, column: "dispatch_orders.receiver_path"), on: database).0
            let alert = DispatchAuthority.escalation(
                approvedAtMs: Int64(order.issuedAtMs), acknowledged: order.acknowledgedAtMs != nil,
                limitMinutes: settings.dispatchPolicy.acknowledgementLimit(at: level),
                approver: try Stored.value(JurisdictionPath.self, order.approverPath, column: "dispatch_orders.approver_path"), nowMs: Int64(now.milliseconds))
            guard !alert.isEmpty else { continue }
            let notice = DispatchNotice(kind: "order.escalated", orderId: order.id, requestId: order.requestID, number: order.number,
                                        units: [], paths: alert.map(\.rawValue), at: now)
            let marked = try await store.write { tx in
                // Locked, so that two instances sweeping at once escalate an order once.
                guard let id = order.id, let fresh = try await DispatchOrderRecord.lockForChange(id, on: tx)?.record,
                      fresh.escalatedAtMs == nil, fresh.status == DispatchOrderStatus.issued.rawValue else { return false }
                fresh.escalatedAtMs = now.milliseconds
                try await fresh.update(on: tx)
                try await announce([notice], on: tx)
                return true
            }
            guard marked else { continue }
            deliverLocally([notice])
            escalated += 1
        }
        return escalated
    }
}

extension DispatchOrderRecord {
    /// The parties and state that decide who may move this order (OrderAuthority).
    var parties: OrderParties {
        get throws(LifelineError) {
            OrderParties(
            kind: try Stored.value(DispatchOrderKind.self, kind, column: "dispatch_orders.kind"), status: try Stored.value(DispatchOrderStatus.self, status, column: "dispatch_orders.status"),
            depotPath: try Stored.value(JurisdictionPath.self, depotPath, column: "dispatch_orders.depot_path"), receiverPath: try Stored.value(JurisdictionPath.self, receiverPath, column: "dispatch_orders.receiver_path"),
            approverPath: try Stored.value(JurisdictionPath.self, approverPath, column: "dispatch_orders.approver_path"), depotOperator: depotOperatorUnitID, carrier: carrierUnitID,
            receiver: receiverUnitID)
        }
    }
}
