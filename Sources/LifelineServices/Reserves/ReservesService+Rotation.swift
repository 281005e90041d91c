import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// Rotation (R4.3, "先进先出、轮换在先、报废在后"): institutions' yearly purchase quotas; a plan proposed
/// from a jurisdiction's near-expiry lots (``RotationPlanner``) — issues within the quotas, sales of
/// the rest, write-offs of what expired, replacement purchases — and executed in one transaction:
/// the issues and sales posted, the write-offs requested for the second person, the quotas used.
extension ReservesService {
    // MARK: - Quotas

    /// Quotas of the institutions in the actor's scope (an institution's own), by year, newest first.
    public func purchaseQuotas(year: Int?, page: PageRequest, for actor: Actor) async throws -> Page<
        PurchaseQuotaView
    > {
        try AccessPolicy.require(.readStock, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        var query = PurchaseQuotaRecord.query(on: database).restricted(to: ScopeFilter(actor), .purchaseQuotas)
        if let year { query = query.filter(\.$year == year) }
        let records = try await query.sort(\.$year, .descending).sort(\.$path).sort(\.$id).paginate(page)
        let views = try await quotaViews(records.items, on: database)
        return Page(items: views, page: records.page, per: records.per, total: records.total)
    }

    /// Sets an institution's yearly quota of an item (audited); never below what rotation already used.
    public func setPurchaseQuota(_ input: PurchaseQuotaInput, by actor: Actor) async throws -> PurchaseQuotaView {
        try AccessPolicy.require(.managePlans, actor)
        guard (2000...2999).contains(input.year) else {
            throw LifelineError(.outOfRange, field: "year", ["min": "2000", "max": "2999"])
        }
        guard (0...Limits.lotOnHand).contains(input.quota) else {
            throw LifelineError(.outOfRange, field: "quota", ["min": "0", "max": String(Limits.lotOnHand)])
        }
        let now = clock.now()
        return try await store.write { tx in
            let unit = try await unit(input.unitId, field: "unitId", on: tx)
            guard unit.kind == UnitKind.medicalInstitution.rawValue else {
                throw LifelineError.invalid("unitId", "a medical institution")
            }
            let path = try Stored.value(JurisdictionPath.self, unit.path, column: "units.path")
            guard !actor.role.isUnitBound, actor.scope.contains(path) else { throw LifelineError.outOfScope(.unit) }
            let item = try await item(code: input.itemCode, field: "itemCode", on: tx)
            let itemID = try item.requireID()
            let existing = try await PurchaseQuotaRecord.query(on: tx).filter(\.$unitID == input.unitId)
                .filter(\.$itemID == itemID).filter(\.$year == input.year).first()
            var before: PurchaseQuotaView?
            if let existing { before = try await quotaViews([existing], on: tx).first }
            let row = existing ?? PurchaseQuotaRecord()
            if existing == nil {
                row.id = ids.next()
                row.unitID = input.unitId
                row.itemID = itemID
                row.year = input.year
                row.path = unit.path
                row.used = 0
            }
            guard input.quota >= row.used else {
                throw LifelineError(
                    .outOfRange, field: "quota", ["min": String(row.used), "max": String(Limits.lotOnHand)])
            }
            row.quota = input.quota
            row.updatedByName = actor.username
            row.updatedAtMs = now.milliseconds
            try await row.save(on: tx)
            let view = try await quotaViews([row], on: tx)[0]
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "purchase_quota.set", by: actor, entity: .unit, id: input.unitId.uuidString, path: path,
                        before: before, after: view)
                ], at: now, on: tx)
            return view
        }
    }

    // MARK: - Plans

    /// Proposes a rotation plan for a jurisdiction in the actor's scope from the near-expiry lots of
    /// its government depots and its institutions' quotas for this year, with the office's windows.
    public func proposeRotation(_ new: NewRotationPlan, by actor: Actor) async throws -> RotationPlanView {
        try AccessPolicy.require(.managePlans, actor)
        let now = clock.now()
        let today = self.today
        return try await store.write { tx in
            let place = try await jurisdiction(new.jurisdictionCode, field: "jurisdictionCode", on: tx)
            let path = try place.jurisdictionPath
            guard !actor.role.isUnitBound, actor.scope.contains(path) else {
                throw LifelineError.outOfScope(.jurisdiction)
            }
            let windows = try await effectiveParameters(path, on: tx).parameters.rotation
            let lots = try await rotationLots(path: path, within: windows.second, today: today, on: tx)
            let codes = Dictionary(lots.map { ($0.item.id!, $0.item.code) }, uniquingKeysWith: { a, _ in a })
            var quotas: [RotationQuota] = []
            var query = PurchaseQuotaRecord.query(on: tx).filter(\.$year == today.components.year)
                .filter(\.$itemID ~~ Array(codes.keys))
            if let subtree = path.sqlSubtree(column: "path") { query = query.filter(.sql(embed: subtree)) }
            for row in try await query.all() where row.quota > row.used {
                guard let code = codes[row.itemID] else { continue }
                quotas.append(RotationQuota(institutionID: row.unitID, itemCode: code, remaining: row.quota - row.used))
            }
            let steps = RotationPlanner.plan(
                lots: lots.map(\.rotation), quotas: quotas, today: today, windows: windows, allowSale: new.allowSale)
            let record = RotationPlanRecord(status: RotationPlanStatus.proposed.rawValue)
            record.id = ids.next()
            record.number = try await LedgerSQL.nextDocumentNumber(
                .rotation, jurisdiction: place.code, day: today, on: tx
            ).description
            record.jurisdictionCode = place.code.rawValue
            record.path = path.rawValue
            record.allowSale = new.allowSale
            record.steps = String(decoding: try JSONEncoder.sorted.encode(steps), as: UTF8.self)
            record.createdByName = actor.username
            record.createdAtMs = now.milliseconds
            try await record.create(on: tx)
            let view = try await rotationView(record, on: tx)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "rotation.propose", by: actor, entity: .rotationPlan, id: view.id.uuidString, path: path,
                        before: RotationPlanView?.none, after: view)
                ], at: now, on: tx)
            return view
        }
    }

    /// Plans the actor's scope holds, newest first.
    public func rotationPlans(page: PageRequest, for actor: Actor) async throws -> Page<RotationPlanView> {
        try AccessPolicy.require(.readStock, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let records = try await RotationPlanRecord.query(on: database)
            .restricted(to: ScopeFilter(actor), .rotationPlans).sort(\.$createdAtMs, .descending).sort(\.$id)
            .paginate(page)
        return Page(
            items: try await rotationViews(records.items, on: database), page: records.page, per: records.per,
            total: records.total)
    }

    /// One plan with its steps.
    public func rotationPlan(_ id: UUID, for actor: Actor) async throws -> RotationPlanView {
        try AccessPolicy.require(.readStock, actor)
        guard
            let record = try await RotationPlanRecord.query(on: database).filter(\.$id == id)
                .restricted(to: ScopeFilter(actor), .rotationPlans).first()
        else { throw LifelineError.notFound(.rotationPlan, id.uuidString) }
        return try await rotationView(record, on: database)
    }

    /// Executes or cancels a proposed plan (guarded, audited). Execution posts every issue (to the
    /// institution, its quota used) and sale (buyer, price = the lot's cost × `salePricePercent`,
    /// proceeds), and requests every write-off — all or nothing: a step that no longer fits (stock
    /// moved, a quota changed) refuses the whole plan, naming the step.
    public func actOnRotation(_ id: UUID, _ input: RotationActionInput, by actor: Actor) async throws
        -> RotationPlanView
    {
        try AccessPolicy.require(.managePlans, actor)
        let buyer = try Text.optional(input.buyer, field: "buyer", max: 200)
        let percent = input.salePricePercent ?? 50
        guard (0...100).contains(percent) else {
            throw LifelineError(.outOfRange, field: "salePricePercent", ["min": "0", "max": "100"])
        }
        let now = clock.now()
        let today = self.today
        return try await store.write { tx in
            let locked = try await lock(RotationPlanRecord.self, id, entity: .rotationPlan, on: tx)
            let record = locked.record
            let path = try record.jurisdictionPath
            guard !actor.role.isUnitBound, actor.scope.contains(path) else {
                throw LifelineError.outOfScope(.rotationPlan)
            }
            let status = try record.planStatus
            let next: RotationPlanStatus = input.action == .execute ? .executed : .cancelled
            guard status == .proposed else {
                throw LifelineError(
                    .invalidTransition,
                    localized: ["entity": EntityName.rotationPlan.text, "from": status.text, "to": next.text])
            }
            let before = try await rotationView(record, on: tx)
            var events: [AuditEvent] = []
            var documents: [String] = []
            if input.action == .execute {
                let steps = try JSONDecoder().decode([RotationStep].self, from: Data(record.steps.utf8))
                if steps.contains(where: { $0.kind == .sale }), buyer == nil { throw LifelineError.required("buyer") }
                for (index, step) in steps.enumerated() {
                    let (audit, number) = try await execute(
                        step, index: index, plan: record, buyer: buyer ?? "", percent: percent, by: actor,
                        today: today, at: now, on: tx)
                    events += audit
                    if let number { documents.append(number) }
                }
                record.buyer = buyer
                record.salePricePercent = percent
                record.documents = documents.joined(separator: " ")
            }
            try await transition(locked, to: next.rawValue, entity: .rotationPlan, on: tx)
            record.decidedByName = actor.username
            record.decidedAtMs = now.milliseconds
            try await record.update(on: tx)
            let view = try await rotationView(record, on: tx)
            events.insert(
                AuditEvent(
                    "rotation.\(input.action.rawValue)", by: actor, entity: .rotationPlan, id: id.uuidString,
                    path: path, before: before, after: view), at: 0)
            try await AuditTrail.append(events, at: now, on: tx)
            return view
        }
    }

    /// One step of an executed plan; returns its audit events and document number.
    private func execute(
        _ step: RotationStep, index: Int, plan: RotationPlanRecord, buyer: String, percent: Int, by actor: Actor,
        today: Day, at now: Date, on tx: any Database
    ) async throws -> ([AuditEvent], String?) {
        let field = "steps[\(index)]"
        switch step.kind {
        case .purchase:
            return ([], nil)
        case .writeOff:
            guard let lotID = step.lotID else { return ([], nil) }
            let audited = try await stock.writeOffRequest(
                WriteOffInput(lotId: lotID, quantity: step.quantity, reason: "轮换计划 \(plan.number)：过期报废"),
                quantity: step.quantity, reason: "轮换计划 \(plan.number)：过期报废 / expired, rotation \(plan.number)",
                id: ids.next(), today: today, at: now, by: actor, on: tx)
            return (audited.events, audited.output.number)
        case .issue, .sale:
            guard let lotID = step.lotID else { return ([], nil) }
            let (lot, number) = try await ledgerLot(
                lotID, field: "\(field).lotId", numbering: step.kind == .issue ? .issue : .sale, on: today, for: actor,
                on: tx)
            do {
                try StockService.requireIssuable(lot, quantity: step.quantity, today: today)
            } catch var error as LifelineError {
                error.field = "\(field).quantity"
                throw error
            }
            if step.kind == .issue, let institution = step.institutionID {
                guard
                    let quota = try await PurchaseQuotaRecord.query(on: tx).filter(\.$unitID == institution)
                        .filter(\.$itemID == lot.itemID).filter(\.$year == today.components.year).first(),
                    quota.quota - quota.used >= step.quantity
                else {
                    throw LifelineError.invalid("\(field).quantity", "the institution's quota no longer allows it")
                }
                quota.used += step.quantity
                try await quota.update(on: tx)
            }
            let kind: MovementKind = step.kind == .issue ? .issue : .sale
            let movement = MovementDraft(
                kind: kind, lot: lot, effect: kind.effect(quantity: step.quantity), documentNo: number.description,
                reason: "轮换计划 \(plan.number)", unitID: step.institutionID, actor: actor, at: now)
            guard try await LedgerSQL.post(movement, issuableOn: today, at: now, on: tx) != nil else {
                throw LifelineError(
                    .insufficientStock, field: "\(field).quantity",
                    ["available": String(max(lot.balance.free, 0)), "requested": String(step.quantity)])
            }
            if kind == .sale {
                let price = lot.unitCostFen * percent / 100
                let sale = LotSaleRecord()
                sale.id = ids.next()
                sale.documentNo = number.description
                sale.rotationPlanID = plan.id
                sale.lotID = lot.id
                sale.path = lot.path
                sale.buyer = buyer
                sale.quantity = step.quantity
                sale.unitPriceFen = price
                sale.proceedsFen =
                    price.multipliedReportingOverflow(by: step.quantity).overflow
                    ? Int.max : price * step.quantity
                sale.soldAtMs = now.milliseconds
                try await sale.create(on: tx)
            }
            return (
                [
                    AuditEvent(
                        "stock.\(kind.rawValue)", by: actor, entity: .lot, id: lot.id.uuidString,
                        path: try lot.jurisdictionPath, before: lot.balance, after: number.description)
                ], number.description
            )
        }
    }

    /// The lots of the subtree's government depots with free stock expiring within `days` (or past).
    private func rotationLots(path: JurisdictionPath, within days: Int, today: Day, on db: any Database) async throws
        -> [(rotation: RotationLot, item: ItemRecord)]
    {
        var sql: SQLQueryString = """
            SELECT l.id AS id, l.item_id AS item, CAST(l.on_hand - l.reserved - l.held AS BIGINT) AS free, \
            l.expiry_date AS expiry, CAST(l.unit_cost_fen AS BIGINT) AS cost FROM lots l \
            JOIN depots d ON d.id = l.depot_id WHERE d.operator_kind = \(bind: DepotOperatorKind.government.rawValue) \
            AND l.expiry_date IS NOT NULL AND l.expiry_date <= \(bind: today.adding(days: days).iso) \
            AND l.on_hand - l.reserved - l.held > 0 AND l.status IN \
            (\(bind: LotStatus.available.rawValue), \(bind: LotStatus.expired.rawValue))
            """
        if let subtree = path.sqlSubtree(column: "l.path") { sql.appendInterpolation(" AND " + subtree) }
        let rows = try await db.sql().raw(sql).all()
        let itemIDs = Set(try rows.map { try $0.decode(column: "item", as: UUID.self) })
        let items = Dictionary(
            try await ItemRecord.query(on: db).filter(\.$id ~~ itemIDs).all().map { ($0.id!, $0) },
            uniquingKeysWith: { a, _ in a })
        return try rows.compactMap { row in
            guard let item = items[try row.decode(column: "item", as: UUID.self)],
                let expiry = Day(iso: try row.decode(column: "expiry", as: String.self))
            else { return nil }
            return (
                RotationLot(
                    lotID: try row.decode(column: "id", as: UUID.self), itemCode: item.code,
                    quantity: try row.decode(column: "free", as: Int.self), expiry: expiry,
                    unitCostFen: try row.decode(column: "cost", as: Int.self)), item
            )
        }
    }

    func rotationView(_ r: RotationPlanRecord, on db: any Database) async throws -> RotationPlanView {
        try await rotationViews([r], on: db)[0]
    }

    /// The views of a page of plans with four reads (lots, institutions, items, depots), whatever its
    /// length.
    func rotationViews(_ records: [RotationPlanRecord], on db: any Database) async throws -> [RotationPlanView] {
        let stepsByPlan = try records.map {
            try JSONDecoder().decode([RotationStep].self, from: Data($0.steps.utf8))
        }
        let steps = stepsByPlan.flatMap { $0 }
        let lots = try await LotRecord.query(on: db).filter(\.$id ~~ Set(steps.compactMap(\.lotID))).all().byID
        let units = try await UnitRecord.query(on: db).filter(\.$id ~~ Set(steps.compactMap(\.institutionID))).all()
            .byID
        let items = Dictionary(
            try await ItemRecord.query(on: db).filter(\.$code ~~ Set(steps.map(\.itemCode))).all().map {
                ($0.code, $0)
            },
            uniquingKeysWith: { a, _ in a })
        let depots = try await depotsByID(Set(lots.values.map(\.depotID)), on: db)
        return try zip(records, stepsByPlan).map { r, steps in
            RotationPlanView(
                id: try r.requireID(), number: r.number, jurisdictionCode: r.jurisdictionCode, path: r.path,
                status: try r.planStatus, allowSale: r.allowSale,
                steps: steps.map { s in
                    let lot = s.lotID.flatMap { lots[$0] }
                    return RotationStepView(
                        kind: s.kind, lotId: s.lotID, batchNo: lot?.batchNo, expiryDate: lot?.expiryDate,
                        depotName: lot.flatMap { depots[$0.depotID]?.name }, itemCode: s.itemCode,
                        itemNameZh: items[s.itemCode]?.nameZh ?? "", itemNameEn: items[s.itemCode]?.nameEn ?? "",
                        institutionId: s.institutionID, institutionName: s.institutionID.flatMap { units[$0]?.name },
                        quantity: s.quantity)
                }, createdBy: r.createdByName, createdAt: Date(milliseconds: r.createdAtMs),
                decidedBy: r.decidedByName, decidedAt: r.decidedAtMs.map(Date.init(milliseconds:)), buyer: r.buyer,
                salePricePercent: r.salePricePercent,
                documents: r.documents.map { $0.split(separator: " ").map(String.init) } ?? [])
        }
    }

    func quotaViews(_ rows: [PurchaseQuotaRecord], on db: any Database) async throws -> [PurchaseQuotaView] {
        let units = Dictionary(
            try await UnitRecord.query(on: db).filter(\.$id ~~ Set(rows.map(\.unitID))).all().map { ($0.id!, $0) },
            uniquingKeysWith: { a, _ in a })
        let items = Dictionary(
            try await ItemRecord.query(on: db).filter(\.$id ~~ Set(rows.map(\.itemID))).all().map { ($0.id!, $0) },
            uniquingKeysWith: { a, _ in a })
        return try rows.map { r in
            PurchaseQuotaView(
                id: try r.requireID(), unitId: r.unitID, unitName: units[r.unitID]?.name ?? "",
                itemCode: items[r.itemID]?.code ?? "", itemNameZh: items[r.itemID]?.nameZh ?? "",
                itemNameEn: items[r.itemID]?.nameEn ?? "", year: r.year, quota: r.quota, used: r.used,
                remaining: r.quota - r.used, path: r.path)
        }
    }
}

