import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing

/// No oversell: 200 concurrent issues of one unit at a lot of 100.
@Suite struct ConcurrencyTests {
    @Test(arguments: TestDatabase.allCases)
    func twoHundredConcurrentIssuesOfOneSellExactlyTheHundredInStock(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let officer = w.officerA
            let lot = w.lot
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for n in 0..<200 {
                    group.addTask {
                        do {
                            _ = try await services.stock.issue(
                                IssueInput(lotId: lot, quantity: 1), key: "c-\(n)", by: officer)
                            return "ok"
                        } catch let error as LifelineError {
                            return error.code.rawValue
                        }
                    }
                }
                var all: [String] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 == "ok" }.count == 100)
            #expect(outcomes.filter { $0 == ErrorCode.insufficientStock.rawValue }.count == 100)
            let after = try await services.stock.lot(lot, for: officer)
            #expect(after.onHand == 0)
            #expect(after.available == 0)
            let report = try await services.operations.verify()
            #expect(report.isClean, "\(report.balanceDifferences) \(report.auditBreaks)")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func concurrentFEFOIssuesAcrossLotsNeverOversell(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            for batch in 0..<3 {
                _ = try await services.stock.receive(
                    ReceiptInput(
                        depotId: w.nanming, itemId: w.mask, quantity: 20, batchNo: "F\(batch)", manufacturer: "M",
                        productionDate: "2025-01-01", expiryDate: "2027-0\(batch + 1)-01"), key: "f\(batch)",
                    by: .system)
            }
            let officer = w.officerA
            let depot = w.nanming
            let item = w.mask
            let successes = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<90 {
                    group.addTask {
                        (try? await services.stock.issue(
                            IssueInput(depotId: depot, itemId: item, quantity: 2), key: "fefo-\(n)", by: officer))
                            != nil ? 1 : 0  // a refusal is the expected outcome for some
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(successes == 80, "160 units in stock, 2 per issue")
            let left = try await services.stock.lots(
                LotFilter(depotId: depot, itemId: item, includeEmpty: true), page: PageRequest(), for: officer)
            #expect(left.items.allSatisfy { $0.onHand == 0 })
            #expect(try await services.operations.verify().isClean)
        }
    }
}
