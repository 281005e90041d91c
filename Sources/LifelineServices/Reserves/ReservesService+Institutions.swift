import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// One item of one institution's own reserve (R3.7).
public struct InstitutionReserveView: Codable, Sendable, Equatable {
    public var unitId: UUID
    public var unitName: String
    public var itemId: UUID
    public var itemCode: String
    public var itemNameZh: String
    public var itemNameEn: String
    public var unitZh: String
    public var unitEn: String
    public var usedIn30Days: Int
    public var onHand: Int
    /// 30 days of use.
    public var requirement: Int
    /// 20 days of use: never drawn by others.
    public var floor: Int
    /// What others may draw.
    public var surplus: Int
    public var days: Int?
    public var belowRequirement: Bool
}

extension ReservesService {
    /// The own reserves of the medical institutions the actor reaches (one, with `unitID`): per item
    /// with stock in the institution's depots or use in the last 30 days.
    public func institutionReserves(unitID: UUID?, for actor: Actor) async throws -> [InstitutionReserveView] {
        try AccessPolicy.require(.readStock, actor)
        var units = UnitRecord.query(on: database).restricted(to: ScopeFilter(actor), .units)
            .filter(\.$kind == UnitKind.medicalInstitution.rawValue)
        if let unitID { units = units.filter(\.$id == unitID) }
        let institutions = try await units.sort(\.$name).all()
        if let unitID, institutions.isEmpty {
            throw LifelineError.notFound(.unit, unitID.uuidString)
        }
        guard !institutions.isEmpty else { return [] }
        let ids = try institutions.map { try $0.requireID() }
        let depots = try await DepotRecord.query(on: database).filter(\.$ownerUnitID ~~ ids).all()
        guard !depots.isEmpty else { return [] }
        let owner = Dictionary(uniqueKeysWithValues: try depots.map { (try $0.requireID(), $0.ownerUnitID ?? UUID()) })
        let depotList = SQLKit.SQLList(try depots.map { SQLBind(try $0.requireID()) })
        let today = self.today
        let since = clock.now().addingTimeInterval(-30 * 86_400).milliseconds
        var onHand: [String: Int] = [:]
        var used: [String: Int] = [:]
        for row in try await database.sql().raw(
            """
            SELECT l.depot_id AS depot, l.item_id AS item, CAST(SUM(l.on_hand - l.held) AS BIGINT) AS quantity \
            FROM lots l WHERE l.depot_id IN (\(depotList)) \
            AND \(IssuableLotSQL.condition(on: today, requireFree: false)) GROUP BY l.depot_id, l.item_id
            """
        ).all() {
            let unit = owner[try row.decode(column: "depot", as: UUID.self)] ?? UUID()
            onHand["\(unit)|\(try row.decode(column: "item", as: UUID.self))", default: 0] +=
                try row.decode(column: "quantity", as: Int.self)
        }
        for row in try await database.sql().raw(
            """
            SELECT m.depot_id AS depot, m.item_id AS item, CAST(SUM(-m.on_hand_delta) AS BIGINT) AS quantity \
            FROM stock_movements m WHERE m.depot_id IN (\(depotList)) \
            AND m.kind = \(bind: MovementKind.issue.rawValue) AND m.at_ms >= \(bind: since) \
            GROUP BY m.depot_id, m.item_id
            """
        ).all() {
            let unit = owner[try row.decode(column: "depot", as: UUID.self)] ?? UUID()
            used["\(unit)|\(try row.decode(column: "item", as: UUID.self))", default: 0] +=
                try row.decode(column: "quantity", as: Int.self)
        }
        let keys = Set(onHand.keys).union(used.keys)
        let itemIDs = Set(keys.compactMap { UUID(uuidString: String($0.split(separator: "|")[1])) })
        let items = try await ItemRecord.query(on: database).filter(\.$id ~~ itemIDs).all()
        let itemByID = Dictionary(uniqueKeysWithValues: try items.map { (try $0.requireID(), $0) })
        let nameByUnit = Dictionary(uniqueKeysWithValues: try institutions.map { (try $0.requireID(), $0.name) })
        return keys.compactMap { key -> InstitutionReserveView? in
            let parts = key.split(separator: "|").map(String.init)
            guard let unit = UUID(uuidString: parts[0]), let itemID = UUID(uuidString: parts[1]),
                let item = itemByID[itemID]
            else { return nil }
            let reserve = InstitutionReserve(usedIn30Days: used[key] ?? 0, onHand: onHand[key] ?? 0)
            return InstitutionReserveView(
                unitId: unit, unitName: nameByUnit[unit] ?? "", itemId: itemID, itemCode: item.code,
                itemNameZh: item.nameZh, itemNameEn: item.nameEn, unitZh: item.unitZh, unitEn: item.unitEn,
                usedIn30Days: reserve.usedIn30Days, onHand: reserve.onHand, requirement: reserve.requirement,
                floor: reserve.floor, surplus: reserve.surplus, days: reserve.days,
                belowRequirement: reserve.belowRequirement)
        }.sorted { ($0.unitName, $0.itemCode) < ($1.unitName, $1.itemCode) }
    }
}
