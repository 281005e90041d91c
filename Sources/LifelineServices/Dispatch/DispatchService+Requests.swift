import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// Filters for the request list and the approvers' inbox.
public struct RequestFilter: Sendable, Hashable {
    public var status: RequestStatus?
    /// Only requests this actor may decide (the approvers' inbox).
    public var toDecide: Bool

    public init(status: RequestStatus? = nil, toDecide: Bool = false) {
        self.status = status
        self.toDecide = toDecide
    }
}

extension DispatchService {
    /// Saves a draft request for a unit the actor acts for (R5.1). A mass-testing form becomes item
    /// lines by the standard; explicit lines next to a form are "other needs" and need a reason.
    public func createRequest(_ input: RequestInput, key: String, by actor: Actor) async throws -> RequestView {
        try AccessPolicy.require(.requestSupplies, actor)
        let now = clock.now()
        let draft = try checkedDraft(input, now: now)
        return try await idempotent("request.create", key: key, actor: actor, input: input) { tx in
            try await self.insertDraft(draft, by: actor, now: now, on: tx)
        }
    }

    /// A request's fields checked before any transaction, with the ids its rows will take.
    struct CheckedDraft: Sendable {
        var input: RequestInput
        var place: String
        var justification: String?
        var location: GeoPoint?
        var grid: String?
        var round: Int?
        var id: UUID
        var lineIDs: [UUID]
    }

    func checkedDraft(_ input: RequestInput, now: Date) throws -> CheckedDraft {
        let place = try Text.required(input.deliveryPlace, field: "deliveryPlace", max: 200)
        let justification = try Text.optional(input.justification, field: "justification", max: 1000)
        let location = try GeoPoint.validated(longitude: input.longitude, latitude: input.latitude)
        if let form = input.massTesting { try form.validate() }
        let (grid, round) = try RoundRule.validated(grid: input.grid, round: input.round)
        for (index, line) in input.lines.enumerated() {
            _ = try Text.positiveQuantity(line.quantity, field: "lines[\(index)].quantity")
            if input.massTesting != nil, (line.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                throw LifelineError.required("lines[\(index)].reason")
            }
            _ = try Text.optional(line.reason, field: "lines[\(index)].reason", max: 300)
        }
        if input.lines.isEmpty && input.massTesting == nil { throw LifelineError.required("lines") }
        guard input.neededBy > now.addingTimeInterval(-60) else {
            throw LifelineError.invalid("neededBy", "must be in the future")
        }
        return CheckedDraft(
            input: input, place: place, justification: justification, location: location, grid: grid, round: round,
            id: ids.next(), lineIDs: (0..<(input.lines.count + MassTestingForm.standard.count)).map { _ in ids.next() })
    }

