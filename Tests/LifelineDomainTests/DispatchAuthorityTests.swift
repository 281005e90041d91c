import LifelineDomain
import Testing

/// The authority policy (R5.2, R5.3, R5.5, ADR 0014) over every combination of where the stock is,
/// the level in force and whether the duty officer executes first — written out row by row, so that
/// a wrong rule cannot hide behind a test that recomputes it.
@Suite struct DispatchAuthorityTests {
    static func path(_ raw: String) -> JurisdictionPath { JurisdictionPath(rawValue: raw)! }

    /// 南明区, Guiyang (贵阳市 5201), Guizhou (52).
    static let requester = path("CN/52/5201/520102")

    enum Geometry: String, CaseIterable, CustomTestStringConvertible {
        case sameCounty, otherCountySameCity, cityDepotSameCity, otherCitySameProvince, otherProvince

        var source: JurisdictionPath {
            switch self {
            case .sameCounty: path("CN/52/5201/520102")
            case .otherCountySameCity: path("CN/52/5201/520103")  // 云岩区
            case .cityDepotSameCity: path("CN/52/5201")  // the Guiyang city depot
            case .otherCitySameProvince: path("CN/52/5203/520302")  // 遵义 红花岗区
            case .otherProvince: path("CN/53/5301/530102")  // 昆明 五华区, Yunnan
            }
        }

        var testDescription: String { rawValue }
    }

    /// One row of the table: the question and every field of the answer.
    struct Row: CustomTestStringConvertible, Sendable {
        var geometry: Geometry
        var level: ResponseLevel?
        var executeFirst: Bool
        var tier: ApprovalTier
        var approver: String
        var frozen: Bool
        var ownSupplyFirst: Bool
        var central: Bool
        var executeFirstGranted: Bool
        var deadline: Int?

        init(
            _ geometry: Geometry, _ level: ResponseLevel?, _ executeFirst: Bool, _ tier: ApprovalTier,
            _ approver: String,
            frozen: Bool, own: Bool, central: Bool, granted: Bool, deadline: Int?
        ) {
            self.geometry = geometry
            self.level = level
            self.executeFirst = executeFirst
            self.tier = tier
            self.approver = approver
            self.frozen = frozen
            self.ownSupplyFirst = own
            self.central = central
            self.executeFirstGranted = granted
            self.deadline = deadline
        }

        var testDescription: String {
            "\(geometry.rawValue) level \(level?.roman ?? "daily")\(executeFirst ? " execute-first" : "")"
        }
    }

