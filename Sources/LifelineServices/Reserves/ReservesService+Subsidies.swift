import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// Storage subsidies (R9.2): per enterprise and period, 7 % a year of the stored value under its
/// storage agreements (day-weighted, capped at the contract), 2.5 % of the value it bought in, 50 %
/// of the redundant capacity's yearly depreciation for the days a capacity reserve ran — all in
/// fen, computed from the ledger (``SubsidyCalculator``, ``SubsidyBasis``). An open period shows
/// today's figures; closing stores them, and `lifeline verify` recomputes stored statements.
extension ReservesService {
    /// Periods the actor's scope pays, newest first.
    public func subsidyPeriods(page: PageRequest, for actor: Actor) async throws -> Page<SubsidyPeriodView> {
        try Self.requireSubsidyReader(actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let query = SubsidyPeriodRecord.query(on: database).restricted(to: ScopeFilter(actor), .subsidyPeriods)
            .sort(\.$startDay, .descending).sort(\.$id)
        return try await query.paginate(page).map { try SubsidyPeriodView($0) }
    }

    /// Opens a period for a jurisdiction in the actor's scope (audited), with the seed's rates
    /// unless others are given.
    public func createSubsidyPeriod(_ new: NewSubsidyPeriod, by actor: Actor) async throws -> SubsidyPeriodView {
        try AccessPolicy.require(.managePlans, actor)
        guard !actor.role.isUnitBound else { throw LifelineError.outOfScope(.jurisdiction) }
        guard let start = Day(iso: new.startDay) else { throw LifelineError(.invalidDate, field: "startDay") }
        guard let end = Day(iso: new.endDay) else { throw LifelineError(.invalidDate, field: "endDay") }
        guard start <= end, start.days(until: end) < 366 else {
            throw LifelineError.invalid("endDay", "on or after startDay, at most one year later")
        }
        let defaults = SubsidyRates()
        let rates = try SubsidyRates(
            storagePermille: new.storagePermille ?? defaults.storagePermille,
            managementPermille: new.managementPermille ?? defaults.managementPermille,
            capacityRetentionPercent: new.capacityRetentionPercent ?? defaults.capacityRetentionPercent
        ).validated()
        let now = clock.now()
        return try await store.write { tx in
            let place = try await jurisdiction(new.jurisdictionCode, field: "jurisdictionCode", on: tx)
            let path = try place.jurisdictionPath
            guard actor.scope.contains(path) else { throw LifelineError.outOfScope(.jurisdiction) }
            let overlapping = try await SubsidyPeriodRecord.query(on: tx)
                .filter(\.$jurisdictionCode == place.code.rawValue).filter(\.$startDay <= end.iso)
                .filter(\.$endDay >= start.iso).first()
            if let overlapping {
                throw LifelineError(
                    .duplicate, field: "startDay", ["value": "\(overlapping.startDay) – \(overlapping.endDay)"])
            }
            let record = SubsidyPeriodRecord(status: SubsidyPeriodStatus.open.rawValue)
            record.id = ids.next()
            record.jurisdictionCode = place.code.rawValue
            record.path = path.rawValue
            record.startDay = start.iso
            record.endDay = end.iso
            record.storagePermille = rates.storagePermille
            record.managementPermille = rates.managementPermille
            record.capacityPercent = rates.capacityRetentionPercent
            record.createdByName = actor.username
            record.createdAtMs = now.milliseconds
            try await record.create(on: tx)
            let view = try SubsidyPeriodView(record)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "subsidy.period.create", by: actor, entity: .subsidyPeriod, id: view.id.uuidString,
                        path: path, before: SubsidyPeriodView?.none, after: view)
                ], at: now, on: tx)
            return view
        }
    }

    /// A period's statements: stored ones once it is closed, today's figures while it is open.
    public func subsidyStatements(_ periodID: UUID, for actor: Actor) async throws -> SubsidyReport {
        try Self.requireSubsidyReader(actor)
        guard
            let period = try await SubsidyPeriodRecord.query(on: database).filter(\.$id == periodID)
                .restricted(to: ScopeFilter(actor), .subsidyPeriods).first()
        else { throw LifelineError.notFound(.subsidyPeriod, periodID.uuidString) }
        let statements: [SubsidyStatementView]
        if try period.periodStatus == .closed {
            statements = try await SubsidyStatementRecord.query(on: database).filter(\.$periodID == periodID)
                .sort(\.$enterpriseName).sort(\.$id).all().map(SubsidyStatementView.init)
        } else {
            statements = try await computeStatements(period, on: database)
        }
        return SubsidyReport(
            period: try SubsidyPeriodView(period), statements: statements,
            totalFen: statements.reduce(0) { $0 &+ $1.totalFen })
    }

    /// Closes a period that is over (guarded, audited): its statements are computed from the ledger
    /// and stored, and read from then on as stored.
    public func closeSubsidyPeriod(_ periodID: UUID, by actor: Actor) async throws -> SubsidyReport {
        try AccessPolicy.require(.managePlans, actor)
        let now = clock.now()
        let today = self.today
        try await store.write { tx in
            let locked = try await lock(SubsidyPeriodRecord.self, periodID, entity: .subsidyPeriod, on: tx)
            let period = locked.record
            let path = try period.jurisdictionPath
            guard !actor.role.isUnitBound, actor.scope.contains(path) else {
                throw LifelineError.outOfScope(.subsidyPeriod)
            }
            let status = try period.periodStatus
            guard status == .open else {
                throw LifelineError(
                    .invalidTransition,
                    localized: [
                        "entity": EntityName.subsidyPeriod.text, "from": status.text,
                        "to": SubsidyPeriodStatus.closed.text,
                    ])
            }
            guard status.mayClose(end: try period.end, today: today) else {
                throw LifelineError(.periodNotOver, ["end": period.endDay])
            }
            let before = try SubsidyPeriodView(period)
            let statements = try await computeStatements(period, on: tx)
            for s in statements {
                let row = SubsidyStatementRecord()
                row.id = ids.next()
                row.periodID = periodID
                row.enterpriseUnitID = s.enterpriseId
                row.enterpriseName = s.enterpriseName
                row.valueDaysFen = s.valueDaysFen
                row.storageFen = s.storageFen
                row.purchaseValueFen = s.purchaseValueFen
                row.managementFen = s.managementFen
                row.depreciationFen = s.yearlyDepreciationFen
                row.capacityFen = s.capacityFen
                row.totalFen = s.totalFen
                try await row.create(on: tx)
            }
            try await transition(locked, to: SubsidyPeriodStatus.closed.rawValue, entity: .subsidyPeriod, on: tx)
            period.closedByName = actor.username
            period.closedAtMs = now.milliseconds
            try await period.update(on: tx)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "subsidy.period.close", by: actor, entity: .subsidyPeriod, id: periodID.uuidString,
                        path: path, before: before, after: try SubsidyPeriodView(period))
                ], at: now, on: tx)
        }
        return try await subsidyStatements(periodID, for: actor)
    }

    /// The statements as CSV finance reconciles (`lifeline export subsidies`): the given period, or
    /// the last closed one in the actor's scope.
    public func subsidiesCSV(_ periodID: UUID?, for actor: Actor) async throws -> String {
        try Self.requireSubsidyReader(actor)
        var id = periodID
        if id == nil {
            id = try await SubsidyPeriodRecord.query(on: database)
                .restricted(to: ScopeFilter(actor), .subsidyPeriods)
                .filter(\.$status == SubsidyPeriodStatus.closed.rawValue).sort(\.$endDay, .descending).first()?.id
        }
        guard let id else { throw LifelineError.notFound(.subsidyPeriod, "closed") }
        let report = try await subsidyStatements(id, for: actor)
        let header = [
            "period_start", "period_end", "jurisdiction", "status", "enterprise_id", "enterprise", "value_days_fen",
            "storage_permille", "storage_fen", "purchase_value_fen", "management_permille", "management_fen",
            "yearly_depreciation_fen", "capacity_percent", "capacity_fen", "total_fen",
        ]
        let p = report.period
        let rows = report.statements.map { s in
            [
                p.startDay, p.endDay, p.jurisdictionCode, p.status.rawValue, s.enterpriseId.uuidString,
                s.enterpriseName,
                String(s.valueDaysFen), String(p.storagePermille), String(s.storageFen), String(s.purchaseValueFen),
                String(p.managementPermille), String(s.managementFen), String(s.yearlyDepreciationFen),
                String(p.capacityRetentionPercent), String(s.capacityFen), String(s.totalFen),
            ]
        }
        return CSVTable(header: header, rows: rows).encoded()
    }

    static func requireSubsidyReader(_ actor: Actor) throws {
        guard actor.role.permits(.managePlans) || actor.role.permits(.readCharges) || actor.role == .auditor else {
            throw LifelineError.forbidden("read subsidies")
        }
        guard !actor.role.isUnitBound else { throw LifelineError.outOfScope(.subsidyPeriod) }
    }

    // MARK: - The computation

    /// Every enterprise's statement for `period`, from its agreements signed in the period's subtree
    /// and the ledger of the depots it operates.
    func computeStatements(_ period: SubsidyPeriodRecord, on db: any Database) async throws -> [SubsidyStatementView] {
        let start = try period.start
        let end = try period.end
        let path = try period.jurisdictionPath
        var query = ReserveAgreementRecord.query(on: db).filter(\.$kind != AgreementKind.technology.rawValue)
            .filter(\.$startDay <= end.iso).filter(\.$endDay >= start.iso)
        if let subtree = path.sqlSubtree(column: "path") { query = query.filter(.sql(embed: subtree)) }
        let agreements = try await query.all()
        let lines = Dictionary(
            grouping: try await ReserveAgreementLineRecord.query(on: db)
                .filter(\.$agreementID ~~ agreements.compactMap(\.id)).all(), by: \.agreementID)
        var statements: [SubsidyStatementView] = []
        for (enterprise, own) in Dictionary(grouping: agreements, by: \.enterpriseUnitID) {
            // The days each agreement counts within the period (a revocation ends it that day).
            func days(_ a: ReserveAgreementRecord) throws -> ClosedRange<Day>? {
                var last = min(end, try a.end)
                if let revoked = a.revokedAtMs { last = min(last, Day(Date(milliseconds: revoked)).adding(days: -1)) }
                let first = max(start, try a.start)
                return first <= last ? first...last : nil
            }
            var contracted: [UUID: [(ClosedRange<Day>, Int)]] = [:]
            var depreciation = 0
            var capacityFen = 0
            let rates = period.rates
            for a in own {
                guard let span = try days(a) else { continue }
                switch try a.agreementKind {
                case .storage:
                    for line in lines[try a.requireID()] ?? [] {
                        contracted[line.itemID, default: []].append((span, line.quantity))
                    }
                case .capacity:
                    let yearly = a.yearlyDepreciationFen ?? 0
                    depreciation = depreciation &+ yearly
                    capacityFen =
                        capacityFen
                        &+ SubsidyCalculator.capacityRetentionFen(
                            yearlyDepreciationFen: yearly, periodDays: span.lowerBound.days(until: span.upperBound) + 1,
                            rates: rates)
                case .technology: break
                }
            }
            let (valueDays, purchases) = try await heldValue(
                enterprise: enterprise, contracted: contracted, period: start...end, on: db)
            let storageFen = SubsidyCalculator.storageFen(valueDaysFen: valueDays, rates: rates)
            let managementFen = SubsidyCalculator.managementFen(purchaseValueFen: purchases, rates: rates)
            statements.append(
                SubsidyStatementView(
                    enterpriseId: enterprise, enterpriseName: own[0].enterpriseName, valueDaysFen: valueDays,
                    storageFen: storageFen, purchaseValueFen: purchases, managementFen: managementFen,
                    yearlyDepreciationFen: depreciation, capacityFen: capacityFen,
                    totalFen: storageFen &+ managementFen &+ capacityFen))
        }
        return statements.sorted {
            ($0.enterpriseName, $0.enterpriseId.uuidString) < ($1.enterpriseName, $1.enterpriseId.uuidString)
        }
    }

    /// The day-weighted value the enterprise held of its contracted items within `period` (each
    /// day's end-of-day stock in the depots it operates, valued at each lot's cost, counted up to
    /// the quantity contracted that day), and the value it received into those depots in the period.
    private func heldValue(
        enterprise: UUID, contracted: [UUID: [(ClosedRange<Day>, Int)]], period: ClosedRange<Day>,
        on db: any Database
    ) async throws -> (valueDays: Int, purchases: Int) {
        guard !contracted.isEmpty else { return (0, 0) }
        let items = SQLKit.SQLList(contracted.keys.sorted { $0.uuidString < $1.uuidString }.map { SQLBind($0) })
        let endMs = period.upperBound.adding(days: 1).startMilliseconds
        let rows = try await db.sql().raw(
            """
            SELECT m.item_id AS item, m.kind AS kind, m.at_ms AS at, CAST(m.on_hand_delta AS BIGINT) AS delta, \
            CAST(l.unit_cost_fen AS BIGINT) AS cost FROM stock_movements m JOIN lots l ON l.id = m.lot_id \
            JOIN depots d ON d.id = m.depot_id WHERE d.operator_kind = \(bind: DepotOperatorKind.enterprise.rawValue) \
            AND d.operator_unit_id = \(bind: enterprise) AND m.item_id IN (\(items)) AND m.at_ms < \(bind: endMs) \
            AND m.on_hand_delta <> 0 ORDER BY m.at_ms
            """
        ).all()
        let startMs = period.lowerBound.startMilliseconds
        let dayCount = period.lowerBound.days(until: period.upperBound) + 1
        var purchases = 0
        // Per item: quantity and value before the period, then the change on each day of it.
        var opening: [UUID: (quantity: Int, value: Int)] = [:]
        var changes: [UUID: [Int: (quantity: Int, value: Int)]] = [:]
        for row in rows {
            let item = try row.decode(column: "item", as: UUID.self)
            let at = try row.decode(column: "at", as: Int.self)
            let delta = try row.decode(column: "delta", as: Int.self)
            let (value, overflow) = delta.multipliedReportingOverflow(by: try row.decode(column: "cost", as: Int.self))
            let valueDelta = overflow ? 0 : value
            if at < startMs {
                opening[item, default: (0, 0)].quantity &+= delta
                opening[item, default: (0, 0)].value &+= valueDelta
            } else {
                let day = Day(Date(milliseconds: at)).ordinal - period.lowerBound.ordinal
                changes[item, default: [:]][day, default: (0, 0)].quantity &+= delta
                changes[item, default: [:]][day, default: (0, 0)].value &+= valueDelta
                if try row.decode(column: "kind", as: String.self) == MovementKind.receipt.rawValue, delta > 0 {
                    purchases = purchases &+ valueDelta
                }
            }
        }
        var days: [(valueFen: Int, quantity: Int, contracted: Int)] = []
        for (item, spans) in contracted {
            var (quantity, value) = opening[item] ?? (0, 0)
            for offset in 0..<dayCount {
                if let change = changes[item]?[offset] {
                    quantity &+= change.quantity
                    value &+= change.value
                }
                let day = period.lowerBound.adding(days: offset)
                let contract = spans.reduce(0) { $0 &+ ($1.0.contains(day) ? $1.1 : 0) }
                days.append((value, quantity, contract))
            }
        }
        return (SubsidyBasis.valueDays(days), purchases)
    }
}

