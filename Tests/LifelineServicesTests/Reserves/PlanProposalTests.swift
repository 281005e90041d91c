import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing

/// Proposed changes to approved plans (R3.1, R3.2): a consumption norm measured again each quarter
/// from the last months' issues, and a revision when the catalogue moves on; accepted into a draft
/// of the next version, or rejected with a reason.
@Suite struct PlanProposalTests {
    @Test(arguments: TestDatabase.allCases)
    func aDriftingConsumptionNormAndANewCatalogueAreProposedAndDecided(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let reserves = services.reserves
            let plan = try await reserves.createPlan(
                NewReservePlan(jurisdictionCode: "520102", reserveClass: .routine, title: "消耗定额"), by: w.officerA)
            _ = try await reserves.setNorm(
                plan.id, itemID: w.mask,
                formula: .consumption(monthly: [10, 10, 10], months: 1, populationGrowth: 1, diseaseMix: 1), note: nil,
                by: w.officerA)
            _ = try await reserves.submit(plan.id, by: w.officerA)
            _ = try await reserves.approve(plan.id, note: nil, by: w.cityOfficer)
            // Nothing issued yet: no norm to adjust, and the catalogue is the plan's.
            #expect(try await reserves.proposePlanChanges() == 0)
            // 300 masks issued in September (testNow is 2026-11-24; the quarter began on 2026-10-01).
            let september = Services(
                store: services.store, clock: .fixed(testNow.addingTimeInterval(-60 * 86_400)), ids: services.ids,
                passwords: services.passwords)
            _ = try await september.stock.issue(
                IssueInput(lotId: w.lot, quantity: 90, reason: "九月消耗"), key: "september", by: w.officerA)
            #expect(try await reserves.proposePlanChanges() == 1)
            #expect(try await reserves.proposePlanChanges() == 0)  // one per plan and cause
            let open = try await reserves.planProposals(status: .open, page: PageRequest(), for: w.officerA).items
            let proposal = try #require(open.first)
            #expect(proposal.kind == .normAdjustment)
            #expect(proposal.currentQuantity == 10)
            #expect(proposal.proposedQuantity == 30)  // (0 + 0 + 90) / 3 months
            #expect(try await reserves.planProposals(status: nil, page: PageRequest(), for: w.officerB).total == 0)
            await #expect(throws: LifelineError.self) {
                try await reserves.decidePlanProposal(proposal.id, accept: true, note: nil, by: w.officerB)
            }
            let accepted = try await reserves.decidePlanProposal(proposal.id, accept: true, note: nil, by: w.officerA)
            #expect(accepted.status == .accepted)
            let revision = try await reserves.plan(try #require(accepted.revisionId), for: w.officerA)
            #expect(revision.status == .draft)
            #expect(revision.version == 2)
            #expect(revision.norms.first { $0.itemId == w.mask }?.quantity == 30)
            await #expect(throws: LifelineError.self) {
                try await reserves.decidePlanProposal(proposal.id, accept: false, note: "再议", by: w.officerA)
            }
            // A new catalogue version: the approved plan (version 1, on the old catalogue) is proposed a revision.
            let codes = try await services.reference.items(ItemFilter(), page: PageRequest(per: 500), for: .system)
                .items.map(\.definition.code)
            _ = try await services.reference.reviseCatalogue(
                CatalogueRevision(title: "2027 版目录", itemCodes: codes), by: .system)
            #expect(try await reserves.proposePlanChanges() == 1)
            let catalogue = try #require(
                try await reserves.planProposals(status: .open, page: PageRequest(), for: w.officerA).items.first)
            #expect(catalogue.kind == .catalogueRevision)
            await #expect(throws: LifelineError.self) {
                try await reserves.decidePlanProposal(catalogue.id, accept: false, note: " ", by: w.officerA)
            }
            let rejected = try await reserves.decidePlanProposal(
                catalogue.id, accept: false, note: "已在修订中", by: w.officerA)
            #expect(rejected.status == .rejected)
            #expect(rejected.note == "已在修订中")
            #expect(try await services.operations.verify().isClean)
        }
    }
}
