import FluentKit
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// The dispatch half of `lifeline verify`: one SQL statement per ``DispatchInvariant`` (a few for
/// ``DispatchInvariant/orderState``), each aggregating in the database and returning only the rows
/// that break it, at most ``Services/dispatchFindingsLimit`` + 1 of them.
extension OperationsService {
    /// The most findings `verify` lists per invariant; it says which invariants had more.
    public static let dispatchFindingsLimit = 1000

    /// Checks every dispatch invariant; returns the findings (at most ``dispatchFindingsLimit`` per
    /// invariant) and the invariants that had more than that.
    func verifyDispatch() async throws -> (findings: [DispatchFinding], truncated: Set<DispatchInvariant>) {
        var all: [DispatchFinding] = []
        var truncated: Set<DispatchInvariant> = []
        for invariant in DispatchInvariant.allCases {
            let found = try await findings(breaking: invariant)
            if found.count > Self.dispatchFindingsLimit { truncated.insert(invariant) }
            all += found.prefix(Self.dispatchFindingsLimit)
        }
        return (all, truncated)
    }

    /// The rows that break `invariant`.
    func findings(breaking invariant: DispatchInvariant) async throws -> [DispatchFinding] {
        switch invariant {
        case .lotReservation: try await lotReservationFindings()
        case .overApproval: try await overApprovalFindings()
        case .duplicateApproval: try await duplicateApprovalFindings()
        case .signedQuantities: try await signedQuantityFindings()
        case .overRecovery: try await overRecoveryFindings()
        case .recoveryRecords: try await recoveryRecordFindings()
        case .excessCharge: try await excessChargeFindings()
        case .orderMovements: try await orderMovementFindings()
        case .strayReservation: try await strayReservationFindings()
        case .orderState: try await orderStateFindings()
        case .requestState: try await requestStateFindings()
        }
    }

    // MARK: - Reservations

    /// Lots whose `reserved` differs from what the lines of goods orders still holding a
    /// reservation reserve on them.
    private func lotReservationFindings() async throws -> [DispatchFinding] {
        try await rows(
            """
            SELECT l.id, l.batch_no, l.item_id, l.reserved, CAST(COALESCE(o.q, 0) AS BIGINT) AS expected FROM lots l \
            LEFT JOIN (SELECT dl.lot_id, SUM(dl.quantity) AS q FROM dispatch_lines dl JOIN dispatch_orders d ON d.id \
            = dl.order_id \
            WHERE d.kind <> \(bind: Self.deliveryKind) AND d.status IN (\(binds: Self.holding)) GROUP BY dl.lot_id) \
            o ON o.lot_id = l.id \
            WHERE l.reserved <> COALESCE(o.q, 0) ORDER BY l.batch_no, l.id
            """
        ).map { row in
            let lot = try row.decode(column: "id", as: UUID.self)
            return DispatchFinding(
                .lotReservation, .lot, id: lot, number: try row.decode(column: "batch_no", as: String.self), lotID: lot,
                itemID: try row.decode(column: "item_id", as: UUID.self), measure: "reserved",
                stored: String(try row.decode(column: "reserved", as: Int.self)),
                expected: String(try row.decode(column: "expected", as: Int.self)))
        }
    }

