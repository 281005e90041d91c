import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing

/// The mass-testing standard as data (R7.2): a version imported as CSV waits for another officer's
/// approval; from then on the planner uses it instead of seed 001's.
@Suite struct MassTestingStandardTests {
    @Test(arguments: TestDatabase.allCases)
    func anApprovedStandardIsWhatThePlannerUses(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let dispatch = services.dispatch
            let input = MassTestingInput(points: 10, tables: 20, staffPerPointPerShift: 12, rounds: 2)
            let before = try await dispatch.massTestingPlan(input, for: w.cityOfficer)
            #expect(before.plan.standardVersion == "seed-001")
            // A 2027 standard: two swabs per person tested instead of one.
            var standard = MassTestingStandard.seed001
            standard.version = "2027-01"
            standard.effectiveFrom = Day(year: 2026, month: 1, day: 1)
            let swab = try #require(standard.entries.firstIndex { $0.itemClass == "swab" })
            standard.entries[swab].quantity = 2
            let draft = try await dispatch.importMassTestingStandard(csv: standard.csv(), by: w.officerA)
            #expect(draft.status == .draft && draft.classes == 27)
            do {
                _ = try await dispatch.importMassTestingStandard(csv: standard.csv(), by: w.officerB)
                Issue.record("the same version was imported twice")
            } catch let error as LifelineError {
                #expect(error.code == .duplicate && error.field == "version")
            }
            // Still seed 001 until approved; the importer may not approve it.
            #expect(try await dispatch.massTestingPlan(input, for: w.cityOfficer).plan.standardVersion == "seed-001")
            do {
                _ = try await dispatch.approveMassTestingStandard(draft.id, by: w.officerA)
                Issue.record("the importer approved their own standard")
            } catch let error as LifelineError {
                #expect(error.code == .standardSelfApproval)
            }
            let approved = try await dispatch.approveMassTestingStandard(draft.id, by: w.cityOfficer)
            #expect(approved.status == .approved && approved.approvedBy == "officer.city")
            await #expect(throws: LifelineError.self) {
                try await dispatch.approveMassTestingStandard(draft.id, by: w.officerB)
            }
            let after = try await dispatch.massTestingPlan(input, for: w.cityOfficer)
            #expect(after.plan.standardVersion == "2027-01")
            let swabsBefore = before.plan.total("swab", round: 1)?.quantity ?? 0
            #expect(after.plan.total("swab", round: 1)?.quantity == swabsBefore * 2)
            #expect(try await dispatch.massTestingStandards(for: w.auditor).map(\.version) == ["2027-01"])
            #expect(try await dispatch.massTestingStandardCSV(draft.id, for: w.auditor) == standard.csv())
            // A bad file names its line and column, and stores nothing.
            await #expect(throws: LifelineError.self) {
                try await dispatch.importMassTestingStandard(csv: "item_class,name_zh\nx,y\n", by: w.officerA)
            }
            #expect(try await dispatch.massTestingStandards(for: w.auditor).count == 1)
        }
    }
}