    /// Stores a checked draft inside the write transaction `tx` (audited by the caller's `idempotent`).
    func insertDraft(_ draft: CheckedDraft, by actor: Actor, now: Date, on tx: any Database) async throws
        -> Audited<RequestView>
    {
        let (input, place, justification, location, grid, round, id, lineIDs) = (
            draft.input, draft.place, draft.justification, draft.location, draft.grid, draft.round, draft.id,
            draft.lineIDs
        )
        let today = self.today
        let unit = try await requestingUnit(input.unitId, for: actor, on: tx)
        var lines: [(UUID, Int, String?, WorkPost)] = []
        if let form = input.massTesting {
            for (code, quantity) in form.quantities() {
                guard let item = try await ItemRecord.query(on: tx).filter(\.$code == code).first() else {
                    continue
                }
                lines.append((try item.requireID(), quantity, nil, MassTestingForm.post(of: code)))
            }
        }
        for (index, line) in input.lines.enumerated() {
            _ = try await item(line.itemId, field: "lines[\(index)].itemId", on: tx)
            lines.append((line.itemId, line.quantity, line.reason, line.post ?? .general))
        }
        let number = try await LedgerSQL.nextDocumentNumber(
            .request,
            jurisdiction: try Stored.value(
                JurisdictionCode.self, unit.jurisdictionCode, column: "units.jurisdiction_code"), day: today, on: tx
        )
        let (_, incidentID) = try await levelInForce(at: unit.jurisdictionPath, on: tx)
        let record = SupplyRequestRecord(status: RequestStatus.draft.rawValue)
        record.id = id
        record.number = number.description
        record.unitID = input.unitId
        record.path = unit.path
        record.priority = input.priority.rawValue
        record.neededByMs = input.neededBy.milliseconds
        record.deliveryPlace = place
        record.longitude = location?.longitude ?? unit.longitude
        record.latitude = location?.latitude ?? unit.latitude
        record.justification = justification
        record.form = input.massTesting.map { Self.json($0) }
        record.incidentID = incidentID
        record.createdBy = actor.userID
        record.createdByName = actor.username
        record.createdAtMs = now.milliseconds
        record.executeFirst = false
        record.substitutesAllowed = input.substitutesAllowed ?? false
        record.grid = grid
        record.round = round
        record.siteArea = input.site?.area.rawValue
        record.siteDensity = input.site?.density.rawValue
        record.siteKind = input.site?.kind.rawValue
        if let pointID = input.distributionPointId {
            guard let point = try await DistributionPointRecord.find(pointID, on: tx) else {
                throw LifelineError.unknownReference("distributionPointId", .distributionPoint, pointID.uuidString)
            }
            // The point serves the requesting unit's area: its county holds the unit, or the unit's
            // jurisdiction holds the county.
            let pointPath = try Stored.value(
                JurisdictionPath.self, point.path, column: "distribution_points.path")
            let unitPath = try unit.jurisdictionPath
            guard pointPath.contains(unitPath) || unitPath.contains(pointPath) else {
                throw LifelineError.invalid(
                    "distributionPointId", "not a distribution point of the requesting unit's area")
            }
            record.distributionPointID = pointID
        }
        if let depotID = input.receivingDepotId {
            guard let depot = try await DepotRecord.find(depotID, on: tx) else {
                throw LifelineError.unknownReference("receivingDepotId", .depot, depotID.uuidString)
            }
            guard depot.ownerUnitID == input.unitId || depot.operatorUnitID == input.unitId else {
                throw LifelineError.invalid("receivingDepotId", "not a depot of the requesting unit")
            }
            record.receivingDepotID = depotID
        }
        try await record.create(on: tx)
        for (index, line) in lines.enumerated() {
            try await RequestLineRecord(
                id: lineIDs[index], requestID: id, lineNo: index + 1, itemID: line.0, quantity: line.1,
                reason: line.2, post: line.3.rawValue
            ).create(on: tx)
        }
        let view = try await requestView(record, on: tx)
        return Audited(
            output: view,
            events: [
                AuditEvent(
                    "request.create", by: actor, entity: .request, id: id.uuidString,
                    path: try unit.jurisdictionPath, after: view)
            ])
    }

    /// Submits a draft, withdraws a submitted request: the requester's own moves.
    public func changeRequest(_ id: UUID, _ action: RequestAction, key: String, by actor: Actor) async throws
        -> RequestView
    {
        try AccessPolicy.require(.requestSupplies, actor)
        guard action == .submit || action == .withdraw else {
            throw LifelineError.invalid("action", "submit or withdraw")
        }
        let now = clock.now()
        return try await idempotent("request.\(action.rawValue)", key: key, actor: actor, input: id.uuidString) { tx in
            try await self.applyRequesterAction(id, action, by: actor, now: now, on: tx)
        }
    }

