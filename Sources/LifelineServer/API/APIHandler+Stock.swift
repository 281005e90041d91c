import Foundation
import LifelineDomain
import LifelineServices
import OpenAPIRuntime

extension APIHandler {
    // MARK: Depots

    func listDepots(_ input: Operations.ListDepots.Input) async throws -> Operations.ListDepots.Output {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let page = try await services.reference.depots(
            DepotFilter(
                jurisdiction: try Convert.code(q.jurisdiction, field: "jurisdiction"),
                operatorKind: try Convert.enum(q.operatorKind, field: "operatorKind"), query: q.q),
            page: Convert.page(q.page, q.per, q.sort?.rawValue), for: actor)
        return .ok(
            .init(
                body: .json(
                    .init(items: try page.items.map(Self.depot), page: page.page, per: page.per, total: page.total))))
    }

    func createDepot(_ input: Operations.CreateDepot.Input) async throws -> Operations.CreateDepot.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else {
            throw LifelineError(.malformedBody, field: "body", ["reason": "JSON expected"])
        }
        return .created(
            .init(
                body: .json(
                    try Self.depot(try await services.reference.createDepot(try Self.depotProfile(body), by: actor)))))
    }

    func getDepot(_ input: Operations.GetDepot.Input) async throws -> Operations.GetDepot.Output {
        let actor = try RequestContext.requireActor()
        let view = try await services.reference.depot(
            try Convert.uuid(input.path.depotId, field: "depotId"), for: actor)
        return .ok(.init(body: .json(try Self.depot(view))))
    }

    func updateDepot(_ input: Operations.UpdateDepot.Input) async throws -> Operations.UpdateDepot.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else {
            throw LifelineError(.malformedBody, field: "body", ["reason": "JSON expected"])
        }
        let view = try await services.reference.updateDepot(
            try Convert.uuid(input.path.depotId, field: "depotId"), try Self.depotProfile(body), by: actor)
        return .ok(.init(body: .json(try Self.depot(view))))
    }

    static func depotProfile(_ b: Components.Schemas.DepotInput) throws -> DepotProfile {
        guard let code = try Convert.code(b.jurisdictionCode, field: "jurisdictionCode") else {
            throw LifelineError.required("jurisdictionCode")
        }
        guard let location = try GeoPoint.validated(longitude: b.longitude, latitude: b.latitude) else {
            throw LifelineError.required("longitude")
        }
        return DepotProfile(
            code: b.code, name: b.name, jurisdiction: code,
            ownerUnitID: try Convert.uuid(b.ownerUnitId, field: "ownerUnitId"),
            operatorKind: try Convert.enum(b.operatorKind, field: "operatorKind"),
            operatorUnitID: try Convert.uuid(b.operatorUnitId, field: "operatorUnitId"), location: location,
            address: b.address,
            areaM2: b.areaM2, volumeM3: b.volumeM3,
            zones: try b.temperatureZones.map { zone throws(LifelineError) in
                try Convert.enum(zone, field: "temperatureZones")
            },
            coldChainM3: b.coldChainM3 ?? 0, isForward: b.isForward ?? false)
    }

    static func depot(_ d: DepotView) throws -> Components.Schemas.Depot {
        let p = d.profile
        return .init(
            id: d.id.uuidString, path: d.path, code: p.code, name: p.name, jurisdictionCode: p.jurisdiction.rawValue,
            ownerUnitId: p.ownerUnitID?.uuidString,
            operatorKind: try Convert.enum(p.operatorKind, field: "operatorKind"),
            operatorUnitId: p.operatorUnitID?.uuidString, longitude: p.location.longitude,
            latitude: p.location.latitude,
            address: p.address, areaM2: p.areaM2, volumeM3: p.volumeM3,
            temperatureZones: try p.zones.map { zone throws(LifelineError) in
                try Convert.enum(zone, field: "temperatureZones")
            },
            coldChainM3: p.coldChainM3, isForward: p.isForward)
    }

    // MARK: Lots and positions

    func listLots(_ input: Operations.ListLots.Input) async throws -> Operations.ListLots.Output {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let filter = LotFilter(
            depotId: try Convert.uuid(q.depotId, field: "depotId"), itemId: try Convert.uuid(q.itemId, field: "itemId"),
            status: try Convert.enum(q.status, field: "status"),
            category: try Convert.enum(q.category, field: "category"),
            expiringWithinDays: q.expiringWithinDays,
            jurisdiction: try Convert.code(q.jurisdiction, field: "jurisdiction"),
            includeEmpty: q.includeEmpty ?? false)
        let page = try await services.stock.lots(
            filter, page: Convert.page(q.page, q.per, q.sort?.rawValue), for: actor)
        return .ok(
            .init(
                body: .json(
                    .init(items: try page.items.map(Self.lot), page: page.page, per: page.per, total: page.total))))
    }

    func getLot(_ input: Operations.GetLot.Input) async throws -> Operations.GetLot.Output {
        let actor = try RequestContext.requireActor()
        return .ok(
            .init(
                body: .json(
                    try Self.lot(
                        try await services.stock.lot(try Convert.uuid(input.path.lotId, field: "lotId"), for: actor)))))
    }

    func changeLotStatus(_ input: Operations.ChangeLotStatus.Input) async throws -> Operations.ChangeLotStatus.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else {
            throw LifelineError(.malformedBody, field: "body", ["reason": "JSON expected"])
        }
        let view = try await services.stock.changeStatus(
            LotStatusInput(
                lotId: try Convert.uuid(input.path.lotId, field: "lotId"),
                status: try Convert.enum(body.status, field: "status"),
                reason: body.reason), by: actor)
        return .ok(.init(body: .json(try Self.lot(view))))
    }

    static func lot(_ l: LotView) throws -> Components.Schemas.Lot {
        .init(
            id: l.id.uuidString, depotId: l.depotId.uuidString, itemId: l.itemId.uuidString, path: l.path,
            batchNo: l.batchNo,
            manufacturer: l.manufacturer, productionDate: l.productionDate, expiryDate: l.expiryDate,
            status: try Convert.enum(l.status, field: "status"), onHand: l.onHand, reserved: l.reserved, held: l.held,
            available: l.available, unitCostFen: l.unitCostFen,
            expiryBand: try Convert.enum(l.expiryBand, field: "expiryBand"))
    }

    func listStockPositions(_ input: Operations.ListStockPositions.Input) async throws
        -> Operations.ListStockPositions.Output
    {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let grouping: PositionGrouping = try Convert.enum(q.groupBy, field: "groupBy")
        let positions = try await services.stock.positions(
            by: grouping, under: try Convert.code(q.jurisdiction, field: "jurisdiction"),
            depotId: try Convert.uuid(q.depotId, field: "depotId"),
            for: actor)
        let total = positions.reduce(StockPosition.total) { $0.adding($1) }
        return .ok(
            .init(
                body: .json(
                    .init(
                        groupBy: grouping.rawValue, positions: try positions.map(Self.position),
                        totals: try Self.position(total)))))
    }

    static func position(_ p: StockPosition) throws(LifelineError) -> Components.Schemas.StockPosition {
        .init(
            key: p.key, label: p.label, labelEn: p.labelEn, onHand: p.onHand, reserved: p.reserved, held: p.held,
            available: p.available,
            valueFen: try p.value.reportable(), lots: p.lots, nearExpiryLots: p.nearExpiryLots,
            expiredLots: p.expiredLots)
    }

    // MARK: Movements

    func listMovements(_ input: Operations.ListMovements.Input) async throws -> Operations.ListMovements.Output {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let filter = MovementFilter(
            depotId: try Convert.uuid(q.depotId, field: "depotId"), lotId: try Convert.uuid(q.lotId, field: "lotId"),
            itemId: try Convert.uuid(q.itemId, field: "itemId"), kind: try Convert.enum(q.kind, field: "kind"),
            documentNo: q.documentNo)
        let page = try await services.stock.movements(
            filter, page: Convert.page(q.page, q.per, q.sort?.rawValue), for: actor)
        return .ok(
            .init(
                body: .json(
                    .init(items: try page.items.map(Self.movement), page: page.page, per: page.per, total: page.total)))
        )
    }

    func getMovement(_ input: Operations.GetMovement.Input) async throws -> Operations.GetMovement.Output {
        let actor = try RequestContext.requireActor()
        return .ok(
            .init(body: .json(try Self.movement(try await services.stock.movement(input.path.movementId, for: actor)))))
    }

    func receiveStock(_ input: Operations.ReceiveStock.Input) async throws -> Operations.ReceiveStock.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let b) = input.body else {
            throw LifelineError(.malformedBody, field: "body", ["reason": "JSON expected"])
        }
        let receipt = ReceiptInput(
            depotId: try Convert.uuid(b.depotId, field: "depotId"), itemId: try Convert.uuid(b.itemId, field: "itemId"),
            quantity: b.quantity,
            lotId: try Convert.uuid(b.lotId, field: "lotId"), batchNo: b.batchNo, manufacturer: b.manufacturer,
            productionDate: b.productionDate, expiryDate: b.expiryDate, unitCostFen: b.unitCostFen,
            inspection: try Convert.enum(b.inspection, field: "inspection") ?? .passed, note: b.note)
        let result = try await services.stock.receive(receipt, key: input.headers.idempotencyKey, by: actor)
        return .created(.init(body: .json(try Self.result(result))))
    }

    func issueStock(_ input: Operations.IssueStock.Input) async throws -> Operations.IssueStock.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let b) = input.body else {
            throw LifelineError(.malformedBody, field: "body", ["reason": "JSON expected"])
        }
        let issue = IssueInput(
            lotId: try Convert.uuid(b.lotId, field: "lotId"), depotId: try Convert.uuid(b.depotId, field: "depotId"),
            itemId: try Convert.uuid(b.itemId, field: "itemId"), quantity: b.quantity,
            unitId: try Convert.uuid(b.unitId, field: "unitId"),
            reason: b.reason)
        let result = try await services.stock.issue(issue, key: input.headers.idempotencyKey, by: actor)
        return .created(.init(body: .json(try Self.result(result))))
    }

    func transferStock(_ input: Operations.TransferStock.Input) async throws -> Operations.TransferStock.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let b) = input.body else {
            throw LifelineError(.malformedBody, field: "body", ["reason": "JSON expected"])
        }
        let transfer = TransferInput(
            fromDepotId: try Convert.uuid(b.fromDepotId, field: "fromDepotId"),
            toDepotId: try Convert.uuid(b.toDepotId, field: "toDepotId"),
            itemId: try Convert.uuid(b.itemId, field: "itemId"), quantity: b.quantity,
            lotId: try Convert.uuid(b.lotId, field: "lotId"),
            reason: b.reason)
        let result = try await services.stock.transfer(transfer, key: input.headers.idempotencyKey, by: actor)
        return .created(.init(body: .json(try Self.result(result))))
    }

    func adjustStock(_ input: Operations.AdjustStock.Input) async throws -> Operations.AdjustStock.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let b) = input.body else {
            throw LifelineError(.malformedBody, field: "body", ["reason": "JSON expected"])
        }
        let change = LotQuantityInput(
            lotId: try Convert.uuid(b.lotId, field: "lotId"), quantity: b.quantity, reason: b.reason)
        return .created(
            .init(
                body: .json(
                    try Self.result(
                        try await services.stock.adjust(change, key: input.headers.idempotencyKey, by: actor)))))
    }

    func returnStock(_ input: Operations.ReturnStock.Input) async throws -> Operations.ReturnStock.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let b) = input.body else {
            throw LifelineError(.malformedBody, field: "body", ["reason": "JSON expected"])
        }
        let change = LotQuantityInput(
            lotId: try Convert.uuid(b.lotId, field: "lotId"), quantity: b.quantity, reason: b.reason,
            unitId: try Convert.uuid(b.unitId, field: "unitId"))
        return .created(
            .init(
                body: .json(
                    try Self.result(
                        try await services.stock.returnStock(change, key: input.headers.idempotencyKey, by: actor)))))
    }

    static func movement(_ m: MovementView) throws -> Components.Schemas.Movement {
        .init(
            id: m.id, kind: try Convert.enum(m.kind, field: "kind"), lotId: m.lotId.uuidString,
            depotId: m.depotId.uuidString,
            itemId: m.itemId.uuidString, onHandDelta: m.onHandDelta, reservedDelta: m.reservedDelta,
            heldDelta: m.heldDelta,
            documentNo: m.documentNo, reason: m.reason, inspection: try Convert.enum(m.inspection, field: "inspection"),
            counterpartDepotId: m.counterpartDepotId?.uuidString, unitId: m.unitId?.uuidString, actorName: m.actorName,
            at: m.at)
    }

    static func result(_ r: MovementResult) throws -> Components.Schemas.MovementResult {
        .init(documentNo: r.documentNo, movements: try r.movements.map(movement))
    }
}
