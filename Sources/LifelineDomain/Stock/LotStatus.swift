/// The status of a lot, and the only ways it may change (R4.2, R4.3, R11.2).
public enum LotStatus: String, Sendable, Codable, CaseIterable {
    /// 可用 — may be picked and issued.
    case available
    /// 冻结 — held by an officer (e.g. a stocktake discrepancy under investigation).
    case held
    /// 待检/隔离 — quarantined after a failed or pending quality inspection.
    case quarantined
    /// 过期 — past its expiry day; may only be written off.
    case expired

    public var text: LocalizedText {
        switch self {
        case .available: .init(zh: "可用", en: "available")
        case .held: .init(zh: "冻结", en: "held")
        case .quarantined: .init(zh: "隔离待检", en: "quarantined")
        case .expired: .init(zh: "已过期", en: "expired")
        }
    }

    /// Whether units of a lot in this status may be picked for issue.
    public var isIssuable: Bool { self == .available }

    /// The statuses this one may change to.
    public var successors: Set<LotStatus> {
        switch self {
        case .available: [.held, .quarantined, .expired]
        case .held: [.available, .quarantined, .expired]
        case .quarantined: [.available, .held, .expired]
        case .expired: []
        }
    }

    /// Validates a status change; a lot past its expiry may not be made available again.
    public func transition(to next: LotStatus, expiry: Day, today: Day) throws(LifelineError) -> LotStatus {
        guard successors.contains(next), !(next == .available && expiry < today) else {
            throw LifelineError(
                .invalidTransition, localized: ["entity": EntityName.lot.text, "from": text, "to": next.text])
        }
        return next
    }
}
