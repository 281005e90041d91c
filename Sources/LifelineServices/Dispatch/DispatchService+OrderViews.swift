import FluentKit
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

extension DispatchService {
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
        let allLines = try await self.records(
            DispatchLineRecord.self, columns: "*", where: .column("order_id", in: Array(goodsIDs)), orderBy: "line_no",
            on: db)
        let items = try await self.records(
            ItemRecord.self, columns: "id, code, name_zh, name_en, unit_zh, unit_en, reusable",
            where: .column("id", in: Array(Set(allLines.map(\.itemID)))), on: db)
        let lots = try await self.records(
            LotRecord.self, columns: "id, batch_no, expiry_date",
            where: .column("id", in: Array(Set(allLines.map(\.lotID)))),
            on: db)
        let tracking = try await self.records(
            TrackingEventRecord.self, columns: "*", where: .column("order_id", in: ids), orderBy: "id", on: db)
        var returned = SQLConditions.column("document_no", in: Array(Set(records.map(\.number))))
        returned.add("kind = \(bind: MovementKind.return.rawValue)")
        let returns = try await self.records(
            StockMovementRecord.self, columns: "document_no, lot_id, on_hand_delta", where: returned, on: db)
        let photos = try await self.records(
            DeliveryPhotoRecord.self, columns: "order_id, line_id", where: .column("order_id", in: Array(goodsIDs)),
            on: db)
        let depots = try await self.records(
            DepotRecord.self, columns: "id, name, path, longitude, latitude, is_forward",
            where: .column("id", in: Array(Set(records.map(\.depotID)))), on: db)
        let units = try await self.records(
            UnitRecord.self, columns: "id, name",
            where: .column("id", in: Array(Set(records.map(\.receiverUnitID) + records.compactMap(\.carrierUnitID)))),
            on: db)
        let requests = try await self.records(
            SupplyRequestRecord.self,
            columns:
                """
                id, number, delivery_place, longitude, latitude, form, execute_first, paperwork_due_ms, \
                paperwork_done_at_ms, incident_id, submitted_at_ms
                """,
            where: .column("id", in: Array(Set(records.map(\.requestID)))), on: db)
        // The events the mass-testing requests answer: their declaration starts the first-round clock (R5.4).
        let incidentIDs = Array(Set(requests.compactMap(\.incidentID)))
        let declared =
            incidentIDs.isEmpty ? [] : try await IncidentRecord.query(on: db).filter(\.$id ~~ incidentIDs).all()
        let related = OrderRelations(
            lines: Dictionary(grouping: allLines, by: \.orderID),
            items: Dictionary(uniqueKeysWithValues: items.compactMap { i in i.id.map { ($0, i) } }),
            lots: Dictionary(uniqueKeysWithValues: lots.compactMap { l in l.id.map { ($0, l) } }),
            tracking: Dictionary(grouping: tracking, by: \.orderID),
            returns: Dictionary(grouping: returns, by: \.documentNo),
            photoLines: Dictionary(grouping: photos, by: \.orderID).mapValues { Set($0.map(\.lineID)) },
            depots: Dictionary(uniqueKeysWithValues: depots.compactMap { d in d.id.map { ($0, d) } }),
            units: Dictionary(uniqueKeysWithValues: units.compactMap { u in u.id.map { ($0, u) } }),
            requests: Dictionary(uniqueKeysWithValues: requests.compactMap { r in r.id.map { ($0, r) } }),
            activeIncidents: try await activeIncidents(on: db),
            incidentDeclaredAtMs: Dictionary(
                uniqueKeysWithValues: declared.compactMap { i in i.id.map { ($0, i.declaredAtMs) } }))
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