    // 5 places × 5 levels × execute-first = 50 rows.
    static let table: [Row] = [
        // same county
        // daily dispatch within the county is the city's (R5.2)
        Row(
            .sameCounty, nil, false, .city, "CN/52/5201", frozen: false, own: true, central: false, granted: false,
            deadline: nil),
        Row(
            .sameCounty, nil, true, .city, "CN/52/5201", frozen: false, own: true, central: false, granted: false,
            deadline: nil),
        Row(
            .sameCounty, .levelIV, false, .county, "CN/52/5201/520102", frozen: false, own: true, central: false,
            granted: false, deadline: nil),
        Row(
            .sameCounty, .levelIV, true, .county, "CN/52/5201/520102", frozen: false, own: true, central: false,
            granted: false, deadline: nil),
        Row(
            .sameCounty, .levelIII, false, .county, "CN/52/5201/520102", frozen: false, own: false, central: true,
            granted: false, deadline: nil),
        Row(
            .sameCounty, .levelIII, true, .county, "CN/52/5201/520102", frozen: false, own: false, central: true,
            granted: true, deadline: 72),
        Row(
            .sameCounty, .levelII, false, .county, "CN/52/5201/520102", frozen: false, own: false, central: true,
            granted: false, deadline: nil),
        Row(
            .sameCounty, .levelII, true, .county, "CN/52/5201/520102", frozen: false, own: false, central: true,
            granted: true, deadline: 48),
        Row(
            .sameCounty, .levelI, false, .city, "CN/52/5201", frozen: true, own: false, central: true, granted: false,
            deadline: nil),
        Row(
            .sameCounty, .levelI, true, .city, "CN/52/5201", frozen: true, own: false, central: true, granted: true,
            deadline: 24),
        // another county of the same city
        Row(
            .otherCountySameCity, nil, false, .city, "CN/52/5201", frozen: false, own: true, central: false,
            granted: false, deadline: nil),
        Row(
            .otherCountySameCity, nil, true, .city, "CN/52/5201", frozen: false, own: true, central: false,
            granted: false, deadline: nil),
        Row(
            .otherCountySameCity, .levelIV, false, .city, "CN/52/5201", frozen: false, own: true, central: false,
            granted: false, deadline: nil),
        Row(
            .otherCountySameCity, .levelIV, true, .city, "CN/52/5201", frozen: false, own: true, central: false,
            granted: false, deadline: nil),
        Row(
            .otherCountySameCity, .levelIII, false, .city, "CN/52/5201", frozen: false, own: false, central: true,
            granted: false, deadline: nil),
        Row(
            .otherCountySameCity, .levelIII, true, .city, "CN/52/5201", frozen: false, own: false, central: true,
            granted: true, deadline: 72),
        Row(
            .otherCountySameCity, .levelII, false, .city, "CN/52/5201", frozen: false, own: false, central: true,
            granted: false, deadline: nil),
        Row(
            .otherCountySameCity, .levelII, true, .city, "CN/52/5201", frozen: false, own: false, central: true,
            granted: true, deadline: 48),
        Row(
            .otherCountySameCity, .levelI, false, .city, "CN/52/5201", frozen: false, own: false, central: true,
            granted: false, deadline: nil),
        Row(
            .otherCountySameCity, .levelI, true, .city, "CN/52/5201", frozen: false, own: false, central: true,
            granted: true, deadline: 24),
        // the city's own depot
        Row(
            .cityDepotSameCity, nil, false, .city, "CN/52/5201", frozen: false, own: true, central: false,
            granted: false, deadline: nil),
        Row(
            .cityDepotSameCity, nil, true, .city, "CN/52/5201", frozen: false, own: true, central: false,
            granted: false, deadline: nil),
        Row(
            .cityDepotSameCity, .levelIV, false, .city, "CN/52/5201", frozen: false, own: true, central: false,
            granted: false, deadline: nil),
        Row(
            .cityDepotSameCity, .levelIV, true, .city, "CN/52/5201", frozen: false, own: true, central: false,
            granted: false, deadline: nil),
        Row(
            .cityDepotSameCity, .levelIII, false, .city, "CN/52/5201", frozen: false, own: false, central: true,
            granted: false, deadline: nil),
        Row(
            .cityDepotSameCity, .levelIII, true, .city, "CN/52/5201", frozen: false, own: false, central: true,
            granted: true, deadline: 72),
        Row(
            .cityDepotSameCity, .levelII, false, .city, "CN/52/5201", frozen: false, own: false, central: true,
            granted: false, deadline: nil),
        Row(
            .cityDepotSameCity, .levelII, true, .city, "CN/52/5201", frozen: false, own: false, central: true,
            granted: true, deadline: 48),
        Row(
            .cityDepotSameCity, .levelI, false, .city, "CN/52/5201", frozen: false, own: false, central: true,
            granted: false, deadline: nil),
        Row(
            .cityDepotSameCity, .levelI, true, .city, "CN/52/5201", frozen: false, own: false, central: true,
            granted: true, deadline: 24),
        // another city of the same province
        Row(
            .otherCitySameProvince, nil, false, .province, "CN/52", frozen: false, own: true, central: false,
            granted: false, deadline: nil),
        Row(
            .otherCitySameProvince, nil, true, .province, "CN/52", frozen: false, own: true, central: false,
            granted: false, deadline: nil),
        Row(
            .otherCitySameProvince, .levelIV, false, .province, "CN/52", frozen: false, own: true, central: false,
            granted: false, deadline: nil),
        Row(
            .otherCitySameProvince, .levelIV, true, .province, "CN/52", frozen: false, own: true, central: false,
            granted: false, deadline: nil),
        Row(
            .otherCitySameProvince, .levelIII, false, .province, "CN/52", frozen: false, own: false, central: true,
            granted: false, deadline: nil),
        Row(
            .otherCitySameProvince, .levelIII, true, .province, "CN/52", frozen: false, own: false, central: true,
            granted: true, deadline: 72),
        Row(
            .otherCitySameProvince, .levelII, false, .province, "CN/52", frozen: false, own: false, central: true,
            granted: false, deadline: nil),
        Row(
            .otherCitySameProvince, .levelII, true, .province, "CN/52", frozen: false, own: false, central: true,
            granted: true, deadline: 48),
        Row(
            .otherCitySameProvince, .levelI, false, .province, "CN/52", frozen: false, own: false, central: true,
            granted: false, deadline: nil),
        Row(
            .otherCitySameProvince, .levelI, true, .province, "CN/52", frozen: false, own: false, central: true,
            granted: true, deadline: 24),
        // another province
        Row(
            .otherProvince, nil, false, .nation, "CN", frozen: false, own: true, central: false, granted: false,
            deadline: nil),
        Row(
            .otherProvince, nil, true, .nation, "CN", frozen: false, own: true, central: false, granted: false,
            deadline: nil),
        Row(
            .otherProvince, .levelIV, false, .nation, "CN", frozen: false, own: true, central: false, granted: false,
            deadline: nil),
        Row(
            .otherProvince, .levelIV, true, .nation, "CN", frozen: false, own: true, central: false, granted: false,
            deadline: nil),
        Row(
            .otherProvince, .levelIII, false, .nation, "CN", frozen: false, own: false, central: true, granted: false,
            deadline: nil),
        Row(
            .otherProvince, .levelIII, true, .nation, "CN", frozen: false, own: false, central: true, granted: true,
            deadline: 72),
        Row(
            .otherProvince, .levelII, false, .nation, "CN", frozen: false, own: false, central: true, granted: false,
            deadline: nil),
        Row(
            .otherProvince, .levelII, true, .nation, "CN", frozen: false, own: false, central: true, granted: true,
            deadline: 48),
        Row(
            .otherProvince, .levelI, false, .nation, "CN", frozen: false, own: false, central: true, granted: false,
            deadline: nil),
        Row(
            .otherProvince, .levelI, true, .nation, "CN", frozen: false, own: false, central: true, granted: true,
            deadline: 24),
    ]

