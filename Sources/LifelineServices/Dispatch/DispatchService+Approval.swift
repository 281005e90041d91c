import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension DispatchService {
    /// The approver's inventory query (R5.1): free stock of the requested items in the depots within the
    /// actor's scope, FEFO lots first, each depot with its road distance and time to the delivery place,
    /// nearest first, and whether the authority policy lets this actor draw on it.
    public func availability(for requestID: UUID, by actor: Actor) async throws -> [AvailabilityView] {
        try AccessPolicy.require(.approveDispatch, actor)
        let record = try await request(requestID, for: actor, on: database)
        let lines = try await RequestLineRecord.query(on: database).filter(\.$requestID == requestID).all()
        let destination = try await destination(of: record, on: database)
        let lots = try await LedgerSQL.issuableLots(items: Array(Set(lines.map(\.itemID))), within: actor.scope, on: today, on: database)
        let (level, _) = try await levelInForce(at: record.jurisdictionPath, on: database)
        let depots = try await DepotRecord.query(on: database).filter(\.$id ~~ Set(lots.map(\.depotID))).all()
        var views: [AvailabilityView] = []
        for depot in depots {
            let depotID = try depot.requireID()
            let depotLots = FEFOPicker.order(try lots.filter { $0.depotID == depotID }.map { try $0.pickable }, on: today)
            let byID = Dictionary(uniqueKeysWithValues: lots.filter { $0.depotID == depotID }.map { ($0.id.uuidString, $0) })
            let km = destination.map { settings.transport.roadKm(from: depot.location, to: $0) } ?? 0
            let decision = DispatchAuthority.decide(
                DispatchQuestion(requester: try record.jurisdictionPath, sources: [try depot.jurisdictionPath], level: level), settings: settings.dispatchPolicy)
            views.append(AvailabilityView(
                depotId: depotID, depotName: depot.name, jurisdiction: depot.jurisdictionCode, roadKm: (km * 10).rounded() / 10,
                hours: (settings.transport.hours(roadKm: km) * 100).rounded() / 100,
                allowed: actor.scope.contains(decision.approver),
                lots: depotLots.compactMap { pick in
                    byID[pick.id].map {
                        AvailabilityView.Lot(lotId: $0.id, itemId: $0.itemID, batchNo: $0.batchNo, expiryDate: $0.expiryDate, free: $0.balance.free)
                    }
                }))
        }
        return views.sorted { ($0.roadKm, $0.depotName) < ($1.roadKm, $1.depotName) }
    }

    /// Approves a submitted request (R5.2–R5.5): the policy decides who may approve; the picked lots
    /// are reserved in the ledger under new dispatch orders (one per source depot: 调配令 to a using
    /// unit; with a carrier, a 配送令 per order), and the executing units are told at once.
    public func approveRequest(_ id: UUID, _ input: ApprovalInput, key: String, by actor: Actor) async throws -> RequestView {
        try await approveRequest(id, input, key: key, by: actor, checkOwnSupply: true)
    }

    /// `checkOwnSupply: false` for approvals from an allocation plan, which applies R6.2's source
    /// order across the whole batch (one request alone may rightly draw on another county while
    /// the county's stock goes to a request approved next).
    func approveRequest(_ id: UUID, _ input: ApprovalInput, key: String, by actor: Actor, checkOwnSupply: Bool) async throws -> RequestView {
        try validate(input, by: actor)
        return try await idempotent("request.approve", key: key, actor: actor, input: [id.uuidString, Self.json(input)]) { tx in
            try await approve(id, input, by: actor, checkOwnSupply: checkOwnSupply, on: tx)
        }
    }

    /// The checks of an approval that need no database.
    func validate(_ input: ApprovalInput, by actor: Actor) throws(LifelineError) {
        try AccessPolicy.require(.approveDispatch, actor)
        _ = try Text.optional(input.note, field: "note", max: 1000)
        _ = try Text.optional(input.vehicle, field: "vehicle", max: 100)
        for (index, line) in (input.lines ?? []).enumerated() { _ = try Text.positiveQuantity(line.quantity, field: "lines[\(index)].quantity") }
    }

    /// Approves request `id` inside the write transaction `tx`: locks it, picks the lots, checks the
    /// authority policy, reserves the lots under new orders and moves the request to approved.
    func approve(_ id: UUID, _ input: ApprovalInput, by actor: Actor, checkOwnSupply: Bool, on tx: any Database) async throws
        -> Audited<RequestView>
    {
        let now = clock.now()
        let today = self.today
        let locked = try await lockedRequest(id, for: actor, on: tx)
        let record = locked.record
        let before = try await requestView(record, on: tx)
        let nextStatus = try before.status.applying(.approve)
        let carrier = try await input.carrierUnitId.asyncMap { try await unit($0, field: "carrierUnitId", on: tx) }
        if let carrier, carrier.kind != UnitKind.carrier.rawValue { throw LifelineError.invalid("carrierUnitId", "not a carrier") }
        let (level, _) = try await levelInForce(at: record.jurisdictionPath, on: tx)
        let (picks, depotsByID) = try await picks(for: record, input, by: actor, on: tx)

        // Who may approve, by the policy.
        let sourcePaths = Array(Set(try picks.map { try $0.0.jurisdictionPath }))
        let decision = DispatchAuthority.decide(
            DispatchQuestion(requester: try record.jurisdictionPath, sources: sourcePaths, level: level, executeFirst: input.executeFirst),
            settings: settings.dispatchPolicy)
        try DispatchAuthority.checkApprover(scope: actor.scope, userID: actor.userID.uuidString, requestedBy: record.createdBy.uuidString,
                                            decision: decision)
        if checkOwnSupply, SourceOrder.ownSupplyFirst(at: level), try record.jurisdictionPath.level >= .county {
            try await requireOwnSupplyFirst(picks, for: record, today: today, on: tx)
        }
        if input.executeFirst && !decision.executeFirst {
            throw LifelineError.invalid("executeFirst", "not allowed at this response level")
        }

        try await transition(locked, to: nextStatus.rawValue, entity: .request, on: tx)
        var notices = try await issueOrders(for: record, picks: picks, depots: depotsByID, carrier: carrier, input: input,
                                            approver: decision.approver, by: actor, on: tx)
        record.decidedAtMs = now.milliseconds
        record.decidedByName = actor.username
        record.decisionNote = try Text.optional(input.note, field: "note", max: 1000)
        record.approverPath = decision.approver.rawValue
        record.executeFirst = decision.executeFirst
        record.paperworkDueMs = decision.paperworkDeadlineHours.map { now.milliseconds + $0 * 3_600_000 }
        try await record.update(on: tx)
        let view = try await requestView(record, on: tx)
        notices.append(DispatchNotice(kind: "request.approved", orderId: nil, requestId: id, number: record.number, units: [record.unitID],
                                      paths: [record.path], at: now))
        return Audited(output: view,
                       events: [AuditEvent("request.approve", by: actor, entity: .request, id: id.uuidString, path: try record.jurisdictionPath,
                                           before: before, after: view)],
                       notices: notices)
    }

    /// One goods order per source depot with its lots reserved: into a reserve depot 调拨令 (the DB
    /// series of transfers), to a using unit 调配令; with a carrier, a 配送令 that carries it. Returns
    /// the notices for the executing units.
    func issueOrders(
        for record: SupplyRequestRecord, picks: [(LedgerLot, Int)], depots depotsByID: [UUID: DepotRecord], carrier: UnitRecord?,
        input: ApprovalInput, approver: JurisdictionPath, by actor: Actor, on tx: any Database
    ) async throws -> [DispatchNotice] {
        let now = clock.now()
        let today = self.today
        let transport = settings.transport
        let id = try record.requireID()
        let receiver = try await unit(record.unitID, on: tx)
        let destination = try await destination(of: record, on: tx)
        let vehicle = try Text.optional(input.vehicle, field: "vehicle", max: 100)
        var notices: [DispatchNotice] = []
        let byDepot = Dictionary(grouping: picks, by: { $0.0.depotID })
        for depotID in byDepot.keys.sorted(by: { $0.uuidString < $1.uuidString }) {
            guard let depot = depotsByID[depotID], let depotLots = byDepot[depotID] else { continue }
            let km = destination.map { transport.roadKm(from: depot.location, to: $0) } ?? 0
            func makeOrder(_ kind: DispatchOrderKind, parent: UUID?) async throws -> DispatchOrderRecord {
                let prefix: DocumentPrefix = switch kind {
                case .allocation: .transfer
                case .deployment: .deploymentOrder
                case .delivery: .deliveryOrder
                }
                let order = DispatchOrderRecord(status: DispatchOrderStatus.issued.rawValue)
                order.id = ids.next()
                order.kind = kind.rawValue
                order.number = try await LedgerSQL.nextDocumentNumber(prefix, jurisdiction: approver.code, day: today, on: tx).description
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
                order.approverPath = approver.rawValue
                order.neededByMs = record.neededByMs
                order.roadKm = (km * 10).rounded() / 10
                order.etaMs = now.milliseconds + Int(transport.hours(roadKm: km) * 3_600_000)
                order.borderHandover = input.borderHandover
                order.issuedAtMs = now.milliseconds
                try await order.create(on: tx)
                notices.append(orderNotice("order.issued", order, at: now))
                return order
            }
            let order = try await makeOrder(record.receivingDepotID == nil ? .deployment : .allocation, parent: nil)
            for (lineIndex, (lot, quantity)) in depotLots.enumerated() {
                try await DispatchLineRecord(id: ids.next(), orderID: try order.requireID(), lineNo: lineIndex + 1, itemID: lot.itemID,
                                             lotID: lot.id, quantity: quantity).create(on: tx)
                let movement = MovementDraft(kind: .reserve, lot: lot, effect: MovementKind.reserve.effect(quantity: quantity),
                                             documentNo: order.number, reason: record.number, unitID: record.unitID, actor: actor, at: now)
                guard try await LedgerSQL.post(movement, issuableOn: today, at: now, on: tx) != nil else {
                    throw RetryableConflict()  // the lot changed since it was read: pick again
                }
            }
            if carrier != nil { _ = try await makeOrder(.delivery, parent: order.id) }
        }
        return notices
    }

    /// Rejects a submitted request with a reason; nothing was reserved yet.
    public func rejectRequest(_ id: UUID, note: String?, key: String, by actor: Actor) async throws -> RequestView {
        try AccessPolicy.require(.approveDispatch, actor)
        let reason = try Text.required(note, field: "note", max: 1000)
        let now = clock.now()
        return try await idempotent("request.reject", key: key, actor: actor, input: [id.uuidString, reason]) { tx in
            let locked = try await lockedRequest(id, for: actor, on: tx)
            let record = locked.record
            let before = try await requestView(record, on: tx)
            let next = try before.status.applying(.reject)
            try await requireDecider(record, actor, on: tx)
            try await transition(locked, to: next.rawValue, entity: .request, on: tx)
            record.decidedAtMs = now.milliseconds
            record.decidedByName = actor.username
            record.decisionNote = reason
            try await record.update(on: tx)
            let view = try await requestView(record, on: tx)
            return Audited(output: view,
                           events: [AuditEvent("request.reject", by: actor, entity: .request, id: id.uuidString, path: try record.jurisdictionPath,
                                               before: before, after: view)],
                           notices: [DispatchNotice(kind: "request.rejected", orderId: nil, requestId: id, number: record.number,
                                                    units: [record.unitID], paths: [record.path], at: now)])
        }
    }

    /// Marks the paperwork of an execute-first approval complete (R5.5).
    public func completePaperwork(_ id: UUID, key: String, by actor: Actor) async throws -> RequestView {
        try AccessPolicy.require(.approveDispatch, actor)
        let now = clock.now()
        return try await idempotent("request.paperwork", key: key, actor: actor, input: id.uuidString) { tx in
            let record = try await lockedRequest(id, for: actor, on: tx).record
            try requirePaperworkDue(record, actor)
            let before = try await requestView(record, on: tx)
            record.paperworkDoneAtMs = now.milliseconds
            try await record.update(on: tx)
            let view = try await requestView(record, on: tx)
            return Audited(output: view, events: [AuditEvent("request.paperwork", by: actor, entity: .request, id: id.uuidString,
                                                             path: try record.jurisdictionPath, before: before, after: view)])
        }
    }

    // MARK: - Helpers

    /// Whether `actor` may complete the request's paperwork now: it was executed first with paperwork
    /// still due, and it is the approving office's (or an office above it).
    func requirePaperworkDue(_ record: SupplyRequestRecord, _ actor: Actor) throws(LifelineError) {
        try AccessPolicy.require(.approveDispatch, actor)
        guard let approver = record.approverPath.flatMap(JurisdictionPath.init(rawValue:)), actor.scope.contains(approver) else {
            throw LifelineError.outOfScope(.request)
        }
        guard record.executeFirst, record.paperworkDoneAtMs == nil else {
            throw LifelineError(.invalidTransition, localized: ["entity": EntityName.request.text,
                                                                "from": .init(zh: "无待补手续", en: "no paperwork due"),
                                                                "to": .init(zh: "手续已补", en: "paperwork done")])
        }
    }

    /// Who may refuse a request: whoever the authority policy lets approve it from the requester's
    /// own jurisdiction at the level in force (at level I the city, not the frozen county), or the
    /// office that approved it before its orders were cancelled — never its author.
    func requireDecider(_ record: SupplyRequestRecord, _ actor: Actor, on tx: any Database) async throws {
        if let earlier = record.approverPath.flatMap(JurisdictionPath.init(rawValue:)), actor.scope.contains(earlier),
           record.createdBy != actor.userID {
            return
        }
        let (level, _) = try await levelInForce(at: record.jurisdictionPath, on: tx)
        let decision = DispatchAuthority.decide(
            DispatchQuestion(requester: try record.jurisdictionPath, sources: [try record.jurisdictionPath], level: level), settings: settings.dispatchPolicy)
        try DispatchAuthority.checkApprover(scope: actor.scope, userID: actor.userID.uuidString, requestedBy: record.createdBy.uuidString,
                                            decision: decision)
    }

    /// Below level III a unit supplies itself first (R5.3): stock from beyond its own supply (the
    /// source order's local ranks: its county's stock and local institutions' surplus) may be
    /// drawn only for what its own supply cannot cover.
    func requireOwnSupplyFirst(_ picks: [(LedgerLot, Int)], for record: SupplyRequestRecord, today: Day, on db: any Database) async throws {
        let depots = try await depotsByID(Set(picks.map(\.0.depotID)), on: db)
        let institutions = try await institutionUnits(owning: Array(depots.values), on: db)
        func isLocal(_ depot: DepotRecord?) throws -> Bool {
            guard let depot else { return false }
            return SourceOrder.rank(try depot.source(institutions: institutions), for: try record.jurisdictionPath, unit: record.unitID).isLocal
        }
        let beyondItems = Set(try picks.filter { try !isLocal(depots[$0.0.depotID]) }.map(\.0.itemID))
        guard !beyondItems.isEmpty else { return }
        let county = try record.jurisdictionPath.truncated(to: .county)
        let own = try await LedgerSQL.issuableLots(items: Array(beyondItems), within: county, on: today, on: db)
        // What the own supply can give: an institution's 20 days stay out of it (R3.7).
        let (givable, _) = try await givableAboveInstitutionFloor(
            own, depots: Array(try await depotsByID(Set(own.map(\.depotID)), on: db).values), requester: record.unitID, on: db)
        for item in beyondItems.sorted(by: { $0.uuidString < $1.uuidString }) {
            let free = own.filter { $0.itemID == item }.map { givable[$0.id] ?? $0.balance.free }.reduce(0, +)
            let takenLocally = try picks.filter { try $0.0.itemID == item && isLocal(depots[$0.0.depotID]) }.map(\.1).reduce(0, +)
            if free - takenLocally > 0 {
                let name = try await ItemRecord.find(item, on: db)?.nameZh ?? item.uuidString
                throw LifelineError(.ownSupplyFirst, field: "lines", ["item": name, "available": String(free - takenLocally)])
            }
        }
    }

    /// Items that may stand in for a request's lines (R2.3): same substitution group, the site marked
    /// suitable, and only for general posts.
    func substitutableItems(_ record: SupplyRequestRecord, _ lines: [RequestLineRecord], on db: any Database) async throws -> Set<UUID> {
        guard record.substitutesAllowed else { return [] }
        let eligible = try lines.filter {
            AllocationRules.mayUseSubstitute(siteSuitable: true, post: try Stored.value(WorkPost.self, $0.post, column: "request_lines.post"))
        }
        let requested = try await ItemRecord.query(on: db).filter(\.$id ~~ Set(eligible.map(\.itemID))).all()
        let groups = Set(requested.compactMap(\.substitutionGroup))
        guard !groups.isEmpty else { return [] }
        let candidates = try await ItemRecord.query(on: db).filter(\.$substitutionGroup ~~ groups).all()
        return Set(try candidates.filter { c in try requested.contains { AllocationRules.maySubstitute(requested: try $0.substitution, candidate: try c.substitution) } }
            .compactMap(\.id))
    }

    func destination(of record: SupplyRequestRecord, on db: any Database) async throws -> GeoPoint? {
        if let lon = record.longitude, let lat = record.latitude { return GeoPoint(longitude: lon, latitude: lat) }
        return nil
    }

    func depotsByID(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: DepotRecord] {
        guard !ids.isEmpty else { return [:] }
        let depots = try await DepotRecord.query(on: db).filter(\.$id ~~ ids).all()
        return Dictionary(uniqueKeysWithValues: depots.compactMap { d in d.id.map { ($0, d) } })
    }

    func orderNotice(_ kind: String, _ order: DispatchOrderRecord, at now: Date) -> DispatchNotice {
        DispatchNotice(kind: kind, orderId: order.id, requestId: order.requestID, number: order.number,
                       units: [order.depotOperatorUnitID, order.carrierUnitID, order.receiverUnitID].compactMap { $0 },
                       paths: [order.depotPath, order.receiverPath, order.approverPath], at: now)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