    private func orderView(_ record: DispatchOrderRecord, id: UUID, related: OrderRelations, now: Int) throws
        -> OrderView
    {
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
        let level = Self.levelInForce(
            at: try Stored.value(JurisdictionPath.self, record.receiverPath, column: "dispatch_orders.receiver_path"),
            among: related.activeIncidents
        ).0
        let ackLimit = settings.dispatchPolicy.acknowledgementLimit(at: level)
        if record.acknowledgedAtMs == nil, status == .issued, now - record.issuedAtMs > ackLimit * 60_000 {
            alerts.append("unacknowledged")
        }
        if status.isOpen, let eta = record.etaMs, eta > record.neededByMs { alerts.append("late") }
        if let departed = record.departedAtMs, let depot {
            let point = request.flatMap { r in
                r.longitude.flatMap { lon in r.latitude.map { GeoPoint(longitude: lon, latitude: $0) } }
            }
            if let limit = settings.transport.legLimitHours(
                sourceIsCountyDepot: try depot.jurisdictionPath.level == .county, sourceIsForward: depot.isForward,
                straightKm: point.map(depot.location.distanceKilometres(to:))),
                settings.transport.legOverdue(
                    departedAtMs: Int64(departed), arrivedAtMs: record.arrivedAtMs.map(Int64.init), limitHours: limit,
                    nowMs: Int64(now))
            {
                alerts.append("legOverdue")
            }
        }
        if let request, request.isFirstRound, status != .cancelled {
            let declared = request.incidentID.flatMap { related.incidentDeclaredAtMs[$0] }
            let start = TransportLimits.responseStart(
                eventDeclaredAtMs: declared.map(Int64.init),
                requestSubmittedAtMs: request.submittedAtMs.map(Int64.init),
                orderIssuedAtMs: Int64(record.issuedAtMs))
            if settings.transport.firstRoundOverdue(
                responseStartedAtMs: start, arrivedAtMs: record.arrivedAtMs.map(Int64.init), nowMs: Int64(now))
            {
                alerts.append("firstRoundOverdue")
            }
        }
        if let request, request.executeFirst, let due = request.paperworkDueMs, request.paperworkDoneAtMs == nil,
            now > due
        {
            alerts.append("paperworkOverdue")
        }
        var view = OrderView(
            id: id, number: record.number,
            kind: try Stored.value(DispatchOrderKind.self, record.kind, column: "dispatch_orders.kind"), status: status,
            requestId: record.requestID, requestNumber: request?.number ?? "", parentId: record.parentID,
            depotId: record.depotID,
            depotName: depot?.name ?? "", depotLongitude: depot?.longitude ?? 0, depotLatitude: depot?.latitude ?? 0,
            receiverUnitId: record.receiverUnitID, receiverName: receiver?.name ?? "",
            receivingDepotId: record.receivingDepotID, deliveryPlace: request?.deliveryPlace ?? "",
            deliveryLongitude: request?.longitude, deliveryLatitude: request?.latitude,
            depotOperatorUnitId: record.depotOperatorUnitID,
            carrierUnitId: record.carrierUnitID,
            carrierName: carrier?.name, vehicle: record.vehicle,
            approverJurisdiction: JurisdictionPath(rawValue: record.approverPath)?.code.rawValue ?? record.approverPath,
            neededBy: Date(milliseconds: record.neededByMs), roadKm: record.roadKm,
            eta: record.etaMs.map(Date.init(milliseconds:)),
            borderHandover: record.borderHandover, issuedAt: Date(milliseconds: record.issuedAtMs),
            acknowledgedAt: record.acknowledgedAtMs.map(Date.init(milliseconds:)),
            acknowledgedByName: record.acknowledgedByName,
            escalatedAt: record.escalatedAtMs.map(Date.init(milliseconds:)),
            departedAt: record.departedAtMs.map(Date.init(milliseconds:)),
            arrivedAt: record.arrivedAtMs.map(Date.init(milliseconds:)),
            deliveredAt: record.deliveredAtMs.map(Date.init(milliseconds:)),
            alerts: alerts,
            lines: lines.map { line in
                let item = itemsByID[line.itemID]
                let lot = lotsByID[line.lotID]
                return DispatchLineView(
                    id: line.id ?? UUID(), lineNo: line.lineNo, itemId: line.itemID, itemCode: item?.code ?? "",
                    itemName: item?.nameZh ?? "",
                    unit: item?.unitZh ?? "", itemNameEn: item?.nameEn, unitEn: item?.unitEn, lotId: line.lotID,
                    batchNo: lot?.batchNo ?? "", expiryDate: lot?.expiryDate, quantity: line.quantity,
                    accepted: line.accepted, short: line.short, damaged: line.damaged, signNote: line.signNote,
                    signedAt: line.signedAtMs.map(Date.init(milliseconds:)), signedByName: line.signedByName,
                    hasPhoto: line.id.map(photos.contains) ?? false, reusable: item?.reusable ?? false,
                    recovered: returns.filter { $0.lotID == line.lotID }.map(\.onHandDelta).reduce(0, +))
            },
            tracking: tracking.map {
                TrackingView(
                    kind: $0.kind, note: $0.note, longitude: $0.longitude, latitude: $0.latitude,
                    actorName: $0.actorName,
                    at: Date(milliseconds: $0.atMs))
            })
        view.grid = record.grid
        view.round = record.round
        view.vehicleId = record.vehicleID
        return view
    }
}
