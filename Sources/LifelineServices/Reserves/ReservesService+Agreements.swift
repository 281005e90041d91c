import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// Reserve modes (R3.5): storage agreements (an enterprise holds contracted quantities for a
/// jurisdiction; what it holds counts for that jurisdiction up to the contract, ADR 0036),
/// capacity reserves (redundant production lines kept ready) and technology reserves. An expired
/// or revoked agreement counts no more.
extension ReservesService {
    /// Agreements the actor's scope keeps (or, for an enterprise's operator, its own), newest first.
    public func agreements(_ filter: AgreementFilter, page: PageRequest, for actor: Actor) async throws -> Page<
        AgreementView
    > {
        try AccessPolicy.require(.readStock, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let sort = try page.sortKey(allowed: ["created", "end", "enterprise"], default: "-created")
        var query = ReserveAgreementRecord.query(on: database).restricted(to: ScopeFilter(actor), .agreements)
        if let kind = filter.kind { query = query.filter(\.$kind == kind.rawValue) }
        if let enterprise = filter.enterpriseId { query = query.filter(\.$enterpriseUnitID == enterprise) }
        let today = self.today
        if let status = filter.status {
            switch status {
            case .revoked: query = query.filter(\.$status == AgreementStatus.revoked.rawValue)
            case .active:
                query = query.filter(\.$status == AgreementStatus.active.rawValue).filter(\.$endDay >= today.iso)
            case .expired:
                query = query.filter(\.$status == AgreementStatus.active.rawValue).filter(\.$endDay < today.iso)
            }
        }
        let direction: DatabaseQuery.Sort.Direction = sort.descending ? .descending : .ascending
        switch sort.key {
        case "end": query = query.sort(\.$endDay, direction)
        case "enterprise": query = query.sort(\.$enterpriseName, direction)
        default: query = query.sort(\.$createdAtMs, direction)
        }
        let records = try await query.sort(\.$id, direction).paginate(page)
        let views = try await agreementViews(records.items, on: database)
        return Page(items: views, page: records.page, per: records.per, total: records.total)
    }

    /// One agreement, with what its enterprise holds against each contracted line.
    public func agreement(_ id: UUID, for actor: Actor) async throws -> AgreementView {
        try AccessPolicy.require(.readStock, actor)
        guard
            let record = try await ReserveAgreementRecord.query(on: database).filter(\.$id == id)
                .restricted(to: ScopeFilter(actor), .agreements).first()
        else { throw LifelineError.notFound(.agreement, id.uuidString) }
        return try await agreementViews([record], on: database)[0]
    }

    /// Signs an agreement for a jurisdiction in the actor's scope (audited). A storage agreement
    /// names at least one item line; a capacity reserve its product, lines, output per line,
    /// redundancy (20–30 %), activation lead time and the redundant lines' yearly depreciation; a
    /// technology reserve its product, what is kept and how many days production takes.
    public func createAgreement(_ new: NewAgreement, by actor: Actor) async throws -> AgreementView {
        try AccessPolicy.require(.managePlans, actor)
        guard !actor.role.isUnitBound else { throw LifelineError.outOfScope(.jurisdiction) }
        guard let start = Day(iso: new.startDay) else { throw LifelineError(.invalidDate, field: "startDay") }
        guard let end = Day(iso: new.endDay) else { throw LifelineError(.invalidDate, field: "endDay") }
        try AgreementRule.validatePeriod(start: start, end: end)
        let checked = try Self.checkedTerms(new)
        let now = clock.now()
        let today = self.today
        let id = ids.next()
        return try await store.write { tx in
            let place = try await jurisdiction(new.jurisdictionCode, field: "jurisdictionCode", on: tx)
            let path = try place.jurisdictionPath
            guard actor.scope.contains(path) else { throw LifelineError.outOfScope(.jurisdiction) }
            guard let enterprise = try await UnitRecord.find(new.enterpriseId, on: tx) else {
                throw LifelineError.unknownReference("enterpriseId", .unit, new.enterpriseId.uuidString)
            }
            let allowed: [UnitKind] =
                new.kind == .storage ? [.storageEnterprise, .manufacturer] : [.manufacturer, .storageEnterprise]
            guard let kind = UnitKind(rawValue: enterprise.kind), allowed.contains(kind) else {
                throw LifelineError.invalid("enterpriseId", "a storage enterprise or a manufacturer")
            }
            if try await storageStatusRevoked(new.enterpriseId, on: tx) {
                throw LifelineError(.enterpriseRevoked, field: "enterpriseId", ["enterprise": enterprise.name])
            }
            var itemIDs: [UUID] = []
            for (index, line) in checked.lines.enumerated() {
                itemIDs.append(
                    try await item(code: line.itemCode, field: "lines[\(index)].itemCode", on: tx).requireID())
            }
            var productID: UUID?
            if let code = new.itemCode, new.kind != .storage {
                productID = try await item(code: code, field: "itemCode", on: tx).requireID()
            }
            let record = ReserveAgreementRecord(status: AgreementStatus.active.rawValue)
            record.id = id
            record.number = try await LedgerSQL.nextDocumentNumber(
                .agreement, jurisdiction: place.code, day: today, on: tx
            ).description
            record.kind = new.kind.rawValue
            record.jurisdictionCode = place.code.rawValue
            record.path = path.rawValue
            record.enterpriseUnitID = new.enterpriseId
            record.enterpriseName = enterprise.name
            record.startDay = start.iso
            record.endDay = end.iso
            record.itemID = productID
            record.productionLines = checked.productionLines
            record.dailyOutputPerLine = checked.dailyOutputPerLine
            record.redundancyPercent = checked.redundancyPercent
            record.activationHours = checked.activationHours
            record.yearlyDepreciationFen = checked.yearlyDepreciationFen
            record.description = checked.description
            record.leadDays = checked.leadDays
            record.createdByName = actor.username
            record.createdAtMs = now.milliseconds
            try await record.create(on: tx)
            for (line, itemID) in zip(checked.lines, itemIDs) {
                let row = ReserveAgreementLineRecord()
                row.id = ids.next()
                row.agreementID = id
                row.itemID = itemID
                row.quantity = line.quantity
                try await row.create(on: tx)
            }
            let view = try await agreementViews([record], on: tx)[0]
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "agreement.create", by: actor, entity: .agreement, id: id.uuidString, path: path,
                        before: AgreementView?.none, after: view)
                ], at: now, on: tx)
            return view
        }
    }

    /// Revokes an active agreement with a reason (audited): from now on it counts nothing.
    public func revokeAgreement(_ id: UUID, reason: String?, by actor: Actor) async throws -> AgreementView {
        try AccessPolicy.require(.managePlans, actor)
        let reason = try Text.required(reason, field: "reason", max: 500)
        let now = clock.now()
        return try await store.write { tx in
            let locked = try await lock(ReserveAgreementRecord.self, id, entity: .agreement, on: tx)
            let record = locked.record
            let path = try record.jurisdictionPath
            guard !actor.role.isUnitBound, actor.scope.contains(path) else {
                throw LifelineError.outOfScope(.agreement)
            }
            let before = try await agreementViews([record], on: tx)[0]
            try await revoke(locked, reason: reason, by: actor.username, at: now, on: tx)
            let view = try await agreementViews([record], on: tx)[0]
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "agreement.revoke", by: actor, entity: .agreement, id: id.uuidString, path: path,
                        before: before, after: view)
                ], at: now, on: tx)
            return view
        }
    }

    /// The one way an agreement is revoked (by an officer, or by an inspection's finding).
    func revoke(
        _ locked: Locked<ReserveAgreementRecord>, reason: String, by name: String, at now: Date, on tx: any Database
    ) async throws {
        let status = try locked.record.agreementStatus
        guard status == .active else {
            throw LifelineError(
                .invalidTransition,
                localized: [
                    "entity": EntityName.agreement.text, "from": status.text, "to": AgreementStatus.revoked.text,
                ])
        }
        try await transition(locked, to: AgreementStatus.revoked.rawValue, entity: .agreement, on: tx)
        locked.record.revokedByName = name
        locked.record.revokedAtMs = now.milliseconds
        locked.record.revokeReason = reason
        try await locked.record.update(on: tx)
    }

    /// Whether an inspection revoked the enterprise's storage status (R11.2): such an enterprise
    /// signs no new agreement.
    func storageStatusRevoked(_ enterprise: UUID, on db: any Database) async throws -> Bool {
        try await InspectionRecord.query(on: db).filter(\.$enterpriseUnitID == enterprise)
            .filter(\.$finding == InspectionFinding.revocation.rawValue).count() > 0
    }

    // MARK: - What agreements hold

    /// Issuable stock per enterprise and item in the depots the enterprises operate.
    func enterpriseHoldings(_ enterprises: Set<UUID>, today: Day, on db: any Database) async throws -> [UUID: [UUID:
        Int]]
    {
        guard !enterprises.isEmpty else { return [:] }
        let list = SQLKit.SQLList(enterprises.sorted { $0.uuidString < $1.uuidString }.map { SQLBind($0) })
        let rows = try await db.sql().raw(
            """
            SELECT d.operator_unit_id AS unit, l.item_id AS item, CAST(SUM(l.on_hand - l.held) AS BIGINT) AS quantity \
            FROM lots l JOIN depots d ON d.id = l.depot_id \
            WHERE d.operator_kind = \(bind: DepotOperatorKind.enterprise.rawValue) AND d.operator_unit_id IN (\(list)) \
            AND \(IssuableLotSQL.condition(on: today, requireFree: false)) GROUP BY d.operator_unit_id, l.item_id
            """
        ).all()
        var held: [UUID: [UUID: Int]] = [:]
        for row in rows {
            held[try row.decode(column: "unit", as: UUID.self), default: [:]][
                try row.decode(column: "item", as: UUID.self)] =
                try row.decode(column: "quantity", as: Int.self)
        }
        return held
    }

    /// What each storage line counts today: an enterprise's stock of an item is shared among its
    /// counting agreements in the order they were signed, each up to its contract
    /// (``AgreementRule/countedQuantity(contracted:held:)``), so one unit never counts twice.
    func countedLines(_ agreements: [ReserveAgreementRecord], today: Day, on db: any Database) async throws -> [UUID:
        [UUID: (contracted: Int, counted: Int)]]
    {
        let storage = try agreements.filter { try $0.agreementKind == .storage }
        guard !storage.isEmpty else { return [:] }
        let held = try await enterpriseHoldings(Set(storage.map(\.enterpriseUnitID)), today: today, on: db)
        // Every counting agreement of the same enterprises takes its share first, in signing order.
        let all = try await ReserveAgreementRecord.query(on: db)
            .filter(\.$enterpriseUnitID ~~ Set(storage.map(\.enterpriseUnitID)))
            .filter(\.$kind == AgreementKind.storage.rawValue).sort(\.$createdAtMs).sort(\.$id).all()
        let lines = try await ReserveAgreementLineRecord.query(on: db).filter(\.$agreementID ~~ all.compactMap(\.id))
            .all()
        let linesByAgreement = Dictionary(grouping: lines, by: \.agreementID)
        var left = held
        var counted: [UUID: [UUID: (contracted: Int, counted: Int)]] = [:]
        for agreement in all {
            let id = try agreement.requireID()
            let counts = AgreementRule.counts(
                status: try agreement.agreementStatus, start: try agreement.start, end: try agreement.end, today: today)
            for line in linesByAgreement[id] ?? [] {
                var share = 0
                if counts {
                    let available = left[agreement.enterpriseUnitID]?[line.itemID] ?? 0
                    share = AgreementRule.countedQuantity(contracted: line.quantity, held: available)
                    left[agreement.enterpriseUnitID, default: [:]][line.itemID] = available - share
                }
                counted[id, default: [:]][line.itemID] = (line.quantity, share)
            }
        }
        return counted
    }

    /// Units of each item counting for the subtree at `path` through storage agreements today.
    func agreementStock(path: JurisdictionPath, items: [UUID], today: Day, on db: any Database) async throws -> [UUID:
        Int]
    {
        var query = ReserveAgreementRecord.query(on: db).filter(\.$kind == AgreementKind.storage.rawValue)
            .filter(\.$status == AgreementStatus.active.rawValue).filter(\.$endDay >= today.iso)
            .filter(\.$startDay <= today.iso)
        if let subtree = path.sqlSubtree(column: "path") { query = query.filter(.sql(embed: subtree)) }
        let agreements = try await query.all()
        let wanted = Set(items)
        var stock: [UUID: Int] = [:]
        for (_, lines) in try await countedLines(agreements, today: today, on: db) {
            for (item, line) in lines where wanted.contains(item) { stock[item, default: 0] += line.counted }
        }
        return stock
    }

    func agreementViews(_ records: [ReserveAgreementRecord], on db: any Database) async throws -> [AgreementView] {
        let today = self.today
        let ids = records.compactMap(\.id)
        let lines = try await ReserveAgreementLineRecord.query(on: db).filter(\.$agreementID ~~ ids).all()
        let itemIDs = Set(lines.map(\.itemID) + records.compactMap(\.itemID))
        let items = Dictionary(
            try await ItemRecord.query(on: db).filter(\.$id ~~ itemIDs).all().map { ($0.id!, $0) },
            uniquingKeysWith: { a, _ in a })
        let counted = try await countedLines(records, today: today, on: db)
        return try records.map { record in
            let id = try record.requireID()
            let status = AgreementRule.effectiveStatus(
                stored: try record.agreementStatus, end: try record.end, today: today)
            let product = record.itemID.flatMap { items[$0] }
            let redundant = record.productionLines.flatMap { lines in
                record.dailyOutputPerLine.flatMap { perLine in
                    record.redundancyPercent.map {
                        AgreementRule.redundantDailyOutput(
                            lines: lines, dailyOutputPerLine: perLine, redundancyPercent: $0)
                    }
                }
            }
            let counts = AgreementRule.counts(
                status: try record.agreementStatus, start: try record.start, end: try record.end, today: today)
            return AgreementView(
                id: id, number: record.number, kind: try record.agreementKind, status: status,
                jurisdictionCode: record.jurisdictionCode, path: record.path, enterpriseId: record.enterpriseUnitID,
                enterpriseName: record.enterpriseName, startDay: record.startDay, endDay: record.endDay, counts: counts,
                lines: lines.filter { $0.agreementID == id }.map { line in
                    let item = items[line.itemID]
                    let count = counted[id]?[line.itemID]?.counted ?? 0
                    return AgreementLineView(
                        itemId: line.itemID, itemCode: item?.code ?? "", itemNameZh: item?.nameZh ?? "",
                        itemNameEn: item?.nameEn ?? "", contracted: line.quantity, counted: count,
                        // An agreement that no longer counts obliges nothing.
                        toBuyBack: counts ? AgreementRule.toBuyBack(contracted: line.quantity, held: count) : 0)
                }.sorted { $0.itemCode < $1.itemCode },
                itemCode: product?.code, itemNameZh: product?.nameZh, itemNameEn: product?.nameEn,
                productionLines: record.productionLines, dailyOutputPerLine: record.dailyOutputPerLine,
                redundancyPercent: record.redundancyPercent, redundantDailyOutput: redundant,
                activationHours: record.activationHours, yearlyDepreciationFen: record.yearlyDepreciationFen,
                description: record.description, leadDays: record.leadDays, createdBy: record.createdByName,
                createdAt: Date(milliseconds: record.createdAtMs), revokedBy: record.revokedByName,
                revokedAt: record.revokedAtMs.map(Date.init(milliseconds:)), revokeReason: record.revokeReason)
        }
    }

    /// The terms of `new` checked for its kind, naming the field at fault.
    static func checkedTerms(_ new: NewAgreement) throws(LifelineError) -> NewAgreement {
        var checked = new
        func range(_ value: Int?, _ field: String, _ bounds: ClosedRange<Int>) throws(LifelineError) -> Int {
            guard let value else { throw LifelineError.required(field) }
            guard bounds.contains(value) else {
                throw LifelineError(
                    .outOfRange, field: field, ["min": String(bounds.lowerBound), "max": String(bounds.upperBound)])
            }
            return value
        }
        switch new.kind {
        case .storage:
            guard !new.lines.isEmpty else { throw LifelineError.required("lines") }
            guard new.lines.count <= 200 else {
                throw LifelineError(.outOfRange, field: "lines", ["min": "1", "max": "200"])
            }
            var seen = Set<String>()
            for (index, line) in new.lines.enumerated() {
                _ = try range(line.quantity, "lines[\(index)].quantity", 1...Limits.lotOnHand)
                guard seen.insert(line.itemCode).inserted else {
                    throw LifelineError(.duplicate, field: "lines[\(index)].itemCode", ["value": line.itemCode])
                }
            }
            checked.itemCode = nil
            (checked.productionLines, checked.dailyOutputPerLine, checked.redundancyPercent) = (nil, nil, nil)
            (checked.activationHours, checked.yearlyDepreciationFen, checked.description, checked.leadDays) =
                (nil, nil, nil, nil)
        case .capacity:
            guard new.itemCode != nil else { throw LifelineError.required("itemCode") }
            checked.productionLines = try range(new.productionLines, "productionLines", 1...1_000)
            checked.dailyOutputPerLine = try range(new.dailyOutputPerLine, "dailyOutputPerLine", 1...Limits.lotOnHand)
            checked.redundancyPercent = try range(
                new.redundancyPercent, "redundancyPercent", AgreementRule.redundancyPercentRange)
            checked.activationHours = try range(new.activationHours, "activationHours", 1...8_760)
            checked.yearlyDepreciationFen = try range(
                new.yearlyDepreciationFen, "yearlyDepreciationFen", 0...Limits.unitPriceFen)
            checked.lines = []
            (checked.description, checked.leadDays) = (nil, nil)
        case .technology:
            guard new.itemCode != nil else { throw LifelineError.required("itemCode") }
            checked.description = try Text.required(new.description, field: "description", max: 1_000)
            checked.leadDays = try range(new.leadDays, "leadDays", 1...3_650)
            checked.lines = []
            (checked.productionLines, checked.dailyOutputPerLine, checked.redundancyPercent) = (nil, nil, nil)
            (checked.activationHours, checked.yearlyDepreciationFen) = (nil, nil)
        }
        return checked
    }
}

