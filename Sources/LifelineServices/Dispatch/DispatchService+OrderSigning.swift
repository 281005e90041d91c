import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension DispatchService {
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
                throw LifelineError(
                    .outOfRange, field: "lines[\(index)].\(name)",
                    ["min": "0", "max": String(Limits.quantityPerMovement)])
            }
            _ = try Text.optional(line.note, field: "lines[\(index)].note", max: 500)
            if let photo = line.photo { _ = try DeliveryPhoto.validate(photo, field: "lines[\(index)].photo") }
        }
        let now = clock.now()
        return try await idempotent("order.sign", key: key, actor: actor, input: [id.uuidString, Self.json(input)]) {
            tx in
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
                    throw LifelineError(
                        .invalidTransition, field: "lines[\(index)].lineId",
                        localized: [
                            "entity": .init(zh: "签收行", en: "delivery line"), "from": .init(zh: "已签收", en: "signed"),
                            "to": .init(zh: "再次签收", en: "signed again"),
                        ])
                }
                guard input.accepted + input.short + input.damaged == line.quantity else {
                    throw LifelineError.invalid(
                        "lines[\(index)].accepted", "accepted + short + damaged must equal \(line.quantity)")
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
                    if let next = try?
                        (try Stored.value(
                            DispatchOrderStatus.self, child.record.status, column: "dispatch_orders.status")).applying(
                            .sign)
                    {
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
            return Audited(
                output: view,
                events: [
                    AuditEvent(
                        "order.sign", by: actor, entity: .order, id: id.uuidString,
                        path: try Stored.value(
                            JurisdictionPath.self, record.receiverPath, column: "dispatch_orders.receiver_path"),
                        before: before, after: view)
                ]
                    + [settled].compactMap { $0 },
                notices: notices)
        }
    }
}
