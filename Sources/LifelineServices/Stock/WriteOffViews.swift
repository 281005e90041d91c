import Foundation
import LifelineDomain
import LifelineStore

/// A write-off request (报废核销, R4.3): which lot, how many units, why.
public struct WriteOffInput: Codable, Sendable, Hashable {
    public var lotId: UUID
    public var quantity: Int
    public var reason: String?

    public init(lotId: UUID, quantity: Int, reason: String?) {
        self.lotId = lotId
        self.quantity = quantity
        self.reason = reason
    }
}

/// A second person's decision on a write-off: approve, or reject with a note.
public struct WriteOffDecisionInput: Codable, Sendable, Hashable {
    public var approve: Bool
    /// Required when rejecting.
    public var note: String?

    public init(approve: Bool, note: String? = nil) {
        self.approve = approve
        self.note = note
    }
}

/// Filters for lists of write-off requests.
public struct WriteOffFilter: Sendable, Hashable {
    public var status: WriteOffStatus?
    /// Only requests on these lots (empty: any lot).
    public var lotIds: [UUID]
    public var depotId: UUID?

    public init(status: WriteOffStatus? = nil, lotIds: [UUID] = [], depotId: UUID? = nil) {
        self.status = status
        self.lotIds = lotIds
        self.depotId = depotId
    }
}

/// A write-off request as clients see it.
public struct WriteOffView: Codable, Sendable, Hashable {
    public var id: UUID
    /// 核销单号 (HX-…): also the document number of the request's movements.
    public var number: String
    public var lotId: UUID
    public var depotId: UUID
    public var itemId: UUID
    public var path: String
    public var quantity: Int
    public var reason: String
    public var status: WriteOffStatus
    public var requestedBy: UUID
    public var requestedByName: String
    public var requestedAt: Date
    public var decidedBy: UUID?
    public var decidedByName: String?
    public var decidedAt: Date?
    public var decisionNote: String?
    public var holdMovementId: Int
    public var writeOffMovementId: Int?

    init(_ r: WriteOffRequestRecord) throws {
        id = try r.requireID()
        number = r.number
        lotId = r.lotID
        depotId = r.depotID
        itemId = r.itemID
        path = r.path
        quantity = r.quantity
        reason = r.reason
        status = try r.writeOffStatus
        requestedBy = r.requestedBy
        requestedByName = r.requestedByName
        requestedAt = Date(milliseconds: r.requestedAtMs)
        decidedBy = r.decidedBy
        decidedByName = r.decidedByName
        decidedAt = r.decidedAtMs.map(Date.init(milliseconds:))
        decisionNote = r.decisionNote
        holdMovementId = r.holdMovementID
        writeOffMovementId = r.writeOffMovementID
    }
}