/// Which agreements to list.
public struct AgreementFilter: Sendable {
    public var kind: AgreementKind?
    public var status: AgreementStatus?
    public var enterpriseId: UUID?

    public init(kind: AgreementKind? = nil, status: AgreementStatus? = nil, enterpriseId: UUID? = nil) {
        self.kind = kind
        self.status = status
        self.enterpriseId = enterpriseId
    }
}

/// An agreement as an officer signs it.
public struct NewAgreement: Codable, Sendable, Hashable {
    public var kind: AgreementKind
    public var jurisdictionCode: String
    public var enterpriseId: UUID
    public var startDay: String
    public var endDay: String
    /// Storage: the items and contracted quantities.
    public var lines: [NewAgreementLine]
    /// Capacity and technology: the product.
    public var itemCode: String?
    public var productionLines: Int?
    public var dailyOutputPerLine: Int?
    public var redundancyPercent: Int?
    public var activationHours: Int?
    public var yearlyDepreciationFen: Int?
    public var description: String?
    public var leadDays: Int?

    public init(
        kind: AgreementKind, jurisdictionCode: String, enterpriseId: UUID, startDay: String, endDay: String,
        lines: [NewAgreementLine] = [], itemCode: String? = nil, productionLines: Int? = nil,
        dailyOutputPerLine: Int? = nil, redundancyPercent: Int? = nil, activationHours: Int? = nil,
        yearlyDepreciationFen: Int? = nil, description: String? = nil, leadDays: Int? = nil
    ) {
        self.kind = kind
        self.jurisdictionCode = jurisdictionCode
        self.enterpriseId = enterpriseId
        self.startDay = startDay
        self.endDay = endDay
        self.lines = lines
        self.itemCode = itemCode
        self.productionLines = productionLines
        self.dailyOutputPerLine = dailyOutputPerLine
        self.redundancyPercent = redundancyPercent
        self.activationHours = activationHours
        self.yearlyDepreciationFen = yearlyDepreciationFen
        self.description = description
        self.leadDays = leadDays
    }

