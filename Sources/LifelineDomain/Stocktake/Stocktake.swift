import Foundation

/// Where a stocktake (盘点, R4.5) stands. The sheet is frozen at the start; counts are entered
/// while `counting`; submitting works out the differences — small ones (by value) are adjusted at
/// once, larger ones wait for a second person's approval; a stocktake may be cancelled before that.
public enum StocktakeStatus: String, Sendable, Codable, CaseIterable {
    case counting
    /// Differences above the value limit, waiting for a second person.
    case pending
    /// Differences adjusted (or none found).
    case completed
    case rejected
    case cancelled

    public var text: LocalizedText {
        switch self {
        case .counting: .init(zh: "盘点中", en: "Counting")
        case .pending: .init(zh: "待复核", en: "Awaiting approval")
        case .completed: .init(zh: "已完成", en: "Completed")
        case .rejected: .init(zh: "已驳回", en: "Rejected")
        case .cancelled: .init(zh: "已取消", en: "Cancelled")
        }
    }

    /// The next state for `action`, or `state.invalid_transition`.
    public func next(_ action: StocktakeAction, needsSecondPerson: Bool = false) throws(LifelineError)
        -> StocktakeStatus
    {
        switch (self, action) {
        case (.counting, .submit): return needsSecondPerson ? .pending : .completed
        case (.counting, .cancel): return .cancelled
        case (.pending, .approve): return .completed
        case (.pending, .reject): return .rejected
        default:
            throw LifelineError(
                .invalidTransition, localized: ["entity": EntityName.stocktake.text, "from": text, "to": action.text])
        }
    }
}

/// What can be done to a stocktake.
public enum StocktakeAction: String, Sendable, Codable, CaseIterable {
    case submit, approve, reject, cancel

    public var text: LocalizedText {
        switch self {
        case .submit: .init(zh: "提交", en: "submit")
        case .approve: .init(zh: "批准调整", en: "approve")
        case .reject: .init(zh: "驳回", en: "reject")
        case .cancel: .init(zh: "取消", en: "cancel")
        }
    }
}

/// One lot's line of the sheet: what the books held at the start, what moved since, what was
/// counted. Movements during the count are neither lost nor counted twice: the count is compared
/// with the frozen quantity plus what moved since the sheet was frozen.
public struct StocktakeLine: Sendable, Hashable, Codable {
    public var frozen: Int
    public var movedSince: Int
    public var counted: Int?

    public init(frozen: Int, movedSince: Int, counted: Int?) {
        self.frozen = frozen
        self.movedSince = movedSince
        self.counted = counted
    }

    /// What the books say should be on the shelf now.
    public var expected: Int { frozen + movedSince }

    /// Counted minus expected (`nil` until counted): positive is a surplus, negative a shortage.
    public var difference: Int? { counted.map { $0 - expected } }
}

/// Who decides a stocktake's differences (R4.5): up to the value limit the counter's own
/// submission adjusts them; above it a second person — not the one who submitted, with a scope
/// containing the depot — approves.
public enum StocktakePolicy {
    /// The default value limit: differences worth more than 5 000 CNY in total need a second person.
    public static let defaultLimitFen = 500_000

    /// Whether differences worth `valueFen` in total (absolute) need a second person.
    public static func needsSecondPerson(differenceValueFen: Int, limitFen: Int) -> Bool {
        differenceValueFen > limitFen
    }

    /// Whether `actor` may approve or reject (the page's buttons); see ``checkDecider(_:submittedBy:depotPath:)``.
    public static func mayDecide(_ actor: Actor, submittedBy submitter: UUID, depotPath: JurisdictionPath) -> Bool {
        (try? checkDecider(actor, submittedBy: submitter, depotPath: depotPath)) != nil
    }

    /// Throws unless `actor` may approve or reject a stocktake submitted by `submitter` for a
    /// depot at `depotPath`.
    public static func checkDecider(_ actor: Actor, submittedBy submitter: UUID, depotPath: JurisdictionPath)
        throws(LifelineError)
    {
        try AccessPolicy.require(.approveWriteOff, actor)
        guard !actor.role.isUnitBound, actor.scope.contains(depotPath) else { throw .outOfScope(.stocktake) }
        guard actor.userID != submitter else { throw LifelineError(.stocktakeSamePerson) }
    }
}
