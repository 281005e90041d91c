import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension DispatchService {
    /// The approver's inventory query (R5.1): free stock of the requested items in the depots within the
    /// actor's scope, FEFO lots first, each depot with its road distance and time to the delivery place,
    /// nearest first, and whether the authority policy lets this actor draw on it.
    public func availability(for requestID: UUID, by actor: Actor) async throws -> [AvailabilityView] {
        try AccessPolicy.require(.approveDispatch, actor)
        let record = try await request(requestID, for: actor, on: database)
        let lines = try await RequestLineRecord.query(on: database).filter(\.$requestID == requestID).all()
        let destination = try await destination(of: record, on: database)
        let lots = try await LedgerSQL.issuableLots(
            items: Array(Set(lines.map(\.itemID))), within: actor.scope, on: today, on: database)
        let (level, _) = try await levelInForce(at: record.jurisdictionPath, on: database)
        let depots = try await DepotRecord.query(on: database).filter(\.$id ~~ Set(lots.map(\.depotID))).all()
        var views: [AvailabilityView] = []
        for depot in depots {
            let depotID = try depot.requireID()
            let depotLots = FEFOPicker.order(
                try lots.filter { $0.depotID == depotID }.map { try $0.pickable }, on: today)
            let byID = Dictionary(
                uniqueKeysWithValues: lots.filter { $0.depotID == depotID }.map { ($0.id.uuidString, $0) })
            let km = destination.map { settings.transport.roadKm(from: depot.location, to: $0) } ?? 0
            let decision = DispatchAuthority.decide(
                DispatchQuestion(
                    requester: try record.jurisdictionPath, sources: [try depot.jurisdictionPath], level: level),
                settings: settings.dispatchPolicy)
            views.append(
                AvailabilityView(
                    depotId: depotID, depotName: depot.name, jurisdiction: depot.jurisdictionCode,
                    roadKm: (km * 10).rounded() / 10,
                    hours: (settings.transport.hours(roadKm: km) * 100).rounded() / 100,
                    allowed: actor.scope.contains(decision.approver),
                    lots: depotLots.compactMap { pick in
                        byID[pick.id].map {
                            AvailabilityView.Lot(
                                lotId: $0.id, itemId: $0.itemID, batchNo: $0.batchNo, expiryDate: $0.expiryDate,
                                free: $0.balance.free)
                        }
                    }))
        }
        return views.sorted { ($0.roadKm, $0.depotName) < ($1.roadKm, $1.depotName) }
    }
}