    /// Per goods order and lot: the movements under the order's number against its lines.
    private func orderMovementFindings() async throws -> [DispatchFinding] {
        let rows = try await rows(
            """
            SELECT g.* FROM (SELECT x.order_id, d.number, d.status, x.lot_id, CAST(SUM(x.q) AS BIGINT) AS q, \
            CAST(SUM(x.reserved) AS BIGINT) AS reserved, CAST(SUM(x.released) AS BIGINT) AS released, \
            CAST(SUM(x.shipped) AS BIGINT) AS shipped, CAST(SUM(x.net) AS BIGINT) AS net FROM (\
            SELECT dl.order_id, dl.lot_id, dl.quantity AS q, 0 AS reserved, 0 AS released, 0 AS shipped, 0 AS net \
            FROM dispatch_lines dl \
            UNION ALL SELECT o.id, m.lot_id, 0, \
            CASE WHEN m.kind = \(bind: MovementKind.reserve.rawValue) THEN m.reserved_delta ELSE 0 END, \
            CASE WHEN m.kind = \(bind: MovementKind.release.rawValue) THEN -m.reserved_delta ELSE 0 END, \
            CASE WHEN (m.kind = \(bind: MovementKind.issue.rawValue) AND o.kind = \
            \(bind: DispatchOrderKind.deployment.rawValue)) \
            OR (m.kind = \(bind: MovementKind.transferOut.rawValue) AND o.kind = \
            \(bind: DispatchOrderKind.allocation.rawValue)) \
            THEN -m.on_hand_delta ELSE 0 END, m.reserved_delta \
            FROM stock_movements m JOIN dispatch_orders o ON o.number = m.document_no \
            WHERE m.kind IN (\(binds: [MovementKind.reserve, .release, .issue, .transferOut].map(\.rawValue))) OR \
            m.reserved_delta <> 0\
            ) x JOIN dispatch_orders d ON d.id = x.order_id GROUP BY x.order_id, d.number, d.status, x.lot_id) g \
            WHERE g.reserved <> g.q OR g.released <> CASE WHEN g.status = \
            \(bind: DispatchOrderStatus.cancelled.rawValue) THEN g.q ELSE 0 END \
            OR g.shipped <> CASE WHEN g.status IN (\(binds: Self.departed)) THEN g.q ELSE 0 END \
            OR g.net <> CASE WHEN g.status IN (\(binds: Self.holding)) THEN g.q ELSE 0 END \
            ORDER BY g.number, g.lot_id
            """)
        var findings: [DispatchFinding] = []
        for row in rows {
            let order = try row.decode(column: "order_id", as: UUID.self)
            let number = try row.decode(column: "number", as: String.self)
            let lot = try row.decode(column: "lot_id", as: UUID.self)
            let status = DispatchOrderStatus(rawValue: try row.decode(column: "status", as: String.self))
            let q = try row.decode(column: "q", as: Int.self)
            let expected: [(String, String, Int)] = [
                ("reserve", "reserved by approval", q),
                ("released", "released on cancellation", status == .cancelled ? q : 0),
                (
                    "shipped", "issued or transferred out on departure",
                    status.map { Self.departed.contains($0.rawValue) } == true ? q : 0
                ),
                (
                    "net", "still reserved (\(status?.rawValue ?? "unknown status"))",
                    status?.holdsReservation == true ? q : 0
                ),
            ]
            for (column, measure, value) in expected {
                let stored = try row.decode(column: column == "reserve" ? "reserved" : column, as: Int.self)
                guard stored != value else { continue }
                findings.append(
                    DispatchFinding(
                        .orderMovements, .order, id: order, number: number, lotID: lot, measure: "units \(measure)",
                        stored: String(stored), expected: String(value)))
            }
        }
        return findings
    }

    /// Movements that change a lot's `reserved` under a document number that names no order.
    private func strayReservationFindings() async throws -> [DispatchFinding] {
        try await rows(
            """
            SELECT m.document_no, m.lot_id, CAST(SUM(m.reserved_delta) AS BIGINT) AS reserved, COUNT(*) AS n FROM \
            stock_movements m \
            LEFT JOIN dispatch_orders o ON o.number = m.document_no WHERE m.reserved_delta <> 0 AND o.id IS NULL \
            GROUP BY m.document_no, m.lot_id ORDER BY m.document_no, m.lot_id
            """
        ).map { row in
            DispatchFinding(
                .strayReservation, .document, id: nil, number: try row.decode(column: "document_no", as: String.self),
                lotID: try row.decode(column: "lot_id", as: UUID.self),
                measure: "reserved units in \(try row.decode(column: "n", as: Int.self)) movements naming no order",
                stored: String(try row.decode(column: "reserved", as: Int.self)), expected: "none")
        }
    }

    // MARK: - Approval