    /// Submit or withdraw inside the write transaction `tx`.
    func applyRequesterAction(_ id: UUID, _ action: RequestAction, by actor: Actor, now: Date, on tx: any Database)
        async throws -> Audited<RequestView>
    {
        let locked = try await lockedRequest(id, for: actor, on: tx)
        let record = locked.record
        _ = try await requestingUnit(record.unitID, for: actor, on: tx)
        let before = try await requestView(record, on: tx)
        try await transition(locked, to: try before.status.applying(action).rawValue, entity: .request, on: tx)
        if action == .submit { record.submittedAtMs = now.milliseconds }
        try await record.update(on: tx)
        let view = try await requestView(record, on: tx)
        return Audited(
            output: view,
            events: [
                AuditEvent(
                    "request.\(action.rawValue)", by: actor, entity: .request, id: id.uuidString,
                    path: try record.jurisdictionPath, before: before, after: view)
            ],
            notices: [
                DispatchNotice(
                    kind: "request.\(action.rawValue)", orderId: nil, requestId: id, number: record.number,
                    units: [record.unitID], paths: [record.path], at: now)
            ])
    }

    /// A new draft with the lines of an earlier request ("copy last request").
    public func copyRequest(_ id: UUID, neededBy: Date, key: String, by actor: Actor) async throws -> RequestView {
        let source = try await request(id, for: actor)
        let input = RequestInput(
            unitId: source.unitId, priority: source.priority, neededBy: neededBy, deliveryPlace: source.deliveryPlace,
            longitude: source.longitude, latitude: source.latitude, justification: source.justification,
            lines: source.lines.map {
                RequestLineInput(itemId: $0.itemId, quantity: $0.quantity, reason: $0.reason, post: $0.post)
            },
            substitutesAllowed: source.substitutesAllowed, receivingDepotId: source.receivingDepotId,
            grid: source.grid, round: source.round, site: source.site, distributionPointId: source.distributionPointId)
        return try await createRequest(input, key: key, by: actor)
    }