    @Test func theTableCoversEveryCombinationOnce() {
        #expect(Self.table.count == Geometry.allCases.count * 5 * 2)
        let keys = Set(Self.table.map(\.testDescription))
        #expect(keys.count == Self.table.count)
    }

    @Test(arguments: table)
    func everyCombinationOfPlaceLevelAndExecuteFirst(_ row: Row) {
        let d = DispatchAuthority.decide(
            DispatchQuestion(
                requester: Self.requester, sources: [row.geometry.source], level: row.level,
                executeFirst: row.executeFirst))
        #expect(d.tier == row.tier)
        #expect(d.approver.rawValue == row.approver)
        #expect(d.countyDispatchFrozen == row.frozen)
        #expect(d.ownSupplyFirst == row.ownSupplyFirst)
        #expect(d.centralAllocation == row.central)
        #expect(d.executeFirst == row.executeFirstGranted)
        #expect(d.paperworkDeadlineHours == row.deadline)
        // The explanation agrees with the flags.
        #expect(d.rules.contains(.countyFrozenAtLevelI) == row.frozen)
        #expect(d.rules.contains(.ownSupplyFirstBelowLevelIII) == row.ownSupplyFirst)
        #expect(d.rules.contains(.centralAllocationAtLevelIIIAndAbove) == row.central)
        #expect(d.rules.contains(.executeFirstPaperworkLater) == row.executeFirstGranted)
        #expect(d.rules.contains(.executeFirstNotAllowed) == (row.executeFirst && !row.executeFirstGranted))
        let tierRule: DispatchRule =
            switch (row.tier, row.frozen) {
            case (_, true): .countyFrozenAtLevelI
            case (.city, _) where row.geometry == .sameCounty: .cityDecidesDailyDispatch
            case (.county, _): .ownCounty
            case (.city, _): .cityDaily
            case (.province, _): .crossCityProvince
            case (.nation, _): .crossProvinceNation
            }
        #expect(d.rules.first == tierRule)
    }