    /// Requests whose standing goods orders carry more of an item (or substitution group) than asked.
    private func overApprovalFindings() async throws -> [DispatchFinding] {
        // The key a line counts under: its substitution group where the request allows a lowered
        // standard and the item has one, otherwise the item itself.
        let item: SQLQueryString =
            "CASE WHEN r.substitutes_allowed AND i.substitution_group IS NOT NULL THEN NULL ELSE i.id END"
        let group: SQLQueryString = "CASE WHEN r.substitutes_allowed THEN i.substitution_group ELSE NULL END"
        return try await rows(
            """
            SELECT x.request_id, q.number, x.item_id, it.code, x.grp, CAST(SUM(x.approved) AS BIGINT) AS approved, \
            CAST(SUM(x.requested) AS BIGINT) AS requested FROM (\
            SELECT d.request_id, \(item) AS item_id, \(group) AS grp, dl.quantity AS approved, 0 AS requested \
            FROM dispatch_lines dl JOIN dispatch_orders d ON d.id = dl.order_id JOIN supply_requests r ON r.id = \
            d.request_id \
            JOIN items i ON i.id = dl.item_id WHERE d.kind <> \(bind: Self.deliveryKind) AND d.status <> \
            \(bind: DispatchOrderStatus.cancelled.rawValue) \
            UNION ALL SELECT rl.request_id, \(item), \(group), 0, rl.quantity FROM request_lines rl \
            JOIN supply_requests r ON r.id = rl.request_id JOIN items i ON i.id = rl.item_id\
            ) x JOIN supply_requests q ON q.id = x.request_id LEFT JOIN items it ON it.id = x.item_id \
            GROUP BY x.request_id, q.number, x.item_id, it.code, x.grp HAVING SUM(x.approved) > SUM(x.requested) \
            ORDER BY q.number, it.code, x.grp
            """
        ).map { row in
            let itemID = try row.decode(column: "item_id", as: UUID?.self)
            let what =
                try itemID.map { _ in "item \(try row.decode(column: "code", as: String?.self) ?? "?")" }
                ?? "substitution group \(try row.decode(column: "grp", as: String?.self) ?? "?")"
            return DispatchFinding(
                .overApproval, .request, id: try row.decode(column: "request_id", as: UUID.self),
                number: try row.decode(column: "number", as: String.self), itemID: itemID,
                measure: "units of \(what) on standing goods orders",
                stored: String(try row.decode(column: "approved", as: Int.self)),
                expected: "≤ \(try row.decode(column: "requested", as: Int.self)) requested")
        }
    }

    /// Requests with more than one standing goods order from one depot.
    private func duplicateApprovalFindings() async throws -> [DispatchFinding] {
        try await rows(
            """
            SELECT d.request_id, r.number, d.depot_id, COUNT(*) AS n, MIN(d.number) AS first_no, MAX(d.number) AS \
            last_no \
            FROM dispatch_orders d JOIN supply_requests r ON r.id = d.request_id \
            WHERE d.kind <> \(bind: Self.deliveryKind) AND d.status <> \(bind: DispatchOrderStatus.cancelled.rawValue) \
            GROUP BY d.request_id, r.number, d.depot_id HAVING COUNT(*) > 1 ORDER BY r.number, d.depot_id
            """
        ).map { row in
            DispatchFinding(
                .duplicateApproval, .request, id: try row.decode(column: "request_id", as: UUID.self),
                number: try row.decode(column: "number", as: String.self),
                measure: "standing goods orders from depot \(try row.decode(column: "depot_id", as: UUID.self)) "
                    + """
                    (\(try row.decode(column: "first_no", as: String.self)) … \
                    \(try row.decode(column: "last_no", as: String.self)))
                    """,
                stored: String(try row.decode(column: "n", as: Int.self)), expected: "1")
        }
    }

    // MARK: - Signing, recovery, charges

