import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension DispatchService {
    /// Acknowledges, picks, loads, departs, passes a checkpoint, arrives or cancels (R5.4). Departure
    /// issues the reserved lots out of the depot; cancellation before loading releases them. A 配送令
    /// and the order whose goods it carries move together.
    public func track(_ id: UUID, _ input: TrackingInput, key: String, by actor: Actor) async throws -> OrderView {
        try AccessPolicy.require(input.action == .cancel ? .approveDispatch : .executeDispatch, actor)
        guard input.action != .sign else { throw LifelineError.invalid("action", "sign with the signing call") }
        let note = try Text.optional(input.note, field: "note", max: 500)
        let point = try GeoPoint.validated(longitude: input.longitude, latitude: input.latitude)
        let now = clock.now()
        return try await idempotent(
            "order.\(input.action.rawValue)", key: key, actor: actor, input: [id.uuidString, Self.json(input)]
        ) { tx in
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
                    // linked: follow where it can
                    guard let moved = try? status.applying(input.action) else { continue }
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
            if input.action == .cancel,
                let (event, notice) = try await settleRequest(record.requestID, by: actor, at: now, on: tx)
            {
                settled = event
                notices.append(notice)
            }
            let view = try await orderView(record, on: tx)
            return Audited(
                output: view,
                events: [
                    AuditEvent(
                        "order.\(input.action.rawValue)", by: actor, entity: .order, id: id.uuidString,
                        path: try Stored.value(
                            JurisdictionPath.self, record.depotPath, column: "dispatch_orders.depot_path"),
                        before: before, after: view)
                ]
                    + [settled].compactMap { $0 },
                notices: notices)
        }
    }

    /// Orders past their acknowledgement limit not yet escalated: marks them escalated and tells the
    /// approver and the level above (R5.4). Run every 30 seconds by the server (EscalationSweep).
    public func escalateUnacknowledged() async throws -> Int {
        let now = clock.now()
        let open = try await DispatchOrderRecord.query(on: database).filter(
            \.$status == DispatchOrderStatus.issued.rawValue
        )
        .filter(\.$escalatedAtMs == nil).all()
        var escalated = 0
        for order in open {
            let level = try await levelInForce(
                at: try Stored.value(
                    JurisdictionPath.self, order.receiverPath, column: "dispatch_orders.receiver_path"), on: database
            ).0
            let alert = DispatchAuthority.escalation(
                approvedAtMs: Int64(order.issuedAtMs), acknowledged: order.acknowledgedAtMs != nil,
                limitMinutes: settings.dispatchPolicy.acknowledgementLimit(at: level),
                approver: try Stored.value(
                    JurisdictionPath.self, order.approverPath, column: "dispatch_orders.approver_path"),
                nowMs: Int64(now.milliseconds))
            guard !alert.isEmpty else { continue }
            let notice = DispatchNotice(
                kind: "order.escalated", orderId: order.id, requestId: order.requestID, number: order.number,
                units: [], paths: alert.map(\.rawValue), at: now)
            let marked = try await store.write { tx in
                // Locked, so that two instances sweeping at once escalate an order once.
                guard let id = order.id, let fresh = try await DispatchOrderRecord.lockForChange(id, on: tx)?.record,
                    fresh.escalatedAtMs == nil, fresh.status == DispatchOrderStatus.issued.rawValue
                else { return false }
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
