import Foundation

/// Where an exchange between two jurisdictions (物资置换, R4.4) stands: one side offers near-expiry
/// lots, the other answers with lots of equal value; each side's officer approves; the second
/// approval moves both legs in one transaction.
public enum ExchangeStatus: String, Sendable, Codable, CaseIterable {
    /// Offered by the first side, waiting for the other side's lots.
    case offered
    /// Both legs named and of equal value, waiting for the approvals.
    case matched
    /// Both approved: both legs moved.
    case executed
    case rejected
    case cancelled

    public var text: LocalizedText {
        switch self {
        case .offered: .init(zh: "待对方报价", en: "Offered")
        case .matched: .init(zh: "待双方审批", en: "Awaiting approvals")
        case .executed: .init(zh: "已置换", en: "Executed")
        case .rejected: .init(zh: "已拒绝", en: "Rejected")
        case .cancelled: .init(zh: "已取消", en: "Cancelled")
        }
    }

    public var isOpen: Bool { self == .offered || self == .matched }
}

/// The two sides of an exchange.
public enum ExchangeSide: Sendable {
    case offering, counterpart
}

/// The actions of an exchange.
public enum ExchangeAction: String, Sendable, Codable, CaseIterable {
    case approve, reject, cancel

    public var text: LocalizedText {
        switch self {
        case .approve: .init(zh: "批准", en: "approve")
        case .reject: .init(zh: "拒绝", en: "reject")
        case .cancel: .init(zh: "取消", en: "cancel")
        }
    }
}

/// The exchange's rules: equal value within a tolerance, and who acts for each side.
public enum ExchangeRule {
    /// The default tolerance: the two legs' values may differ by 2 % of the larger.
    public static let defaultTolerancePercent = 2

    /// Throws unless the legs' values (price at the time × quantity, in fen) are equal within
    /// `tolerancePercent` of the larger one, naming both values.
    public static func checkEqualValue(offered: Int, answered: Int, tolerancePercent: Int) throws(LifelineError) {
        let larger = max(offered, answered)
        let gap = abs(offered - answered)
        // gap ≤ larger × tolerance / 100, exactly, without overflow
        let (high, low) = larger.multipliedFullWidth(by: tolerancePercent)
        let allowed = high > 0 ? Int.max : Int(clamping: low / 100)
        guard larger > 0, gap <= allowed else {
            throw LifelineError(
                .exchangeUnequal, field: "lines",
                [
                    "offered": String(offered), "answered": String(answered),
                    "tolerance": String(tolerancePercent),
                ])
        }
    }

    /// The side `actor` would approve for now — the offering side first when it acts for both —, or
    /// `nil`: the two approvals come from two people, one per side.
    public static func sideToApprove(
        _ actor: Actor, offering: JurisdictionPath, counterpart: JurisdictionPath, offeringApprovedBy: String?,
        counterpartApprovedBy: String?
    ) -> ExchangeSide? {
        guard ![offeringApprovedBy, counterpartApprovedBy].contains(actor.username) else { return nil }
        if offeringApprovedBy == nil && actsFor(actor, side: offering) { return .offering }
        if counterpartApprovedBy == nil && actsFor(actor, side: counterpart) { return .counterpart }
        return nil
    }

    /// Whether `actor` acts for the side whose jurisdiction is at `path` (its officers and those above).
    public static func actsFor(_ actor: Actor, side path: JurisdictionPath) -> Bool {
        actor.role.permits(.moveStock) && !actor.role.isUnitBound && actor.scope.contains(path)
    }
}
