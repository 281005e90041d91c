import FluentKit
import Foundation
import LifelineDomain
import LifelineServer
import LifelineServices
import LifelineStore
import LifelineTestSupport
import Logging
import NIOConcurrencyHelpers
import Testing
import Vapor

/// Lists build their rows a page at a time: the number of queries behind a page of requests, orders
/// or incidents does not grow with the rows on it, and each row is exactly what reading it alone
/// gives (docs/performance.md).
@Suite struct ListBatchingTests {
    /// `services` reading through a handle whose logger counts every statement sent (Fluent's and
    /// plain SQL alike: both drivers log each one as "Executing query" at debug level).
    static func counting(_ app: Application, _ services: LifelineServices.Services) -> (
        LifelineServices.Services, StatementCounter
    ) {
        let counter = StatementCounter()
        let logger = { () -> Logger in
            var logger = Logger(label: "statements") { _ in counter }
            logger.logLevel = .debug
            return logger
        }()
        let databases = app.databases
        let group = app.eventLoopGroup
        let store = Store(engine: services.store.engine) {
            // The database the app configured, so the lookup cannot miss.
            databases.database(DatabaseID(string: "lifeline"), logger: logger, on: group.next())!
        }
        return (
            LifelineServices.Services(
                store: store, clock: services.clock, ids: services.ids, passwords: services.passwords,
                settings: services.settings), counter
        )
    }

    /// A log handler that counts the statements logged through it.
    final class StatementCounter: LogHandler, @unchecked Sendable {
        private let count = NIOLockedValueBox(0)
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            if event.message.description == "Executing query" { count.withLockedValue { $0 += 1 } }
        }

        /// Statements counted since the last call.
        func take() -> Int {
            count.withLockedValue { value in
                defer { value = 0 }
                return value
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aPageCostsTheSameQueriesForOneRowAsForMany(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let l = try await DispatchLoop.make(services)
            let officer = l.world.cityOfficer
            _ = try await services.dispatch.declareIncident(
                IncidentInput(title: "流感", level: "III", jurisdictions: ["5201"]), key: "i1", by: officer)
            _ = try await l.approvedRequest(services, key: "one")
            let (recording, counter) = Self.counting(app, services)
            func queries(_ body: () async throws -> Void) async throws -> Int {
                _ = counter.take()
                try await body()
                return counter.take()
            }
            let requestsForOne = try await queries {
                _ = try await recording.dispatch.requests(RequestFilter(), page: PageRequest(), for: officer)
            }
            let ordersForOne = try await queries {
                _ = try await recording.dispatch.orders(OrderFilter(), page: PageRequest(), for: officer)
            }
            let incidentsForOne = try await queries {
                _ = try await recording.dispatch.incidents(activeOnly: false, page: PageRequest(), for: officer)
            }

            // More rows of every kind: approved requests whose orders moved on, drafts, a second event.
            for key in ["two", "three", "four"] {
                let request = try await l.approvedRequest(services, key: key)
                let goods = try #require(request.orders.first { $0.kind != .delivery })
                for action in [DispatchOrderAction.acknowledge, .pick] {
                    _ = try await services.dispatch.track(
                        goods.id, TrackingInput(action: action), key: "\(key)-\(action.rawValue)", by: officer)
                }
            }
            _ = try await l.draft(services, key: "draft-1")
            _ = try await l.draft(services, key: "draft-2")
            _ = try await services.dispatch.declareIncident(
                IncidentInput(title: "洪涝", level: "II", jurisdictions: ["520102"]), key: "i2", by: officer)

            let requestsForSix = try await queries {
                _ = try await recording.dispatch.requests(RequestFilter(), page: PageRequest(), for: officer)
            }
            let ordersForEight = try await queries {
                _ = try await recording.dispatch.orders(OrderFilter(), page: PageRequest(), for: officer)
            }
            let incidentsForTwo = try await queries {
                _ = try await recording.dispatch.incidents(activeOnly: false, page: PageRequest(), for: officer)
            }
            // Every statement is counted (a count, the page, then one per related table).
            #expect(
                requestsForOne >= 7 && ordersForOne >= 12 && incidentsForOne >= 2,
                "\(requestsForOne) \(ordersForOne) \(incidentsForOne)")
            #expect(requestsForSix == requestsForOne)
            #expect(ordersForEight == ordersForOne)
            #expect(incidentsForTwo == incidentsForOne)

            // Each row of a page is the row read alone.
            let requests = try await services.dispatch.requests(RequestFilter(), page: PageRequest(), for: officer)
                .items
            #expect(requests.count == 6)
            #expect(requests.contains { !$0.orders.isEmpty && $0.lines.allSatisfy { $0.approved == 5 } })
            for request in requests {
                #expect(request == (try await services.dispatch.request(request.id, for: officer)))
            }
            let orders = try await services.dispatch.orders(OrderFilter(), page: PageRequest(), for: officer).items
            #expect(orders.count == 8)
            #expect(orders.contains { !$0.tracking.isEmpty })
            #expect(
                orders.filter { $0.kind == .delivery }.allSatisfy { !$0.lines.isEmpty },
                "a delivery order shows the lines it carries")
            for order in orders { #expect(order == (try await services.dispatch.order(order.id, for: officer))) }
            let incidents = try await services.dispatch.incidents(activeOnly: false, page: PageRequest(), for: officer)
                .items
            #expect(incidents.count == 2)
            for incident in incidents {
                #expect(incident == (try await services.dispatch.incident(incident.id, for: officer)))
            }
        }
    }

