import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// The mass-testing planner against the stock in reach (R7.4, ADR 0038): the standard in force turns
/// points, tables, staff and rounds into demand per item class and round, split city / districts;
/// the issuable stock in the planner's scope says how many rounds it covers and what the first
/// request (rounds 1–2) must ask for.
extension DispatchService {
    /// The plan for `input` and its coverage by the issuable, free stock in the actor's scope.
    public func massTestingPlan(_ input: MassTestingInput, for actor: Actor) async throws -> MassTestingPlanView {
        try AccessPolicy.require(.readStock, actor)
        guard !actor.role.isUnitBound else { throw LifelineError.outOfScope(.jurisdiction) }
        let standard = try await standardInForce()
        let plan = try MassTestingPlanner.plan(input, standard: standard)
        let codes = Set(standard.entries.compactMap(\.catalogueCode))
        var stock: [String: Int] = [:]
        if !codes.isEmpty {
            let list = SQLKit.SQLList(codes.sorted().map { SQLBind($0) })
            var sql: SQLQueryString = """
                SELECT i.code AS code, CAST(COALESCE(SUM(l.on_hand - l.reserved - l.held), 0) AS BIGINT) AS free \
                FROM lots l JOIN items i ON i.id = l.item_id WHERE i.code IN (\(list)) \
                AND \(IssuableLotSQL.condition(on: today, requireFree: true))
                """
            if let subtree = actor.scope.sqlSubtree(column: "l.path") { sql.appendInterpolation(" AND " + subtree) }
            sql.appendInterpolation(" GROUP BY i.code" as SQLQueryString)
            for row in try await database.sql().raw(sql).all() {
                stock[try row.decode(column: "code", as: String.self)] = try row.decode(column: "free", as: Int.self)
            }
        }
        let coverage = try plan.coverage(stockInReach: stock)
        return MassTestingPlanView(
            plan: plan,
            items: standard.entries.map { entry in
                MassTestingItemView(
                    itemClass: entry.itemClass, itemCode: entry.itemCode, nameZh: entry.nameZh, nameEn: entry.nameEn,
                    unitZh: entry.unitZh, unitEn: entry.unitEn, reusable: entry.reusable,
                    districtOnly: entry.districtOnly)
            }, coverage: coverage)
    }
}

/// A class of the standard as the planner shows it.
public struct MassTestingItemView: Codable, Sendable, Equatable {
    public var itemClass: String
    public var itemCode: String
    public var nameZh: String
    public var nameEn: String
    public var unitZh: String
    public var unitEn: String
    public var reusable: Bool
    public var districtOnly: Bool
}

/// A plan with its classes and its coverage by the stock in reach.
public struct MassTestingPlanView: Codable, Sendable, Equatable {
    public var plan: MassTestingPlan
    public var items: [MassTestingItemView]
    public var coverage: [MassTestingCoverage]
}

extension DispatchService {
    /// `input`'s totals split over the jurisdictions directly below `code` (a city's counties), by
    /// their resident population (``MassTestingInput/split(over:)``): the plan per county, whose
    /// areas become the requests' grids and the fleet check's counties. `code` must lie in the
    /// actor's scope; without one, `input` as it is.
    public func splitMassTestingInput(_ input: MassTestingInput, over code: String?, for actor: Actor) async throws
        -> MassTestingInput
    {
        try AccessPolicy.require(.readStock, actor)
        guard let code, !code.isEmpty else { return input }
        let parent = try await jurisdiction(code, field: "splitOver", on: database)
        guard actor.scope.contains(try parent.jurisdictionPath) else { throw LifelineError.outOfScope(.jurisdiction) }
        let children = try await JurisdictionRecord.query(on: database).filter(\.$parentCode == parent.code.rawValue)
            .sort(\.$id).all()
        return try input.split(
            over: children.map {
                MassTestingSplitPart(code: $0.code.rawValue, name: $0.name, population: $0.population ?? 0)
            })
    }
}
