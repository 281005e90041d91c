import Foundation
import LifelineDomain

/// A lot as the ledger's hot path reads it: the lot's columns and the few of its depot that scope
/// checks and document numbers need, from one query (`LedgerSQL.lot(_:on:)`), without the model
/// layer's cost.
public struct LedgerLot: Sendable, Hashable, Decodable {
    public var id: UUID
    public var depotID: UUID
    public var itemID: UUID
    public var path: String
    public var batchNo: String
    public var manufacturer: String
    public var productionDate: String?
    public var expiryDate: String?
    public var status: String
    public var onHand: Int
    public var reserved: Int
    public var held: Int
    public var unitCostFen: Int
    public var receivedSeq: Int
    public var depotJurisdiction: String
    public var depotOwner: UUID?
    public var depotOperator: UUID?

    enum CodingKeys: String, CodingKey {
        case id, path, status, reserved, held
        case depotID = "depot_id"
        case itemID = "item_id"
        case batchNo = "batch_no"
        case manufacturer
        case productionDate = "production_date"
        case expiryDate = "expiry_date"
        case onHand = "on_hand"
        case unitCostFen = "unit_cost_fen"
        case receivedSeq = "received_seq"
        case depotJurisdiction = "depot_jurisdiction"
        case depotOwner = "depot_owner"
        case depotOperator = "depot_operator"
    }

    /// The same lot from its model and depot (after a receipt created it).
    public init(_ lot: LotRecord, depot: DepotRecord) throws {
        id = try lot.requireID()
        depotID = lot.depotID
        itemID = lot.itemID
        path = lot.path
        batchNo = lot.batchNo
        manufacturer = lot.manufacturer
        productionDate = lot.productionDate
        expiryDate = lot.expiryDate
        status = lot.status
        onHand = lot.onHand
        reserved = lot.reserved
        held = lot.held
        unitCostFen = lot.unitCostFen
        receivedSeq = lot.receivedSeq
        depotJurisdiction = depot.jurisdictionCode
        depotOwner = depot.ownerUnitID
        depotOperator = depot.operatorUnitID
    }

    public var balance: Balance { Balance(onHand: onHand, reserved: reserved, held: held) }
    public var lotStatus: LotStatus {
        get throws { try Stored.value(LotStatus.self, status, column: "lots.status") }
    }
    public var expiry: Day? { expiryDate.flatMap(Day.init(iso:)) }
    public var jurisdictionPath: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, path, column: "lots.path") }
    }
    public var depotCode: JurisdictionCode {
        get throws {
            try Stored.value(JurisdictionCode.self, depotJurisdiction, column: "lots.depot_jurisdiction")
        }
    }

    public var pickable: PickableLot {
        get throws {
            try PickableLot(
                id: id.uuidString, expiry: expiry, status: lotStatus, balance: balance, receivedOrdinal: receivedSeq)
        }
    }
}

/// A movement about to be written: everything but the id the database gives it.
public struct MovementDraft: Sendable, Hashable {
    public var kind: MovementKind
    public var lotID: UUID
    public var depotID: UUID
    public var itemID: UUID
    public var path: String
    public var effect: BalanceEffect
    public var documentNo: String
    public var reason: String?
    public var inspection: AcceptanceInspection?
    public var counterpartDepotID: UUID?
    public var unitID: UUID?
    public var actorID: UUID
    public var actorName: String
    public var atMilliseconds: Int

    public init(
        kind: MovementKind, lot: LedgerLot, effect: BalanceEffect, documentNo: String, reason: String?,
        inspection: AcceptanceInspection? = nil,
        counterpartDepotID: UUID? = nil, unitID: UUID? = nil, actor: Actor, at instant: Date
    ) {
        self.kind = kind
        self.lotID = lot.id
        self.depotID = lot.depotID
        self.itemID = lot.itemID
        self.path = lot.path
        self.effect = effect
        self.documentNo = documentNo
        self.reason = reason
        self.inspection = inspection
        self.counterpartDepotID = counterpartDepotID
        self.unitID = unitID
        self.actorID = actor.userID
        self.actorName = actor.username
        self.atMilliseconds = Int((instant.timeIntervalSince1970 * 1000).rounded())
    }
}
