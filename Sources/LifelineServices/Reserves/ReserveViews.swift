import Foundation
import LifelineDomain
import LifelineStore

/// A reserve plan as readers see it, with its norms when read alone.
public struct ReservePlanView: Codable, Sendable, Equatable {
    public var id: UUID
    public var jurisdictionCode: String
    public var path: String
    public var reserveClass: ReserveClass
    public var version: Int
    public var catalogueVersion: Int
    public var title: String
    public var alertPercent: Int
    public var status: ReservePlanStatus
    public var authorId: UUID
    public var authorName: String
    public var createdAt: Date
    public var submittedAt: Date?
    public var decidedBy: String?
    public var decidedAt: Date?
    public var decisionNote: String?
    public var previousId: UUID?
    public var norms: [ReserveNormView]

    init(_ record: ReservePlanRecord, norms: [ReserveNormView] = []) throws {
        id = try record.requireID()
        jurisdictionCode = record.jurisdictionCode
        path = record.path
        reserveClass = try record.planClass
        version = record.version
        catalogueVersion = record.catalogueVersion
        title = record.title
        alertPercent = record.alertPercent
        status = try record.planStatus
        authorId = record.authorID
        authorName = record.authorName
        createdAt = Date(milliseconds: record.createdAtMs)
        submittedAt = record.submittedAtMs.map(Date.init(milliseconds:))
        decidedBy = record.decidedByName
        decidedAt = record.decidedAtMs.map(Date.init(milliseconds:))
        decisionNote = record.decisionNote
        previousId = record.previousID
        self.norms = norms
    }
}

/// One norm of a plan: the item, its formula with the inputs, and the quantity it gives.
public struct ReserveNormView: Codable, Sendable, Equatable {
    public var itemId: UUID
    public var itemCode: String
    public var itemNameZh: String
    public var itemNameEn: String
    public var unitZh: String
    public var unitEn: String
    public var formula: NormFormula
    public var quantity: Int
    public var note: String?
}

/// How one norm of a plan is covered now (R3.4).
public struct CoverageRow: Codable, Sendable, Equatable {
    public var itemId: UUID
    public var itemCode: String
    public var itemNameZh: String
    public var itemNameEn: String
    public var unitZh: String
    public var unitEn: String
    public var norm: Int
    public var onHand: Int
    public var monthlyUse: Int
    /// `nil` for a norm of 0.
    public var percent: Int?
    /// `nil` when nothing was issued lately.
    public var daysOfCover: Int?
    public var belowAlert: Bool
}

/// A plan's coverage: every norm's row, worst first.
public struct PlanCoverage: Codable, Sendable, Equatable {
    public var planId: UUID
    public var jurisdictionCode: String
    public var alertPercent: Int
    /// The days of issues the monthly use is measured over.
    public var usageWindowDays: Int
    public var rows: [CoverageRow]
    public var alerts: Int
}

/// Item names and units by language, for pages.
public protocol NamesReserveItem {
    var itemNameZh: String { get }
    var itemNameEn: String { get }
    var unitZh: String { get }
    var unitEn: String { get }
}

extension NamesReserveItem {
    public func itemName(in language: Language) -> String { language == .en ? itemNameEn : itemNameZh }
    public func unit(in language: Language) -> String { language == .en ? unitEn : unitZh }
}

extension ReserveNormView: NamesReserveItem {}
extension CoverageRow: NamesReserveItem {}
