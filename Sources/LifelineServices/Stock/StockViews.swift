import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// A stock movement as clients see it.
public struct MovementView: Codable, Sendable, Hashable {
    public var id: Int
    public var kind: MovementKind
    public var lotId: UUID
    public var depotId: UUID
    public var itemId: UUID
    public var onHandDelta: Int
    public var reservedDelta: Int
    public var heldDelta: Int
    public var documentNo: String
    public var reason: String?
    public var inspection: AcceptanceInspection?
    public var counterpartDepotId: UUID?
    public var unitId: UUID?
    public var actorName: String
    public var at: Date

    init(_ m: MovementDraft, id: Int) {
        self.id = id
        kind = m.kind
        lotId = m.lotID
        depotId = m.depotID
        itemId = m.itemID
        onHandDelta = m.effect.onHand
        reservedDelta = m.effect.reserved
        heldDelta = m.effect.held
        documentNo = m.documentNo
        reason = m.reason
        inspection = m.inspection
        counterpartDepotId = m.counterpartDepotID
        unitId = m.unitID
        actorName = m.actorName
        at = Date(timeIntervalSince1970: Double(m.atMilliseconds) / 1000)
    }

    /// The columns ``init(row:)`` reads.
    static let columns = """
        id, kind, lot_id, depot_id, item_id, on_hand_delta, reserved_delta, held_delta, document_no, reason, \
        inspection, \
        counterpart_depot_id, unit_id, actor_name, at_ms
        """

    /// A movement from a plain SQL row of ``columns``.
    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int.self)
        kind = try Stored.value(
            MovementKind.self, try row.decode(column: "kind", as: String.self), column: "stock_movements.kind")
        lotId = try row.decode(column: "lot_id", as: UUID.self)
        depotId = try row.decode(column: "depot_id", as: UUID.self)
        itemId = try row.decode(column: "item_id", as: UUID.self)
        onHandDelta = try row.decode(column: "on_hand_delta", as: Int.self)
        reservedDelta = try row.decode(column: "reserved_delta", as: Int.self)
        heldDelta = try row.decode(column: "held_delta", as: Int.self)
        documentNo = try row.decode(column: "document_no", as: String.self)
        reason = try row.decode(column: "reason", as: String?.self)
        inspection = try row.decode(column: "inspection", as: String?.self).flatMap(
            AcceptanceInspection.init(rawValue:))
        counterpartDepotId = try row.decode(column: "counterpart_depot_id", as: UUID?.self)
        unitId = try row.decode(column: "unit_id", as: UUID?.self)
        actorName = try row.decode(column: "actor_name", as: String.self)
        at = Date(timeIntervalSince1970: Double(try row.decode(column: "at_ms", as: Int.self)) / 1000)
    }

    init(_ r: StockMovementRecord) throws {
        id = try r.requireID()
        kind = try r.movementKind
        lotId = r.lotID
        depotId = r.depotID
        itemId = r.itemID
        onHandDelta = r.onHandDelta
        reservedDelta = r.reservedDelta
        heldDelta = r.heldDelta
        documentNo = r.documentNo
        reason = r.reason
        inspection = r.inspection.flatMap(AcceptanceInspection.init(rawValue:))
        counterpartDepotId = r.counterpartDepotID
        unitId = r.unitID
        actorName = r.actorName
        at = r.at
    }
}

/// The result of one movement-creating call: its document number and the rows it wrote.
public struct MovementResult: Codable, Sendable, Hashable {
    public var documentNo: String
    public var movements: [MovementView]
}

/// A lot with its balances, as listed and shown.
public struct LotView: Codable, Sendable, Hashable {
    public var id: UUID
    public var depotId: UUID
    public var itemId: UUID
    public var path: String
    public var batchNo: String
    public var manufacturer: String
    public var productionDate: String?
    public var expiryDate: String?
    public var status: LotStatus
    public var onHand: Int
    public var reserved: Int
    public var held: Int
    public var available: Int
    public var unitCostFen: Int
    public var expiryBand: ExpiryBand

    /// The columns ``init(row:today:window:)`` reads.
    static let columns =
        """
        id, depot_id, item_id, path, batch_no, manufacturer, production_date, expiry_date, status, on_hand, \
        reserved, held, unit_cost_fen
        """

    /// A lot from a plain SQL row of ``columns``.
    init(row: any SQLRow, today: Day, window: Int) throws {
        id = try row.decode(column: "id", as: UUID.self)
        depotId = try row.decode(column: "depot_id", as: UUID.self)
        itemId = try row.decode(column: "item_id", as: UUID.self)
        path = try row.decode(column: "path", as: String.self)
        batchNo = try row.decode(column: "batch_no", as: String.self)
        manufacturer = try row.decode(column: "manufacturer", as: String.self)
        productionDate = try row.decode(column: "production_date", as: String?.self)
        expiryDate = try row.decode(column: "expiry_date", as: String?.self)
        status = try Stored.value(
            LotStatus.self, try row.decode(column: "status", as: String.self), column: "lots.status")
        onHand = try row.decode(column: "on_hand", as: Int.self)
        reserved = try row.decode(column: "reserved", as: Int.self)
        held = try row.decode(column: "held", as: Int.self)
        available = Balance(onHand: onHand, reserved: reserved, held: held).free
        unitCostFen = try row.decode(column: "unit_cost_fen", as: Int.self)
        expiryBand = ExpiryBand.of(expiry: expiryDate.flatMap(Day.init(iso:)), today: today, window: window)
    }

    init(_ r: LotRecord, today: Day, window: Int) throws {
        id = try r.requireID()
        depotId = r.depotID
        itemId = r.itemID
        path = r.path
        batchNo = r.batchNo
        manufacturer = r.manufacturer
        productionDate = r.productionDate
        expiryDate = r.expiryDate
        status = try r.lotStatus
        onHand = r.onHand
        reserved = r.reserved
        held = r.held
        available = r.balance.free
        unitCostFen = r.unitCostFen
        expiryBand = ExpiryBand.of(expiry: r.expiry, today: today, window: window)
    }
}
