import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import Testing

/// What the dashboard shows of reserves beside the map (R3.4, R4.1), on both engines:
///
/// - coverage by item adds up the approved plans the reader sees — norms and the stock each plan
///   counts — with an exact percentage, the plans under their alert threshold and the worst-covered
///   jurisdiction; drafts count for nothing;
/// - the forward-reach gaps are the counties of the reader's scope that no forward depot reaches
///   within 50 km / 4 h: every county while there is none, then only those more than 50 km from the
///   one built; a neighbour's forward depot serves a county as well as its own.
///
/// The World (``World``) holds 100 masks in 520102 (南明区) and 50 in 520103 (云岩区) and has no
/// forward depot. Guiyang (5201) has ten counties with coordinates in the seeded division tree
/// (`市辖区` 520101 is dropped).
@Suite struct DashboardReservesTests {
    // MARK: - Coverage by item

    @Test(arguments: TestDatabase.allCases)
    func coverageByItemAddsUpTheApprovedPlansOfTheReader(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let reserves = services.reserves
            // 120 masks for 南明区 (100 on hand, 83 %), 100 for 云岩区 (50 on hand, 50 %: under 80 %).
            let nanming = try await approvedMaskPlan(
                services, w, "520102", peakDailyUse: 4, days: 30, by: w.officerA, approver: w.cityOfficer)
            let yunyan = try await approvedMaskPlan(
                services, w, "520103", peakDailyUse: 2, days: 50, by: w.officerB, approver: w.cityOfficer)
            // A draft of 乌当区 counts for nothing.
            let draft = try await reserves.createPlan(
                NewReservePlan(jurisdictionCode: "520112", reserveClass: .routine, title: "乌当区草案"), by: w.cityOfficer)
            _ = try await reserves.setNorm(
                draft.id, itemID: w.mask, formula: .peakDay(peakDailyUse: 10, days: 30), note: nil, by: w.cityOfficer)

            // The city reads both plans: 220 masks of norm, 150 on hand, 150 × 100 / 220 = 68 % (rounded down).
            let city = try await reserves.coverageByItem(for: w.cityOfficer)
            #expect(city.map(\.itemId) == [w.mask])
            let mask = try #require(city.first)
            #expect(mask.norm == 220 && mask.onHand == 150)
            #expect(mask.percent == 68)
            #expect(mask.percent == ReserveCoverage(norm: 220, onHand: 150, monthlyUse: 0).percent)
            #expect(mask.plans == 2 && mask.plansBelowAlert == 1)
            #expect(mask.worstPlanId == yunyan && mask.worstJurisdictionCode == "520103")
            #expect(mask.worstJurisdictionName == "云岩区" && mask.worstPercent == 50)
            #expect(!mask.itemCode.isEmpty && !mask.itemNameZh.isEmpty)

            // 南明区's officer reads only its own plan: 100 of 120, 83 %, none under the threshold.
            let county = try #require(try await reserves.coverageByItem(for: w.officerA).first)
            #expect(county.norm == 120 && county.onHand == 100 && county.percent == 83)
            #expect(county.plans == 1 && county.plansBelowAlert == 0)
            #expect(county.worstPlanId == nanming && county.worstJurisdictionName == "南明区")
            #expect(county.worstPercent == 83)
        }
    }

    // MARK: - Forward reach

    @Test(arguments: TestDatabase.allCases)
    func countiesBeyondFiftyKilometresOfEveryForwardDepotAreGaps(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let reserves = services.reserves

            // No forward depot anywhere: every county of Guiyang is a gap, with no depot to name.
            let before = try await reserves.forwardReachGaps(for: w.cityOfficer)
            #expect(before.map(\.countyCode) == guiyangCounties)
            #expect(before.allSatisfy { $0.depotId == nil && $0.kilometres == nil && $0.hours == nil })
            let xifeng = try #require(before.first { $0.countyCode == "520122" })
            #expect(xifeng.countyName == "息烽县")
            #expect(abs(xifeng.longitude - 106.740407) < 1e-6 && abs(xifeng.latitude - 27.090479) < 1e-6)
            // A county officer sees its own county only; a unit-bound operator sees none.
            #expect(try await reserves.forwardReachGaps(for: w.officerB).map(\.countyCode) == ["520103"])
            #expect(try await reserves.forwardReachGaps(for: w.operatorActor).isEmpty)

            // A forward depot at the centre of 南明区.
            let forward = try await services.reference.createDepot(
                DepotProfile(
                    code: "F-520102", name: "南明区前置库", jurisdiction: JurisdictionCode(rawValue: "520102")!,
                    operatorKind: .government, location: nanmingCentre, areaM2: 300, volumeM3: 900,
                    zones: [.ambient], isForward: true),
                by: .system)

            // Only 开阳县 (59.9 km) and 息烽县 (58.2 km) lie beyond 50 km; farthest first.
            let after = try await reserves.forwardReachGaps(for: w.cityOfficer)
            #expect(after.map(\.countyCode) == ["520121", "520122"])
            #expect(after.allSatisfy { $0.depotId == forward.id && $0.depotCode == "F-520102" })
            #expect(after.allSatisfy { $0.depotName == "南明区前置库" })
            #expect(after.map(\.kilometres) == [59.9, 58.2])
            #expect(after.map(\.hours) == [1.9, 1.9])
            for gap in after {
                let kilometres = nanmingCentre.distanceKilometres(
                    to: GeoPoint(longitude: gap.longitude, latitude: gap.latitude))
                #expect(
                    ForwardReach.isBeyond(kilometres: kilometres, hours: ForwardReach.hours(kilometres: kilometres)))
            }
            // 修文县, 32 km away, is reached.
            #expect(!after.contains { $0.countyCode == "520123" })

            // 云岩区 (4 km) is served by its neighbour's forward depot, out of its officer's scope.
            #expect(try await reserves.forwardReachGaps(for: w.officerB).isEmpty)
            #expect(try await reserves.forwardReachGaps(for: w.officerA).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aDepotThatIsNotForwardReachesNoCounty(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            // An ordinary depot in the middle of 云岩区 leaves it a gap.
            _ = try await services.reference.createDepot(
                DepotProfile(
                    code: "G-520103", name: "云岩区二号库", jurisdiction: JurisdictionCode(rawValue: "520103")!,
                    operatorKind: .government, location: GeoPoint(longitude: 106.724494, latitude: 26.604688),
                    areaM2: 300, volumeM3: 900, zones: [.ambient]),
                by: .system)
            let gaps = try await services.reserves.forwardReachGaps(for: w.officerB)
            #expect(gaps.map(\.countyCode) == ["520103"])
            #expect(gaps.first?.depotId == nil)
        }
    }
}

