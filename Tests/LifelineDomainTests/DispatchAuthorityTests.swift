import LifelineDomain
import Testing

/// The authority policy (R5.2, R5.3, R5.5) over every combination of where the stock is, the level
/// in force and whether the duty officer executes first.
@Suite struct DispatchAuthorityTests {
    static let requester = JurisdictionPath(rawValue: "CN/52/5201/520102")!

    enum Geometry: String, CaseIterable {
        case sameCounty, otherCountySameCity, cityDepotSameCity, otherCitySameProvince, otherProvince

        var source: JurisdictionPath {
            switch self {
            case .sameCounty: JurisdictionPath(rawValue: "CN/52/5201/520102")!
            case .otherCountySameCity: JurisdictionPath(rawValue: "CN/52/5201/520103")!
            case .cityDepotSameCity: JurisdictionPath(rawValue: "CN/52/5201")!
            case .otherCitySameProvince: JurisdictionPath(rawValue: "CN/52/5203/520302")!
            case .otherProvince: JurisdictionPath(rawValue: "CN/53/5301/530102")!
            }
        }

        /// (tier, approver) without a level-I freeze.
        var expected: (ApprovalTier, String) {
            switch self {
            case .sameCounty: (.county, "CN/52/5201/520102")
            case .otherCountySameCity, .cityDepotSameCity: (.city, "CN/52/5201")
            case .otherCitySameProvince: (.province, "CN/52")
            case .otherProvince: (.nation, "CN")
            }
        }
    }

    static let levels: [ResponseLevel?] = [nil, .levelIV, .levelIII, .levelII, .levelI]

    @Test(arguments: Geometry.allCases, levels)
    func everyCombinationOfPlaceAndLevel(_ geometry: Geometry, _ level: ResponseLevel?) {
        for executeFirst in [false, true] {
            let d = DispatchAuthority.decide(DispatchQuestion(requester: Self.requester, sources: [geometry.source], level: level,
                                                              executeFirst: executeFirst))
            let frozen = geometry == .sameCounty && level == .levelI
            #expect(d.countyDispatchFrozen == frozen)
            if frozen {
                #expect(d.tier == .city)
                #expect(d.approver.rawValue == "CN/52/5201")
            } else {
                #expect(d.tier == geometry.expected.0)
                #expect(d.approver.rawValue == geometry.expected.1)
            }
            #expect(d.ownSupplyFirst == (level == nil || level == .levelIV))
            #expect(d.centralAllocation == (level == .levelI || level == .levelII || level == .levelIII))
            let allowed = level == .levelI || level == .levelII || level == .levelIII
            #expect(d.executeFirst == (executeFirst && allowed))
            #expect(d.paperworkDeadlineHours == (executeFirst && allowed ? [24, 48, 72][level!.rawValue - 1] : nil))
            #expect(d.rules.contains(.executeFirstNotAllowed) == (executeFirst && !allowed))
        }
    }

