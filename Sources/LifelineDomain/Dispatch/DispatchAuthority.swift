/// The level whose supply office approves and dispatches.
public enum ApprovalTier: String, Sendable, Codable, CaseIterable {
    case county, city, province, nation

    public var text: LocalizedText {
        switch self {
        case .county: .init(zh: "县级", en: "county")
        case .city: .init(zh: "市级", en: "city")
        case .province: .init(zh: "省级", en: "province")
        case .nation: .init(zh: "国家级", en: "nation")
        }
    }
}

/// What the policy is asked: who requests, from where stock would come, at which level.
public struct DispatchQuestion: Sendable, Equatable {
    /// The requesting unit's jurisdiction.
    public var requester: JurisdictionPath
    /// The jurisdictions of the depots that would supply (non-empty).
    public var sources: [JurisdictionPath]
    /// The level in force for the requester; nil = no event, daily dispatch.
    public var level: ResponseLevel?
    /// The duty officer wants to execute now and complete the paperwork afterwards (R5.5).
    public var executeFirst: Bool

    public init(
        requester: JurisdictionPath, sources: [JurisdictionPath], level: ResponseLevel?, executeFirst: Bool = false
    ) {
        self.requester = requester
        self.sources = sources
        self.level = level
        self.executeFirst = executeFirst
    }
}

/// The editable limits of the policy, with defaults from R5.4–R5.5.
public struct DispatchPolicySettings: Sendable, Codable, Equatable {
    /// Hours to complete the paperwork of an execute-first order, by level I…IV; 0 = not allowed.
    public var paperworkDeadlineHours: [Int] = [24, 48, 72, 0]
    /// Minutes an executing unit has to acknowledge an order, by level I…IV (level I: 10 minutes, R5.4).
    public var acknowledgementMinutes: [Int] = [10, 20, 30, 60]
    /// Minutes to acknowledge in daily dispatch (no event).
    public var dailyAcknowledgementMinutes: Int = 120
    /// Cities (codes, `5201`) that delegated daily dispatch within a county to the county's office.
    /// R5.2 gives daily dispatch to the city; by default no city has delegated it.
    public var dailyDispatchDelegatedCities: Set<String> = []

    /// The defaults of R5.4–R5.5; change single fields on a copy.
    public init() {}

    /// The seeds' figures, used when an office has configured nothing else.
    public static let standard = DispatchPolicySettings()

    /// Minutes the executing unit has to acknowledge an order issued at `level` (nil = daily dispatch)
    /// before it escalates. A list edited too short falls back to the standard value for that level.
    public func acknowledgementLimit(at level: ResponseLevel?) -> Int {
        guard let level else { return dailyAcknowledgementMinutes }
        return Self.value(in: acknowledgementMinutes, at: level, standard: [10, 20, 30, 60])
    }

    /// Hours allowed for the paperwork of an execute-first order at `level`; 0 = execute-first is
    /// not allowed (always so in daily dispatch, where there is no emergency to justify it).
    func paperworkHours(at level: ResponseLevel?) -> Int {
        guard let level else { return 0 }
        return Swift.max(0, Self.value(in: paperworkDeadlineHours, at: level, standard: [24, 48, 72, 0]))
    }

    /// The entry for `level` in a per-level list; the settings are data (environment, JSON), so a
    /// short list must not crash the approval.
    private static func value(in list: [Int], at level: ResponseLevel, standard: [Int]) -> Int {
        let index = level.rawValue - 1
        return list.indices.contains(index) ? list[index] : standard[index]
    }
}

/// Why the policy decided as it did, for the console and the audit trail.
public enum DispatchRule: String, Sendable, Codable, CaseIterable {
    case ownCounty, cityDaily, crossCityProvince, crossProvinceNation, countyFrozenAtLevelI, ownSupplyFirstBelowLevelIII
    case centralAllocationAtLevelIIIAndAbove, executeFirstPaperworkLater, executeFirstNotAllowed
    case cityDecidesDailyDispatch, dailyDispatchDelegatedToCounty

