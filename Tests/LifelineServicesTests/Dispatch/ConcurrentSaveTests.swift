import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing

/// Saves keyed by a code (distribution points, vehicles, routes) and new versions of a code (kit
/// definitions, Plan B) fired 10 times at once: on PostgreSQL the writers really race for the same
/// new row; every call answers (created, updated or the next version) — none fails with an internal
/// error — and the rows exist once (Store.write runs a transaction again after a unique violation).
@Suite struct ConcurrentSaveTests {
    @Test(arguments: TestDatabase.allCases)
    func savesOfTheSameNewCodeAllAnswerAndStoreOneRow(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let (points, pointRefusals) = try await TransitionConcurrencyTests.race { index in
                try await services.dispatch.saveDistributionPoint(
                    DistributionPointInput(
                        code: "DP-RACE", name: "网点 \(index)", countyCode: "520102", longitude: 106.72,
                        latitude: 26.58, servedPoints: 12, prePackedPoints: 5), by: w.officerA)
            }
            #expect(points.count == 10 && pointRefusals.isEmpty, "\(pointRefusals)")
            #expect(Set(points.map(\.id)).count == 1, "one row, saved ten times")
            let (vehicles, vehicleRefusals) = try await TransitionConcurrencyTests.race { index in
                try await services.dispatch.saveVehicle(
                    VehicleInput(
                        plate: "贵A·99999", countyCode: "520102", payloadKg: 1_000 + index, volumeM3: 8, driver: "司机",
                        phone: "13600000000"), by: w.officerA)
            }
            #expect(vehicles.count == 10 && vehicleRefusals.isEmpty, "\(vehicleRefusals)")
            #expect(Set(vehicles.map(\.id)).count == 1)
            let route = points[0].id
            let (routes, routeRefusals) = try await TransitionConcurrencyTests.race { index in
                try await services.dispatch.saveTransportRoute(
                    TransportRouteInput(depotId: w.nanming, distributionPointId: route, minutes: 20 + index),
                    by: w.officerA)
            }
            #expect(routes.count == 10 && routeRefusals.isEmpty, "\(routeRefusals)")
            #expect(Set(routes.map(\.id)).count == 1)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func newVersionsOfOneKitAtOnceAreNumberedOnce(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let mask = try await services.reference.item(w.mask, for: .system).definition.code
            _ = try await services.reference.createItem(
                ItemDefinition(
                    code: "KIT-RACE", nameZh: "口罩包", nameEn: "Mask kit", reserveClass: .emergency, category: .kits,
                    unitZh: "包", unitEn: "kit", shelfLifeDays: 0, storage: .ambient, reusable: false,
                    unitPriceFen: 0, volumeCm3: 100), by: .system)
            let (kits, refusals) = try await TransitionConcurrencyTests.race { index in
                try await services.stock.defineKit(
                    NewKitDefinition(
                        code: "RACE", nameZh: "口罩包", nameEn: "Mask kit", level: .other, kitItemCode: "KIT-RACE",
                        components: [KitComponent(itemCode: mask, quantity: 1 + index)]), by: w.officerA)
            }
            #expect(kits.count + refusals.count == 10)
            #expect(refusals.allSatisfy { $0 == .conflict }, "\(refusals)")
            #expect(Set(kits.map(\.version)).count == kits.count, "each stored version has its own number")
            #expect(kits.count >= 1)
        }
    }
}
