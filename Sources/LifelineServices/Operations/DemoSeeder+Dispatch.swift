import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension DemoSeeder {
    /// The dispatch loop in motion, so every console page has something to show: a level-III event
    /// over Guiyang, and the provincial hospital's requests — a draft, one waiting in the city's inbox,
    /// one on the road, one signed for with a shortage (charges and a claim).
    func seedDispatch(units: [String: UUID]) async throws {
        func actor(_ username: String) async throws -> Actor? {
            guard let user = try await UserRecord.query(on: services.database).filter(\.$username == username).first(),
                let id = user.id
            else { return nil }
            return try await services.access.actor(userID: id)
        }
        guard let city = try await actor("officer.gy"), let requester = try await actor("requester.gzph"),
            let driver = try await actor("carrier.01"),
            let hospital = units["hosp-gz-prov"]
        else { return }
        let items = try await ItemRecord.query(on: services.database).all()
        func item(_ code: String) -> UUID? { items.first { $0.code == code }?.id }
        _ = try await services.dispatch.declareIncident(
            IncidentInput(title: "贵阳市流感样病例聚集性疫情", level: "III", jurisdictions: ["5201"], note: "市卫健局启动Ⅲ级响应"),
            key: "demo-incident", by: city)

        func request(_ key: String, _ lines: [(String, Int)], hours: Double) async throws -> RequestView? {
            let lineInputs = lines.compactMap { code, quantity in
                item(code).map { RequestLineInput(itemId: $0, quantity: quantity) }
            }
            guard !lineInputs.isEmpty else { return nil }
            return try await services.dispatch.createRequest(
                RequestInput(
                    unitId: hospital, priority: .critical,
                    neededBy: services.clock.now().addingTimeInterval(hours * 3600),
                    deliveryPlace: "贵州省人民医院发热门诊", longitude: 106.7185, latitude: 26.5797,
                    justification: "发热门诊就诊量激增，按三日用量申领",
                    lines: lineInputs), key: key, by: requester)
        }
        _ = try await request("demo-request-draft", [("PPE-0002", 2000)], hours: 48)
        if let waiting = try await request("demo-request-waiting", [("PPE-0005", 300), ("PPE-0004", 500)], hours: 8) {
            _ = try await services.dispatch.changeRequest(
                waiting.id, .submit, key: "demo-request-waiting-submit", by: requester)
        }
        for (index, scenario) in ["road", "signed"].enumerated() {
            guard
                var view = try await request(
                    "demo-request-\(scenario)", [("PPE-0001", 200 + index * 100), ("PPE-0009", 400)], hours: 6)
            else { continue }
            view = try await services.dispatch.changeRequest(
                view.id, .submit, key: "demo-\(scenario)-submit", by: requester)
            // From the nearest reserve depot not the hospital's own (its own stock it simply uses),
            // so the demo shows a charge and a claim.
            let reserves = try await services.dispatch.availability(for: view.id, by: city).filter { a in
                a.allowed
                    && view.lines.allSatisfy { line in
                        a.lots.filter { $0.itemId == line.itemId }.map(\.free).reduce(0, +) >= line.quantity
                    }
            }
            let owned = try await DepotRecord.query(on: services.database).filter(\.$ownerUnitID == hospital).all()
                .compactMap(\.id)
            let source = reserves.first { !owned.contains($0.depotId) }
            let lines = source.map { s in
                view.lines.map { ApprovalLineInput(itemId: $0.itemId, depotId: s.depotId, quantity: $0.quantity) }
            }
            guard
                let approved = try? await services.dispatch.approveRequest(
                    view.id,
                    ApprovalInput(
                        lines: lines, carrierUnitId: units["carrier-01"], vehicle: "贵A·9E27\(index)",
                        note: "同意，按就近先到期先出调配"),
                    key: "demo-\(scenario)-approve", by: city)
            else { continue }  // no stock in reach: the request stays in the inbox
            for order in approved.orders where order.kind != .delivery {
                for action in [DispatchOrderAction.acknowledge, .pick, .load] {
                    _ = try await services.dispatch.track(
                        order.id, TrackingInput(action: action), key: "demo-\(order.number)-\(action.rawValue)",
                        by: city)
                }
            }
            for order in approved.orders where order.kind == .delivery {
                _ = try await services.dispatch.track(
                    order.id, TrackingInput(action: .depart, note: "出库发车"), key: "demo-\(order.number)-depart",
                    by: driver)
                if scenario == "signed" {
                    _ = try await services.dispatch.track(
                        order.id, TrackingInput(action: .arrive), key: "demo-\(order.number)-arrive", by: driver)
                }
            }
            guard scenario == "signed" else { continue }
            for order in approved.orders where order.kind != .delivery {
                let detail = try await services.dispatch.order(order.id, for: requester)
                let lines = detail.lines.enumerated().map { n, line in
                    SignLineInput(
                        lineId: line.id, accepted: line.quantity - (n == 0 ? 2 : 0), short: n == 0 ? 2 : 0,
                        note: n == 0 ? "外箱破损少两盒" : nil)
                }
                _ = try await services.dispatch.sign(
                    order.id, SignInput(lines: lines), key: "demo-\(order.number)-sign", by: requester)
            }
        }
    }
}