    /// `lines` may be left out (capacity and technology agreements have none).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kind: try c.decode(AgreementKind.self, forKey: .kind),
            jurisdictionCode: try c.decode(String.self, forKey: .jurisdictionCode),
            enterpriseId: try c.decode(UUID.self, forKey: .enterpriseId),
            startDay: try c.decode(String.self, forKey: .startDay), endDay: try c.decode(String.self, forKey: .endDay),
            lines: try c.decodeIfPresent([NewAgreementLine].self, forKey: .lines) ?? [],
            itemCode: try c.decodeIfPresent(String.self, forKey: .itemCode),
            productionLines: try c.decodeIfPresent(Int.self, forKey: .productionLines),
            dailyOutputPerLine: try c.decodeIfPresent(Int.self, forKey: .dailyOutputPerLine),
            redundancyPercent: try c.decodeIfPresent(Int.self, forKey: .redundancyPercent),
            activationHours: try c.decodeIfPresent(Int.self, forKey: .activationHours),
            yearlyDepreciationFen: try c.decodeIfPresent(Int.self, forKey: .yearlyDepreciationFen),
            description: try c.decodeIfPresent(String.self, forKey: .description),
            leadDays: try c.decodeIfPresent(Int.self, forKey: .leadDays))
    }
}

/// An item and quantity a storage agreement contracts.
public struct NewAgreementLine: Codable, Sendable, Hashable {
    public var itemCode: String
    public var quantity: Int

