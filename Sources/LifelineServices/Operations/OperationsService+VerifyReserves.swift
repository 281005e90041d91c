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
        findings += try await verifyRotationAndSubsidies(limit: limit)
        return findings
    }

    /// Every sale movement has its sale record (buyer, price, proceeds = price × quantity) and no
    /// record lacks its movement; quotas used equal the issues of executed rotation plans; kit work
    /// moved exactly its lines; a closed subsidy period's stored statements are what the ledger
    /// gives again.
    func verifyRotationAndSubsidies(limit: Int) async throws -> [String] {
        var findings: [String] = []
        for row in try await database.sql().raw(
            """
            SELECT m.document_no AS document, m.lot_id AS lot, CAST(-m.on_hand_delta AS BIGINT) AS moved, \
            CAST(COALESCE(s.quantity, 0) AS BIGINT) AS sold, CAST(COALESCE(s.proceeds_fen, 0) AS BIGINT) AS proceeds, \
            CAST(COALESCE(s.unit_price_fen, 0) AS BIGINT) AS price FROM stock_movements m \
            LEFT JOIN lot_sales s ON s.document_no = m.document_no AND s.lot_id = m.lot_id \
            WHERE m.kind = \(bind: MovementKind.sale.rawValue) ORDER BY m.document_no LIMIT 100000
            """
        ).all() {
            let moved = try row.decode(column: "moved", as: Int.self)
            let sold = try row.decode(column: "sold", as: Int.self)
            let price = try row.decode(column: "price", as: Int.self)
            let proceeds = try row.decode(column: "proceeds", as: Int.self)
            let (product, overflow) = price.multipliedReportingOverflow(by: sold)
            guard moved != sold || proceeds != (overflow ? Int.max : product) else { continue }
            findings.append(
                """
                sale \(try row.decode(column: "document", as: String.self)) lot \
                \(try row.decode(column: "lot", as: UUID.self)): moved \(moved), recorded \(sold) for \(proceeds) fen
                """)
            if findings.count >= limit { return findings }
        }
        for row in try await database.sql().raw(
            """
            SELECT s.document_no AS document FROM lot_sales s WHERE NOT EXISTS (SELECT 1 FROM stock_movements m \
            WHERE m.document_no = s.document_no AND m.lot_id = s.lot_id \
            AND m.kind = \(bind: MovementKind.sale.rawValue)) LIMIT \(literal: limit)
            """
        ).all() {
            findings.append(
                "sale \(try row.decode(column: "document", as: String.self)): recorded without its movement")
        }
        // Quotas used: the issues of executed plans, per institution, item and the year they ran.
        var issued: [String: Int] = [:]
        let plans = try await RotationPlanRecord.query(on: database)
            .filter(\.$status == RotationPlanStatus.executed.rawValue).all()
        let codes = Dictionary(
            try await ItemRecord.query(on: database).all().map { ($0.code, $0.id) }, uniquingKeysWith: { a, _ in a })
        for plan in plans {
            let year = Day(Date(milliseconds: plan.decidedAtMs ?? plan.createdAtMs)).components.year
            for step in try JSONDecoder().decode([RotationStep].self, from: Data(plan.steps.utf8))
            where step.kind == .issue {
                guard let unit = step.institutionID, let item = codes[step.itemCode] ?? nil else { continue }
                issued["\(unit.uuidString)/\(item.uuidString)/\(year)", default: 0] += step.quantity
            }
        }
        for quota in try await PurchaseQuotaRecord.query(on: database).all() {
            let key = "\(quota.unitID.uuidString)/\(quota.itemID.uuidString)/\(quota.year)"
            let expected = issued.removeValue(forKey: key) ?? 0
            if quota.used != expected {
                findings.append("quota \(key): used \(quota.used), executed rotation issued \(expected)")
            }
        }
        for (key, quantity) in issued.sorted(by: { $0.key < $1.key }) {
            findings.append("quota \(key): executed rotation issued \(quantity) without a quota")
        }
        // Kit work: the movements under its number are exactly its lines and its kits.
        for work in try await KitWorkRecord.query(on: database).sort(\.$atMs).all() {
            var expected: [UUID: Int] = [:]
            let sign = work.kind == KitWork.assembly.rawValue ? -1 : 1
            for line in try JSONDecoder().decode([KitWorkLine].self, from: Data(work.lines.utf8)) {
                expected[line.lotId, default: 0] += sign * line.quantity
            }
            expected[work.kitLotID, default: 0] -= sign * work.kits
            var posted: [UUID: Int] = [:]
            for movement in try await StockMovementRecord.query(on: database).filter(\.$documentNo == work.number)
                .all()
            {
                posted[movement.lotID, default: 0] += movement.onHandDelta
            }
            if posted.filter({ $0.value != 0 }) != expected.filter({ $0.value != 0 }) {
                findings.append(
                    "kit work \(work.number) (\(work.kind)): the ledger moved \(posted.values.reduce(0, +)) net")
            }
            if findings.count >= limit { return findings }
        }
        // Closed periods: the stored statements are reproducible from the ledger.
        for period in try await SubsidyPeriodRecord.query(on: database)
            .filter(\.$status == SubsidyPeriodStatus.closed.rawValue).sort(\.$startDay).all()
        {
            let id = try period.requireID()
            let stored = try await SubsidyStatementRecord.query(on: database).filter(\.$periodID == id).all()
            let again = Dictionary(
                try await reserves.computeStatements(period, on: database).map { ($0.enterpriseId, $0.totalFen) },
                uniquingKeysWith: { a, _ in a })
            let kept = Dictionary(stored.map { ($0.enterpriseUnitID, $0.totalFen) }, uniquingKeysWith: { a, _ in a })
            if kept != again {
                findings.append(
                    """
                    subsidy period \(period.jurisdictionCode) \(period.startDay)–\(period.endDay): stored \
                    \(kept.values.reduce(0, &+)) fen, the ledger gives \(again.values.reduce(0, &+)) fen
                    """)
            }
            if findings.count >= limit { break }
        }
        return findings
    }
}
