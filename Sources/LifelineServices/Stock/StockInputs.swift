import Foundation
import LifelineDomain

/// A receipt into a depot (入库), after acceptance inspection.
public struct ReceiptInput: Codable, Sendable, Hashable {
    public var depotId: UUID
    public var itemId: UUID
    public var quantity: Int
    /// Add to this existing lot; otherwise the batch fields describe the lot.
    public var lotId: UUID?
    public var batchNo: String?
    public var manufacturer: String?
    public var productionDate: String?
    public var expiryDate: String?
    public var unitCostFen: Int?
    public var inspection: AcceptanceInspection
    public var note: String?

    public init(
        depotId: UUID, itemId: UUID, quantity: Int, lotId: UUID? = nil, batchNo: String? = nil,
        manufacturer: String? = nil, productionDate: String? = nil, expiryDate: String? = nil,
        unitCostFen: Int? = nil, inspection: AcceptanceInspection = .passed, note: String? = nil
    ) {
        self.depotId = depotId
        self.itemId = itemId
        self.quantity = quantity
        self.lotId = lotId
        self.batchNo = batchNo
        self.manufacturer = manufacturer
        self.productionDate = productionDate
        self.expiryDate = expiryDate
        self.unitCostFen = unitCostFen
        self.inspection = inspection
        self.note = note
    }
}

/// An issue to a using unit (出库): from a named lot, or FEFO from a depot's stock of an item.
public struct IssueInput: Codable, Sendable, Hashable {
    public var lotId: UUID?
    public var depotId: UUID?
    public var itemId: UUID?
    public var quantity: Int
    public var unitId: UUID?
    public var reason: String?

    public init(
        lotId: UUID? = nil, depotId: UUID? = nil, itemId: UUID? = nil, quantity: Int, unitId: UUID? = nil,
        reason: String? = nil
    ) {
        self.lotId = lotId
        self.depotId = depotId
        self.itemId = itemId
        self.quantity = quantity
        self.unitId = unitId
        self.reason = reason
    }
}

/// A transfer between depots (调拨): out of one, into the other, in one transaction.
public struct TransferInput: Codable, Sendable, Hashable {
    public var fromDepotId: UUID
    public var toDepotId: UUID
    public var itemId: UUID
    public var quantity: Int
    /// Transfer from this lot; otherwise FEFO.
    public var lotId: UUID?
    public var reason: String?

    public init(
        fromDepotId: UUID, toDepotId: UUID, itemId: UUID, quantity: Int, lotId: UUID? = nil, reason: String? = nil
    ) {
        self.fromDepotId = fromDepotId
        self.toDepotId = toDepotId
        self.itemId = itemId
        self.quantity = quantity
        self.lotId = lotId
        self.reason = reason
    }
}

/// A count adjustment (盘点调整, signed) or a return (退回) on one lot.
public struct LotQuantityInput: Codable, Sendable, Hashable {
    public var lotId: UUID
    public var quantity: Int
    public var reason: String?
    public var unitId: UUID?

    public init(lotId: UUID, quantity: Int, reason: String? = nil, unitId: UUID? = nil) {
        self.lotId = lotId
        self.quantity = quantity
        self.reason = reason
        self.unitId = unitId
    }
}

/// A change of a lot's status (hold, quarantine, release).
public struct LotStatusInput: Codable, Sendable, Hashable {
    public var lotId: UUID
    public var status: LotStatus
    public var reason: String

    public init(lotId: UUID, status: LotStatus, reason: String) {
        self.lotId = lotId
        self.status = status
        self.reason = reason
    }
}