    /// R5.2: daily dispatch is the city's — also within one county — unless the city delegated it.
    @Test func withinACountyTheCityDecidesDailyDispatchUnlessItDelegated() {
        let question = DispatchQuestion(requester: Self.requester, sources: [Self.requester], level: nil)
        let city = DispatchAuthority.decide(question)
        #expect(city.tier == .city)
        #expect(city.approver.rawValue == "CN/52/5201")
        #expect(city.rules.first == .cityDecidesDailyDispatch)
        var delegating = DispatchPolicySettings.standard
        delegating.dailyDispatchDelegatedCities = ["5201"]
        let county = DispatchAuthority.decide(question, settings: delegating)
        #expect(county.tier == .county)
        #expect(county.approver.rawValue == "CN/52/5201/520102")
        #expect(county.rules.first == .dailyDispatchDelegatedToCounty)
        // Another city's delegation is not Guiyang's.
        delegating.dailyDispatchDelegatedCities = ["5203"]
        #expect(DispatchAuthority.decide(question, settings: delegating).tier == .city)
        // In an emergency below level I the county decides its own matters, as before.
        #expect(
            DispatchAuthority.decide(
                DispatchQuestion(requester: Self.requester, sources: [Self.requester], level: .levelIV)
            ).tier == .county)
    }

    @Test func rulesAreListedInOrderTierRegimeExecuteFirst() {
        let frozen = DispatchAuthority.decide(
            DispatchQuestion(
                requester: Self.requester, sources: [Self.requester], level: .levelI,
                executeFirst: true))
        #expect(
            frozen.rules == [.countyFrozenAtLevelI, .centralAllocationAtLevelIIIAndAbove, .executeFirstPaperworkLater])
        let daily = DispatchAuthority.decide(
            DispatchQuestion(
                requester: Self.requester, sources: [Geometry.otherCountySameCity.source],
                level: nil, executeFirst: true))
        #expect(daily.rules == [.cityDaily, .ownSupplyFirstBelowLevelIII, .executeFirstNotAllowed])
        let plain = DispatchAuthority.decide(
            DispatchQuestion(requester: Self.requester, sources: [Self.requester], level: .levelIV))
        #expect(plain.rules == [.ownCounty, .ownSupplyFirstBelowLevelIII])
    }

    // MARK: Geometry beyond the table

    @Test func theWidestSourceDecidesWhenSeveralDepotsSupply() {
        let d = DispatchAuthority.decide(
            DispatchQuestion(
                requester: Self.requester,
                sources: [
                    Geometry.sameCounty.source, Geometry.otherCountySameCity.source,
                    Geometry.otherCitySameProvince.source,
                ],
                level: .levelII))
        #expect(d.tier == .province)
        #expect(d.approver.rawValue == "CN/52")
        let nation = DispatchAuthority.decide(
            DispatchQuestion(
                requester: Self.requester, sources: [Geometry.sameCounty.source, Geometry.otherProvince.source],
                level: nil))
        #expect(nation.tier == .nation)
        #expect(nation.approver == .nation)
    }

    @Test func townshipsBelongToTheirCounty() {
        let township = Self.path("CN/52/5201/520102/520102001")
        let neighbour = Self.path("CN/52/5201/520102/520102002")
        let daily = DispatchAuthority.decide(
            DispatchQuestion(requester: township, sources: [neighbour], level: .levelIV))
        #expect(daily.tier == .county)
        #expect(daily.approver.rawValue == "CN/52/5201/520102")
        let sameTownship = DispatchAuthority.decide(
            DispatchQuestion(requester: township, sources: [township], level: .levelIII))
        #expect(sameTownship.approver.rawValue == "CN/52/5201/520102", "a township has no supply office of its own")
        let levelI = DispatchAuthority.decide(
            DispatchQuestion(requester: township, sources: [neighbour], level: .levelI))
        #expect(levelI.tier == .city)
        #expect(levelI.approver.rawValue == "CN/52/5201")
        #expect(levelI.countyDispatchFrozen)
    }

    @Test func aCityLevelRequesterIsACityMatterEvenAtLevelI() {
        let cityHospital = Self.path("CN/52/5201")
        let d = DispatchAuthority.decide(
            DispatchQuestion(requester: cityHospital, sources: [Self.requester], level: .levelI))
        #expect(d.tier == .city)
        #expect(d.approver.rawValue == "CN/52/5201")
        #expect(!d.countyDispatchFrozen, "no county would have dispatched")
    }

    @Test func aProvincialRequesterIsAProvinceMatter() {
        let d = DispatchAuthority.decide(
            DispatchQuestion(requester: Self.path("CN/52"), sources: [Self.requester], level: nil))
        #expect(d.tier == .province)
        #expect(d.approver.rawValue == "CN/52")
    }

    @Test func zunyiDrawingOnGuiyangNeedsGuizhou() {
        let zunyi = Self.path("CN/52/5203/520302")
        let d = DispatchAuthority.decide(
            DispatchQuestion(requester: zunyi, sources: [Self.path("CN/52/5201")], level: .levelIII))
        #expect(d.tier == .province)
        #expect(d.approver.rawValue == "CN/52")
    }

    @Test func noSourcesMeansTheRequestersOwnOffice() {
        let d = DispatchAuthority.decide(DispatchQuestion(requester: Self.requester, sources: [], level: .levelIV))
        #expect(d.tier == .county)
        #expect(d.approver == Self.requester)
    }

    @Test func executeFirstDefaultsToFalse() {
        let q = DispatchQuestion(requester: Self.requester, sources: [Self.requester], level: .levelI)
        #expect(!q.executeFirst)
        #expect(!DispatchAuthority.decide(q).executeFirst)
    }

    // MARK: Settings

    @Test func editedSettingsChangeWhereExecuteFirstIsAllowed() {
        var settings = DispatchPolicySettings.standard
        settings.paperworkDeadlineHours = [0, 48, 72, 12]
        let levelI = DispatchAuthority.decide(
            DispatchQuestion(requester: Self.requester, sources: [Self.requester], level: .levelI, executeFirst: true),
            settings: settings)
        #expect(!levelI.executeFirst)
        #expect(levelI.paperworkDeadlineHours == nil)
        #expect(levelI.rules.contains(.executeFirstNotAllowed))
        let levelIV = DispatchAuthority.decide(
            DispatchQuestion(requester: Self.requester, sources: [Self.requester], level: .levelIV, executeFirst: true),
            settings: settings)
        #expect(levelIV.executeFirst)
        #expect(levelIV.paperworkDeadlineHours == 12)
        let daily = DispatchAuthority.decide(
            DispatchQuestion(requester: Self.requester, sources: [Self.requester], level: nil, executeFirst: true),
            settings: settings)
        #expect(!daily.executeFirst, "daily dispatch never executes first")
    }

    @Test func negativeOrShortSettingsDoNotCrashOrGrantExecuteFirst() {
        var settings = DispatchPolicySettings.standard
        settings.paperworkDeadlineHours = [-5]
        settings.acknowledgementMinutes = [7]
        let levelI = DispatchAuthority.decide(
            DispatchQuestion(requester: Self.requester, sources: [Self.requester], level: .levelI, executeFirst: true),
            settings: settings)
        #expect(!levelI.executeFirst)
        let levelII = DispatchAuthority.decide(
            DispatchQuestion(requester: Self.requester, sources: [Self.requester], level: .levelII, executeFirst: true),
            settings: settings)
        #expect(levelII.paperworkDeadlineHours == 48, "a missing entry falls back to the standard")
        #expect(settings.acknowledgementLimit(at: .levelI) == 7)
        #expect(settings.acknowledgementLimit(at: .levelIV) == 60)
    }

    @Test func standardSettingsAreTheSeedsFigures() throws {
        let s = DispatchPolicySettings.standard
        #expect(s.paperworkDeadlineHours == [24, 48, 72, 0])
        #expect(s.acknowledgementMinutes == [10, 20, 30, 60])
        #expect(s.dailyAcknowledgementMinutes == 120)
        #expect(ResponseLevel.allCases.map { s.acknowledgementLimit(at: $0) } == [10, 20, 30, 60])
        #expect(s.acknowledgementLimit(at: nil) == 120)
        var edited = s
        edited.dailyAcknowledgementMinutes = 90
        #expect(edited.acknowledgementLimit(at: nil) == 90)
        #expect(edited != s)
    }

    // MARK: Who may approve

    @Test func theRequesterCannotApproveTheirOwnRequest() {
        let d = DispatchAuthority.decide(
            DispatchQuestion(requester: Self.requester, sources: [Self.requester], level: .levelIV))
        let error = #expect(throws: LifelineError.self) {
            try DispatchAuthority.checkApprover(scope: Self.requester, userID: "u1", requestedBy: "u1", decision: d)
        }
        #expect(error?.code == .selfApproval)
        #expect(error?.code.rawValue == "dispatch.self_approval")
        #expect(error?.message(.zh) == "不能审批自己提交的申请")
        #expect(error?.message(.en) == "You cannot approve your own request")
        // Even an officer whose scope is wide enough may not approve their own request.
        #expect(throws: LifelineError(.selfApproval)) {
            try DispatchAuthority.checkApprover(scope: .nation, userID: "u1", requestedBy: "u1", decision: d)
        }
        #expect(throws: Never.self) {
            try DispatchAuthority.checkApprover(scope: Self.requester, userID: "u2", requestedBy: "u1", decision: d)
        }
    }

    @Test func crossCityNeedsTheProvince() throws {
        let d = DispatchAuthority.decide(
            DispatchQuestion(requester: Self.requester, sources: [Geometry.otherCitySameProvince.source], level: nil))
        let cityOfficer = #expect(throws: LifelineError.self) {
            try DispatchAuthority.checkApprover(
                scope: Self.path("CN/52/5201"), userID: "c", requestedBy: "r", decision: d)
        }
        #expect(cityOfficer?.code == .approvalTierRequired)
        #expect(cityOfficer?.message(.zh) == "此调度须由省级审批")
        #expect(cityOfficer?.message(.en) == "This dispatch must be approved at province level")
        #expect(throws: LifelineError.self) {
            try DispatchAuthority.checkApprover(
                scope: Self.path("CN/52/5203"), userID: "z", requestedBy: "r", decision: d)
        }
        try DispatchAuthority.checkApprover(scope: Self.path("CN/52"), userID: "p", requestedBy: "r", decision: d)
        try DispatchAuthority.checkApprover(scope: .nation, userID: "n", requestedBy: "r", decision: d)
    }

    @Test func crossProvinceNeedsTheNation() throws {
        let d = DispatchAuthority.decide(
            DispatchQuestion(requester: Self.requester, sources: [Geometry.otherProvince.source], level: .levelII))
        for scope in ["CN/52", "CN/53", "CN/52/5201", "CN/52/5201/520102"] {
            #expect(
                throws: LifelineError(.approvalTierRequired, localized: ["tier": ApprovalTier.nation.text]), "\(scope)"
            ) {
                try DispatchAuthority.checkApprover(scope: Self.path(scope), userID: "o", requestedBy: "r", decision: d)
            }
        }
        try DispatchAuthority.checkApprover(scope: .nation, userID: "n", requestedBy: "r", decision: d)
    }

    @Test func atLevelITheCountyCannotDispatchAndTheCityCan() throws {
        let d = DispatchAuthority.decide(
            DispatchQuestion(requester: Self.requester, sources: [Self.requester], level: .levelI))
        let county = #expect(throws: LifelineError.self) {
            try DispatchAuthority.checkApprover(scope: Self.requester, userID: "county", requestedBy: "r", decision: d)
        }
        #expect(county?.code == .countyDispatchFrozen)
        #expect(county?.code.rawValue == "dispatch.county_frozen")
        #expect(county?.message(.zh) == "Ⅰ级响应期间县级调度权冻结，由市级调度")
        try DispatchAuthority.checkApprover(
            scope: Self.path("CN/52/5201"), userID: "city", requestedBy: "r", decision: d)
        try DispatchAuthority.checkApprover(
            scope: Self.path("CN/52"), userID: "province", requestedBy: "r", decision: d)
        // A neighbouring city is not the county's city.
        #expect(throws: LifelineError.self) {
            try DispatchAuthority.checkApprover(
                scope: Self.path("CN/52/5203"), userID: "zunyi", requestedBy: "r", decision: d)
        }
        // Below level I the county's own office dispatches again.
        for level in [ResponseLevel.levelII, .levelIII, .levelIV] {
            let normal = DispatchAuthority.decide(
                DispatchQuestion(requester: Self.requester, sources: [Self.requester], level: level))
            try DispatchAuthority.checkApprover(
                scope: Self.requester, userID: "county", requestedBy: "r", decision: normal)
        }
    }

    @Test func aSiblingCountyMayNotApprove() {
        let d = DispatchAuthority.decide(
            DispatchQuestion(requester: Self.requester, sources: [Self.requester], level: .levelIV))
        let error = #expect(throws: LifelineError.self) {
            try DispatchAuthority.checkApprover(
                scope: Self.path("CN/52/5201/520103"), userID: "o", requestedBy: "r", decision: d)
        }
        #expect(error?.code == .approvalTierRequired)
        #expect(error?.message(.en) == "This dispatch must be approved at county level")
    }

    // MARK: Deadlines

    @Test func anExecuteFirstOrderRaisesThePaperworkAlertWhenLate() {
        let approved: Int64 = 1_700_000_000_000
        let hour: Int64 = 3_600_000
        let d = DispatchAuthority.decide(
            DispatchQuestion(requester: Self.requester, sources: [Self.requester], level: .levelI, executeFirst: true))
        let deadline = d.paperworkDeadlineHours ?? 0
        #expect(deadline == 24)
        #expect(
            !DispatchAuthority.paperworkOverdue(
                approvedAtMs: approved, deadlineHours: deadline, completed: false, nowMs: approved + 23 * hour))
        #expect(
            !DispatchAuthority.paperworkOverdue(
                approvedAtMs: approved, deadlineHours: deadline, completed: false, nowMs: approved + 24 * hour),
            "exactly at the deadline is still on time")
        #expect(
            DispatchAuthority.paperworkOverdue(
                approvedAtMs: approved, deadlineHours: deadline, completed: false, nowMs: approved + 24 * hour + 1))
        #expect(
            DispatchAuthority.paperworkOverdue(
                approvedAtMs: approved, deadlineHours: deadline, completed: false, nowMs: approved + 100 * hour))
        #expect(
            !DispatchAuthority.paperworkOverdue(
                approvedAtMs: approved, deadlineHours: deadline, completed: true, nowMs: approved + 100 * hour))
        #expect(
            DispatchAuthority.paperworkOverdue(
                approvedAtMs: approved, deadlineHours: 72, completed: false, nowMs: approved + 73 * hour))
        #expect(
            !DispatchAuthority.paperworkOverdue(
                approvedAtMs: approved, deadlineHours: 72, completed: false, nowMs: approved + 71 * hour))
    }

    @Test func anUnacknowledgedOrderEscalatesAfterTheLimit() {
        let minute: Int64 = 60_000
        let city = Self.path("CN/52/5201")
        let limit = DispatchPolicySettings.standard.acknowledgementLimit(at: .levelI)
        #expect(limit == 10)
        #expect(
            DispatchAuthority.escalation(
                approvedAtMs: 0, acknowledged: false, limitMinutes: limit, approver: city, nowMs: 9 * minute
            ).isEmpty)
        #expect(
            DispatchAuthority.escalation(
                approvedAtMs: 0, acknowledged: false, limitMinutes: limit, approver: city, nowMs: 10 * minute
            ).isEmpty,
            "exactly at the limit is still on time")
        #expect(
            DispatchAuthority.escalation(
                approvedAtMs: 0, acknowledged: false, limitMinutes: limit, approver: city, nowMs: 10 * minute + 1
            )
            .map(\.rawValue) == ["CN/52/5201", "CN/52"])
        #expect(
            DispatchAuthority.escalation(
                approvedAtMs: 0, acknowledged: true, limitMinutes: limit, approver: city, nowMs: 60 * minute
            ).isEmpty)
        let county = DispatchAuthority.escalation(
            approvedAtMs: 5 * minute, acknowledged: false, limitMinutes: 120, approver: Self.requester,
            nowMs: 126 * minute)
        #expect(county.map(\.rawValue) == ["CN/52/5201/520102", "CN/52/5201"])
        #expect(
            DispatchAuthority.escalation(
                approvedAtMs: 5 * minute, acknowledged: false, limitMinutes: 120, approver: Self.requester,
                nowMs: 124 * minute
            ).isEmpty, "the limit counts from approval")
        #expect(
            DispatchAuthority.escalation(
                approvedAtMs: 0, acknowledged: false, limitMinutes: 10, approver: Self.path("CN/53"), nowMs: 11 * minute
            )
                == [Self.path("CN/53"), .nation])
        #expect(
            DispatchAuthority.escalation(
                approvedAtMs: 0, acknowledged: false, limitMinutes: 10, approver: .nation, nowMs: 11 * minute)
                == [.nation], "the nation has nobody above it")
    }

    // MARK: Texts

    @Test func tiersAndRulesReadInBothLanguages() {
        #expect(ApprovalTier.allCases.map(\.text.zh) == ["县级", "市级", "省级", "国家级"])
        #expect(ApprovalTier.allCases.map(\.text.en) == ["county", "city", "province", "nation"])
        let rules = DispatchRule.allCases
        #expect(rules.count == 11)
        #expect(Set(rules.map(\.text.zh)).count == rules.count)
        #expect(Set(rules.map(\.text.en)).count == rules.count)
        #expect(rules.allSatisfy { !$0.text.zh.isEmpty && !$0.text.en.isEmpty })
        #expect(DispatchRule(rawValue: "countyFrozenAtLevelI") == .countyFrozenAtLevelI)
    }
}
