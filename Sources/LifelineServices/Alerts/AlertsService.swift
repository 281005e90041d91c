import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// The alert centre (#11): every alert in one list, scoped like everything else, acknowledged with
/// a comment, closed by the next refresh once its cause is gone. A refresh finds the causes —
/// coverage below an approved plan's threshold, lots near expiry, lots past expiry with stock — and
/// reconciles them with the live alerts (``AlertReconciliation``).
public struct AlertsService: Capability {
    public let context: ServiceContext

    public init(context: ServiceContext) { self.context = context }
}

/// An alert as readers see it.
public struct AlertView: Codable, Sendable, Equatable {
    public var id: UUID
    public var kind: AlertKind
    public var status: AlertStatus
    public var path: String
    public var messageZh: String
    public var messageEn: String
    public var raisedAt: Date
    public var acknowledgedBy: String?
    public var acknowledgedAt: Date?
    public var comment: String?
    public var closedAt: Date?

    init(_ record: AlertRecord) throws {
        id = try record.requireID()
        kind = try record.alertKind
        status = try record.alertStatus
        path = record.path
        messageZh = record.messageZh
        messageEn = record.messageEn
        raisedAt = Date(milliseconds: record.raisedAtMs)
        acknowledgedBy = record.acknowledgedByName
        acknowledgedAt = record.acknowledgedAtMs.map(Date.init(milliseconds:))
        comment = record.comment
        closedAt = record.closedAtMs.map(Date.init(milliseconds:))
    }

    public func message(_ language: Language) -> String { language == .en ? messageEn : messageZh }
}

/// What a refresh changed.
public struct AlertRefresh: Codable, Sendable, Equatable {
    public var raised: Int
    public var closed: Int
    public var updated: Int
    public var live: Int

    public init(raised: Int, closed: Int, updated: Int, live: Int) {
        self.raised = raised
        self.closed = closed
        self.updated = updated
        self.live = live
    }
}

/// Which alerts to list: live (open or acknowledged, the default), or one status; one kind or all.
public struct AlertFilter: Sendable {
    public var status: AlertStatus?
    public var liveOnly: Bool
    public var kind: AlertKind?

    public init(status: AlertStatus? = nil, liveOnly: Bool = true, kind: AlertKind? = nil) {
        self.status = status
        self.liveOnly = liveOnly
        self.kind = kind
    }
}

extension Capability {
    public var alerts: AlertsService { AlertsService(context: context) }
}

extension RowReach {
    /// An alert: the area of its cause (unit-bound roles see none).
    static let alerts = RowReach(paths: ["path"])
}