    /// Requests the actor reaches, newest first. `toDecide`: submitted requests the actor's scope may approve.
    public func requests(_ filter: RequestFilter, page: PageRequest, for actor: Actor) async throws -> Page<RequestView>
    {
        try AccessPolicy.require(.readDispatch, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let sort = try page.sortKey(allowed: ["created", "neededBy", "priority", "number"], default: "-created")
        // Requests from the actor's unit or from below the officer's scope, and requests from elsewhere
        // that the policy sent up to it: what the actor may open.
        var query = SupplyRequestRecord.query(on: database).restricted(to: ScopeFilter(actor), .requests)
        if filter.toDecide {
            query = query.filter(\.$status == RequestStatus.submitted.rawValue)
        } else if let status = filter.status {
            query = query.filter(\.$status == status.rawValue)
        }
        let direction: DatabaseQuery.Sort.Direction = sort.descending ? .descending : .ascending
        switch sort.key {
        case "neededBy": query = query.sort(\.$neededByMs, direction)
        case "priority": query = query.sort(\.$priority, direction).sort(\.$neededByMs, .ascending)
        case "number": query = query.sort(\.$number, direction)
        default: query = query.sort(\.$createdAtMs, direction)
        }
        let records = try await query.sort(\.$id).paginate(page)
        return Page(
            items: try await requestViews(records.items, on: database), page: records.page, per: records.per,
            total: records.total)
    }

    public func request(_ id: UUID, for actor: Actor) async throws -> RequestView {
        try AccessPolicy.require(.readDispatch, actor)
        return try await requestView(try await request(id, for: actor, on: database), on: database)
    }

    /// Whether `actor` may open the request (the same reach rule as reading it), for links.
    public func mayOpenRequest(_ id: UUID, for actor: Actor) async throws -> Bool {
        guard actor.role.permits(.readDispatch) else { return false }
        do {
            _ = try await request(id, for: actor, on: database)
            return true
        } catch let error as LifelineError where error.code == .outOfScope || error.code == .notFound {
            return false
        }
    }

    // MARK: - Loading

    /// The unit a request is made for, after checking the actor acts for it.
    func requestingUnit(_ id: UUID, for actor: Actor, on db: any Database) async throws -> UnitRecord {
        let unit = try await unit(id, field: "unitId", on: db)
        if actor.role.isUnitBound {
            guard actor.unitID == id else { throw LifelineError.outOfScope(.unit) }
        } else {
            try AccessPolicy.requireReach(actor, .unit, path: unit.jurisdictionPath)
        }
        return unit
    }

    /// A request the actor reaches: their unit's, in their scope, or sent up to their scope for a decision.
    func request(_ id: UUID, for actor: Actor, on db: any Database) async throws -> SupplyRequestRecord {
        guard let record = try await SupplyRequestRecord.find(id, on: db) else {
            throw LifelineError.notFound(.request, id.uuidString)
        }
        try requireReach(record, for: actor)
        return record
    }

    /// ``request(_:for:on:)`` read for a change: locked until the transaction `tx` ends (ADR 0022).
    func lockedRequest(_ id: UUID, for actor: Actor, on tx: any Database) async throws -> Locked<SupplyRequestRecord> {
        let locked = try await lock(SupplyRequestRecord.self, id, entity: .request, on: tx)
        try requireReach(locked.record, for: actor)
        return locked
    }

    private func requireReach(_ record: SupplyRequestRecord, for actor: Actor) throws(LifelineError) {
        // The columns of RowReach.requests, so that what a list shows is what can be opened.
        guard ScopeFilter(actor).admits(storedPaths: [record.path, record.approverPath], units: [record.unitID]) else {
            throw LifelineError.outOfScope(.request)
        }
    }

    func requestView(_ record: SupplyRequestRecord, on db: any Database) async throws -> RequestView {
        try await requestViews([record], on: db)[0]
    }

    /// The views of `records`, in their order, with a fixed number of queries however many there are
    /// (a page of requests is one query per related table, not one per request and table).
    func requestViews(_ records: [SupplyRequestRecord], on db: any Database) async throws -> [RequestView] {
        guard !records.isEmpty else { return [] }
        let ids = try records.map { try $0.requireID() }
        // Each related table once for the page, only the columns the views read, in plain SQL.
        let lines = Dictionary(
            grouping: try await self.records(
                RequestLineRecord.self, columns: "id, request_id, line_no, item_id, quantity, reason, post",
                where: .column("request_id", in: ids), orderBy: "line_no", on: db), by: \.requestID)
        let items = try await self.records(
            ItemRecord.self, columns: "id, code, name_zh, name_en, unit_zh, unit_en",
            where: .column("id", in: Array(Set(lines.values.joined().map(\.itemID)))), on: db)
        let itemsByID = Dictionary(uniqueKeysWithValues: items.compactMap { item in item.id.map { ($0, item) } })
        let units = try await self.records(
            UnitRecord.self, columns: "id, name", where: .column("id", in: Array(Set(records.map(\.unitID)))), on: db)
        let unitNames = Dictionary(uniqueKeysWithValues: units.compactMap { unit in unit.id.map { ($0, unit.name) } })
        let allOrders = try await self.records(
            DispatchOrderRecord.self, columns: "*", where: .column("request_id", in: ids), orderBy: "number", on: db)
        let orders = Dictionary(grouping: allOrders, by: \.requestID)
        let depots = try await self.records(
            DepotRecord.self, columns: "id, name", where: .column("id", in: Array(Set(allOrders.map(\.depotID)))),
            on: db)
        let depotNames = Dictionary(uniqueKeysWithValues: depots.compactMap { d in d.id.map { ($0, d.name) } })
        let standingGoods = allOrders.filter {
            $0.kind != DispatchOrderKind.delivery.rawValue && $0.status != DispatchOrderStatus.cancelled.rawValue
        }
        let approvedLines = try await self.records(
            DispatchLineRecord.self, columns: "order_id, item_id, quantity",
            where: .column("order_id", in: standingGoods.compactMap(\.id)), on: db)
        let requestOfOrder = Dictionary(
            uniqueKeysWithValues: standingGoods.compactMap { o in o.id.map { ($0, o.requestID) } })
        // Units approved per request and item.
        var approved: [UUID: [UUID: Int]] = [:]
        for line in approvedLines {
            guard let request = requestOfOrder[line.orderID] else { continue }
            approved[request, default: [:]][line.itemID, default: 0] += line.quantity
        }
        return try zip(records, ids).map { record, id in
            try Self.requestView(
                record, id: id, lines: lines[id] ?? [], items: itemsByID, unitName: unitNames[record.unitID],
                orders: orders[id] ?? [], depotNames: depotNames, approved: approved[id] ?? [:])
        }
    }

    private static func requestView(
        _ record: SupplyRequestRecord, id: UUID, lines: [RequestLineRecord], items: [UUID: ItemRecord],
        unitName: String?,
        orders: [DispatchOrderRecord], depotNames: [UUID: String], approved: [UUID: Int]
    ) throws -> RequestView {
        var view = RequestView(
            id: id, number: record.number, unitId: record.unitID, unitName: unitName ?? "",
            jurisdiction: try record.jurisdictionPath.code.rawValue,
            status: try Stored.value(RequestStatus.self, record.status, column: "supply_requests.status"),
            priority: try Stored.value(RequestPriority.self, record.priority, column: "supply_requests.priority"),
            neededBy: Date(milliseconds: record.neededByMs), deliveryPlace: record.deliveryPlace,
            longitude: record.longitude,
            latitude: record.latitude, justification: record.justification,
            massTesting: record.form.flatMap {
                try? ServiceJSON.decoder.decode(MassTestingForm.self, from: Data($0.utf8))
            },
            createdByName: record.createdByName, createdAt: Date(milliseconds: record.createdAtMs),
            submittedAt: record.submittedAtMs.map(Date.init(milliseconds:)),
            decidedAt: record.decidedAtMs.map(Date.init(milliseconds:)),
            decidedByName: record.decidedByName, decisionNote: record.decisionNote,
            approverJurisdiction: record.approverPath.flatMap(JurisdictionPath.init(rawValue:))?.code.rawValue,
            executeFirst: record.executeFirst, substitutesAllowed: record.substitutesAllowed,
            receivingDepotId: record.receivingDepotID,
            paperworkDue: record.paperworkDueMs.map(Date.init(milliseconds:)),
            paperworkDoneAt: record.paperworkDoneAtMs.map(Date.init(milliseconds:)),
            lines: try lines.map { line in
                let item = items[line.itemID]
                return RequestLineView(
                    id: line.id ?? UUID(), lineNo: line.lineNo, itemId: line.itemID, itemCode: item?.code ?? "",
                    itemName: item?.nameZh ?? "", unit: item?.unitZh ?? "",
                    itemNameEn: item?.nameEn, unitEn: item?.unitEn, quantity: line.quantity, reason: line.reason,
                    post: try Stored.value(WorkPost.self, line.post, column: "request_lines.post"),
                    approved: approved[line.itemID] ?? 0)
            },
            orders: try orders.map {
                OrderSummary(
                    id: $0.id ?? UUID(), number: $0.number,
                    kind: try Stored.value(DispatchOrderKind.self, $0.kind, column: "dispatch_orders.kind"),
                    status: try Stored.value(DispatchOrderStatus.self, $0.status, column: "dispatch_orders.status"),
                    depotName: depotNames[$0.depotID] ?? "")
            })
        view.grid = record.grid
        view.round = record.round
        view.site = try record.siteAttributes
        view.distributionPointId = record.distributionPointID
        view.skippedLots = try record.skippedLots.map {
            try ServiceJSON.decoder.decode([SkippedLot].self, from: Data($0.utf8))
        }
        return view
    }
}

extension SupplyRequestRecord {
    var jurisdictionPath: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, path, column: "supply_requests.path") }
    }
}