/// A quota as an officer sets it.
public struct PurchaseQuotaInput: Codable, Sendable, Hashable {
    public var unitId: UUID
    public var itemCode: String
    public var year: Int
    public var quota: Int

    public init(unitId: UUID, itemCode: String, year: Int, quota: Int) {
        self.unitId = unitId
        self.itemCode = itemCode
        self.year = year
        self.quota = quota
    }
}

/// A quota as read.
public struct PurchaseQuotaView: Codable, Sendable, Equatable {
    public var id: UUID
    public var unitId: UUID
    public var unitName: String
    public var itemCode: String
    public var itemNameZh: String
    public var itemNameEn: String
    public var year: Int
    public var quota: Int
    public var used: Int
    public var remaining: Int
    public var path: String
}

/// What a new rotation plan covers.
public struct NewRotationPlan: Codable, Sendable, Hashable {
    public var jurisdictionCode: String
    /// Whether what institutions cannot take is sold (else it stays for an officer to decide).
    public var allowSale: Bool

    public init(jurisdictionCode: String, allowSale: Bool) {
        self.jurisdictionCode = jurisdictionCode
        self.allowSale = allowSale
    }
}

/// Execute (with the buyer and price of any sale) or cancel.
public struct RotationActionInput: Codable, Sendable, Hashable {
    public var action: RotationAction
    public var buyer: String?
    /// The sale price as a percentage of each lot's cost (default 50).
    public var salePricePercent: Int?