    public var text: LocalizedText {
        switch self {
        case .ownCounty: .init(zh: "县内调度由县级审批", en: "within a county the county approves")
        case .cityDaily: .init(zh: "市内跨县调度由市级审批", en: "across counties of a city the city approves")
        case .crossCityProvince: .init(zh: "跨市调度由省级审批", en: "across cities the province approves")
        case .crossProvinceNation: .init(zh: "跨省调度须国家审批", en: "across provinces the nation approves")
        case .countyFrozenAtLevelI:
            .init(zh: "Ⅰ级响应冻结县级调度权，由市级调度", en: "at level I the county's dispatch right is frozen; the city dispatches")
        case .ownSupplyFirstBelowLevelIII:
            .init(
                zh: "Ⅲ级以下先行自我保障，可申请市级储备",
                en: "below level III units supply themselves first and may apply for city reserves")
        case .centralAllocationAtLevelIIIAndAbove:
            .init(zh: "Ⅲ级及以上由保障部门统一调拨、调配、配送", en: "at level III and above the supply office allocates centrally")
        case .executeFirstPaperworkLater: .init(zh: "先执行后补手续", en: "execute first, paperwork afterwards")
        case .executeFirstNotAllowed: .init(zh: "当前响应级别不允许先执行后补手续", en: "execute-first is not allowed at this level")
        case .cityDecidesDailyDispatch:
            .init(zh: "日常调度由市级负责（县内亦然）", en: "daily dispatch is the city's, within a county too")
        case .dailyDispatchDelegatedToCounty:
            .init(zh: "市级已授权县级负责县内日常调度", en: "the city delegated daily dispatch within the county to it")
        }
    }
}

/// The policy's answer: who approves, and under which regime the stock moves.
///
/// Built only by ``DispatchAuthority/decide(_:settings:)`` so that the API, the console and the
/// allocation plan can never disagree about who decides.
public struct DispatchDecision: Sendable, Equatable {
    /// The level of the approving office.
    public var tier: ApprovalTier
    /// The jurisdiction whose supply office approves and dispatches.
    public var approver: JurisdictionPath
    /// Level I and the county would otherwise have dispatched.
    public var countyDispatchFrozen: Bool
    /// Below level III (level IV or daily): the unit supplies itself first; sources outside the
    /// requester's county are a supplement.
    public var ownSupplyFirst: Bool
    /// Level III and above: 调拨令/调配令/配送令 from the supply office.
    public var centralAllocation: Bool
    /// Asked for and allowed at this level.
    public var executeFirst: Bool
    /// Hours to complete the paperwork when ``executeFirst``; nil otherwise.
    public var paperworkDeadlineHours: Int?
    /// Why, in order: the tier rule first, then the regime, then execute-first — for the console.
    public var rules: [DispatchRule]
}

