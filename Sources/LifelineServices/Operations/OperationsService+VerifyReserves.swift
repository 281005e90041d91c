import FluentKit
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// The reserves half of `lifeline verify` (#11): the movements under a stocktake's or an exchange's
/// number are exactly what its status says moved, and the one-live-row rules of plans and alerts hold.
extension OperationsService {
    /// Findings, at most ``dispatchFindingsLimit`` per check, as lines for people.
    func verifyReserves() async throws -> [String] {
        let limit = Self.dispatchFindingsLimit
        var findings: [String] = []
        // A completed stocktake adjusted each line by its difference; any other adjusted nothing.
        for row in try await database.sql().raw(
            """
            SELECT s.number, s.status, x.lot_id, x.expected, x.posted FROM stocktakes s JOIN (\
            SELECT t.stocktake_id, t.lot_id, \
            CASE WHEN t.counted IS NULL OR t.moved_since IS NULL THEN 0 ELSE t.counted - t.frozen - t.moved_since END \
            AS expected, CAST(COALESCE((SELECT SUM(m.on_hand_delta) FROM stock_movements m, stocktakes s2 \
            WHERE s2.id = t.stocktake_id AND m.document_no = s2.number AND m.lot_id = t.lot_id \
            AND m.kind = \(bind: MovementKind.adjustment.rawValue)), 0) AS BIGINT) AS posted \
            FROM stocktake_lines t) x ON x.stocktake_id = s.id \
            WHERE x.posted <> \
            CASE WHEN s.status = \(bind: StocktakeStatus.completed.rawValue) THEN x.expected ELSE 0 END \
            ORDER BY s.number LIMIT \(literal: limit)
            """
        ).all() {
            findings.append(
                """
                stocktake \(try row.decode(column: "number", as: String.self)) \
                (\(try row.decode(column: "status", as: String.self))) \
                lot \(try row.decode(column: "lot_id", as: UUID.self)): \
                adjusted \(try row.decode(column: "posted", as: Int.self)), difference \
                \(try row.decode(column: "expected", as: Int.self))
                """)
        }
        // An executed exchange moved each line out of its lot; any other moved nothing.
        for row in try await database.sql().raw(
            """
            SELECT e.number, e.status, l.lot_id, l.quantity, CAST(COALESCE((SELECT -SUM(m.on_hand_delta) \
            FROM stock_movements m WHERE m.document_no = e.number AND m.lot_id = l.lot_id \
            AND m.kind = \(bind: MovementKind.transferOut.rawValue)), 0) AS BIGINT) AS moved \
            FROM exchanges e JOIN exchange_lines l ON l.exchange_id = e.id \
            WHERE CAST(COALESCE((SELECT -SUM(m.on_hand_delta) FROM stock_movements m WHERE m.document_no = e.number \
            AND m.lot_id = l.lot_id AND m.kind = \(bind: MovementKind.transferOut.rawValue)), 0) AS BIGINT) <> \
            CASE WHEN e.status = \(bind: ExchangeStatus.executed.rawValue) THEN l.quantity ELSE 0 END \
            ORDER BY e.number LIMIT \(literal: limit)
            """
        ).all() {
            findings.append(
                """
                exchange \(try row.decode(column: "number", as: String.self)) \
                (\(try row.decode(column: "status", as: String.self))) \
                lot \(try row.decode(column: "lot_id", as: UUID.self)): \
                moved \(try row.decode(column: "moved", as: Int.self)) of \
                \(try row.decode(column: "quantity", as: Int.self))
                """)
        }
        // One approved plan per jurisdiction and class; one live alert per cause.
        for row in try await database.sql().raw(
            """
            SELECT jurisdiction_code, reserve_class, COUNT(*) AS n FROM reserve_plans \
            WHERE status = \(bind: ReservePlanStatus.approved.rawValue) GROUP BY jurisdiction_code, reserve_class \
            HAVING COUNT(*) > 1 LIMIT \(literal: limit)
            """
        ).all() {
            findings.append(
                """
                plans: \(try row.decode(column: "n", as: Int.self)) approved for \
                \(try row.decode(column: "jurisdiction_code", as: String.self)) \
                \(try row.decode(column: "reserve_class", as: String.self))
                """)
        }
        for row in try await database.sql().raw(
            """
            SELECT key, COUNT(*) AS n FROM alerts WHERE status <> \(bind: AlertStatus.closed.rawValue) \
            GROUP BY key HAVING COUNT(*) > 1 LIMIT \(literal: limit)
            """
        ).all() {
            let count = try row.decode(column: "n", as: Int.self)
            findings.append("alerts: \(count) live for \(try row.decode(column: "key", as: String.self))")
        }
        return findings
    }
}
