import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension Capability {
    /// What each lot may give to other units (R6.2): its free units, except that a depot owned by a
    /// medical institution keeps 20 days of the institution's own use of each item (its issues over
    /// the last 30 days, ``AllocationRules/institutionFloor(dailyUse:)``), held back in its
    /// latest-expiring lots so that the earliest-expiring ones are offered first. A depot owned by
    /// `requester` itself keeps nothing back: the floor protects an institution from others.
    ///
    /// Returns the units each lot (by id) may give, and the institutions among the depot owners.
    /// The medical institutions among the owners of `depots` (their depots keep a floor, R3.7).
    func institutionUnits(owning depots: [DepotRecord], on db: any Database) async throws -> Set<UUID> {
        let owners = try await UnitRecord.query(on: db).filter(\.$id ~~ Set(depots.compactMap(\.ownerUnitID))).all()
        return Set(owners.filter { $0.kind == UnitKind.medicalInstitution.rawValue }.compactMap(\.id))
    }

    func givableAboveInstitutionFloor(
        _ lots: [LedgerLot], depots: [DepotRecord], requester: UUID?, on db: any Database
    ) async throws -> (givable: [UUID: Int], institutions: Set<UUID>) {
        let institutions = try await institutionUnits(owning: depots, on: db)
        let since = Int((clock.now().timeIntervalSince1970 - 30 * 86_400) * 1000)
        // One query for every institution depot that keeps a floor (not one per depot).
        let keeping = Set(
            depots.filter { d in d.ownerUnitID.map { institutions.contains($0) && $0 != requester } ?? false }
                .compactMap(\.id))
        let issues =
            keeping.isEmpty
            ? []
            : try await StockMovementRecord.query(on: db).filter(\.$depotID ~~ keeping)
                .filter(\.$kind == MovementKind.issue.rawValue).filter(\.$atMilliseconds >= since).all()
        var floors: [String: Int] = [:]
        for (key, movements) in Dictionary(grouping: issues, by: { "\($0.depotID)-\($0.itemID)" }) {
            let used = -movements.map(\.onHandDelta).reduce(0, +)
            floors[key] = AllocationRules.institutionFloor(dailyUse: Double(used) / 30)
        }
        var givable: [UUID: Int] = [:]
        for (key, group) in Dictionary(grouping: lots, by: { "\($0.depotID)-\($0.itemID)" }) {
            var floor = floors[key] ?? 0
            for lot in FEFOPicker.order(try group.map { try $0.pickable }, on: today).reversed() {
                guard let id = UUID(uuidString: lot.id) else { continue }
                let kept = min(floor, lot.balance.free)
                floor -= kept
                givable[id] = lot.balance.free - kept
            }
        }
        return (givable, institutions)
    }
}
