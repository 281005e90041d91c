import Foundation

/// An invariant the dispatch tables promise, as `lifeline verify` checks it (docs/operations.md).
///
/// Each is one SQL statement that aggregates in the database and returns only the rows that break
/// it, so a check reads one consistent snapshot and can run beside a live server.
public enum DispatchInvariant: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// A lot's `reserved` equals the quantity of the lines of goods orders that still hold their
    /// reservation (issued, acknowledged, picked, loaded) on that lot.
    case lotReservation = "lot-reservation"
    /// Per request and item, the units on its standing goods orders (cancelled ones aside, as the
    /// request's `approved` counts them) are at most the units requested. Where the request allows
    /// a lowered standard, items of one substitution group are counted together, since a substitute
    /// stands in for a requested item of its group unit for unit.
    case overApproval = "over-approval"
    /// At most one standing goods order per request and source depot: an approval makes one per
    /// depot, and a request is approved again only after every earlier order was cancelled.
    case duplicateApproval = "duplicate-approval"
    /// A signed line's accepted + short + damaged equals its quantity, none negative; an unsigned
    /// line has none of the three.
    case signedQuantities = "signed-quantities"
    /// The units returned (recovered) under an order's number into a lot are at most the units
    /// accepted from that lot on that order.
    case overRecovery = "over-recovery"
    /// Per order and lot, the recovery rows (grid and round, R4.6) add up to the units returned under
    /// the order's number into the lot, and name the grid and round the order served, if it named them.
    case recoveryRecords = "recovery-records"
    /// Per order, item and kind: `charge` units ≤ accepted, `buyback` ≤ shipped, `claim` ≤ short +
    /// damaged; at most one row of a kind per line; and charges only on delivered orders.
    case excessCharge = "excess-charge"
    /// Per goods order and lot, the movements under the order's number match its lines: reserved by
    /// approval; released when (and only when) cancelled; issued or transferred out when departed,
    /// arrived or delivered; and still reserved exactly while the status holds a reservation.
    case orderMovements = "order-movements"
    /// Every movement that changes a lot's `reserved` names a dispatch order.
    case strayReservation = "stray-reservation"
    /// An order agrees with its lines and linked orders: a 配送令 has a goods order as parent, the
    /// parent's status and no lines; a goods order has lines, at most one 配送令 and no parent; lines
    /// are signed only once the order arrived, and all of them once it is delivered.
    case orderState = "order-state"
    /// A request's status agrees with its goods orders: draft, submitted, rejected and withdrawn
    /// requests have none standing; an approved one has some, not all delivered; a fulfilled one has
    /// some, all delivered (``LifelineDomain/RequestStatus/settled(byOrders:)``).
    case requestState = "request-state"

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// One break of a ``DispatchInvariant``: which row, what is stored and what was expected.
///
///     over-approval request SQ-520102-20261124-0001 item PPE-0001: approved units 60, expected ≤ 30
public struct DispatchFinding: Sendable, Hashable, CustomStringConvertible {
    /// The kind of row a finding is about.
    public enum Subject: String, Sendable, Hashable {
        case lot, order, line, request, document
    }

    public var invariant: DispatchInvariant
    public var subject: Subject
    /// The lot, order, line or request; nil for a document number that names no order.
    public var id: UUID?
    /// What people read: a lot's batch number, an order's or request's number (`DP-…#2` for a
    /// line), or a movement's document number.
    public var number: String
    public var lotID: UUID?
    public var itemID: UUID?
    /// What was compared, e.g. `reserved`, `approved units`, `charge units`.
    public var measure: String
    public var stored: String
    /// The expected value; `≤ n` where the invariant is a maximum.
    public var expected: String

    public init(
        _ invariant: DispatchInvariant, _ subject: Subject, id: UUID?, number: String, lotID: UUID? = nil,
        itemID: UUID? = nil,
        measure: String, stored: String, expected: String
    ) {
        (self.invariant, self.subject, self.id, self.number) = (invariant, subject, id, number)
        (self.lotID, self.itemID, self.measure, self.stored, self.expected) = (lotID, itemID, measure, stored, expected)
    }

    public var description: String {
        let lot = lotID.map { " lot \($0)" } ?? ""
        let item = itemID.map { " item \($0)" } ?? ""
        return "\(invariant.rawValue) \(subject.rawValue) \(number)\(id.map { " (\($0))" } ?? "")\(lot)\(item): "
            + "\(measure) \(stored), expected \(expected)"
    }
}
