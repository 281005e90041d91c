import Foundation
import LifelineDomain
import LifelineServices

/// The world of the dispatch loop: ``World`` plus a requester at the hospital, a carrier with its
/// driver, and a province officer.
public struct DispatchLoop: Sendable {
    public var world: World
    public var requester: Actor
    public var carrierUser: Actor
    public var carrier: UUID
    public var province: Actor

    public static func make(_ services: Services) async throws -> DispatchLoop {
        let w = try await World.build(services)
        let system = Actor.system
        let carrier = try await services.reference.createUnit(
            UnitProfile(kind: .carrier, name: "黔通物流", jurisdiction: JurisdictionCode(rawValue: "5201")!, vehicles: 12),
            by: system)
        func user(_ name: String, _ role: Role, _ jurisdiction: String?, unit: UUID? = nil) async throws -> Actor {
            let view = try await services.access.createUser(
                NewUser(
                    username: name, displayName: name, password: World.password, role: role, jurisdiction: jurisdiction,
                    unitId: unit), by: system)
            guard let actor = try await services.access.actor(userID: view.id) else {
                throw LifelineError(.notFound, ["entity": "user", "id": name])
            }
            return actor
        }
        return DispatchLoop(
            world: w, requester: try await user("nurse", .medicalRequester, nil, unit: w.hospital),
            carrierUser: try await user("driver", .carrier, nil, unit: carrier.id), carrier: carrier.id,
            province: try await user("officer.gz", .supplyOfficer, "52"))
    }

    /// A draft request of `quantity` masks from the hospital.
    public func draft(_ services: Services, quantity: Int = 30, key: String = "r1") async throws -> RequestView {
        try await services.dispatch.createRequest(
            RequestInput(
                unitId: world.hospital, priority: .critical, neededBy: testNow.addingTimeInterval(6 * 3600),
                deliveryPlace: "南明区人民医院发热门诊", longitude: 106.72, latitude: 26.56, justification: "发热门诊三日用量",
                lines: [RequestLineInput(itemId: world.mask, quantity: quantity)]),
            key: key, by: requester)
    }

    /// Draft, submit and approve a request for `quantity` masks from the Nanming depot, with a carrier.
    public func approvedRequest(_ services: Services, key: String, quantity: Int = 5) async throws -> RequestView {
        let draft = try await draft(services, quantity: quantity, key: key)
        _ = try await services.dispatch.changeRequest(draft.id, .submit, key: key + "-s", by: requester)
        return try await services.dispatch.approveRequest(
            draft.id,
            ApprovalInput(
                lines: [ApprovalLineInput(itemId: world.mask, depotId: world.nanming, quantity: quantity)],
                carrierUnitId: carrier, vehicle: "贵A·0000\(key.count)"),
            key: key + "-a", by: world.cityOfficer)
    }
}
