/// A lot as the picker sees it: what it is, when it expires, how much of it is free.
public struct PickableLot: Sendable, Hashable {
    public var id: String
    public var expiry: Day?
    public var status: LotStatus
    public var balance: Balance
    /// Tie-breaker among lots expiring the same day: the earlier receipt goes first.
    public var receivedOrdinal: Int

    public init(id: String, expiry: Day?, status: LotStatus, balance: Balance, receivedOrdinal: Int = 0) {
        self.id = id
        self.expiry = expiry
        self.status = status
        self.balance = balance
        self.receivedOrdinal = receivedOrdinal
    }

    /// The lot as others may draw on it: at most `givable` of its free units (an institution keeps
    /// 20 days of its own use, R3.7); the rest counts as held.
    public func offering(atMost givable: Int) -> PickableLot {
        var lot = self
        lot.balance.held += max(0, balance.free - max(0, givable))
        return lot
    }
}

/// One line of a pick: take `quantity` units from lot `lotID`.
public struct Pick: Sendable, Hashable, Codable {
    public var lotID: String
    public var quantity: Int

    public init(lotID: String, quantity: Int) {
        self.lotID = lotID
        self.quantity = quantity
    }
}

/// First-expiry-first-out picking (先到期先出, R4.3).
///
/// Expired, held and quarantined lots are never picked; among the rest the lot that expires first
/// goes first, lots without expiry go last, and equal expiries go in order of receipt. Deterministic.
public enum FEFOPicker {
    /// Picks `quantity` units from `lots` on `today`, or throws ``ErrorCode/insufficientStock``
    /// saying how many units could be picked.
    ///
    ///     let picks = try FEFOPicker.pick(120, from: lots, on: today)
    public static func pick(_ quantity: Int, from lots: [PickableLot], on today: Day) throws(LifelineError) -> [Pick] {
        guard quantity > 0 else { throw LifelineError(.quantityNotPositive, field: "quantity") }
        var remaining = quantity
        var picks: [Pick] = []
        for lot in order(lots, on: today) where remaining > 0 {
            let take = min(lot.balance.free, remaining)
            guard take > 0 else { continue }
            picks.append(Pick(lotID: lot.id, quantity: take))
            remaining -= take
        }
        guard remaining == 0 else {
            throw LifelineError(
                .insufficientStock, ["available": String(quantity - remaining), "requested": String(quantity)])
        }
        return picks
    }

    /// The issuable lots in FEFO order.
    public static func order(_ lots: [PickableLot], on today: Day) -> [PickableLot] {
        lots.filter { isPickable($0, on: today) }.sorted(by: precedes)
    }

    /// FEFO: whether `a` is issued before `b` — the earlier expiry first, lots without an expiry last,
    /// then the earlier receipt. Every ordering of lots for issue (picks, allocation) uses it.
    public static func precedes(_ a: PickableLot, _ b: PickableLot) -> Bool {
        switch (a.expiry, b.expiry) {
        case (let x?, let y?) where x != y: return x < y
        case (nil, .some): return false
        case (.some, nil): return true
        default: return (a.receivedOrdinal, a.id) < (b.receivedOrdinal, b.id)
        }
    }

    public static func isPickable(_ lot: PickableLot, on today: Day) -> Bool {
        guard lot.status.isIssuable, lot.balance.free > 0 else { return false }
        if let expiry = lot.expiry, expiry < today { return false }
        return true
    }
}