    /// Lines whose signed quantities do not add up to the quantity shipped.
    private func signedQuantityFindings() async throws -> [DispatchFinding] {
        try await rows(
            """
            SELECT dl.id, d.number, dl.line_no, dl.lot_id, dl.item_id, dl.quantity, dl.accepted, dl."short", \
            dl.damaged, dl.signed_at_ms \
            FROM dispatch_lines dl JOIN dispatch_orders d ON d.id = dl.order_id WHERE dl.quantity <= 0 \
            OR (dl.signed_at_ms IS NOT NULL AND (dl.accepted IS NULL OR dl."short" IS NULL OR dl.damaged IS NULL \
            OR dl.accepted < 0 OR dl."short" < 0 OR dl.damaged < 0 OR dl.accepted + dl."short" + dl.damaged <> \
            dl.quantity)) \
            OR (dl.signed_at_ms IS NULL AND (dl.accepted IS NOT NULL OR dl."short" IS NOT NULL OR dl.damaged IS NOT \
            NULL)) \
            ORDER BY d.number, dl.line_no
            """
        ).map { row in
            let parts = try ["accepted", "short", "damaged"].map { try row.decode(column: $0, as: Int?.self) }
            let signed = try row.decode(column: "signed_at_ms", as: Int?.self) != nil
            let quantity = try row.decode(column: "quantity", as: Int.self)
            let text = parts.map { $0.map(String.init) ?? "–" }.joined(separator: " + ")
            return DispatchFinding(
                .signedQuantities, .line, id: try row.decode(column: "id", as: UUID.self),
                number: try row.decode(column: "number", as: String.self) + "#"
                    + String(try row.decode(column: "line_no", as: Int.self)),
                lotID: try row.decode(column: "lot_id", as: UUID.self),
                itemID: try row.decode(column: "item_id", as: UUID.self),
                measure: signed ? "signed accepted + short + damaged" : "unsigned line with accepted + short + damaged",
                stored: parts.allSatisfy { $0 != nil } ? "\(text) = \(parts.compactMap { $0 }.reduce(0, +))" : text,
                expected: signed ? "\(quantity) shipped, none negative" : "none until signed")
        }
    }

    /// Orders and lots with more units returned under the order's number than were accepted.
    private func overRecoveryFindings() async throws -> [DispatchFinding] {
        try await rows(
            """
            SELECT d.id, d.number, m.lot_id, CAST(m.returned AS BIGINT) AS returned, CAST(COALESCE(a.accepted, 0) AS \
            BIGINT) AS accepted FROM (\
            SELECT document_no, lot_id, SUM(on_hand_delta) AS returned FROM stock_movements WHERE kind = \
            \(bind: MovementKind.return.rawValue) \
            GROUP BY document_no, lot_id) m JOIN dispatch_orders d ON d.number = m.document_no \
            LEFT JOIN (SELECT order_id, lot_id, SUM(accepted) AS accepted FROM dispatch_lines GROUP BY order_id, \
            lot_id) a \
            ON a.order_id = d.id AND a.lot_id = m.lot_id WHERE m.returned > COALESCE(a.accepted, 0) ORDER BY \
            d.number, m.lot_id
            """
        ).map { row in
            DispatchFinding(
                .overRecovery, .order, id: try row.decode(column: "id", as: UUID.self),
                number: try row.decode(column: "number", as: String.self),
                lotID: try row.decode(column: "lot_id", as: UUID.self),
                measure: "units recovered", stored: String(try row.decode(column: "returned", as: Int.self)),
                expected: "≤ \(try row.decode(column: "accepted", as: Int.self)) accepted")
        }
    }

    /// Orders and lots whose recovery rows do not add up to the units returned under the order's
    /// number, or name another grid or round than the order served.
    private func recoveryRecordFindings() async throws -> [DispatchFinding] {
        try await rows(
            """
            SELECT d.id, d.number, k.lot_id, CAST(COALESCE(m.returned, 0) AS BIGINT) AS returned, \
            CAST(COALESCE(r.recorded, 0) AS BIGINT) AS recorded, COALESCE(r.foreign_rows, 0) AS foreign_rows FROM (\
            SELECT d.id AS order_id, m.lot_id FROM stock_movements m \
            JOIN dispatch_orders d ON d.number = m.document_no WHERE m.kind = \(bind: MovementKind.return.rawValue) \
            UNION SELECT order_id, lot_id FROM lot_recoveries) k JOIN dispatch_orders d ON d.id = k.order_id \
            LEFT JOIN (SELECT document_no, lot_id, SUM(on_hand_delta) AS returned FROM stock_movements WHERE kind = \
            \(bind: MovementKind.return.rawValue) GROUP BY document_no, lot_id) m \
            ON m.document_no = d.number AND m.lot_id = k.lot_id \
            LEFT JOIN (SELECT x.order_id, x.lot_id, SUM(x.quantity) AS recorded, \
            SUM(CASE WHEN (o.grid IS NOT NULL AND o.grid <> x.grid) OR (o.round IS NOT NULL AND o.round <> x.round) \
            THEN 1 ELSE 0 END) AS foreign_rows FROM lot_recoveries x JOIN dispatch_orders o ON o.id = x.order_id \
            GROUP BY x.order_id, x.lot_id) r ON r.order_id = k.order_id AND r.lot_id = k.lot_id \
            WHERE COALESCE(m.returned, 0) <> COALESCE(r.recorded, 0) OR COALESCE(r.foreign_rows, 0) > 0 \
            ORDER BY d.number, k.lot_id
            """
        ).map { row in
            let foreign = try row.decode(column: "foreign_rows", as: Int.self)
            return DispatchFinding(
                .recoveryRecords, .order, id: try row.decode(column: "id", as: UUID.self),
                number: try row.decode(column: "number", as: String.self),
                lotID: try row.decode(column: "lot_id", as: UUID.self),
                measure: foreign > 0 ? "recovery rows of another grid or round" : "units recorded as recovered",
                stored: foreign > 0 ? String(foreign) : String(try row.decode(column: "recorded", as: Int.self)),
                expected: foreign > 0
                    ? "0" : "\(try row.decode(column: "returned", as: Int.self)) returned under the order")
        }
    }

