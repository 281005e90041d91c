import Foundation
import LifelineDomain
import LifelineStore

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

    init(_ r: StockMovementRecord) throws {
        id = try r.requireID()
        kind = r.movementKind
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

    init(_ r: LotRecord, today: Day, window: Int) throws {
        id = try r.requireID()
        depotId = r.depotID
        itemId = r.itemID
        path = r.path
        batchNo = r.batchNo
        manufacturer = r.manufacturer
        productionDate = r.productionDate
        expiryDate = r.expiryDate
        status = r.lotStatus
        onHand = r.onHand
        reserved = r.reserved
        held = r.held
        available = r.balance.free
        unitCostFen = r.unitCostFen
        expiryBand = ExpiryBand.of(expiry: r.expiry, today: today, window: window)
    }
}
