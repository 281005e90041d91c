import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

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

extension DispatchService {
    /// The dispatch board: orders the actor executes, receives or oversees, newest first.
    public func orders(_ filter: OrderFilter, page: PageRequest, for actor: Actor) async throws -> Page<OrderView> {
        try AccessPolicy.require(.readDispatch, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let sort = try page.sortKey(allowed: ["issued", "neededBy", "number", "status"], default: "-issued")
        var query = DispatchOrderRecord.query(on: database).restricted(to: ScopeFilter(actor), .orders)
        if filter.openOnly {
            query = query.filter(\.$status != DispatchOrderStatus.delivered.rawValue).filter(
                \.$status != DispatchOrderStatus.cancelled.rawValue)
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
        return Page(
            items: try await orderViews(records.items, on: database), page: records.page, per: records.per,
            total: records.total)
    }

    public func order(_ id: UUID, for actor: Actor) async throws -> OrderView {
        try AccessPolicy.require(.readDispatch, actor)
        return try await orderView(try await order(id, for: actor, on: database), on: database)
    }

    /// A signed line's photo, for whoever may read the order.
    public func deliveryPhoto(order id: UUID, line lineID: UUID, for actor: Actor) async throws -> (
        contentType: String, bytes: Data
    ) {
        try AccessPolicy.require(.readDispatch, actor)
        let record = try await order(id, for: actor, on: database)
        let goodsID = record.parentID ?? id
        guard
            let photo = try await DeliveryPhotoRecord.query(on: database).filter(\.$orderID == goodsID).filter(
                \.$lineID == lineID
            ).first()
        else {
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

    func order(_ id: UUID, for actor: Actor, on db: any Database) async throws -> DispatchOrderRecord {
        guard let record = try await DispatchOrderRecord.find(id, on: db) else {
            throw LifelineError.notFound(.order, id.uuidString)
        }
        try requireReach(record, for: actor)
        return record
    }

    /// Order `id` read for a change, first, then the orders that move with it (its goods order, or
    /// the delivery orders that carry it), all locked — the goods order before its delivery orders,
    /// so that two changes of one family never wait on each other in a cycle (ADR 0022).
    func lockedOrderFamily(_ id: UUID, for actor: Actor, on tx: any Database) async throws -> [Locked<
        DispatchOrderRecord
    >] {
        let named = try await order(id, for: actor, on: tx)
        let goodsID = named.parentID ?? id
        let goods = try await lock(DispatchOrderRecord.self, goodsID, entity: .order, on: tx)
        let childIDs = try await DispatchOrderRecord.query(on: tx).filter(\.$parentID == goodsID).all(\.$id)
        let children = try await DispatchOrderRecord.lockForChange(childIDs, on: tx)
        let family = [goods] + children
        guard let first = family.first(where: { $0.record.id == id }) else {
            throw LifelineError.notFound(.order, id.uuidString)
        }
        try requireReach(first.record, for: actor)
        return [first] + family.filter { $0.record.id != id }
    }

    func requireReach(_ record: DispatchOrderRecord, for actor: Actor) throws(LifelineError) {
        // The columns of RowReach.orders, so that what the board shows is what can be opened.
        let reaches = ScopeFilter(actor).admits(
            storedPaths: [record.depotPath, record.receiverPath, record.approverPath],
            units: [record.depotOperatorUnitID, record.carrierUnitID, record.receiverUnitID])
        guard reaches else { throw LifelineError.outOfScope(.order) }
    }
}

extension DispatchOrderRecord {
    /// The parties and state that decide who may move this order (OrderAuthority).
    var parties: OrderParties {
        get throws {
            OrderParties(
                kind: try Stored.value(DispatchOrderKind.self, kind, column: "dispatch_orders.kind"),
                status: try Stored.value(DispatchOrderStatus.self, status, column: "dispatch_orders.status"),
                depotPath: try Stored.value(JurisdictionPath.self, depotPath, column: "dispatch_orders.depot_path"),
                receiverPath: try Stored.value(
                    JurisdictionPath.self, receiverPath, column: "dispatch_orders.receiver_path"),
                approverPath: try Stored.value(
                    JurisdictionPath.self, approverPath, column: "dispatch_orders.approver_path"),
                depotOperator: depotOperatorUnitID, carrier: carrierUnitID,
                receiver: receiverUnitID)
        }
    }
}