    /// Lots, movements, the audit trail and the reference lists are read as plain SQL rows; each row
    /// is what reading it alone gives, for every kind of reader and every sort order.
    @Test(arguments: TestDatabase.allCases)
    func plainSQLRowsAreTheRecordsReadAlone(_ engine: TestDatabase) async throws {
        try await withApp(engine) { _, services in
            let w = try await World.build(services)
            for (n, depot) in [w.nanming, w.yunyan, w.enterpriseDepot].enumerated() {
                _ = try await services.stock.receive(
                    ReceiptInput(
                        depotId: depot, itemId: w.mask, quantity: 10 + n, batchNo: "Q\(n)", manufacturer: "M",
                        productionDate: "2025-01-01",
                        expiryDate: "2027-0\(n + 1)-01"), key: "q\(n)", by: .system)
            }
            _ = try await services.stock.issue(
                IssueInput(lotId: w.lot, quantity: 7, reason: "门诊"), key: "i1", by: .system)
            for actor in [Actor.system, w.officerA, w.officerB, w.cityOfficer, w.operatorActor] {
                for sort in ["expiry", "-expiry", "batch", "-onHand", "received"] {
                    let lots = try await services.stock.lots(
                        LotFilter(includeEmpty: true), page: PageRequest(per: 500, sort: sort), for: actor
                    ).items
                    for lot in lots { #expect(lot == (try await services.stock.lot(lot.id, for: actor))) }
                    if sort == "-expiry" {
                        let days = lots.compactMap(\.expiryDate)
                        #expect(days == days.sorted(by: >), "newest expiry first")
                    }
                }
                for sort in ["name", "-kind", "jurisdiction"] {
                    let units = try await services.reference.units(
                        UnitFilter(), page: PageRequest(per: 500, sort: sort), for: actor
                    ).items
                    #expect(!units.isEmpty || actor == w.officerB, "World has no unit in 520103")
                    for unit in units { #expect(unit == (try await services.reference.unit(unit.id, for: actor))) }
                }
                for sort in ["code", "-name", "jurisdiction", "volume"] {
                    let depots = try await services.reference.depots(
                        DepotFilter(), page: PageRequest(per: 500, sort: sort), for: actor
                    ).items
                    #expect(!depots.isEmpty)
                    for depot in depots { #expect(depot == (try await services.reference.depot(depot.id, for: actor))) }
                }
                let movements = try await services.stock.movements(
                    MovementFilter(), page: PageRequest(per: 500), for: actor
                ).items
                #expect(!movements.isEmpty || actor == w.officerB)
                for movement in movements {
                    #expect(movement == (try await services.stock.movement(movement.id, for: actor)))
                }
                #expect(movements.map(\.at) == movements.map(\.at).sorted(by: >))
            }
            for sort in ["code", "-name", "category", "-price"] {
                let items = try await services.reference.items(
                    ItemFilter(query: "口罩"), page: PageRequest(per: 500, sort: sort), for: w.officerA
                ).items
                #expect(!items.isEmpty)
                for item in items { #expect(item == (try await services.reference.item(item.id, for: w.officerA))) }
            }
            for sort in ["code", "-name", "-population"] {
                let jurisdictions = try await services.reference.jurisdictions(
                    JurisdictionFilter(parent: "5201"), page: PageRequest(per: 500, sort: sort),
                    for: w.officerA
                ).items
                #expect(jurisdictions.count == 10)
                for jurisdiction in jurisdictions {
                    #expect(
                        jurisdiction == (try await services.reference.jurisdiction(jurisdiction.code, for: w.officerA)))
                }
            }
            let audit = try await services.access.auditEntries(
                entity: nil, entityID: nil, page: PageRequest(per: 500), for: w.auditor
            ).items
            let records = try await AuditEntryRecord.query(on: services.database).sort(\.$id, .descending).all()
                .filter { JurisdictionPath(rawValue: $0.path).map(w.auditor.scope.contains) ?? false }
            #expect(!audit.isEmpty)
            #expect(audit.map(\.id) == records.compactMap(\.id))
            #expect(audit.map(\.after) == records.map(\.after))
            #expect(audit.map(\.hash) == records.map(\.hash))
            #expect(audit.map(\.at) == records.map(\.at))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func kitWorkAndInspectionPagesCostTheSameQueriesForOneRowAsForMany(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let mask = try await services.reference.item(w.mask, for: .system).definition.code
            _ = try await services.reference.createItem(
                ItemDefinition(
                    code: "KIT-LB", nameZh: "口罩包", nameEn: "Mask kit", reserveClass: .emergency, category: .kits,
                    unitZh: "包", unitEn: "kit", shelfLifeDays: 0, storage: .ambient, reusable: false,
                    unitPriceFen: 0, volumeCm3: 100), by: .system)
            _ = try await services.stock.defineKit(
                NewKitDefinition(
                    code: "LB", nameZh: "口罩包", nameEn: "Mask kit", level: .other, kitItemCode: "KIT-LB",
                    components: [KitComponent(itemCode: mask, quantity: 2)]), by: .system)
            func assemble() async throws {
                _ = try await services.stock.assembleKits(
                    KitWorkInput(definitionCode: "LB", depotId: w.nanming, kits: 2), by: w.officerA)
            }
            func inspect(_ title: String) async throws {
                _ = try await services.reserves.planInspection(
                    NewInspection(
                        jurisdictionCode: "520102", enterpriseId: w.enterprise, title: title, plannedDay: "2026-12-01"),
                    by: w.officerA)
            }
            try await assemble()
            try await inspect("一")
            let (recording, counter) = Self.counting(app, services)
            func queries(_ body: () async throws -> Void) async throws -> Int {
                _ = counter.take()
                try await body()
                return counter.take()
            }
            let workForOne = try await queries {
                _ = try await recording.stock.kitWork(page: PageRequest(), for: w.officerA)
            }
            let inspectionsForOne = try await queries {
                _ = try await recording.reserves.inspections(page: PageRequest(), for: w.officerA)
            }
            for title in ["二", "三"] {
                try await assemble()
                try await inspect(title)
            }
            let workForThree = try await queries {
                _ = try await recording.stock.kitWork(page: PageRequest(), for: w.officerA)
            }
            let inspectionsForThree = try await queries {
                _ = try await recording.reserves.inspections(page: PageRequest(), for: w.officerA)
            }
            #expect(workForOne >= 3 && workForThree == workForOne, "\(workForOne) \(workForThree)")
            #expect(
                inspectionsForOne >= 3 && inspectionsForThree == inspectionsForOne,
                "\(inspectionsForOne) \(inspectionsForThree)")
            let work = try await services.stock.kitWork(page: PageRequest(), for: w.officerA).items
            #expect(work.count == 3 && work.allSatisfy { !$0.components.isEmpty && $0.definitionCode == "LB" })
            let inspections = try await services.reserves.inspections(page: PageRequest(), for: w.officerA).items
            #expect(inspections.count == 3)
        }
    }
}