    /// Charges beyond what the order's signed lines allow (Services.charge: one row of each kind
    /// per line at most: `charge` for the accepted units, `buyback` for the shipped units from an
    /// enterprise's depot, `claim` for the short and damaged units), or on an undelivered order.
    private func excessChargeFindings() async throws -> [DispatchFinding] {
        let (charge, buyback, claim) = ("charge", "buyback", "claim")
        return try await rows(
            """
            SELECT d.id, d.number, d.status, c.item_id, c.kind, CAST(c.charged AS BIGINT) AS charged, c.n, \
            COALESCE(l.lines, 0) AS lines, \
            CAST(CASE c.kind WHEN \(bind: charge) THEN COALESCE(l.accepted, 0) WHEN \(bind: buyback) THEN \
            COALESCE(l.shipped, 0) \
            WHEN \(bind: claim) THEN COALESCE(l.lost, 0) ELSE 0 END AS BIGINT) AS allowed FROM (\
            SELECT order_id, item_id, kind, SUM(quantity) AS charged, COUNT(*) AS n FROM charges GROUP BY order_id, \
            item_id, kind) c \
            JOIN dispatch_orders d ON d.id = c.order_id LEFT JOIN (SELECT order_id, item_id, SUM(accepted) AS \
            accepted, \
            SUM(quantity) AS shipped, SUM(COALESCE("short", 0) + COALESCE(damaged, 0)) AS lost, COUNT(*) AS lines \
            FROM dispatch_lines GROUP BY order_id, item_id) l ON l.order_id = c.order_id AND l.item_id = c.item_id \
            WHERE d.status <> \(bind: DispatchOrderStatus.delivered.rawValue) OR c.n > COALESCE(l.lines, 0) \
            OR c.charged > CASE c.kind WHEN \(bind: charge) THEN COALESCE(l.accepted, 0) WHEN \(bind: buyback) THEN \
            COALESCE(l.shipped, 0) \
            WHEN \(bind: claim) THEN COALESCE(l.lost, 0) ELSE 0 END ORDER BY d.number, c.kind
            """
        ).map { row in
            let kind = try row.decode(column: "kind", as: String.self)
            let delivered = try row.decode(column: "status", as: String.self) == DispatchOrderStatus.delivered.rawValue
            let allowed = try row.decode(column: "allowed", as: Int.self)
            let lines = try row.decode(column: "lines", as: Int.self)
            return DispatchFinding(
                .excessCharge, .order, id: try row.decode(column: "id", as: UUID.self),
                number: try row.decode(column: "number", as: String.self),
                itemID: try row.decode(column: "item_id", as: UUID.self),
                measure: "\(kind) units (rows)",
                stored:
                    "\(try row.decode(column: "charged", as: Int.self)) (\(try row.decode(column: "n", as: Int.self)))",
                expected: delivered ? "≤ \(allowed) (≤ \(lines), one per line)" : "none before delivery")
        }
    }

    // MARK: - Statuses

