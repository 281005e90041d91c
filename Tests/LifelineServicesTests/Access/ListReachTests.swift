import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing

/// Every list shows exactly what its reader may open alone: one ScopeFilter, applied by the lists
/// through RowReach and by the single reads through `ScopeFilter.admits` (issue #6, rule 1). For
/// each kind of reader, a row the list leaves out must be refused when asked for by id, and every
/// listed row must open.
struct ListReachTests {
    @Test(arguments: TestDatabase.allCases)
    func eachListIsExactlyWhatItsReaderMayOpen(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            _ = try await l.approvedRequest(services, key: "one")
            _ = try await l.draft(services, key: "draft")
            _ = try await services.stock.issue(
                IssueInput(lotId: w.lot, quantity: 3, reason: "门诊"), key: "i1", by: .system)
            let unbound = Actor(userID: UUID(), username: "nobody", role: .storageOperator, scope: .nation, unitID: nil)
            let readers = [
                Actor.system, w.officerA, w.officerB, w.cityOfficer, w.operatorActor, l.requester, l.carrierUser,
                l.province, unbound,
            ]
            let all = PageRequest(per: 500)

            let allRequests = try await services.dispatch.requests(RequestFilter(), page: all, for: .system).items.map(
                \.id)
            let allOrders = try await services.dispatch.orders(OrderFilter(), page: all, for: .system).items.map(\.id)
            let allDepots = try await services.reference.depots(DepotFilter(), page: all, for: .system).items.map(\.id)
            let allUnits = try await services.reference.units(UnitFilter(), page: all, for: .system).items.map(\.id)
            let allLots = try await services.stock.lots(LotFilter(includeEmpty: true), page: all, for: .system).items
                .map(\.id)
            let allMovements = try await services.stock.movements(MovementFilter(), page: all, for: .system).items.map(
                \.id)
            #expect(
                !allRequests.isEmpty && !allOrders.isEmpty && allDepots.count >= 3 && allLots.count >= 2
                    && !allMovements.isEmpty)

            for reader in readers {
                let who = reader.username
                func check<ID: Hashable>(_ what: String, listed: [ID], all: [ID], open: (ID) async throws -> Void) async
                {
                    for id in all {
                        let opened: Bool
                        do {
                            try await open(id)
                            opened = true
                        } catch { opened = false }
                        #expect(
                            opened == listed.contains(id),
                            "\(who): \(what) \(id) listed \(listed.contains(id)), opens \(opened)")
                    }
                }
                if reader.role.permits(.readDispatch) {
                    let requests = try await services.dispatch.requests(RequestFilter(), page: all, for: reader).items
                        .map(\.id)
                    await check("request", listed: requests, all: allRequests) {
                        _ = try await services.dispatch.request($0, for: reader)
                    }
                    let orders = try await services.dispatch.orders(OrderFilter(), page: all, for: reader).items.map(
                        \.id)
                    await check("order", listed: orders, all: allOrders) {
                        _ = try await services.dispatch.order($0, for: reader)
                    }
                }
                if reader.role.permits(.readStock) {
                    let depots = try await services.reference.depots(DepotFilter(), page: all, for: reader).items.map(
                        \.id)
                    await check("depot", listed: depots, all: allDepots) {
                        _ = try await services.reference.depot($0, for: reader)
                    }
                    let lots = try await services.stock.lots(LotFilter(includeEmpty: true), page: all, for: reader)
                        .items.map(\.id)
                    await check("lot", listed: lots, all: allLots) { _ = try await services.stock.lot($0, for: reader) }
                    let movements = try await services.stock.movements(MovementFilter(), page: all, for: reader).items
                        .map(\.id)
                    await check("movement", listed: movements, all: allMovements) {
                        _ = try await services.stock.movement($0, for: reader)
                    }
                }
                if reader.role.permits(.readReference) {
                    let units = try await services.reference.units(UnitFilter(), page: all, for: reader).items.map(\.id)
                    await check("unit", listed: units, all: allUnits) {
                        _ = try await services.reference.unit($0, for: reader)
                    }
                }
            }
            // The unit-bound reader bound to no unit reaches nothing at all.
            #expect(try await services.stock.lots(LotFilter(includeEmpty: true), page: all, for: unbound).total == 0)
            #expect(try await services.stock.positions(by: .item, for: unbound).isEmpty)
        }
    }
}