/// The counties of Guiyang with coordinates, by code (the order of gaps without any forward depot).
private let guiyangCounties = [
    "520102", "520103", "520111", "520112", "520113", "520115", "520121", "520122", "520123", "520181",
]

/// The centre of 南明区 (520102) in the seeded division tree.
private let nanmingCentre = GeoPoint(longitude: 106.714374, latitude: 26.567944)

/// An approved routine plan of `jurisdiction` with a norm of `peakDailyUse` × `days` masks, drafted
/// by `author` and approved by `approver`; its id.
private func approvedMaskPlan(
    _ services: Services, _ w: World, _ jurisdiction: String, peakDailyUse: Int, days: Int, by author: Actor,
    approver: Actor
) async throws -> UUID {
    let reserves = services.reserves
    let plan = try await reserves.createPlan(
        NewReservePlan(jurisdictionCode: jurisdiction, reserveClass: .routine, title: "\(jurisdiction) 常规物资储备计划"),
        by: author)
    _ = try await reserves.setNorm(
        plan.id, itemID: w.mask, formula: .peakDay(peakDailyUse: peakDailyUse, days: days), note: nil, by: author)
    _ = try await reserves.submit(plan.id, by: author)
    #expect(try await reserves.approve(plan.id, note: nil, by: approver).status == .approved)
    return plan.id
}
