import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import SQLKit
import Testing

/// A stored value the code does not know is an error naming its column, never a silent default
/// (issue #6: an unknown path read as the nation would have widened the row's reach to everyone).
struct StoredValueTests {
    @Test(arguments: TestDatabase.allCases)
    func anUnknownStoredValueIsNamedNotDefaulted(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            let request = try await l.approvedRequest(services, key: "one")
            let order = try #require(request.orders.first)
            let sql = services.database.sql()

            func expectNamed(_ column: String, _ body: () async throws -> Void) async {
                do {
                    try await body()
                    Issue.record("\(column): an unknown stored value was read without an error")
                } catch let error as LifelineError {
                    #expect(error.code == .unknownStoredValue)
                    #expect(error.parameters["column"] == column)
                    #expect(error.message(.en).contains(column))
                } catch {
                    Issue.record("\(column): \(error)")
                }
            }

            try await sql.raw("UPDATE lots SET status = 'misplaced' WHERE id = \(bind: w.lot)").run()
            await expectNamed("lots.status") { _ = try await services.stock.lot(w.lot, for: .system) }
            await expectNamed("lots.status") {
                _ = try await services.stock.issue(
                    IssueInput(lotId: w.lot, quantity: 1, reason: "门诊"), key: "i1", by: .system)
            }

            try await sql.raw(
                "UPDATE dispatch_orders SET receiver_path = 'somewhere/else' WHERE id = \(bind: order.id)"
            ).run()
            await expectNamed("dispatch_orders.receiver_path") {
                _ = try await services.dispatch.order(order.id, for: .system)
            }

            try await sql.raw("UPDATE supply_requests SET priority = 99 WHERE id = \(bind: request.id)").run()
            await expectNamed("supply_requests.priority") {
                _ = try await services.dispatch.request(request.id, for: .system)
            }

            try await sql.raw("UPDATE units SET kind = 'guild' WHERE id = \(bind: w.hospital)").run()
            await expectNamed("units.kind") { _ = try await services.reference.unit(w.hospital, for: .system) }
        }
    }
}
