import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// The demo's transport register (#12 item 7): a few distribution points of Nanming, Yunyan and
/// Kaiyang, the carriers' vehicles registered under those counties (one cold-chain van, one taken
/// out of service), and the routes from each county's depot to its points — one of them, in the
/// hills of Kaiyang, longer than the 2-hour limit.
extension DemoSeeder {
    func seedTransport(units: [String: UUID]) async throws {
        let points: [(code: String, name: String, county: String, lon: Double, lat: Double, served: Int, packed: Int)] =
            [
                ("DP-520102-01", "中华南路街道保障网点", "520102", 106.7130, 26.5810, 24, 5),
                ("DP-520102-02", "花果园街道保障网点", "520102", 106.6890, 26.5650, 45, 9),
                ("DP-520102-03", "小碧布依族苗族乡保障网点", "520102", 106.8000, 26.5000, 8, 0),
                ("DP-520103-01", "黔灵镇保障网点", "520103", 106.7000, 26.6300, 30, 5),
                ("DP-520121-01", "南江布依族苗族乡保障网点", "520121", 107.0500, 27.1500, 12, 5),
            ]
        // The attributes R6.1 ranks by: the city centre's points key and dense, the townships' fringe and
        // sparse; the others left for the requests to state.
        let sites: [String: SiteAttributes] = [
            "DP-520102-01": SiteAttributes(area: .key, density: .dense, kind: .keyGovernment),
            "DP-520102-02": SiteAttributes(area: .key, density: .dense, kind: .commercial),
            "DP-520102-03": SiteAttributes(area: .fringe, density: .sparse, kind: .remote),
            "DP-520121-01": SiteAttributes(area: .fringe, density: .sparse, kind: .remote),
        ]
        var pointIDs: [String: UUID] = [:]
        for p in points {
            pointIDs[p.code] =
                try await services.dispatch.saveDistributionPoint(
                    DistributionPointInput(
                        code: p.code, name: p.name, countyCode: p.county, longitude: p.lon, latitude: p.lat,
                        servedPoints: p.served, prePackedPoints: p.packed, site: sites[p.code]), by: .system
                ).id
        }
        let vehicles:
            [(
                plate: String, county: String, carrier: String, kg: Int, m3: Double, cold: Bool, driver: String,
                phone: String, active: Bool
            )] = [
                ("贵A·Z1001", "520102", "carrier-01", 1_500, 8, false, "张建国", "139 0851 1001", true),
                ("贵A·Z1002", "520102", "carrier-01", 3_000, 16.5, false, "李志强", "139 0851 1002", true),
                ("贵A·L2001", "520102", "carrier-02", 1_200, 6, true, "王丽", "139 0851 2001", true),
                ("贵A·Y3001", "520103", "carrier-03", 2_000, 10, false, "陈刚", "139 0851 3001", true),
                ("贵A·Y3002", "520103", "carrier-01", 1_000, 4.5, false, "赵敏", "139 0851 3002", false),
                ("贵A·K5001", "520121", "carrier-03", 5_000, 24, false, "刘勇", "139 0851 5001", true),
            ]
        for v in vehicles {
            _ = try await services.dispatch.saveVehicle(
                VehicleInput(
                    plate: v.plate, countyCode: v.county, carrierUnitId: units[v.carrier], payloadKg: v.kg,
                    volumeM3: v.m3, coldChain: v.cold, driver: v.driver, phone: v.phone, active: v.active), by: .system)
        }
        let routes: [(depot: String, point: String, minutes: Int, km: Double)] = [
            ("GY-F-520102", "DP-520102-01", 15, 6.5), ("GY-F-520102", "DP-520102-02", 25, 9),
            ("GY-F-520102", "DP-520102-03", 40, 18), ("GY-F-520103", "DP-520103-01", 20, 7.5),
            ("GY-F-520121", "DP-520121-01", 135, 62),
        ]
        for r in routes {
            guard let depot = try await DepotRecord.query(on: services.database).filter(\.$code == r.depot).first(),
                let point = pointIDs[r.point]
            else { continue }
            _ = try await services.dispatch.saveTransportRoute(
                TransportRouteInput(
                    depotId: try depot.requireID(), distributionPointId: point, minutes: r.minutes, km: r.km),
                by: .system)
        }
    }
}