    /// Orders whose status disagrees with their linked order or their lines.
    private func orderStateFindings() async throws -> [DispatchFinding] {
        try await linkFindings() + (try await carrierCountFindings()) + (try await lineStateFindings())
    }

    /// 配送令 without a goods order as parent or out of step with it; goods orders with a parent.
    private func linkFindings() async throws -> [DispatchFinding] {
        let delivery = Self.deliveryKind
        return try await rows(
            """
            SELECT c.id, c.number, c.kind, c.status, p.number AS parent_number, p.kind AS parent_kind, p.status AS \
            parent_status \
            FROM dispatch_orders c LEFT JOIN dispatch_orders p ON p.id = c.parent_id \
            WHERE (c.kind = \(bind: delivery) AND (p.id IS NULL OR p.kind = \(bind: delivery) OR p.status <> \
            c.status OR p.request_id <> c.request_id)) \
            OR (c.kind <> \(bind: delivery) AND c.parent_id IS NOT NULL) ORDER BY c.number
            """
        ).map { row in
            let parent = try row.decode(column: "parent_number", as: String?.self)
            let isDelivery = try row.decode(column: "kind", as: String.self) == delivery
            let stored = try row.decode(column: "status", as: String.self)
            let expected: String
            if !isDelivery {
                expected = "no parent (a goods order)"
            } else if let parent, try row.decode(column: "parent_kind", as: String?.self) != delivery {
                expected =
                    """
                    \(try row.decode(column: "parent_status", as: String?.self) ?? "?") as its goods order \
                    \(parent) (same request)
                    """
            } else {
                expected = "a goods order as parent"
            }
            return DispatchFinding(
                .orderState, .order, id: try row.decode(column: "id", as: UUID.self),
                number: try row.decode(column: "number", as: String.self),
                measure: isDelivery ? "status (parent \(parent ?? "missing"))" : "parent \(parent ?? "missing")",
                stored: isDelivery ? stored : (parent ?? "missing"), expected: expected)
        }
    }

    /// Goods orders carried by more than one 配送令.
    private func carrierCountFindings() async throws -> [DispatchFinding] {
        let delivery = Self.deliveryKind
        return try await rows(
            """
            SELECT p.id, p.number, COUNT(*) AS n FROM dispatch_orders c JOIN dispatch_orders p ON p.id = c.parent_id \
            WHERE c.kind = \(bind: delivery) GROUP BY p.id, p.number HAVING COUNT(*) > 1 ORDER BY p.number
            """
        ).map { row in
            DispatchFinding(
                .orderState, .order, id: try row.decode(column: "id", as: UUID.self),
                number: try row.decode(column: "number", as: String.self),
                measure: "delivery orders (配送令) carrying it", stored: String(try row.decode(column: "n", as: Int.self)),
                expected: "≤ 1")
        }
    }

    /// Orders whose lines do not fit their kind and status: a 配送令 with lines, a goods order
    /// without, signed lines before arrival, unsigned lines on a delivered order.
    private func lineStateFindings() async throws -> [DispatchFinding] {
        let delivery = Self.deliveryKind
        let signing = [DispatchOrderStatus.arrived, .delivered].map(\.rawValue)
        return try await rows(
            """
            SELECT d.id, d.number, d.kind, d.status, COUNT(dl.id) AS lines, COUNT(dl.signed_at_ms) AS signed FROM \
            dispatch_orders d \
            LEFT JOIN dispatch_lines dl ON dl.order_id = d.id GROUP BY d.id, d.number, d.kind, d.status \
            HAVING (d.kind = \(bind: delivery) AND COUNT(dl.id) > 0) OR (d.kind <> \(bind: delivery) AND \
            COUNT(dl.id) = 0) \
            OR (d.kind <> \(bind: delivery) AND d.status = \(bind: DispatchOrderStatus.delivered.rawValue) AND \
            COUNT(dl.signed_at_ms) < COUNT(dl.id)) \
            OR (d.status NOT IN (\(binds: signing)) AND COUNT(dl.signed_at_ms) > 0) ORDER BY d.number
            """
        ).map { row in
            let status = try row.decode(column: "status", as: String.self)
            let lines = try row.decode(column: "lines", as: Int.self)
            let signed = try row.decode(column: "signed", as: Int.self)
            let (measure, stored, expected): (String, String, String) =
                if try row.decode(column: "kind", as: String.self) == delivery {
                    ("lines of a delivery order (配送令)", String(lines), "0")
                } else if lines == 0 {
                    ("lines of a goods order", "0", "≥ 1")
                } else if status == DispatchOrderStatus.delivered.rawValue {
                    ("signed lines of a delivered order", "\(signed) of \(lines)", "all \(lines)")
                } else { ("signed lines of an order \(status)", String(signed), "0 before arrival") }
            return DispatchFinding(
                .orderState, .order, id: try row.decode(column: "id", as: UUID.self),
                number: try row.decode(column: "number", as: String.self), measure: measure, stored: stored,
                expected: expected)
        }
    }

