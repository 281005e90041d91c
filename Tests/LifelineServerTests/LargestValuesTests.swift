import Foundation
import LifelineDomain
import LifelineServer
import LifelineServices
import LifelineTestSupport
import Testing
import Vapor
import VaporTesting

/// The largest values the contract allows (ADR 0023): the most expensive item received at the
/// largest quantity into full lots, until the stock's value no longer fits 64 bits — then every
/// GET route of the application (API and console, as an administrator and as a county officer)
/// answers without a 5xx and without a crash, and what exceeds 64 bits is refused in words.
@Suite struct LargestValuesTests {
    @Test(arguments: TestDatabase.allCases)
    func theLargestReceiptsOfTheMostExpensiveItemBreakNoPage(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            let mask = try #require(
                try await services.reference.items(ItemFilter(), page: PageRequest(per: 500), for: .system).items.first
                { $0.id == w.mask })
            var definition = mask.definition
            definition.unitPriceFen = Limits.unitPriceFen
            _ = try await services.reference.updateItem(w.mask, definition, by: .system)
            var tooExpensive = definition
            tooExpensive.unitPriceFen = Limits.unitPriceFen + 1
            await #expect(throws: LifelineError.self) {
                _ = try await services.reference.updateItem(w.mask, tooExpensive, by: .system)
            }

            // Ten full lots of 10⁹ units at 10⁹ fen: 10¹⁹ fen in one depot, beyond Int.max.
            let receipts = Limits.lotOnHand / Limits.quantityPerMovement
            for lot in 0..<10 {
                for n in 0..<receipts {
                    _ = try await services.stock.receive(
                        ReceiptInput(
                            depotId: w.nanming, itemId: w.mask, quantity: Limits.quantityPerMovement,
                            batchNo: "MAX-\(lot)",
                            manufacturer: "M", productionDate: "2026-01-01", expiryDate: "2029-01-01",
                            unitCostFen: Limits.unitPriceFen),
                        key: "max-\(lot)-\(n)", by: .system)
                }
            }
            do {
                _ = try await services.stock.receive(
                    ReceiptInput(
                        depotId: w.nanming, itemId: w.mask, quantity: 1, batchNo: "MAX-0", manufacturer: "M",
                        productionDate: "2026-01-01", expiryDate: "2029-01-01"), key: "max-over", by: .system)
                Issue.record("a lot took more than Limits.lotOnHand")
            } catch let error as LifelineError {
                #expect(error.code == .outOfRange)
                #expect(error.field == "quantity")
            }
            do {
                _ = try await services.stock.receive(
                    ReceiptInput(
                        depotId: w.nanming, itemId: w.mask, quantity: Limits.quantityPerMovement + 1, batchNo: "MAX-X",
                        manufacturer: "M", productionDate: "2026-01-01", expiryDate: "2029-01-01"), key: "max-big",
                    by: .system)
                Issue.record("a movement took more than Limits.quantityPerMovement")
            } catch let error as LifelineError {
                #expect(error.code == .outOfRange)
            }
            // The value is exact in 128 bits; the API's 64-bit figure is refused in words (409: the data, not the
            // request).
            let byDepot = try await services.stock.positions(by: .depot, for: .system)
            let nanming = try #require(byDepot.first { $0.key == w.nanming.uuidString })
            #expect(nanming.value > FenSum(Int.max))
            #expect(throws: LifelineError.self) { _ = try nanming.value.reportable() }

            // A dispatch order in flight, so that order pages have something to show.
            var request = try await l.draft(services, quantity: Limits.quantityPerMovement, key: "max-r")
            request = try await services.dispatch.changeRequest(request.id, .submit, key: "max-s", by: l.requester)
            request = try await services.dispatch.approveRequest(
                request.id,
                ApprovalInput(lines: [
                    ApprovalLineInput(itemId: w.mask, depotId: w.nanming, quantity: Limits.quantityPerMovement)
                ]),
                key: "max-a", by: w.cityOfficer)
            let order = try #require(request.orders.first)
            let incident = try await services.dispatch.declareIncident(
                IncidentInput(title: "最大值", level: "IV", jurisdictions: ["5201"]), key: "i",
                by: w.cityOfficer)
            let admin = try await services.access.createUser(
                NewUser(
                    username: "admin.max", displayName: "admin", password: World.password, role: .administrator,
                    jurisdiction: "CN"), by: .system)
            let adminToken = try await services.access.issueToken(
                name: "t", validForDays: 1, for: try #require(try await services.access.actor(userID: admin.id))
            ).token
            let movement = try #require(
                try await services.stock.movements(MovementFilter(), page: PageRequest(per: 1), for: .system).items
                    .first)
            let line = try #require(try await services.dispatch.order(order.id, for: .system).lines.first)
            let writeOff = try await services.stock.requestWriteOff(
                WriteOffInput(lotId: w.yunyanLot, quantity: 1, reason: "破损"), key: "max-w", by: w.officerB)
            // A reserve plan whose norm the largest stock covers many times over.
            let plan = try await services.reserves.createPlan(
                NewReservePlan(jurisdictionCode: "520102", reserveClass: .routine, title: "最大值"), by: w.officerA)
            _ = try await services.reserves.setNorm(
                plan.id, itemID: w.mask,
                formula: .population(residents: 2_000_000_000, dailyUsePerPerson: 1, days: 366), note: nil,
                by: w.officerA)
            let stocktake = try await services.stock.startStocktake(depotID: w.nanming, limitFen: nil, by: w.officerA)
            _ = try await services.stock.recordCounts(
                stocktake.id,
                stocktake.lines.map { StocktakeCount(lotId: $0.lotId, counted: Limits.lotOnHand, reason: "最大值") },
                by: w.officerA)
            let exchange = try await services.stock.offerExchange(
                ExchangeOffer(
                    jurisdictionCode: "520103", counterpartCode: "520102", receivingDepotId: w.yunyan,
                    lines: [ExchangeLineInput(lotId: w.yunyanLot, quantity: 1)]), by: w.officerB)
            let maskCode = try await services.reference.item(w.mask, for: .system).definition.code
            let agreement = try await services.reserves.createAgreement(
                NewAgreement(
                    kind: .storage, jurisdictionCode: "520102", enterpriseId: w.enterprise, startDay: "2026-01-01",
                    endDay: "2035-12-31", lines: [NewAgreementLine(itemCode: maskCode, quantity: Limits.lotOnHand)]),
                by: w.officerA)
            let period = try await services.reserves.createSubsidyPeriod(
                NewSubsidyPeriod(jurisdictionCode: "520102", startDay: "2025-11-01", endDay: "2026-10-31"),
                by: w.officerA)
            _ = try await services.reference.createItem(
                ItemDefinition(
                    code: "KIT-MAX", nameZh: "最大包", nameEn: "Largest kit", reserveClass: .emergency, category: .kits,
                    unitZh: "包", unitEn: "kit", shelfLifeDays: 0, storage: .ambient, reusable: false, unitPriceFen: 0,
                    volumeCm3: 1), by: .system)
            let kit = try await services.stock.defineKit(
                NewKitDefinition(
                    code: "MAX", nameZh: "最大包", nameEn: "Largest kit", level: .other, kitItemCode: "KIT-MAX",
                    components: [KitComponent(itemCode: maskCode, quantity: 10_000)]), by: .system)
            var standard = MassTestingStandard.seed001
            standard.version = "MAX"
            let stored = try await services.dispatch.importMassTestingStandard(csv: standard.csv(), by: w.officerA)
            // The transport register at its largest: the largest truck, the longest route, the most points served.
            let point = try await services.dispatch.saveDistributionPoint(
                DistributionPointInput(
                    code: "DP-MAX", name: "最大网点", countyCode: "520102", longitude: 106.72, latitude: 26.58,
                    servedPoints: 100_000, prePackedPoints: 100_000), by: w.officerA)
            _ = try await services.dispatch.saveVehicle(
                VehicleInput(
                    plate: String(repeating: "9", count: 16), countyCode: "520102", payloadKg: 100_000, volumeM3: 200,
                    coldChain: true, driver: String(repeating: "王", count: 100),
                    phone: String(repeating: "1", count: 20)),
                by: w.officerA)
            _ = try await services.dispatch.saveTransportRoute(
                TransportRouteInput(depotId: w.nanming, distributionPointId: point.id, minutes: 1_440, km: 2_000),
                by: w.officerA)
            let rotation = try await services.reserves.proposeRotation(
                NewRotationPlan(jurisdictionCode: "520102", allowSale: true), by: w.officerA)
            let values: [String: String] = [
                "rotationPlanId": rotation.id.uuidString,
                "agreementId": agreement.id.uuidString, "periodId": period.id.uuidString,
                "planId": plan.id.uuidString, "stocktakeId": stocktake.id.uuidString,
                "exchangeId": exchange.id.uuidString,
                "code": "520102", "unitId": w.hospital.uuidString, "itemId": w.mask.uuidString, "number": "1",
                "depotId": w.nanming.uuidString,
                "lotId": w.lot.uuidString, "movementId": String(movement.id), "incidentId": incident.id.uuidString,
                "requestId": request.id.uuidString, "orderId": order.id.uuidString, "lineId": line.id.uuidString,
                "capability": "kits",
                "writeOffId": writeOff.id.uuidString,
            ]
            let ids: [String: String] = [
                "depots": w.nanming.uuidString, "requests": request.id.uuidString, "orders": order.id.uuidString,
                "incidents": incident.id.uuidString, "items": w.mask.uuidString,
                "reserve-plans": plan.id.uuidString, "stocktakes": stocktake.id.uuidString,
                "exchanges": exchange.id.uuidString, "subsidies": period.id.uuidString, "kits": kit.id.uuidString,
                "standards": stored.id.uuidString,
            ]
            var admins = try await ConsoleSession.signIn(app, "admin.max")
            var county = try await ConsoleSession.signIn(app, "officer.a")
            var opened = 0
            for route in app.routes.all where route.method == .GET {
                let parts = route.path.map(\.description)
                // Streams never end, files are not pages, a photo needs a photo.
                if parts.contains("events") || parts.contains("**") || parts.last == "photo" || parts == ["metrics"] {
                    continue
                }
                var uri = ""
                var unknown: String?
                for (index, component) in route.path.enumerated() {
                    switch component {
                    case .constant(let text): uri += "/" + text
                    case .parameter(let name):
                        let value = name == "id" ? ids[parts[max(0, index - 1)]] : values[name]
                        if value == nil { unknown = name }
                        uri += "/" + (value ?? "")
                    default: unknown = component.description
                    }
                }
                if let unknown {
                    Issue.record("no test value for :\(unknown) in \(parts.joined(separator: "/"))")
                    continue
                }
                if uri.isEmpty { uri = "/" }
                let special = [
                    "/api/v1/stock/positions": "?groupBy=depot&per=50", "/api/v1/mass-testing/plan": "?example=guiyang",
                    "/api/v1/transport/fleet-check": "?countyCode=520102&example=guiyang",
                    "/api/v1/kits/plan-b": "?staffPerPoint=100&shifts=6&peoplePerTable=2000",
                ]
                let query = uri.hasPrefix("/api/") ? (special[uri] ?? "?per=50") : ""
                if uri.hasPrefix("/api/") {
                    for token in [adminToken, w.token("officer.a")] {
                        let response = try await send(app, .GET, uri + query, token: token)
                        opened += 1
                        #expect(
                            response.status.code < 500,
                            "\(uri) answered \(response.status): \(response.text.prefix(300))")
                        if response.status.code >= 400 {
                            let code = response.json["code"] as? String ?? ""
                            #expect(
                                ["value.too_large", "auth.forbidden", "auth.out_of_scope", "resource.not_found"]
                                    .contains(code),
                                "\(uri): \(code)")
                        }
                    }
                } else {
                    for index in 0..<2 {
                        let response = index == 0 ? try await admins.get(uri) : try await county.get(uri)
                        opened += 1
                        #expect(response.status.code < 500, "\(uri) answered \(response.status)")
                    }
                }
            }
            #expect(opened > 60, "every GET route was opened (\(opened) responses)")
            let positions = try await send(app, .GET, "/api/v1/stock/positions?groupBy=depot", token: adminToken)
            #expect(positions.status == .conflict)
            #expect(positions.json["code"] as? String == "value.too_large")
            let dashboard = try await admins.get("/")
            #expect(dashboard.status == .ok)
            let yuan = String(nanming.value.value / 100)
            let grouped = yuan.reversed().enumerated().map {
                $0.offset > 0 && $0.offset % 3 == 0 ? "\($0.element)," : "\($0.element)"
            }
            .reversed().joined()
            #expect(
                dashboard.text.contains(grouped), "the dashboard shows the depot's exact 128-bit value, \(grouped) yuan"
            )
        }
    }
}
