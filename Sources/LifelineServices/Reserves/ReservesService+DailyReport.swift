import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// The daily report while an emergency event is active (R11.1, seed 002: 应急期间每日报送出入库及库存):
/// per jurisdiction and holder (the government's depots, or each storage enterprise), what came in,
/// what went out and what was on hand at the end of the day — all from the ledger.
extension ReservesService {
    /// The report of `day` (default today) for the depots in the actor's scope.
    public func dailyReport(day: Day?, for actor: Actor) async throws -> DailyReport {
        try AccessPolicy.require(.readStock, actor)
        guard !actor.role.isUnitBound else { throw LifelineError.outOfScope(.jurisdiction) }
        let day = day ?? today
        let start = day.startMilliseconds
        let end = day.adding(days: 1).startMilliseconds
        let scope = actor.scope.sqlSubtree(column: "d.path")
        // In and out on the day, and what moved after it (to take back from today's balances).
        let adjustment = MovementKind.adjustment.rawValue
        var moved: SQLQueryString = """
            SELECT d.jurisdiction_code AS code, d.operator_kind AS kind, d.operator_unit_id AS unit, \
            CAST(COALESCE(SUM(CASE WHEN m.at_ms >= \(bind: start) AND m.at_ms < \(bind: end) \
            AND m.on_hand_delta > 0 AND m.kind <> \(bind: adjustment) THEN m.on_hand_delta ELSE 0 END), 0) \
            AS BIGINT) AS received, \
            CAST(COALESCE(SUM(CASE WHEN m.at_ms >= \(bind: start) AND m.at_ms < \(bind: end) \
            AND m.on_hand_delta < 0 AND m.kind <> \(bind: adjustment) THEN -m.on_hand_delta ELSE 0 END), 0) \
            AS BIGINT) AS issued, \
            CAST(COALESCE(SUM(CASE WHEN m.at_ms >= \(bind: end) THEN m.on_hand_delta ELSE 0 END), 0) AS BIGINT) \
            AS later FROM stock_movements m JOIN depots d ON d.id = m.depot_id WHERE m.at_ms >= \(bind: start)
            """
        if let scope { moved.appendInterpolation(" AND " + scope) }
        moved.appendInterpolation(
            " GROUP BY d.jurisdiction_code, d.operator_kind, d.operator_unit_id" as SQLQueryString)
        var stock: SQLQueryString = """
            SELECT d.jurisdiction_code AS code, d.operator_kind AS kind, d.operator_unit_id AS unit, \
            CAST(COALESCE(SUM(l.on_hand), 0) AS BIGINT) AS quantity FROM lots l JOIN depots d ON d.id = l.depot_id \
            WHERE 1 = 1
            """
        if let scope { stock.appendInterpolation(" AND " + scope) }
        stock.appendInterpolation(
            " GROUP BY d.jurisdiction_code, d.operator_kind, d.operator_unit_id" as SQLQueryString)
        struct Key: Hashable {
            var code: String
            var unit: UUID?
        }
        var rows: [Key: (received: Int, issued: Int, onHand: Int)] = [:]
        for row in try await database.sql().raw(stock).all() {
            let kind = try row.decode(column: "kind", as: String.self)
            let unit =
                kind == DepotOperatorKind.enterprise.rawValue ? try row.decode(column: "unit", as: UUID?.self) : nil
            rows[Key(code: try row.decode(column: "code", as: String.self), unit: unit), default: (0, 0, 0)].onHand +=
                try row.decode(column: "quantity", as: Int.self)
        }
        for row in try await database.sql().raw(moved).all() {
            let kind = try row.decode(column: "kind", as: String.self)
            let unit =
                kind == DepotOperatorKind.enterprise.rawValue ? try row.decode(column: "unit", as: UUID?.self) : nil
            let key = Key(code: try row.decode(column: "code", as: String.self), unit: unit)
            rows[key, default: (0, 0, 0)].received += try row.decode(column: "received", as: Int.self)
            rows[key, default: (0, 0, 0)].issued += try row.decode(column: "issued", as: Int.self)
            rows[key, default: (0, 0, 0)].onHand -= try row.decode(column: "later", as: Int.self)
        }
        let units = Dictionary(
            try await UnitRecord.query(on: database).filter(\.$id ~~ Set(rows.keys.compactMap(\.unit))).all().map {
                ($0.id!, $0.name)
            }, uniquingKeysWith: { a, _ in a })
        let places = Dictionary(
            try await JurisdictionRecord.query(on: database).filter(\.$id ~~ Set(rows.keys.map(\.code))).all().map {
                ($0.code.rawValue, $0.name)
            }, uniquingKeysWith: { a, _ in a })
        let incidents = try await IncidentRecord.query(on: database)
            .filter(\.$status == IncidentStatus.active.rawValue).all().filter { incident in
                incident.pathList.contains { path in
                    JurisdictionPath(rawValue: path).map { actor.scope.contains($0) || $0.contains(actor.scope) }
                        ?? false
                }
            }
        return DailyReport(
            day: day.iso, activeIncidents: incidents.map { "\($0.number) \($0.title)" },
            rows: rows.map { key, value in
                DailyReportRow(
                    jurisdictionCode: key.code, jurisdictionName: places[key.code] ?? key.code,
                    holderId: key.unit, holderName: key.unit.flatMap { units[$0] }, received: value.received,
                    issued: value.issued, onHand: value.onHand)
            }.sorted { ($0.jurisdictionCode, $0.holderName ?? "") < ($1.jurisdictionCode, $1.holderName ?? "") })
    }
}

/// One day's in, out and stock per jurisdiction and holder.
public struct DailyReport: Codable, Sendable, Equatable {
    public var day: String
    /// The active events touching the reader's area (the report is due while there is one).
    public var activeIncidents: [String]
    public var rows: [DailyReportRow]
}

/// A jurisdiction's government depots (no holder) or one enterprise's depots in it.
public struct DailyReportRow: Codable, Sendable, Equatable {
    public var jurisdictionCode: String
    public var jurisdictionName: String
    public var holderId: UUID?
    /// The storage enterprise; absent for the government's own depots.
    public var holderName: String?
    /// Units received, transferred in or returned on the day.
    public var received: Int
    /// Units issued, transferred out, sold or written off on the day.
    public var issued: Int
    /// Units on hand at the end of the day.
    public var onHand: Int
}