/// A period as an officer opens it.
public struct NewSubsidyPeriod: Codable, Sendable, Hashable {
    public var jurisdictionCode: String
    public var startDay: String
    public var endDay: String
    public var storagePermille: Int?
    public var managementPermille: Int?
    public var capacityRetentionPercent: Int?

    public init(
        jurisdictionCode: String, startDay: String, endDay: String, storagePermille: Int? = nil,
        managementPermille: Int? = nil, capacityRetentionPercent: Int? = nil
    ) {
        self.jurisdictionCode = jurisdictionCode
        self.startDay = startDay
        self.endDay = endDay
        self.storagePermille = storagePermille
        self.managementPermille = managementPermille
        self.capacityRetentionPercent = capacityRetentionPercent
    }
}

/// A subsidy period as read.
public struct SubsidyPeriodView: Codable, Sendable, Equatable {
    public var id: UUID
    public var jurisdictionCode: String
    public var path: String
    public var startDay: String
    public var endDay: String
    public var status: SubsidyPeriodStatus
    public var storagePermille: Int
    public var managementPermille: Int
    public var capacityRetentionPercent: Int
    public var createdBy: String
    public var closedBy: String?
    public var closedAt: Date?

    init(_ r: SubsidyPeriodRecord) throws {
        id = try r.requireID()
        jurisdictionCode = r.jurisdictionCode
        path = r.path
        startDay = r.startDay
        endDay = r.endDay
        status = try r.periodStatus
        storagePermille = r.storagePermille
        managementPermille = r.managementPermille
        capacityRetentionPercent = r.capacityPercent
        createdBy = r.createdByName
        closedBy = r.closedByName
        closedAt = r.closedAtMs.map(Date.init(milliseconds:))
    }
}