    public init(action: RotationAction, buyer: String? = nil, salePricePercent: Int? = nil) {
        self.action = action
        self.buyer = buyer
        self.salePricePercent = salePricePercent
    }
}

/// A step as read.
public struct RotationStepView: Codable, Sendable, Equatable {
    public var kind: RotationStepKind
    public var lotId: UUID?
    public var batchNo: String?
    public var expiryDate: String?
    public var depotName: String?
    public var itemCode: String
    public var itemNameZh: String
    public var itemNameEn: String
    public var institutionId: UUID?
    public var institutionName: String?
    public var quantity: Int
}

/// A rotation plan as read.
public struct RotationPlanView: Codable, Sendable, Equatable {
    public var id: UUID
    public var number: String
    public var jurisdictionCode: String
    public var path: String
    public var status: RotationPlanStatus
    public var allowSale: Bool
    public var steps: [RotationStepView]
    public var createdBy: String
    public var createdAt: Date
    public var decidedBy: String?
    public var decidedAt: Date?
    public var buyer: String?
    public var salePricePercent: Int?
    /// The issue, sale and write-off numbers execution made.
    public var documents: [String]
}

extension RowReach {
    /// A quota: the institution's area; the institution itself.
    static let purchaseQuotas = RowReach(paths: ["path"], units: ["unit_id"])
    /// A rotation plan: the jurisdiction's area.
    static let rotationPlans = RowReach(paths: ["path"])
}