/// Who decides dispatch (R5.2, R5.3, R5.5): one pure function, table-tested for every combination (ADR 0014).
///
/// Services fetch the requester's and the source depots' jurisdictions and the level in force,
/// ask ``decide(_:settings:)``, then check the officer with ``checkApprover(scope:userID:requestedBy:decision:)``:
///
///     let decision = DispatchAuthority.decide(DispatchQuestion(requester: county, sources: [otherCity], level:
/// .levelIII))
///     // decision.tier == .province, decision.approver == CN/52
public enum DispatchAuthority {
    /// The tier and approving jurisdiction for `question`: the deepest jurisdiction holding the
    /// requester and every source decides (county, city, province, else the nation), except that
    /// a county matter goes to the county's city at level I (R5.3) and in daily dispatch, unless
    /// the city delegated daily dispatch to its counties (R5.2).
    public static func decide(_ question: DispatchQuestion, settings: DispatchPolicySettings = .standard)
        -> DispatchDecision
    {
        let scope = question.sources.reduce(question.requester) { $0.commonAncestor(with: $1) }
        var rules: [DispatchRule] = []
        var tier: ApprovalTier
        var approver: JurisdictionPath
        var frozen = false
        switch scope.level {
        case .county, .township:
            let city = scope.truncated(to: .city)
            if question.level == .levelI {
                frozen = true
                tier = .city
                approver = city
                rules.append(.countyFrozenAtLevelI)
            } else if question.level == nil {
                // R5.2: daily dispatch is the city's, unless the city delegated it to its counties.
                if settings.dailyDispatchDelegatedCities.contains(city.code.rawValue) {
                    tier = .county
                    approver = scope.truncated(to: .county)
                    rules.append(.dailyDispatchDelegatedToCounty)
                } else {
                    tier = .city
                    approver = city
                    rules.append(.cityDecidesDailyDispatch)
                }
            } else {
                tier = .county
                approver = scope.truncated(to: .county)
                rules.append(.ownCounty)
            }
        case .city:
            tier = .city
            approver = scope
            rules.append(.cityDaily)
        case .province:
            tier = .province
            approver = scope
            rules.append(.crossCityProvince)
        default:
            tier = .nation
            approver = .nation
            rules.append(.crossProvinceNation)
        }
        let ownSupplyFirst = question.level == nil || question.level == .levelIV
        if ownSupplyFirst { rules.append(.ownSupplyFirstBelowLevelIII) }
        let central = question.level.map { $0.isAtLeast(.levelIII) } ?? false
        if central { rules.append(.centralAllocationAtLevelIIIAndAbove) }
        var executeFirst = false
        var deadline: Int?
        if question.executeFirst {
            let hours = settings.paperworkHours(at: question.level)
            if hours > 0 {
                executeFirst = true
                deadline = hours
                rules.append(.executeFirstPaperworkLater)
            } else {
                rules.append(.executeFirstNotAllowed)
            }
        }
        return DispatchDecision(
            tier: tier, approver: approver, countyDispatchFrozen: frozen, ownSupplyFirst: ownSupplyFirst,
            centralAllocation: central, executeFirst: executeFirst, paperworkDeadlineHours: deadline, rules: rules)
    }

    /// Throws unless an officer whose scope is `scope` may approve under `decision`: the scope must
    /// contain the approving jurisdiction (a higher level may approve too), and nobody approves their own request.
    public static func checkApprover(
        scope: JurisdictionPath, userID: String, requestedBy: String, decision: DispatchDecision
    ) throws(LifelineError) {
        if userID == requestedBy { throw LifelineError(.selfApproval) }
        guard scope.contains(decision.approver) else {
            if decision.countyDispatchFrozen { throw LifelineError(.countyDispatchFrozen) }
            throw LifelineError(.approvalTierRequired, localized: ["tier": decision.tier.text])
        }
    }

    /// The paperwork of an execute-first order is late once its deadline passed uncompleted.
    public static func paperworkOverdue(approvedAtMs: Int64, deadlineHours: Int, completed: Bool, nowMs: Int64) -> Bool
    {
        !completed && nowMs > approvedAtMs + Int64(deadlineHours) * 3_600_000
    }

    /// An order not acknowledged within the limit escalates to the approver and the level above
    /// (the nation has none above, so it alerts itself alone); before the limit, or once
    /// acknowledged, nobody is alerted.
    public static func escalation(
        approvedAtMs: Int64, acknowledged: Bool, limitMinutes: Int, approver: JurisdictionPath, nowMs: Int64
    )
        -> [JurisdictionPath]
    {
        guard !acknowledged, nowMs > approvedAtMs + Int64(limitMinutes) * 60_000 else { return [] }
        guard approver.codes.count > 1 else { return [approver] }
        return [approver, JurisdictionPath(codes: Array(approver.codes.dropLast()))]
    }
}
