import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// Filters for lists of lots.
public struct LotFilter: Sendable, Hashable {
    public var depotId: UUID?
    public var itemId: UUID?
    public var status: LotStatus?
    public var category: ItemCategory?
    /// Only lots expiring within this many days (expired ones included).
    public var expiringWithinDays: Int?
    public var jurisdiction: JurisdictionCode?
    public var includeEmpty: Bool

    public init(
        depotId: UUID? = nil, itemId: UUID? = nil, status: LotStatus? = nil, category: ItemCategory? = nil,
        expiringWithinDays: Int? = nil, jurisdiction: JurisdictionCode? = nil, includeEmpty: Bool = false
    ) {
        self.depotId = depotId
        self.itemId = itemId
        self.status = status
        self.category = category
        self.expiringWithinDays = expiringWithinDays
        self.jurisdiction = jurisdiction
        self.includeEmpty = includeEmpty
    }
}

/// Filters for lists of movements.
public struct MovementFilter: Sendable, Hashable {
    public var depotId: UUID?
    public var lotId: UUID?
    public var itemId: UUID?
    public var kind: MovementKind?
    public var documentNo: String?

    public init(
        depotId: UUID? = nil, lotId: UUID? = nil, itemId: UUID? = nil, kind: MovementKind? = nil,
        documentNo: String? = nil
    ) {
        self.depotId = depotId
        self.lotId = lotId
        self.itemId = itemId
        self.kind = kind
        self.documentNo = documentNo
    }
}

/// How stock positions are grouped.
public enum PositionGrouping: String, Sendable, CaseIterable, Codable {
    case depot, item, category, jurisdiction
}

/// Stock summed over one group: quantities in base units, value in fen at market price.
public struct StockPosition: Codable, Sendable, Hashable {
    public var key: String
    public var label: String
    public var labelEn: String
    public var onHand: Int
    public var reserved: Int
    public var held: Int
    public var available: Int
    /// Value at market price, summed in 128 bits; ``FenSum/reportable(field:)`` gives the 64-bit figure.
    public var value: FenSum
    public var lots: Int
    public var nearExpiryLots: Int
    public var expiredLots: Int
}

