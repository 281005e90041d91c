import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// Weekly reports (R11.1, seed 002's 每周四报送): every Thursday each storage enterprise's report —
/// source, stock, earliest expiry, contracted quantity and capacity — is compiled from the ledger
/// and its agreements, then confirmed by the enterprise; a confirmation after the grace day is late
/// (``WeeklyReportSchedule``) and raises an alert.
extension ReservesService {
    /// Compiles the reports for the Thursday on or before `week` (default today) of every enterprise
    /// with an agreement counting that day in the actor's scope; a pending report is compiled again,
    /// a confirmed one is kept as confirmed. Returns how many were compiled.
    @discardableResult
    public func compileWeeklyReports(week: Day? = nil, by actor: Actor) async throws -> Int {
        try AccessPolicy.require(.managePlans, actor)
        guard !actor.role.isUnitBound else { throw LifelineError.outOfScope(.weeklyReport) }
        let thursday = WeeklyReportSchedule.lastThursday(onOrBefore: week ?? today)
        return try await compileWeeklyReports(thursday: thursday, scope: ScopeFilter(actor))
    }

    /// The work of ``compileWeeklyReports(week:by:)`` for the scheduler too (the whole country).
    func compileWeeklyReports(thursday: Day, scope: ScopeFilter) async throws -> Int {
        let now = clock.now()
        let agreements = try await ReserveAgreementRecord.query(on: database)
            .restricted(to: scope, RowReach(paths: ["path"])).filter(\.$status == AgreementStatus.active.rawValue)
            .filter(\.$startDay <= thursday.iso).filter(\.$endDay >= thursday.iso).filter(
                \.$kind != AgreementKind.technology.rawValue
            ).all()
        let byEnterprise = Dictionary(grouping: agreements, by: \.enterpriseUnitID)
        var compiled = 0
        for (enterprise, own) in byEnterprise.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            let lines = try await weeklyLines(enterprise: enterprise, agreements: own, on: database)
            let body = String(decoding: try JSONEncoder.sorted.encode(lines), as: UTF8.self)
            let changed = try await store.write { tx -> Bool in
                guard let unit = try await UnitRecord.find(enterprise, on: tx) else { return false }
                if let existing = try await WeeklyReportRecord.query(on: tx).filter(\.$enterpriseUnitID == enterprise)
                    .filter(\.$weekDay == thursday.iso).first()
                {
                    guard existing.status == WeeklyReportStatus.pending.rawValue else { return false }
                    existing.body = body
                    existing.compiledAtMs = now.milliseconds
                    try await existing.update(on: tx)
                    return true
                }
                let record = WeeklyReportRecord(status: WeeklyReportStatus.pending.rawValue)
                record.id = ids.next()
                record.enterpriseUnitID = enterprise
                record.enterpriseName = unit.name
                record.path = unit.path
                record.weekDay = thursday.iso
                record.body = body
                record.compiledAtMs = now.milliseconds
                try await record.create(on: tx)
                return true
            }
            if changed { compiled += 1 }
        }
        return compiled
    }

    /// What the enterprise holds of each item in the depots it operates, against its agreements.
    private func weeklyLines(enterprise: UUID, agreements: [ReserveAgreementRecord], on db: any Database)
        async throws -> [WeeklyReportLine]
    {
        let rows = try await db.sql().raw(
            """
            SELECT l.item_id AS item, CAST(SUM(l.on_hand) AS BIGINT) AS quantity, MIN(l.expiry_date) AS expiry \
            FROM lots l JOIN depots d ON d.id = l.depot_id WHERE d.operator_kind = \
            \(bind: DepotOperatorKind.enterprise.rawValue) AND d.operator_unit_id = \(bind: enterprise) \
            AND l.on_hand > 0 GROUP BY l.item_id
            """
        ).all()
        var held: [UUID: (Int, String?)] = [:]
        for row in rows {
            held[try row.decode(column: "item", as: UUID.self)] = (
                try row.decode(column: "quantity", as: Int.self),
                try row.decodeNil(column: "expiry") ? nil : try row.decode(column: "expiry", as: String.self)
            )
        }
        let lines = try await ReserveAgreementLineRecord.query(on: db).filter(
            \.$agreementID ~~ agreements.compactMap(\.id)
        )
        .all()
        var contracted: [UUID: Int] = [:]
        var sources: [UUID: [String]] = [:]
        let numbers = Dictionary(
            agreements.compactMap { a in a.id.map { ($0, a.number) } }, uniquingKeysWith: { a, _ in a })
        for line in lines {
            contracted[line.itemID, default: 0] += line.quantity
            sources[line.itemID, default: []].append(numbers[line.agreementID] ?? "")
        }
        var capacity: [UUID: Int] = [:]
        for a in agreements where a.kind == AgreementKind.capacity.rawValue {
            guard let item = a.itemID, let lines = a.productionLines, let per = a.dailyOutputPerLine,
                let percent = a.redundancyPercent
            else { continue }
            capacity[item, default: 0] += AgreementRule.redundantDailyOutput(
                lines: lines, dailyOutputPerLine: per, redundancyPercent: percent)
            sources[item, default: []].append(a.number)
        }
        let itemIDs = Set(held.keys).union(contracted.keys).union(capacity.keys)
        let items = try await ItemRecord.query(on: db).filter(\.$id ~~ itemIDs).all()
        return items.map { item in
            let id = item.id!
            return WeeklyReportLine(
                itemCode: item.code, itemNameZh: item.nameZh, itemNameEn: item.nameEn,
                source: (sources[id] ?? []).sorted().joined(separator: " "), onHand: held[id]?.0 ?? 0,
                earliestExpiry: held[id]?.1, contracted: contracted[id] ?? 0, dailyCapacity: capacity[id] ?? 0)
        }.sorted { $0.itemCode < $1.itemCode }
    }

    /// Reports the actor reads (an enterprise's operator: its own), newest week first.
    public func weeklyReports(week: Day?, page: PageRequest, for actor: Actor) async throws -> Page<WeeklyReportView> {
        try AccessPolicy.require(.readStock, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        var query = WeeklyReportRecord.query(on: database).restricted(to: ScopeFilter(actor), .weeklyReports)
        if let week { query = query.filter(\.$weekDay == WeeklyReportSchedule.lastThursday(onOrBefore: week).iso) }
        let today = self.today
        return try await query.sort(\.$weekDay, .descending).sort(\.$enterpriseName).sort(\.$id).paginate(page).map {
            try WeeklyReportView($0, today: today)
        }
    }

    /// The enterprise confirms its report (guarded, audited): its operator, or an officer whose
    /// scope holds it on the enterprise's behalf.
    public func confirmWeeklyReport(_ id: UUID, by actor: Actor) async throws -> WeeklyReportView {
        try AccessPolicy.require(.readStock, actor)
        let now = clock.now()
        let today = self.today
        return try await store.write { tx in
            let locked = try await lock(WeeklyReportRecord.self, id, entity: .weeklyReport, on: tx)
            let record = locked.record
            guard
                OversightAuthority.mayConfirmReport(
                    actor, enterprise: record.enterpriseUnitID, enterprisePath: try record.jurisdictionPath)
            else { throw LifelineError.outOfScope(.weeklyReport) }
            let status = try record.reportStatus
            guard status == .pending else {
                throw LifelineError(
                    .invalidTransition,
                    localized: [
                        "entity": EntityName.weeklyReport.text, "from": status.text,
                        "to": WeeklyReportStatus.confirmed.text,
                    ])
            }
            let before = try WeeklyReportView(record, today: today)
            try await transition(locked, to: WeeklyReportStatus.confirmed.rawValue, entity: .weeklyReport, on: tx)
            record.confirmedByName = actor.username
            record.confirmedAtMs = now.milliseconds
            record.confirmedDay = today.iso
            try await record.update(on: tx)
            let view = try WeeklyReportView(record, today: today)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "weekly_report.confirm", by: actor, entity: .weeklyReport, id: id.uuidString,
                        path: try record.jurisdictionPath, before: before, after: view)
                ], at: now, on: tx)
            return view
        }
    }

    /// The week's reports as CSV (`lifeline export weekly-report`): compiled first for the last
    /// Thursday (or `week`'s), one row per enterprise and item.
    public func weeklyReportCSV(week: Day?, by actor: Actor) async throws -> String {
        let thursday = WeeklyReportSchedule.lastThursday(onOrBefore: week ?? today)
        try await compileWeeklyReports(week: thursday, by: actor)
        var rows: [[String]] = []
        var number = 1
        while true {
            let page = try await weeklyReports(
                week: thursday, page: PageRequest(page: number, per: settings.maxPageSize), for: actor)
            for report in page.items {
                let base = [report.weekDay, report.enterpriseName, report.status.rawValue, report.late ? "1" : "0"]
                if report.lines.isEmpty { rows.append(base + ["", "", "", "0", "", "0", "0"]) }
                for line in report.lines {
                    rows.append(
                        base + [
                            line.itemCode, line.itemNameZh, line.source, String(line.onHand), line.earliestExpiry ?? "",
                            String(line.contracted), String(line.dailyCapacity),
                        ])
                }
            }
            if number >= page.pageCount { break }
            number += 1
        }
        return CSVTable(
            header: [
                "week", "enterprise", "status", "late", "item_code", "item_name", "source", "on_hand",
                "earliest_expiry",
                "contracted", "daily_capacity",
            ], rows: rows
        ).encoded()
    }

    /// Reports not confirmed by the grace day, or confirmed late this week, for the alert centre;
    /// compiles last Thursday's reports first when they do not exist yet (the Thursday schedule).
    func weeklyReportCauses() async throws -> [AlertCondition] {
        let today = self.today
        let thursday = WeeklyReportSchedule.lastThursday(onOrBefore: today)
        if try await WeeklyReportRecord.query(on: database).filter(\.$weekDay == thursday.iso).count() == 0 {
            _ = try await compileWeeklyReports(thursday: thursday, scope: .subtree(.nation))
        }
        let recent = try await WeeklyReportRecord.query(on: database).filter(
            \.$weekDay >= thursday.adding(days: -7).iso
        )
        .all()
        var causes: [AlertCondition] = []
        for report in recent {
            let view = try WeeklyReportView(report, today: today)
            guard view.late, view.status == .pending else { continue }
            causes.append(
                AlertCondition(
                    kind: .weeklyReportLate, subject: try report.requireID().uuidString,
                    path: try report.jurisdictionPath,
                    message: LocalizedText(
                        zh: "\(report.enterpriseName) \(report.weekDay) 周报尚未确认（每周四报送，逾期）",
                        en: "\(report.enterpriseName) has not confirmed its weekly report of \(report.weekDay) (late)"))
            )
        }
        return causes
    }
}