    /// Requests whose status disagrees with their goods orders.
    private func requestStateFindings() async throws -> [DispatchFinding] {
        let undecided = [RequestStatus.draft, .submitted, .rejected, .withdrawn].map(\.rawValue)
        let (approved, fulfilled) = (RequestStatus.approved.rawValue, RequestStatus.fulfilled.rawValue)
        return try await rows(
            """
            SELECT r.id, r.number, r.status, COALESCE(o.total, 0) AS total, COALESCE(o.standing, 0) AS standing, \
            COALESCE(o.delivered, 0) AS delivered FROM supply_requests r LEFT JOIN (SELECT request_id, COUNT(*) AS \
            total, \
            CAST(SUM(CASE WHEN status <> \(bind: DispatchOrderStatus.cancelled.rawValue) THEN 1 ELSE 0 END) AS \
            BIGINT) AS standing, \
            CAST(SUM(CASE WHEN status = \(bind: DispatchOrderStatus.delivered.rawValue) THEN 1 ELSE 0 END) AS \
            BIGINT) AS delivered \
            FROM dispatch_orders WHERE kind <> \(bind: Self.deliveryKind) GROUP BY request_id) o ON o.request_id = \
            r.id \
            WHERE (r.status IN (\(binds: undecided)) AND COALESCE(o.standing, 0) > 0) \
            OR (r.status IN (\(bind: approved), \(bind: fulfilled)) AND COALESCE(o.standing, 0) = 0) \
            OR (r.status = \(bind: approved) AND o.standing = o.delivered) OR (r.status = \(bind: fulfilled) AND \
            o.standing <> o.delivered) \
            ORDER BY r.number
            """
        ).map { row in
            let status = try row.decode(column: "status", as: String.self)
            let (total, standing, delivered) = try (
                row.decode(column: "total", as: Int.self), row.decode(column: "standing", as: Int.self),
                row.decode(column: "delivered", as: Int.self)
            )
            // What the dispatch loop would have made of an approved request with these orders.
            let orders =
                Array(repeating: DispatchOrderStatus.delivered, count: delivered)
                + Array(repeating: .issued, count: max(standing - delivered, 0))
                + Array(repeating: .cancelled, count: max(total - standing, 0))
            let expected =
                if undecided.contains(status) { "no standing goods order" } else if total == 0 {
                    "a goods order from its approval"
                } else { RequestStatus.approved.settled(byOrders: orders).rawValue }
            return DispatchFinding(
                .requestState, .request, id: try row.decode(column: "id", as: UUID.self),
                number: try row.decode(column: "number", as: String.self),
                measure: "status (goods orders: \(standing) standing of \(total), \(delivered) delivered)",
                stored: status, expected: expected)
        }
    }

    // MARK: - Helpers

    private static let deliveryKind = DispatchOrderKind.delivery.rawValue
    /// Statuses in which an order's lots are still reserved in the depot.
    private static let holding = DispatchOrderStatus.allCases.filter(\.holdsReservation).map(\.rawValue)
    /// Statuses after departure: the goods left the depot.
    private static let departed = DispatchOrderStatus.allCases.filter { !$0.holdsReservation && $0 != .cancelled }.map(
        \.rawValue)

    /// Runs one check, capped at one row more than the limit so the caller can tell it was cut.
    private func rows(_ query: SQLQueryString) async throws -> [any SQLRow] {
        try await database.sql().raw("\(query) LIMIT \(literal: Self.dispatchFindingsLimit + 1)").all()
    }
}