    public init(itemCode: String, quantity: Int) {
        self.itemCode = itemCode
        self.quantity = quantity
    }
}

/// An agreement as read.
public struct AgreementView: Codable, Sendable, Equatable {
    public var id: UUID
    public var number: String
    public var kind: AgreementKind
    /// Active, expired (past its end) or revoked.
    public var status: AgreementStatus
    public var jurisdictionCode: String
    public var path: String
    public var enterpriseId: UUID
    public var enterpriseName: String
    public var startDay: String
    public var endDay: String
    /// Whether it counts today (active and within its period).
    public var counts: Bool
    public var lines: [AgreementLineView]
    public var itemCode: String?
    public var itemNameZh: String?
    public var itemNameEn: String?
    public var productionLines: Int?
    public var dailyOutputPerLine: Int?
    public var redundancyPercent: Int?
    public var redundantDailyOutput: Int?
    public var activationHours: Int?
    public var yearlyDepreciationFen: Int?
    public var description: String?
    public var leadDays: Int?
    public var createdBy: String
    public var createdAt: Date
    public var revokedBy: String?
    public var revokedAt: Date?
    public var revokeReason: String?
}

/// A contracted line and what the enterprise holds against it today.
public struct AgreementLineView: Codable, Sendable, Equatable {
    public var itemId: UUID
    public var itemCode: String
    public var itemNameZh: String
    public var itemNameEn: String
    public var contracted: Int
    /// What counts for the jurisdiction today (0 once the agreement stops counting).
    public var counted: Int
    /// What the enterprise must buy back to hold the contract again.
    public var toBuyBack: Int
}

extension RowReach {
    /// An agreement: the jurisdiction that signed it; the enterprise itself.
    static let agreements = RowReach(paths: ["path"], units: ["enterprise_unit_id"])
}
