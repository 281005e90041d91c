import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension DispatchService {
    /// One goods order per source depot with its lots reserved: into a reserve depot 调拨令 (the DB
    /// series of transfers), to a using unit 调配令; with a carrier, a 配送令 that carries it. Returns
    /// the notices for the executing units.
    func issueOrders(
        for record: SupplyRequestRecord, picks: [(LedgerLot, Int)], depots depotsByID: [UUID: DepotRecord],
        carrier: UnitRecord?,
        input: ApprovalInput, approver: JurisdictionPath, by actor: Actor, on tx: any Database
    ) async throws -> [DispatchNotice] {
        let now = clock.now()
        let today = self.today
        let transport = settings.transport
        let id = try record.requireID()
        let receiver = try await unit(record.unitID, on: tx)
        let destination = try await destination(of: record, on: tx)
        // A registered vehicle names itself by its plate; otherwise the approver's free text, as before.
        let registered = try await input.vehicleId.asyncMap { try await self.vehicle($0, for: actor, on: tx) }
        let vehicle = try registered.map { $0.plate } ?? Text.optional(input.vehicle, field: "vehicle", max: 100)
        var notices: [DispatchNotice] = []
        let byDepot = Dictionary(grouping: picks, by: { $0.0.depotID })
        for depotID in byDepot.keys.sorted(by: { $0.uuidString < $1.uuidString }) {
            guard let depot = depotsByID[depotID], let depotLots = byDepot[depotID] else { continue }
            let km = destination.map { transport.roadKm(from: depot.location, to: $0) } ?? 0
            func makeOrder(_ kind: DispatchOrderKind, parent: UUID?) async throws -> DispatchOrderRecord {
                let prefix: DocumentPrefix =
                    switch kind {
                    case .allocation: .transfer
                    case .deployment: .deploymentOrder
                    case .delivery: .deliveryOrder
                    }
                let order = DispatchOrderRecord(status: DispatchOrderStatus.issued.rawValue)
                order.id = ids.next()
                order.kind = kind.rawValue
                order.number = try await LedgerSQL.nextDocumentNumber(
                    prefix, jurisdiction: approver.code, day: today, on: tx
                ).description
                order.parentID = parent
                order.receivingDepotID = record.receivingDepotID
                order.requestID = id
                order.depotID = depotID
                order.depotPath = depot.path
                order.depotOperatorUnitID = depot.operatorUnitID ?? depot.ownerUnitID
                order.receiverUnitID = record.unitID
                order.receiverPath = receiver.path
                order.carrierUnitID = carrier?.id
                order.vehicle = vehicle
                order.vehicleID = try registered?.requireID()
                order.approverPath = approver.rawValue
                order.neededByMs = record.neededByMs
                order.roadKm = (km * 10).rounded() / 10
                order.etaMs = now.milliseconds + Int(transport.hours(roadKm: km) * 3_600_000)
                order.borderHandover = input.borderHandover
                order.grid = record.grid
                order.round = record.round
                order.issuedAtMs = now.milliseconds
                try await order.create(on: tx)
                notices.append(orderNotice("order.issued", order, at: now))
                return order
            }
            let order = try await makeOrder(record.receivingDepotID == nil ? .deployment : .allocation, parent: nil)
            for (lineIndex, (lot, quantity)) in depotLots.enumerated() {
                try await DispatchLineRecord(
                    id: ids.next(), orderID: try order.requireID(), lineNo: lineIndex + 1, itemID: lot.itemID,
                    lotID: lot.id, quantity: quantity
                ).create(on: tx)
                let movement = MovementDraft(
                    kind: .reserve, lot: lot, effect: MovementKind.reserve.effect(quantity: quantity),
                    documentNo: order.number, reason: record.number, unitID: record.unitID, actor: actor, at: now)
                guard try await LedgerSQL.post(movement, issuableOn: today, at: now, on: tx) != nil else {
                    throw RetryableConflict()  // the lot changed since it was read: pick again
                }
            }
            if carrier != nil { _ = try await makeOrder(.delivery, parent: order.id) }
        }
        return notices
    }
}