extension StockService {
    /// Lots the actor may see, filtered, sorted and paginated in SQL.
    public func lots(_ filter: LotFilter, page: PageRequest, for actor: Actor) async throws -> Page<LotView> {
        try AccessPolicy.require(.readStock, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let sort = try page.sortKey(allowed: ["expiry", "batch", "onHand", "received"], default: "expiry")
        let conditions = try await lotConditions(filter, for: actor)
        let direction = sort.descending ? "DESC" : "ASC"
        let order: String
        switch sort.key {
        case "batch": order = "batch_no \(direction)"
        case "onHand": order = "on_hand \(direction)"
        case "received": order = "received_seq \(direction)"
        // Lots that never expire come last either way; the rest by expiry (index lots_expiry_order).
        default: order = "(expiry_date IS NULL), expiry_date \(direction)"
        }
        let today = self.today
        let window = settings.nearExpiryDays
        let (rows, total) = try await sqlPage(
            LotRecord.schema, columns: LotView.columns, where: conditions, orderBy: order + ", id", page)
        return Page(
            items: try rows.map { try LotView(row: $0, today: today, window: window) }, page: page.page, per: page.per,
            total: total)
    }

    public func lot(_ id: UUID, for actor: Actor) async throws -> LotView {
        try AccessPolicy.require(.readStock, actor)
        let (lot, _) = try await lot(id, for: actor, on: database)
        return try LotView(lot, today: today, window: settings.nearExpiryDays)
    }

    /// The lots `actor` may see that pass `filter`, as SQL conditions on `lots`.
    private func lotConditions(_ filter: LotFilter, for actor: Actor) async throws -> SQLConditions {
        var conditions = SQLConditions()
        conditions.restrict(to: ScopeFilter(actor), .lots)
        if let code = filter.jurisdiction {
            let record = try await jurisdiction(code.rawValue, field: "jurisdiction", on: database)
            conditions.within(try record.jurisdictionPath, column: "path")
        }
        if let depot = filter.depotId { conditions.add("depot_id = \(bind: depot)") }
        if let item = filter.itemId { conditions.add("item_id = \(bind: item)") }
        if let status = filter.status { conditions.add("status = \(bind: status.rawValue)") }
        if let days = filter.expiringWithinDays {
            guard (0...3650).contains(days) else {
                throw LifelineError(.outOfRange, field: "expiringWithinDays", ["min": "0", "max": "3650"])
            }
            conditions.add("expiry_date <= \(bind: today.adding(days: days).iso)")
        }
        if let category = filter.category {
            let items = try await ItemRecord.query(on: database).filter(\.$category == category.rawValue).all(\.$id)
            conditions.column("item_id", in: items)
        }
        if !filter.includeEmpty { conditions.add("on_hand > 0") }
        return conditions
    }

    /// Movements the actor may see, newest first by default.
    public func movements(_ filter: MovementFilter, page: PageRequest, for actor: Actor) async throws -> Page<
        MovementView
    > {
        try AccessPolicy.require(.readStock, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let sort = try page.sortKey(allowed: ["at", "id"], default: "-at")
        var conditions = SQLConditions()
        conditions.restrict(to: ScopeFilter(actor), .movements)
        if let depot = filter.depotId { conditions.add("depot_id = \(bind: depot)") }
        if let lot = filter.lotId { conditions.add("lot_id = \(bind: lot)") }
        if let item = filter.itemId { conditions.add("item_id = \(bind: item)") }
        if let kind = filter.kind { conditions.add("kind = \(bind: kind.rawValue)") }
        if let document = filter.documentNo { conditions.add("document_no = \(bind: document)") }
        let direction = sort.descending ? "DESC" : "ASC"
        let order = sort.key == "id" ? "id \(direction)" : "at_ms \(direction), id \(direction)"
        let (rows, total) = try await sqlPage(
            StockMovementRecord.schema, columns: MovementView.columns, where: conditions, orderBy: order, page)
        return Page(items: try rows.map(MovementView.init(row:)), page: page.page, per: page.per, total: total)
    }

    public func movement(_ id: Int, for actor: Actor) async throws -> MovementView {
        try AccessPolicy.require(.readStock, actor)
        guard let row = try await StockMovementRecord.find(id, on: database) else {
            throw LifelineError.notFound(.movement, String(id))
        }
        _ = try await depot(row.depotID, for: actor, on: database)
        return try MovementView(row)
    }

    /// Stock summed by depot, item, category or jurisdiction (the children of `under`, default the
    /// actor's scope), within the actor's reach.
    public func positions(
        by grouping: PositionGrouping, under code: JurisdictionCode? = nil, depotId: UUID? = nil,
        for actor: Actor
    ) async throws -> [StockPosition] {
        try AccessPolicy.require(.readStock, actor)
        // The subtree to sum under: the one asked for, which must lie in the actor's reach (403, never
        // silently the actor's own), else the actor's scope. A unit-bound actor's stock is that of the
        // depots its unit owns or operates, wherever they are; it may narrow them to a jurisdiction
        // that holds one of them.
        let under: JurisdictionPath?
        if let code {
            let path = try await jurisdiction(code.rawValue, field: "jurisdiction", on: database).jurisdictionPath
            if actor.role.isUnitBound {
                let depots = try await DepotRecord.query(on: database).restricted(to: ScopeFilter(actor), .depots).all()
                guard try depots.contains(where: { path.contains(try $0.jurisdictionPath) }) else {
                    throw LifelineError.outOfScope(.jurisdiction)
                }
            } else {
                guard actor.scope.contains(path) else { throw LifelineError.outOfScope(.jurisdiction) }
            }
            under = path
        } else {
            under = actor.role.isUnitBound ? nil : actor.scope
        }
        let effective = under ?? .nation
        let today = self.today
        let near = today.adding(days: settings.nearExpiryDays).iso
        let sql = database.sql()
        let groupExpression: SQLQueryString
        switch grouping {
        case .depot: groupExpression = "d.id"
        case .item: groupExpression = "i.id"
        case .category: groupExpression = "i.category"
        case .jurisdiction:
            // The child of the scope each lot lies under: the path prefix one level deeper.
            let depth = effective.codes.count + 1
            groupExpression = SQLQueryString(stringLiteral: Self.pathPrefixSQL(depth: depth, engine: store.engine))
        }
        let issuable = IssuableLotSQL.condition(on: today, requireFree: false)
        var query: SQLQueryString = """
            SELECT \(groupExpression) AS k, CAST(SUM(l.on_hand) AS BIGINT) AS on_hand, CAST(SUM(l.reserved) AS \
            BIGINT) AS reserved, CAST(SUM(l.held) AS BIGINT) AS held, \
            CAST(SUM(CASE WHEN \(issuable) \
            THEN l.on_hand - l.reserved - l.held ELSE 0 END) AS BIGINT) AS available, \
            \(unsafeRaw: Self.valueSumsSQL(engine: store.engine)), COUNT(*) AS lots, \
            CAST(SUM(CASE WHEN l.expiry_date >= \(bind: today.iso) AND l.expiry_date <= \(bind: near) THEN 1 ELSE 0 \
            END) AS BIGINT) AS near_lots, \
            CAST(SUM(CASE WHEN l.expiry_date < \(bind: today.iso) THEN 1 ELSE 0 END) AS BIGINT) AS expired_lots \
            FROM lots l JOIN items i ON i.id = l.item_id JOIN depots d ON d.id = l.depot_id WHERE l.on_hand > 0
            """
        let scope = ScopeFilter(actor)
        if scope == .nothing { return [] }
        if let reach = RowReach.lots.qualified("l").condition(for: scope) { query.appendInterpolation(" AND " + reach) }
        if let subtree = effective.sqlSubtree(column: "l.path") { query.appendInterpolation(" AND " + subtree) }
        if let depotId { query.appendInterpolation(" AND l.depot_id = \(bind: depotId)" as SQLQueryString) }
        query.appendInterpolation(" GROUP BY \(groupExpression)" as SQLQueryString)
        let rows = try await sql.raw(query).all()
        var positions: [StockPosition] = []
        let labels = try await positionLabels(grouping, keys: try rows.map(Self.groupKey))
        for row in rows {
            let key = try Self.groupKey(row)
            let label = labels[key] ?? (key, key)
            positions.append(
                StockPosition(
                    key: key, label: label.0, labelEn: label.1, onHand: try row.decode(column: "on_hand", as: Int.self),
                    reserved: try row.decode(column: "reserved", as: Int.self),
                    held: try row.decode(column: "held", as: Int.self),
                    available: try row.decode(column: "available", as: Int.self),
                    value: FenSum.fromParts(
                        high: try row.decode(column: "value_high", as: Int.self),
                        low: try row.decode(column: "value_low", as: Int.self)),
                    lots: try row.decode(column: "lots", as: Int.self),
                    nearExpiryLots: try row.decode(column: "near_lots", as: Int.self),
                    expiredLots: try row.decode(column: "expired_lots", as: Int.self)))
        }
        return positions.sorted { ($0.value, $0.key) > ($1.value, $1.key) }
    }

    static func groupKey(_ row: any SQLRow) throws -> String {
        if let uuid = try? row.decode(column: "k", as: UUID.self) { return uuid.uuidString }
        return try row.decode(column: "k", as: String.self)
    }

    /// SQL for a group's value at market price in two 64-bit halves (`value_high` × 10⁹ + `value_low`,
    /// ``FenSum/fromParts(high:low:)``), so that no sum over lots can overflow (ADR 0023). A lot's
    /// value fits 64 bits within the limits; PostgreSQL multiplies in `numeric` all the same, so a
    /// row stored before the limits cannot make the page fail.
    static func valueSumsSQL(engine: Store.Engine) -> String {
        switch engine {
        case .postgres:
            return "CAST(SUM(div(CAST(l.on_hand AS NUMERIC) * i.unit_price_fen, 1000000000)) AS BIGINT) AS value_high, "
                + "CAST(SUM(mod(CAST(l.on_hand AS NUMERIC) * i.unit_price_fen, 1000000000)) AS BIGINT) AS value_low"
        case .sqlite:
            return "CAST(SUM((l.on_hand * i.unit_price_fen) / 1000000000) AS INTEGER) AS value_high, "
                + "CAST(SUM((l.on_hand * i.unit_price_fen) % 1000000000) AS INTEGER) AS value_low"
        }
    }

    /// SQL for the first `depth` segments of `l.path` (e.g. depth 3 of `CN/52/5201/520102` is `CN/52/5201`).
    static func pathPrefixSQL(depth: Int, engine: Store.Engine) -> String {
        switch engine {
        case .postgres:
            return "array_to_string((string_to_array(l.path, '/'))[1:\(depth)], '/')"
        case .sqlite:
            // SQLite has no split: cut after the depth-th '/' by nesting instr() over the remainder.
            var expression = "l.path || '/'"
            var consumed = "0"
            for _ in 0..<depth {
                let rest = "substr(\(expression), \(consumed) + 1)"
                consumed = "(\(consumed) + instr(\(rest), '/'))"
            }
            expression = "substr(l.path || '/', 1, \(consumed) - 1)"
            return expression
        }
    }

    /// The names of the groups `keys` (and only those: a province has thousands of jurisdictions).
    private func positionLabels(_ grouping: PositionGrouping, keys: [String]) async throws -> [String: (String, String)]
    {
        guard !keys.isEmpty else { return [:] }
        let sql = database.sql()
        let ids = keys.compactMap(UUID.init(uuidString:))
        let rows: [any SQLRow]
        switch grouping {
        case .category:
            return Dictionary(
                uniqueKeysWithValues: ItemCategory.allCases.map { ($0.rawValue, ($0.text.zh, $0.text.en)) })
        case .depot:
            guard !ids.isEmpty else { return [:] }
            rows = try await sql.raw("SELECT id AS k, name AS a, code AS b FROM depots WHERE id IN (\(binds: ids))")
                .all()
        case .item:
            guard !ids.isEmpty else { return [:] }
            rows = try await sql.raw(
                "SELECT id AS k, name_zh AS a, name_en AS b FROM items WHERE id IN (\(binds: ids))"
            ).all()
        case .jurisdiction:
            // Path → name and code of the jurisdiction at its end.
            rows = try await sql.raw(
                "SELECT path AS k, name AS a, code AS b FROM jurisdictions WHERE path IN (\(binds: keys))"
            ).all()
        }
        return Dictionary(
            try rows.map {
                (
                    try Self.groupKey($0),
                    (try $0.decode(column: "a", as: String.self), try $0.decode(column: "b", as: String.self))
                )
            },
            uniquingKeysWith: { a, _ in a })
    }
}

extension StockPosition {
    /// The empty total that positions are summed into.
    public static let total = StockPosition(
        key: "total", label: "合计", labelEn: "Total", onHand: 0, reserved: 0, held: 0, available: 0, value: FenSum(),
        lots: 0,
        nearExpiryLots: 0, expiredLots: 0)

    public func adding(_ other: StockPosition) -> StockPosition {
        var sum = self
        sum.onHand += other.onHand
        sum.reserved += other.reserved
        sum.held += other.held
        sum.available += other.available
        sum.value += other.value
        sum.lots += other.lots
        sum.nearExpiryLots += other.nearExpiryLots
        sum.expiredLots += other.expiredLots
        return sum
    }
}
