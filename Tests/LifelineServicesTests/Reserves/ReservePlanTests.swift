import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import Testing

/// Reserve plans (R3): drafted by a jurisdiction, approved by the level above and never by their
/// author, versioned; coverage against the norms with the 80 % alert.
@Suite struct ReservePlanTests {
    @Test(arguments: TestDatabase.allCases)
    func aCountyPlanIsApprovedByTheCityAndCoverageFallsBelow80PercentWithIssues(_ engine: TestDatabase)
        async throws
    {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let reserves = services.reserves
            let plan = try await reserves.createPlan(
                NewReservePlan(jurisdictionCode: "520102", reserveClass: .routine, title: "南明区常规物资储备计划"),
                by: w.officerA)
            #expect(plan.status == .draft && plan.version == 1 && plan.alertPercent == 80)
            // Submitting an empty plan is refused, naming the norms.
            await #expect(throws: LifelineError.invalid("norms", "a plan needs at least one norm")) {
                try await reserves.submit(plan.id, by: w.officerA)
            }
            // 100 masks are in nanming (World); a norm of 120 covers 83 %.
            let withNorm = try await reserves.setNorm(
                plan.id, itemID: w.mask, formula: .peakDay(peakDailyUse: 4, days: 30), note: "峰值日 4 只", by: w.officerA)
            #expect(withNorm.norms.map(\.quantity) == [120])
            // A negative number of days names its field and stores nothing.
            do {
                _ = try await reserves.setNorm(
                    plan.id, itemID: w.mask, formula: .population(residents: 10, dailyUsePerPerson: 1, days: -15),
                    note: nil, by: w.officerA)
                Issue.record("negative days were accepted")
            } catch let error as LifelineError {
                #expect(error.field == "days")
            }
            #expect(try await reserves.plan(plan.id, for: w.officerA).norms.map(\.quantity) == [120])
            var coverage = try await reserves.coverage(plan.id, for: w.officerA)
            #expect(coverage.rows.first?.percent == 83)
            #expect(coverage.alerts == 0)

            _ = try await reserves.submit(plan.id, by: w.officerA)
            // Not by its own level, not by another county, not twice.
            await #expect(throws: LifelineError(.planNeedsLevelAbove)) {
                try await reserves.approve(plan.id, note: nil, by: w.officerA)
            }
            await #expect(throws: LifelineError.outOfScope(.plan)) {
                try await reserves.approve(plan.id, note: nil, by: w.officerB)
            }
            let approved = try await reserves.approve(plan.id, note: "同意", by: w.cityOfficer)
            #expect(approved.status == .approved && approved.decidedBy == "officer.city")
            await #expect(throws: LifelineError.self) {
                try await reserves.approve(plan.id, note: nil, by: w.cityOfficer)
            }
            // Editing an approved plan is refused; a revision is a new draft with the norms copied.
            await #expect(throws: LifelineError.self) {
                try await reserves.setNorm(
                    plan.id, itemID: w.mask, formula: .peakDay(peakDailyUse: 5, days: 30), note: nil, by: w.officerA)
            }
            let revision = try await reserves.revise(plan.id, by: w.officerA)
            #expect(revision.version == 2 && revision.status == .draft && revision.norms.map(\.quantity) == [120])
            #expect(revision.previousId == plan.id)

            // Issues push the county under 80 %: 100 − 25 = 75 of 120 = 62 %.
            _ = try await services.stock.issue(
                IssueInput(lotId: w.lot, quantity: 25, reason: "日常消耗"), key: "plan-issue", by: w.officerA)
            coverage = try await reserves.coverage(plan.id, for: w.officerA)
            #expect(coverage.rows.first?.onHand == 75)
            #expect(coverage.rows.first?.percent == 62)
            #expect(coverage.rows.first?.belowAlert == true)
            #expect(coverage.rows.first?.monthlyUse == 8)  // 25 issued over 3 months
            #expect(coverage.rows.first?.daysOfCover == 281)
            #expect(coverage.alerts == 1)

            // The revision, approved, supersedes version 1.
            _ = try await reserves.submit(revision.id, by: w.officerA)
            _ = try await reserves.approve(revision.id, note: nil, by: w.cityOfficer)
            #expect(try await reserves.plan(plan.id, for: w.cityOfficer).status == .superseded)
            // Readers: the city and the county see it; the other county and unit-bound roles do not.
            let cityList = try await reserves.plans(ReservePlanFilter(), page: PageRequest(), for: w.cityOfficer)
            #expect(cityList.total == 2)
            #expect(try await reserves.plans(ReservePlanFilter(), page: PageRequest(), for: w.officerB).total == 0)
            await #expect(throws: LifelineError.outOfScope(.plan)) { try await reserves.plan(plan.id, for: w.officerB) }
            #expect(try await reserves.plans(ReservePlanFilter(), page: PageRequest(), for: w.operatorActor).total == 0)
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theAuthorNeverApprovesAndOnePlanPerClass(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let reserves = services.reserves
            // The city drafts for a county; the city's author cannot approve it, another city officer can.
            let plan = try await reserves.createPlan(
                NewReservePlan(jurisdictionCode: "520103", reserveClass: .emergency, title: "云岩区应急物资"),
                by: w.cityOfficer)
            _ = try await reserves.setNorm(
                plan.id, itemID: w.mask, formula: .peakDay(peakDailyUse: 1, days: 30), note: nil, by: w.cityOfficer)
            _ = try await reserves.submit(plan.id, by: w.cityOfficer)
            await #expect(throws: LifelineError(.planSelfApproval)) {
                try await reserves.approve(plan.id, note: nil, by: w.cityOfficer)
            }
            // A rejection needs a reason; a rejected plan is edited and submitted again.
            await #expect(throws: LifelineError.required("note")) {
                try await reserves.reject(plan.id, note: " ", by: .system)
            }
            #expect(try await reserves.reject(plan.id, note: "口径不一致", by: .system).status == .rejected)
            #expect(try await reserves.submit(plan.id, by: w.cityOfficer).status == .submitted)
            await #expect(throws: LifelineError.self) {
                try await reserves.createPlan(
                    NewReservePlan(jurisdictionCode: "520103", reserveClass: .emergency, title: "again"),
                    by: w.officerB)
            }
            // A county cannot draft for its neighbour.
            await #expect(throws: LifelineError.outOfScope(.plan)) {
                try await reserves.createPlan(
                    NewReservePlan(jurisdictionCode: "520103", reserveClass: .routine, title: "x"), by: w.officerA)
            }
        }
    }
}
