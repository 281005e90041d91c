import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing

/// The transport register and the fleet check (#12 item 7, ADR 0040) on both engines: vehicles and
/// routes are written inside the county's scope only, bad input names its field and stores nothing,
/// and the fleet check weighs round 1 of the plan against the county's vehicles and routes.
@Suite struct TransportTests {
    static func van(
        _ plate: String, county: String = "520102", payloadKg: Int = 1_500, volumeM3: Double = 8,
        driver: String = "王师傅",
        phone: String = "139 0851 1001", active: Bool? = nil
    ) -> VehicleInput {
        VehicleInput(
            plate: plate, countyCode: county, payloadKg: payloadKg, volumeM3: volumeM3, driver: driver, phone: phone,
            active: active)
    }

    /// `body` fails with a LifelineError: its code and field.
    static func failure(_ body: () async throws -> Void) async -> (ErrorCode, String?)? {
        do {
            try await body()
            return nil
        } catch let error as LifelineError {
            return (error.code, error.field)
        } catch {
            return (.internalError, "\(error)")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func vehiclesAreRegisteredByPlateInsideTheCountyOnly(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let dispatch = services.dispatch
            let saved = try await dispatch.saveVehicle(Self.van("贵a 12345", volumeM3: 8.5), by: w.officerA)
            #expect(saved.plate == "贵A12345" && saved.volumeM3 == 8.5 && saved.active && saved.countyName == "南明区")
            #expect(saved.updatedBy == "officer.a" && saved.updatedAt == testNow)
            // Saved again by its plate: updated in place; left out, `active` keeps its state.
            let updated = try await dispatch.saveVehicle(Self.van("贵A12345", payloadKg: 2_000), by: w.officerA)
            #expect(updated.id == saved.id && updated.payloadKg == 2_000 && updated.volumeM3 == 8)
            let retired = try await dispatch.saveVehicle(Self.van("贵A12345", active: false), by: w.officerA)
            #expect(!retired.active)
            #expect(try await dispatch.saveVehicle(Self.van("贵A12345"), by: w.officerA).active == false)
            // Read inside the scope only.
            #expect(try await dispatch.vehicles(for: w.officerA).map(\.plate) == ["贵A12345"])
            #expect(try await dispatch.vehicles(for: w.cityOfficer).count == 1)
            #expect(try await dispatch.vehicles(countyCode: "520103", for: w.cityOfficer).isEmpty)
            #expect(try await dispatch.vehicles(for: w.officerB).isEmpty)
            // Another county's officer cannot take the plate over, nor register in 520102; the city
            // cannot register under itself; an auditor reads but does not write; unit-bound roles are refused.
            #expect(
                await Self.failure {
                    _ = try await dispatch.saveVehicle(Self.van("贵A12345", county: "520103"), by: w.officerB)
                }?
                .0 == .outOfScope)
            #expect(
                await Self.failure { _ = try await dispatch.saveVehicle(Self.van("贵A99999"), by: w.officerB) }?.0
                    == .outOfScope)
            #expect(
                await Self.failure {
                    _ = try await dispatch.saveVehicle(Self.van("贵A99999", county: "5201"), by: w.cityOfficer)
                }?
                .1 == "countyCode")
            #expect(
                await Self.failure { _ = try await dispatch.saveVehicle(Self.van("贵A99999"), by: w.auditor) }?.0
                    == .forbidden)
            #expect(try await dispatch.vehicles(for: w.auditor).count == 1)
            #expect(await Self.failure { _ = try await dispatch.vehicles(for: w.operatorActor) }?.0 == .outOfScope)
            #expect(
                await Self.failure { _ = try await dispatch.saveVehicle(Self.van("贵A99999"), by: w.operatorActor) }
                    != nil)
            // The lookup the approval uses: scope, existence and service.
            let record = try await dispatch.vehicle(
                saved.id, for: w.cityOfficer, on: services.database, includeInactive: true)
            #expect(record.plate == "贵A12345")
            #expect(
                await Self.failure {
                    _ = try await dispatch.vehicle(saved.id, for: w.cityOfficer, on: services.database)
                }?.1
                    == "vehicleId")
            #expect(
                await Self.failure {
                    _ = try await dispatch.vehicle(
                        saved.id, for: w.officerB, on: services.database, includeInactive: true)
                }?.0 == .outOfScope)
            #expect(
                await Self.failure { _ = try await dispatch.vehicle(UUID(), for: w.officerA, on: services.database) }?.0
                    == .referenceNotFound)
            // Every write is in the audit trail, with the state before and after.
            let audit = try await services.access.auditEntries(
                entity: "vehicle", entityID: saved.id.uuidString, page: PageRequest(per: 50), for: .system
            ).items
            #expect(audit.count == 4 && audit.allSatisfy { $0.action == "vehicle.save" })
            #expect(try await dispatch.vehicles(for: w.cityOfficer).map(\.plate) == ["贵A12345"], "nothing else stored")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func badVehiclesNameTheirFieldInBothLanguagesAndStoreNothing(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let dispatch = services.dispatch
            let cases: [(VehicleInput, String)] = [
                (Self.van("<b>贵A1</b>"), "plate"), (Self.van("贵A\u{0}12345"), "plate"), (Self.van("A"), "plate"),
                (Self.van("贵A12345", payloadKg: 0), "payloadKg"), (Self.van("贵A12345", volumeM3: 0.05), "volumeM3"),
                (Self.van("贵A12345", volumeM3: 8.1234), "volumeM3"), (Self.van("贵A12345", driver: "王\u{0}"), "driver"),
                (Self.van("贵A12345", driver: ""), "driver"), (Self.van("贵A12345", phone: "call me"), "phone"),
                (Self.van("贵A12345", county: "999999"), "countyCode"),
            ]
            for (input, field) in cases {
                do {
                    _ = try await dispatch.saveVehicle(input, by: w.officerA)
                    Issue.record("\(input) was stored")
                } catch let error as LifelineError {
                    #expect(error.field == field, "\(input.plate): \(error)")
                    #expect(!error.message(.zh).isEmpty && !error.message(.en).isEmpty)
                }
            }
            var input = Self.van("贵A12345")
            input.carrierUnitId = w.hospital  // a hospital is not a carrier
            #expect(
                await Self.failure { _ = try await dispatch.saveVehicle(input, by: w.officerA) }?.1 == "carrierUnitId")
            input.carrierUnitId = UUID()
            #expect(
                await Self.failure { _ = try await dispatch.saveVehicle(input, by: w.officerA) }?.0
                    == .referenceNotFound)
            do {
                _ = try await dispatch.saveVehicle(Self.van("贵A12345", payloadKg: 100_001), by: w.officerA)
            } catch let error as LifelineError {
                #expect(error.message(.zh).contains("载重（千克）（payloadKg）"), "\(error.message(.zh))")
                #expect(error.message(.en).contains("payloadKg"))
            }
            #expect(try await dispatch.vehicles(for: w.cityOfficer).isEmpty)
            // Markup in a driver's name is text: stored as given (the pages escape it).
            let marked = try await dispatch.saveVehicle(
                Self.van("贵A12345", driver: "<img src=x onerror=alert(1)>"), by: w.officerA)
            #expect(marked.driver == "<img src=x onerror=alert(1)>")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func routesJoinADepotAndAPointOfOneCountyInsideTheScope(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let dispatch = services.dispatch
            let point = try await dispatch.saveDistributionPoint(
                DistributionPointInput(
                    code: "DP-1", name: "中华南路街道网点", countyCode: "520102", longitude: 106.72, latitude: 26.58,
                    servedPoints: 20, prePackedPoints: 5), by: w.officerA)
            let route = try await dispatch.saveTransportRoute(
                TransportRouteInput(depotId: w.nanming, distributionPointId: point.id, minutes: 25, km: 9.5),
                by: w.officerA)
            #expect(route.depotCode == "T-520102" && route.distributionPointCode == "DP-1" && !route.legTooLong)
            #expect(route.countyCode == "520102" && route.km == 9.5)
            let longer = try await dispatch.saveTransportRoute(
                TransportRouteInput(depotId: w.nanming, distributionPointId: point.id, minutes: 121), by: w.officerA)
            #expect(longer.id == route.id && longer.legTooLong && longer.km == nil)
            #expect(try await dispatch.transportRoutes(for: w.cityOfficer).map(\.minutes) == [121])
            #expect(try await dispatch.transportRoutes(countyCode: "520102", for: w.officerA).count == 1)
            #expect(try await dispatch.transportRoutes(countyCode: "520103", for: w.cityOfficer).isEmpty)
            #expect(try await dispatch.transportRoutes(for: w.officerB).isEmpty)
            // A depot of another county; another county's officer; bad minutes; unknown ids.
            #expect(
                await Self.failure {
                    _ = try await dispatch.saveTransportRoute(
                        TransportRouteInput(depotId: w.yunyan, distributionPointId: point.id, minutes: 20),
                        by: w.cityOfficer)
                }?.1 == "depotId")
            #expect(
                await Self.failure {
                    _ = try await dispatch.saveTransportRoute(
                        TransportRouteInput(depotId: w.nanming, distributionPointId: point.id, minutes: 20),
                        by: w.officerB)
                }?.0 == .outOfScope)
            for minutes in [0, 1_441] {
                #expect(
                    await Self.failure {
                        _ = try await dispatch.saveTransportRoute(
                            TransportRouteInput(depotId: w.nanming, distributionPointId: point.id, minutes: minutes),
                            by: w.officerA)
                    }?.1 == "minutes")
            }
            #expect(
                await Self.failure {
                    _ = try await dispatch.saveTransportRoute(
                        TransportRouteInput(depotId: UUID(), distributionPointId: point.id, minutes: 20), by: w.officerA
                    )
                }?.0 == .referenceNotFound)
            #expect(
                await Self.failure {
                    _ = try await dispatch.saveTransportRoute(
                        TransportRouteInput(depotId: w.nanming, distributionPointId: UUID(), minutes: 20),
                        by: w.officerA)
                }?.0 == .referenceNotFound)
            #expect(try await dispatch.transportRoutes(for: w.cityOfficer).map(\.minutes) == [121], "nothing changed")
            let audit = try await services.access.auditEntries(
                entity: "transport route", entityID: route.id.uuidString, page: PageRequest(per: 50), for: .system
            ).items
            #expect(audit.map(\.action) == ["transport_route.save", "transport_route.save"])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theFleetCheckWeighsRoundOneOfTheCountyAgainstItsVehiclesAndRoutes(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let dispatch = services.dispatch
            func point(_ code: String, served: Int) async throws -> UUID {
                try await dispatch.saveDistributionPoint(
                    DistributionPointInput(
                        code: code, name: "网点 \(code)", countyCode: "520102", longitude: 106.72, latitude: 26.58,
                        servedPoints: served, prePackedPoints: 0), by: w.officerA
                ).id
            }
            let near = try await point("DP-A", served: 30)
            let far = try await point("DP-B", served: 10)
            let none = try await point("DP-C", served: 10)
            _ = try await dispatch.saveTransportRoute(
                TransportRouteInput(depotId: w.nanming, distributionPointId: near, minutes: 30), by: w.officerA)
            _ = try await dispatch.saveTransportRoute(
                TransportRouteInput(depotId: w.nanming, distributionPointId: far, minutes: 150), by: w.officerA)
            // The plan's area 520102 is the county's; 520103's far larger figures are not.
            let input = MassTestingInput(
                areas: [
                    MassTestingArea(code: "520102", name: "南明区", points: 20, tables: 40),
                    MassTestingArea(code: "520103", name: "云岩区", points: 2_000, tables: 4_000),
                ], staffPerPointPerShift: Decimal(string: "11.4")!, rounds: 2)
            let plan = try MassTestingPlanner.plan(input, standard: try await dispatch.standardInForce())
            let volumes = Dictionary(
                try await services.reference.items(ItemFilter(), page: PageRequest(per: 500), for: .system).items.map {
                    ($0.definition.code, $0.definition.volumeCm3)
                }, uniquingKeysWith: { a, _ in a })
            let lines = plan.lines.filter { $0.round == 1 && $0.areaCode == "520102" && $0.quantity > 0 }
            let cm3 = lines.reduce(0) { $0 + $1.quantity * ($1.catalogueCode.flatMap { volumes[$0] } ?? 0) }
            let unknown = lines.filter { $0.catalogueCode.flatMap { volumes[$0] } == nil }.map(\.itemClass)
            let litres = (cm3 + 999) / 1_000

            // No vehicle yet: everything is missing, and nothing sizes the shortfall.
            let empty = try await dispatch.fleetCheck(input, countyCode: "520102", for: w.officerA)
            #expect(!empty.fits && empty.vehicles == 0 && empty.additionalVehicles == nil)
            #expect(empty.loadM3 == Double(litres) / 1_000 && empty.missingM3 == empty.loadM3)
            #expect(empty.unknownVolume.map(\.itemClass) == unknown)
            #expect(empty.limitMinutes == 120 && empty.countyName == "南明区")
            let byCode = Dictionary(empty.points.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
            #expect(byCode["DP-A"]?.tripsPerVehicle == 2 && byCode["DP-A"]?.legMinutes == 30)
            #expect(byCode["DP-B"]?.legTooLong == true && byCode["DP-B"]?.tripsPerVehicle == 0)
            #expect(byCode["DP-C"]?.noRoute == true && byCode["DP-C"]?.legMinutes == nil)
            // DP-A serves 30 of 50 sampling points: 60 % of the load.
            #expect(abs((byCode["DP-A"]?.loadM3 ?? 0) - empty.loadM3 * 0.6) < 0.002)

            // A large fleet: DP-A is served, DP-B and DP-C stay unreachable — a route is missing, not a vehicle.
            for n in 1...3 { _ = try await dispatch.saveVehicle(Self.van("贵A0000\(n)", volumeM3: 200), by: w.officerA) }
            _ = try await dispatch.saveVehicle(Self.van("贵A00009", volumeM3: 200, active: false), by: w.officerA)
            _ = try await dispatch.saveVehicle(Self.van("贵B00001", county: "520103", volumeM3: 200), by: w.officerB)
            let served = try await dispatch.fleetCheck(input, countyCode: "520102", for: w.officerA)
            #expect(served.vehicles == 3 && served.medianVolumeM3 == 200)
            let a = try #require(served.points.first { $0.code == "DP-A" })
            #expect(a.missingM3 == 0 && a.plates == ["贵A00001"])
            #expect(!served.fits && served.additionalVehicles == 0)
            #expect(abs(served.unreachableM3 - served.missingM3) < 0.0005 && served.missingM3 > 0)
            #expect(served.spareVehicles == ["贵A00002", "贵A00003"])

            // Routes for the other two within the limit: it fits.
            _ = try await dispatch.saveTransportRoute(
                TransportRouteInput(depotId: w.nanming, distributionPointId: far, minutes: 90), by: w.officerA)
            // An enterprise's depot is not the county depot: its route is refused, nothing stored.
            #expect(
                await Self.failure {
                    _ = try await dispatch.saveTransportRoute(
                        TransportRouteInput(depotId: w.enterpriseDepot, distributionPointId: none, minutes: 45),
                        by: w.officerA)
                }?.1 == "depotId")
            _ = try await dispatch.saveTransportRoute(
                TransportRouteInput(depotId: w.nanming, distributionPointId: none, minutes: 45), by: w.officerA)
            let fits = try await dispatch.fleetCheck(input, countyCode: "520102", for: w.cityOfficer)
            #expect(fits.fits && fits.missingM3 == 0 && fits.unreachableM3 == 0 && fits.spareVehicles.isEmpty)
            #expect(fits.points.first { $0.code == "DP-B" }?.legMinutes == 90)  // the shortest registered leg

            // Without an area named for the county, the whole plan's round 1 is the load.
            let whole = try await dispatch.fleetCheck(
                MassTestingInput(points: 20, tables: 40, staffPerPointPerShift: 11, rounds: 1), countyCode: "520102",
                for: w.officerA)
            #expect(whole.loadM3 > 0)

            // Scope: another county's officer, a city code, unit-bound roles; bad figures name the field.
            #expect(
                await Self.failure { _ = try await dispatch.fleetCheck(input, countyCode: "520102", for: w.officerB) }?
                    .0
                    == .outOfScope)
            #expect(
                await Self.failure { _ = try await dispatch.fleetCheck(input, countyCode: "5201", for: w.cityOfficer) }?
                    .1
                    == "countyCode")
            #expect(
                await Self.failure {
                    _ = try await dispatch.fleetCheck(input, countyCode: "520102", for: w.operatorActor)
                }?
                .0 == .outOfScope)
            var bad = input
            bad.rounds = 0
            #expect(
                await Self.failure { _ = try await dispatch.fleetCheck(bad, countyCode: "520102", for: w.officerA) }?.1
                    == "rounds")
        }
    }
}
