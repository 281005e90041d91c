import FluentKit
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// The write-off half of `lifeline verify` (R4.3, ADR 0025): every request's movements (under its
/// number) match its status, and a lot's held units are exactly what its pending write-offs hold —
/// nothing else holds stock.
extension OperationsService {
    /// Findings, at most ``dispatchFindingsLimit`` per check, as lines for people.
    func verifyWriteOffs() async throws -> [String] {
        let pending = WriteOffStatus.pending.rawValue
        let requests = try await database.sql().raw(
            """
            SELECT g.* FROM (SELECT w.number, w.status, w.quantity, \
            CAST(COALESCE(SUM(CASE WHEN m.kind = \(bind: MovementKind.hold.rawValue) THEN m.held_delta ELSE 0 END), \
            0) AS BIGINT) AS held_in, \
            CAST(COALESCE(SUM(m.held_delta), 0) AS BIGINT) AS still_held, \
            CAST(COALESCE(SUM(CASE WHEN m.kind = \(bind: MovementKind.writeOff.rawValue) THEN -m.on_hand_delta ELSE \
            0 END), 0) AS BIGINT) AS written \
            FROM write_off_requests w LEFT JOIN stock_movements m ON m.document_no = w.number AND m.lot_id = w.lot_id \
            GROUP BY w.id, w.number, w.status, w.quantity) g \
            WHERE g.held_in <> g.quantity \
            OR g.still_held <> CASE WHEN g.status = \(bind: pending) THEN g.quantity ELSE 0 END \
            OR g.written <> CASE WHEN g.status = \(bind: WriteOffStatus.approved.rawValue) THEN g.quantity ELSE 0 END \
            ORDER BY g.number LIMIT \(literal: Self.dispatchFindingsLimit)
            """
        ).all()
        var findings: [String] = []
        for row in requests {
            findings.append(
                """
                write-off \(try row.decode(column: "number", as: String.self)) \
                (\(try row.decode(column: "status", as: String.self)), 
                """
                    + """
                    \(try row.decode(column: "quantity", as: Int.self)) units): held \
                    \(try row.decode(column: "held_in", as: Int.self)), 
                    """
                        + """
                        still held \(try row.decode(column: "still_held", as: Int.self)), written off \
                        \(try row.decode(column: "written", as: Int.self))
                        """
            )
        }
        let lots = try await database.sql().raw(
            """
            SELECT l.id, l.batch_no, l.held, CAST(COALESCE(p.q, 0) AS BIGINT) AS pending FROM lots l LEFT JOIN \
            (SELECT lot_id, SUM(quantity) AS q FROM write_off_requests WHERE status = \(bind: pending) GROUP BY \
            lot_id) p ON p.lot_id = l.id \
            WHERE l.held <> COALESCE(p.q, 0) ORDER BY l.batch_no, l.id LIMIT \(literal: Self.dispatchFindingsLimit)
            """
        ).all()
        for row in lots {
            findings.append(
                """
                lot \(try row.decode(column: "id", as: UUID.self)) \
                (\(try row.decode(column: "batch_no", as: String.self))): 
                """
                    + """
                    held \(try row.decode(column: "held", as: Int.self)), pending write-offs hold \
                    \(try row.decode(column: "pending", as: Int.self))
                    """
            )
        }
        return findings
    }
}