/// One enterprise's subsidies for a period, in fen.
public struct SubsidyStatementView: Codable, Sendable, Equatable {
    public var enterpriseId: UUID
    public var enterpriseName: String
    /// Σ over the period's days of the value held under contract (fen × days).
    public var valueDaysFen: Int
    public var storageFen: Int
    public var purchaseValueFen: Int
    public var managementFen: Int
    public var yearlyDepreciationFen: Int
    public var capacityFen: Int
    public var totalFen: Int

    init(
        enterpriseId: UUID, enterpriseName: String, valueDaysFen: Int, storageFen: Int, purchaseValueFen: Int,
        managementFen: Int, yearlyDepreciationFen: Int, capacityFen: Int, totalFen: Int
    ) {
        self.enterpriseId = enterpriseId
        self.enterpriseName = enterpriseName
        self.valueDaysFen = valueDaysFen
        self.storageFen = storageFen
        self.purchaseValueFen = purchaseValueFen
        self.managementFen = managementFen
        self.yearlyDepreciationFen = yearlyDepreciationFen
        self.capacityFen = capacityFen
        self.totalFen = totalFen
    }

    init(_ r: SubsidyStatementRecord) {
        self.init(
            enterpriseId: r.enterpriseUnitID, enterpriseName: r.enterpriseName, valueDaysFen: r.valueDaysFen,
            storageFen: r.storageFen, purchaseValueFen: r.purchaseValueFen, managementFen: r.managementFen,
            yearlyDepreciationFen: r.depreciationFen, capacityFen: r.capacityFen, totalFen: r.totalFen)
    }
}

/// A period with its statements.
public struct SubsidyReport: Codable, Sendable, Equatable {
    public var period: SubsidyPeriodView
    public var statements: [SubsidyStatementView]
    public var totalFen: Int
}

extension RowReach {
    /// A subsidy period: the paying jurisdiction's area.
    static let subsidyPeriods = RowReach(paths: ["path"])
}
