import FluentKit
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// What `lifeline verify` found.
public struct VerifyReport: Sendable {
    public var lots: Int
    public var movements: Int
    public var auditEntries: Int
    /// Lots whose balances differ from the sum of their movements.
    public var balanceDifferences: [String]
    public var auditBreaks: [String]
    /// Rows that break an invariant of the dispatch tables, in ``DispatchInvariant`` order; at most
    /// ``Services/dispatchFindingsLimit`` per invariant.
    public var dispatchFindings: [DispatchFinding]
    /// Invariants with more findings than were listed.
    public var truncatedInvariants: Set<DispatchInvariant>
    /// Write-offs whose movements do not match their status, and lots whose held units differ from
    /// what their pending write-offs hold (R4.3).
    public var writeOffFindings: [String] = []
    /// Stocktakes and exchanges whose movements do not match their status; plans or alerts that
    /// break their one-live-row rule (#11).
    public var reserveFindings: [String] = []

    public var isClean: Bool {
        balanceDifferences.isEmpty && auditBreaks.isEmpty && dispatchFindings.isEmpty && writeOffFindings.isEmpty
            && reserveFindings.isEmpty
    }
}

extension OperationsService {
    /// Recomputes every lot's balances from its movements, checks the audit chains, and checks the
    /// invariants of the dispatch tables (``DispatchInvariant``) and of the write-offs.
    public func verify() async throws -> VerifyReport {
        let sums = try await database.sql().raw(
            """
            SELECT lot_id, CAST(SUM(on_hand_delta) AS BIGINT) AS on_hand, CAST(SUM(reserved_delta) AS BIGINT) AS \
            reserved, \
            CAST(SUM(held_delta) AS BIGINT) AS held, COUNT(*) AS n \
            FROM stock_movements GROUP BY lot_id
            """
        ).all()
        var expected: [UUID: (Balance, Int)] = [:]
        for row in sums {
            expected[try row.decode(column: "lot_id", as: UUID.self)] = (
                Balance(
                    onHand: try row.decode(column: "on_hand", as: Int.self),
                    reserved: try row.decode(column: "reserved", as: Int.self),
                    held: try row.decode(column: "held", as: Int.self)),
                try row.decode(column: "n", as: Int.self)
            )
        }
        var differences: [String] = []
        var lotCount = 0
        var movementCount = 0
        var seen: Set<UUID> = []
        var after: UUID? = nil
        while true {
            var query = LotRecord.query(on: database).sort(\.$id).limit(5000)
            if let after { query = query.filter(\.$id > after) }
            let lots = try await query.all()
            if lots.isEmpty { break }
            for lot in lots {
                let id = try lot.requireID()
                lotCount += 1
                seen.insert(id)
                let (sum, n) = expected[id] ?? (Balance(onHand: 0), 0)
                movementCount += n
                if sum != lot.balance {
                    differences.append(
                        """
                        lot \(id) (\(lot.batchNo)): stored on_hand=\(lot.onHand) reserved=\(lot.reserved) \
                        held=\(lot.held), 
                        """
                            + "movements give on_hand=\(sum.onHand) reserved=\(sum.reserved) held=\(sum.held)")
                }
                if !lot.balance.isConsistent {
                    differences.append("lot \(id) (\(lot.batchNo)): balances break the invariant")
                }
            }
            after = try lots.last?.requireID()
        }
        for lotID in expected.keys where !seen.contains(lotID) {
            differences.append("movements refer to a missing lot \(lotID)")
        }
        let audit = try await AuditTrail.verify(on: database)
        let dispatch = try await verifyDispatch()
        return VerifyReport(
            lots: lotCount, movements: movementCount, auditEntries: audit.entries,
            balanceDifferences: differences, auditBreaks: audit.breaks.map(\.description),
            dispatchFindings: dispatch.findings, truncatedInvariants: dispatch.truncated,
            writeOffFindings: try await verifyWriteOffs(), reserveFindings: try await verifyReserves())
    }
}