/// One item of a weekly report.
public struct WeeklyReportLine: Codable, Sendable, Equatable {
    public var itemCode: String
    public var itemNameZh: String
    public var itemNameEn: String
    /// The agreements the item is held or produced under.
    public var source: String
    public var onHand: Int
    public var earliestExpiry: String?
    public var contracted: Int
    /// Redundant daily output under capacity reserves.
    public var dailyCapacity: Int
}

/// A weekly report as read.
public struct WeeklyReportView: Codable, Sendable, Equatable {
    public var id: UUID
    public var enterpriseId: UUID
    public var enterpriseName: String
    public var path: String
    public var weekDay: String
    public var status: WeeklyReportStatus
    public var late: Bool
    public var compiledAt: Date
    public var confirmedBy: String?
    public var confirmedAt: Date?
    public var lines: [WeeklyReportLine]

    init(_ r: WeeklyReportRecord, today: Day) throws {
        id = try r.requireID()
        enterpriseId = r.enterpriseUnitID
        enterpriseName = r.enterpriseName
        path = r.path
        weekDay = r.weekDay
        status = try r.reportStatus
        late = WeeklyReportSchedule.isLate(
            week: try r.week, confirmedOn: r.confirmedDay.flatMap { Day(iso: $0) }, today: today)
        compiledAt = Date(milliseconds: r.compiledAtMs)
        confirmedBy = r.confirmedByName
        confirmedAt = r.confirmedAtMs.map(Date.init(milliseconds:))
        lines = (try? JSONDecoder().decode([WeeklyReportLine].self, from: Data(r.body.utf8))) ?? []
    }
}

extension RowReach {
    /// A weekly report: the enterprise's area; the enterprise itself.
    static let weeklyReports = RowReach(paths: ["path"], units: ["enterprise_unit_id"])
}
