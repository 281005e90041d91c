import FluentKit
import FluentSQL
import LifelineDomain
import LifelineStore
import SQLKit

/// How the rows of one table meet an actor's ``ScopeFilter``: the columns holding the areas a row
/// lies in, and the columns naming the units it concerns (directly, or through the depot it lies in).
///
/// Every list applies its table's reach with ``SQLConditions/restrict(to:_:)`` or
/// ``FluentKit/QueryBuilder/restricted(to:_:)``, and every single read checks the same columns with
/// ``ScopeFilter/admits(paths:units:)``: one rule for both, declared once per table here.
struct RowReach: Sendable {
    /// Columns of jurisdiction paths: a row in the actor's subtree by any one of them passes.
    var paths: [String]
    /// Columns of unit ids: a row naming the actor's unit in any one of them passes.
    var units: [String] = []
    /// A column of depot ids: a row in a depot the actor's unit owns or operates passes.
    var depot: String?

    static let lots = RowReach(paths: ["path"], depot: "depot_id")
    static let movements = RowReach(paths: ["path"], depot: "depot_id")
    static let writeOffs = RowReach(paths: ["path"], depot: "depot_id")
    static let depots = RowReach(paths: ["path"], units: ["owner_unit_id", "operator_unit_id"])
    static let units = RowReach(paths: ["path"], units: ["id"])
    /// A request: the requester's area, or the office the policy sent it up to; the requesting unit.
    static let requests = RowReach(paths: ["path", "approver_path"], units: ["unit_id"])
    /// An order: its depot's, receiver's and approver's areas; the depot operator, the carrier, the receiver.
    static let orders = RowReach(
        paths: ["depot_path", "receiver_path", "approver_path"],
        units: ["depot_operator_unit_id", "carrier_unit_id", "receiver_unit_id"])
    /// A reserve plan: its jurisdiction's area (unit-bound roles read none).
    static let reservePlans = RowReach(paths: ["path"])
    /// A charge: the receiver's area; the paying and the paid unit.
    static let charges = RowReach(paths: ["path"], units: ["payer_unit_id", "payee_unit_id"])

    /// The same reach for a table read under `alias` (`l.path`), with the depot's unit columns under
    /// `depotAlias` when the query joins the depot itself.
    func qualified(_ alias: String) -> RowReach {
        RowReach(
            paths: paths.map { "\(alias).\($0)" }, units: units.map { "\(alias).\($0)" },
            depot: depot.map { "\(alias).\($0)" })
    }

    /// The SQL condition `scope` puts on this table; `nil` when every row passes.
    func condition(for scope: ScopeFilter) -> SQLQueryString? {
        switch scope {
        case .nothing:
            return "1 = 0"
        case .subtree(let path):
            guard path != .nation else { return nil }
            let parts = paths.compactMap { path.sqlSubtree(column: $0) }
            return "(" + parts.joined(separator: " OR ") + ")"
        case .unit(let unit):
            var parts: [SQLQueryString] = units.map { "\(unsafeRaw: $0) = \(bind: unit)" }
            if let depot {
                parts.append(
                    """
                    \(unsafeRaw: depot) IN (SELECT id FROM depots WHERE owner_unit_id = \(bind: unit) OR \
                    operator_unit_id = \(bind: unit))
                    """
                )
            }
            return parts.isEmpty ? "1 = 0" : "(" + parts.joined(separator: " OR ") + ")"
        }
    }
}

extension SQLConditions {
    /// Keeps the rows of a table with `reach` that `scope` admits.
    mutating func restrict(to scope: ScopeFilter, _ reach: RowReach) {
        if scope == .nothing { markMatchesNothing() }
        if let condition = reach.condition(for: scope) { add(condition) }
    }
}

extension QueryBuilder {
    /// Keeps the rows of a table with `reach` that `scope` admits (the Fluent spelling of
    /// ``SQLConditions/restrict(to:_:)``).
    @discardableResult
    func restricted(to scope: ScopeFilter, _ reach: RowReach) -> Self {
        guard let condition = reach.condition(for: scope) else { return self }
        return filter(.sql(embed: condition))
    }
}