    @Test func theRequesterCannotApproveTheirOwnRequest() {
        let d = DispatchAuthority.decide(DispatchQuestion(requester: Self.requester, sources: [Self.requester], level: nil))
        #expect(throws: LifelineError(.selfApproval)) {
            try DispatchAuthority.checkApprover(scope: JurisdictionPath(rawValue: "CN/52/5201/520102")!, userID: "u1", requestedBy: "u1", decision: d)
        }
        #expect(throws: Never.self) {
            try DispatchAuthority.checkApprover(scope: JurisdictionPath(rawValue: "CN/52/5201/520102")!, userID: "u2", requestedBy: "u1", decision: d)
        }
    }

    @Test func crossCityNeedsTheProvinceAndCrossProvinceTheNation() throws {
        let crossCity = DispatchAuthority.decide(DispatchQuestion(requester: Self.requester, sources: [Geometry.otherCitySameProvince.source], level: nil))
        #expect(throws: LifelineError.self) {
            try DispatchAuthority.checkApprover(scope: JurisdictionPath(rawValue: "CN/52/5201")!, userID: "c", requestedBy: "r", decision: crossCity)
        }
        try DispatchAuthority.checkApprover(scope: JurisdictionPath(rawValue: "CN/52")!, userID: "p", requestedBy: "r", decision: crossCity)
        let crossProvince = DispatchAuthority.decide(DispatchQuestion(requester: Self.requester, sources: [Geometry.otherProvince.source], level: .levelII))
        #expect(throws: LifelineError.self) {
            try DispatchAuthority.checkApprover(scope: JurisdictionPath(rawValue: "CN/52")!, userID: "p", requestedBy: "r", decision: crossProvince)
        }
        try DispatchAuthority.checkApprover(scope: .nation, userID: "n", requestedBy: "r", decision: crossProvince)
    }

    @Test func atLevelITheCountyCannotDispatchAndTheCityCan() throws {
        let d = DispatchAuthority.decide(DispatchQuestion(requester: Self.requester, sources: [Self.requester], level: .levelI))
        #expect(throws: LifelineError(.countyDispatchFrozen)) {
            try DispatchAuthority.checkApprover(scope: Self.requester, userID: "county", requestedBy: "r", decision: d)
        }
        try DispatchAuthority.checkApprover(scope: JurisdictionPath(rawValue: "CN/52/5201")!, userID: "city", requestedBy: "r", decision: d)
        let daily = DispatchAuthority.decide(DispatchQuestion(requester: Self.requester, sources: [Self.requester], level: .levelII))
        try DispatchAuthority.checkApprover(scope: Self.requester, userID: "county", requestedBy: "r", decision: daily)
    }

    @Test func executeFirstOrdersRaiseThePaperworkAlertWhenLate() {
        let approved: Int64 = 1_000_000
        let hour: Int64 = 3_600_000
        #expect(!DispatchAuthority.paperworkOverdue(approvedAtMs: approved, deadlineHours: 24, completed: false, nowMs: approved + 23 * hour))
        #expect(DispatchAuthority.paperworkOverdue(approvedAtMs: approved, deadlineHours: 24, completed: false, nowMs: approved + 25 * hour))
        #expect(!DispatchAuthority.paperworkOverdue(approvedAtMs: approved, deadlineHours: 24, completed: true, nowMs: approved + 25 * hour))
    }

    @Test func unacknowledgedOrdersEscalateToTheApproverAndTheLevelAbove() {
        let city = JurisdictionPath(rawValue: "CN/52/5201")!
        let limit = DispatchPolicySettings.standard.acknowledgementLimit(at: .levelI)
        #expect(limit == 10)
        #expect(DispatchAuthority.escalation(approvedAtMs: 0, acknowledged: false, limitMinutes: limit, approver: city, nowMs: 9 * 60_000).isEmpty)
        #expect(DispatchAuthority.escalation(approvedAtMs: 0, acknowledged: false, limitMinutes: limit, approver: city, nowMs: 11 * 60_000).map(\.rawValue)
            == ["CN/52/5201", "CN/52"])
        #expect(DispatchAuthority.escalation(approvedAtMs: 0, acknowledged: true, limitMinutes: limit, approver: city, nowMs: 60 * 60_000).isEmpty)
    }

    @Test func ordersAndRequestsRefuseMovesOutOfOrder() {
        #expect(throws: LifelineError.self) { try DispatchOrderStatus.issued.applying(.sign) }
        #expect(throws: LifelineError.self) { try DispatchOrderStatus.delivered.applying(.sign) }
        #expect(throws: LifelineError.self) { try DispatchOrderStatus.picked.applying(.depart) }
        #expect(throws: LifelineError.self) { try DispatchOrderStatus.departed.applying(.cancel) }
        #expect(throws: LifelineError.self) { try RequestStatus.withdrawn.applying(.approve) }
        #expect(throws: LifelineError.self) { try IncidentState(status: .ended, level: .levelII).applying(.changeLevel(.levelI)) }
        var status = DispatchOrderStatus.issued
        for action in [DispatchOrderAction.acknowledge, .pick, .load, .depart, .checkpoint, .arrive, .sign] {
            status = (try? status.applying(action)) ?? status
        }
        #expect(status == .delivered)
    }

    @Test func massTestingAndRecoveryAndDurations() throws {
        let form = MassTestingForm(samplingPoints: 8_782, tables: 20_865, staffPerTable: 4.8, rounds: 3)
        try form.validate()
        let one = MassTestingForm(samplingPoints: 8_782, tables: 20_865, staffPerTable: 4.8, rounds: 1).quantities()
        let three = form.quantities()
        #expect(one.count == three.count && !one.isEmpty)
        for (a, b) in zip(one, three) { #expect(abs(b.quantity - 3 * a.quantity) <= 3) }
        #expect(throws: LifelineError.self) { try MassTestingForm(samplingPoints: 10, tables: 5, staffPerTable: 4, rounds: 1).validate() }
        #expect(!RecoveryRule.mayIssue(returnedFromGrid: "G1", returnedInRound: 1, toGrid: "G1", round: 2))
        #expect(RecoveryRule.mayIssue(returnedFromGrid: "G1", returnedInRound: 1, toGrid: "G2", round: 2))
        #expect(RecoveryRule.mayIssue(returnedFromGrid: "G1", returnedInRound: 1, toGrid: "G1", round: 3))
        let summary = DurationSummary([5, 1, 4, 2, 3, 10, 7, 6, 9, 8])
        #expect((summary.p50, summary.p90, summary.max, summary.count) == (5, 9, 10, 10))
    }
}
