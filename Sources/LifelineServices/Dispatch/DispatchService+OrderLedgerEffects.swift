import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension DispatchService {
    // MARK: - Ledger effects

    /// Departure: the reserved units leave the depot (issue from the reservation).
    func moveOut(_ order: DispatchOrderRecord, actor: Actor, at now: Date, on tx: any Database) async throws {
        for line in try await DispatchLineRecord.query(on: tx).filter(\.$orderID == order.requireID()).all() {
            try await reference.keepCataloguePrice(on: line, on: tx)
            guard let lot = try await LedgerSQL.lot(line.lotID, on: tx) else {
                throw LifelineError.notFound(.lot, line.lotID.uuidString)
            }
            let kind: MovementKind = order.receivingDepotID == nil ? .issue : .transferOut
            let movement = MovementDraft(
                kind: kind, lot: lot, effect: kind.effect(quantity: line.quantity, fromReservation: true),
                documentNo: order.number, reason: nil, counterpartDepotID: order.receivingDepotID,
                unitID: order.receiverUnitID, actor: actor, at: now)
            guard try await LedgerSQL.post(movement, issuableOn: nil, at: now, on: tx) != nil else {
                throw RetryableConflict()
            }
        }
    }

    /// An allocation order (调拨令) ends with the accepted units entering the receiving depot, in a
    /// lot of the same batch; shortages and damage stay claims on the shipper.
    func receiveIntoDepot(
        _ order: DispatchOrderRecord, lines: [DispatchLineRecord], actor: Actor, at now: Date, on tx: any Database
    ) async throws {
        guard let depotID = order.receivingDepotID, let depot = try await DepotRecord.find(depotID, on: tx) else {
            return
        }
        for line in lines where (line.accepted ?? 0) > 0 {
            guard let source = try await LedgerSQL.lot(line.lotID, on: tx) else {
                throw LifelineError.notFound(.lot, line.lotID.uuidString)
            }
            let target = try LedgerLot(try await stock.matchingLot(source, in: depot, at: now, on: tx), depot: depot)
            let movement = MovementDraft(
                kind: .transferIn, lot: target, effect: MovementKind.transferIn.effect(quantity: line.accepted ?? 0),
                documentNo: order.number, reason: nil, counterpartDepotID: order.depotID, actor: actor, at: now)
            guard try await LedgerSQL.post(movement, issuableOn: nil, at: now, on: tx) != nil else {
                throw RetryableConflict()
            }
        }
    }

    /// Cancellation before loading: the reservation is given back.
    func release(_ order: DispatchOrderRecord, actor: Actor, at now: Date, on tx: any Database) async throws {
        for line in try await DispatchLineRecord.query(on: tx).filter(\.$orderID == order.requireID()).all() {
            guard let lot = try await LedgerSQL.lot(line.lotID, on: tx) else {
                throw LifelineError.notFound(.lot, line.lotID.uuidString)
            }
            let movement = MovementDraft(
                kind: .release, lot: lot, effect: MovementKind.release.effect(quantity: line.quantity),
                documentNo: order.number, reason: "cancelled", unitID: order.receiverUnitID, actor: actor, at: now)
            guard try await LedgerSQL.post(movement, issuableOn: nil, at: now, on: tx) != nil else {
                throw RetryableConflict()
            }
        }
    }

    /// Who draws pays; agreement stock must be bought back; shortages and damage are claims on the shipper.
    /// Every row is priced at the market price in force on the day the goods left the depot, and
    /// says whether that came from the price history or the catalogue (ADR 0026).
    func charge(_ order: DispatchOrderRecord, lines: [DispatchLineRecord], at now: Date, on tx: any Database)
        async throws
    {
        let depot = try await DepotRecord.find(order.depotID, on: tx)
        let shipper = depot?.operatorUnitID ?? depot?.ownerUnitID
        let enterprise = depot?.operatorKind == DepotOperatorKind.enterprise.rawValue
        for line in lines {
            let (price, source) = try await reference.marketPrice(of: line, in: order, on: tx)
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
            try await add(
                "claim", payer: shipper, payee: order.receiverUnitID, quantity: (line.short ?? 0) + (line.damaged ?? 0))
        }
    }

    /// Moves the order's request on once its goods orders changed (``RequestStatus/settled(byOrders:)``):
    /// fulfilled when all standing orders are delivered, back in the approver's inbox when all were
    /// cancelled. Returns the audit event and notice of the move, if the request moved.
    func settleRequest(_ requestID: UUID, by actor: Actor, at now: Date, on tx: any Database) async throws -> (
        AuditEvent, DispatchNotice
    )? {
        let orders = try await DispatchOrderRecord.query(on: tx).filter(\.$requestID == requestID)
            .filter(\.$kind != DispatchOrderKind.delivery.rawValue).all()
        guard let locked = try await SupplyRequestRecord.lockForChange(requestID, on: tx) else { return nil }
        let request = locked.record
        let status = try Stored.value(RequestStatus.self, request.status, column: "supply_requests.status")
        let next = status.settled(
            byOrders: try orders.map {
                try Stored.value(DispatchOrderStatus.self, $0.status, column: "dispatch_orders.status")
            })
        guard next != status else { return nil }
        let before = try await requestView(request, on: tx)
        try await transition(locked, to: next.rawValue, entity: .request, on: tx)
        if next == .fulfilled { request.fulfilledAtMs = now.milliseconds }
        try await request.update(on: tx)
        let action = next == .fulfilled ? "request.fulfilled" : "request.reopened"
        let after = try await requestView(request, on: tx)
        return (
            AuditEvent(
                action, by: actor, entity: .request, id: requestID.uuidString, path: try request.jurisdictionPath,
                before: before, after: after),
            DispatchNotice(
                kind: action, orderId: nil, requestId: requestID, number: request.number, units: [request.unitID],
                paths: [request.path, request.approverPath].compactMap { $0 }, at: now)
        )
    }
}
