import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// Quality inspections of storage enterprises (R11.2): a plan samples lots from the depots the
/// enterprise operates (``InspectionRule/sample(lotIDs:seed:)``); completing it records the result
/// and a finding whose effect is applied in the same transaction — a notice (recorded), a subsidy
/// recovery (the amount to recover), or revocation of the storage status (its active agreements
/// revoked, and no new agreement signed, ``ReservesService/createAgreement(_:by:)``).
extension ReservesService {
    /// Plans an inspection of an enterprise by an officer or inspector whose scope holds the
    /// jurisdiction; the sample is drawn at once from the lots the enterprise holds.
    public func planInspection(_ new: NewInspection, by actor: Actor) async throws -> InspectionView {
        try Self.requireInspector(actor)
        let title = try Text.required(new.title, field: "title", max: 200)
        guard let planned = Day(iso: new.plannedDay) else { throw LifelineError(.invalidDate, field: "plannedDay") }
        let now = clock.now()
        let id = ids.next()
        return try await store.write { tx in
            let place = try await jurisdiction(new.jurisdictionCode, field: "jurisdictionCode", on: tx)
            let path = try place.jurisdictionPath
            guard actor.scope.contains(path) else { throw LifelineError.outOfScope(.jurisdiction) }
            let enterprise = try await unit(new.enterpriseId, field: "enterpriseId", on: tx)
            let lots = try await tx.sql().raw(
                """
                SELECT l.id AS id FROM lots l JOIN depots d ON d.id = l.depot_id WHERE d.operator_kind = \
                \(bind: DepotOperatorKind.enterprise.rawValue) AND d.operator_unit_id = \(bind: new.enterpriseId) \
                AND l.on_hand > 0
                """
            ).all().map { try $0.decode(column: "id", as: UUID.self) }
            // The sample is drawn from the inspection's own id: reproducible, and unknown until planned.
            let seed = withUnsafeBytes(of: id.uuid) { $0.loadUnaligned(as: UInt64.self) }
            let record = InspectionRecord(status: InspectionStatus.planned.rawValue)
            record.id = id
            record.jurisdictionCode = place.code.rawValue
            record.path = path.rawValue
            record.enterpriseUnitID = new.enterpriseId
            record.enterpriseName = enterprise.name
            record.title = title
            record.plannedDay = planned.iso
            record.sampledLots = InspectionRule.sample(lotIDs: lots, seed: seed).map(\.uuidString).joined(
                separator: ",")
            record.createdByName = actor.username
            record.createdAtMs = now.milliseconds
            try await record.create(on: tx)
            let view = try await inspectionView(record, on: tx)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "inspection.plan", by: actor, entity: .inspection, id: id.uuidString, path: path,
                        before: InspectionView?.none, after: view)
                ], at: now, on: tx)
            return view
        }
    }

    /// Completes a planned inspection with its result and finding, applying the finding's effect.
    public func completeInspection(_ id: UUID, _ outcome: InspectionOutcome, by actor: Actor) async throws
        -> InspectionView
    {
        try Self.requireInspector(actor)
        try InspectionRule.validate(finding: outcome.finding, recoveryFen: outcome.recoveryFen)
        if outcome.result == .pass, outcome.finding == .revocation || outcome.finding == .recovery {
            throw LifelineError.invalid("finding", "a passed inspection leads to no recovery or revocation")
        }
        let notes = try Text.optional(outcome.notes, field: "notes", max: 2_000)
        let now = clock.now()
        return try await store.write { tx in
            let locked = try await lock(InspectionRecord.self, id, entity: .inspection, on: tx)
            let record = locked.record
            let path = try record.jurisdictionPath
            guard actor.scope.contains(path) else { throw LifelineError.outOfScope(.inspection) }
            let status = try Stored.value(InspectionStatus.self, record.status, column: "inspections.status")
            guard status == .planned else {
                throw LifelineError(
                    .invalidTransition,
                    localized: [
                        "entity": EntityName.inspection.text, "from": status.text,
                        "to": InspectionStatus.completed.text,
                    ])
            }
            let before = try await inspectionView(record, on: tx)
            try await transition(locked, to: InspectionStatus.completed.rawValue, entity: .inspection, on: tx)
            record.result = outcome.result.rawValue
            record.finding = outcome.finding.rawValue
            record.recoveryFen = outcome.finding == .recovery ? outcome.recoveryFen : nil
            record.notes = notes
            record.completedByName = actor.username
            record.completedAtMs = now.milliseconds
            try await record.update(on: tx)
            var events: [AuditEvent] = []
            if outcome.finding == .revocation {
                let active = try await ReserveAgreementRecord.query(on: tx)
                    .filter(\.$enterpriseUnitID == record.enterpriseUnitID)
                    .filter(\.$status == AgreementStatus.active.rawValue).all()
                for agreement in active {
                    let locked = try await lock(
                        ReserveAgreementRecord.self, try agreement.requireID(), entity: .agreement, on: tx)
                    guard locked.record.status == AgreementStatus.active.rawValue else { continue }
                    try await revoke(
                        locked, reason: "质量抽检撤销承储资格 / storage status revoked: \(record.title)",
                        by: actor.username, at: now, on: tx)
                    events.append(
                        AuditEvent(
                            "agreement.revoke", by: actor, entity: .agreement, id: try agreement.requireID().uuidString,
                            path: try agreement.jurisdictionPath, before: String?.none, after: agreement.number))
                }
            }
            let view = try await inspectionView(record, on: tx)
            events.insert(
                AuditEvent(
                    "inspection.complete", by: actor, entity: .inspection, id: id.uuidString, path: path,
                    before: before, after: view), at: 0)
            try await AuditTrail.append(events, at: now, on: tx)
            return view
        }
    }

    /// Inspections the actor's scope holds, newest first.
    public func inspections(page: PageRequest, for actor: Actor) async throws -> Page<InspectionView> {
        try AccessPolicy.require(.readStock, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let records = try await InspectionRecord.query(on: database).restricted(to: ScopeFilter(actor), .inspections)
            .sort(\.$createdAtMs, .descending).sort(\.$id).paginate(page)
        return Page(
            items: try await inspectionViews(records.items, on: database), page: records.page, per: records.per,
            total: records.total)
    }

    static func requireInspector(_ actor: Actor) throws {
        guard OversightAuthority.mayInspect(actor) else {
            if actor.role.isUnitBound { throw LifelineError.outOfScope(.inspection) }
            throw LifelineError.forbidden("inspect storage enterprises")
        }
    }

    func inspectionView(_ r: InspectionRecord, on db: any Database) async throws -> InspectionView {
        try await inspectionViews([r], on: db)[0]
    }

    /// The views of a page of inspections with two reads (every sampled lot, their items).
    func inspectionViews(_ records: [InspectionRecord], on db: any Database) async throws -> [InspectionView] {
        let allLots = try await LotRecord.query(on: db).filter(\.$id ~~ Set(records.flatMap(\.sampledLotIDs))).all()
        let lotsByID = allLots.byID
        let items = try await ItemRecord.query(on: db).filter(\.$id ~~ Set(allLots.map(\.itemID))).all().byID
        return try records.map { r in
            try Self.inspectionView(r, lots: r.sampledLotIDs.compactMap { lotsByID[$0] }, items: items)
        }
    }

    static func inspectionView(_ r: InspectionRecord, lots: [LotRecord], items: [UUID: ItemRecord]) throws
        -> InspectionView
    {
        InspectionView(
            id: try r.requireID(), jurisdictionCode: r.jurisdictionCode, path: r.path,
            enterpriseId: r.enterpriseUnitID, enterpriseName: r.enterpriseName, title: r.title,
            plannedDay: r.plannedDay,
            status: try Stored.value(InspectionStatus.self, r.status, column: "inspections.status"),
            sampledLots: lots.map { lot in
                SampledLotView(
                    lotId: lot.id!, batchNo: lot.batchNo, itemCode: items[lot.itemID]?.code ?? "",
                    itemNameZh: items[lot.itemID]?.nameZh ?? "", onHand: lot.onHand, expiryDate: lot.expiryDate)
            }.sorted { ($0.itemCode, $0.batchNo) < ($1.itemCode, $1.batchNo) },
            result: try r.result.map { try Stored.value(InspectionResult.self, $0, column: "inspections.result") },
            finding: try r.finding.map { try Stored.value(InspectionFinding.self, $0, column: "inspections.finding") },
            recoveryFen: r.recoveryFen, notes: r.notes, createdBy: r.createdByName,
            completedBy: r.completedByName, completedAt: r.completedAtMs.map(Date.init(milliseconds:)))
    }
}

/// An inspection as planned.
public struct NewInspection: Codable, Sendable, Hashable {
    public var jurisdictionCode: String
    public var enterpriseId: UUID
    public var title: String
    public var plannedDay: String

    public init(jurisdictionCode: String, enterpriseId: UUID, title: String, plannedDay: String) {
        self.jurisdictionCode = jurisdictionCode
        self.enterpriseId = enterpriseId
        self.title = title
        self.plannedDay = plannedDay
    }
}

/// What an inspection found.
public struct InspectionOutcome: Codable, Sendable, Hashable {
    public var result: InspectionResult
    public var finding: InspectionFinding
    public var recoveryFen: Int?
    public var notes: String?

    public init(result: InspectionResult, finding: InspectionFinding, recoveryFen: Int? = nil, notes: String? = nil) {
        self.result = result
        self.finding = finding
        self.recoveryFen = recoveryFen
        self.notes = notes
    }
}

/// A sampled lot.
public struct SampledLotView: Codable, Sendable, Equatable {
    public var lotId: UUID
    public var batchNo: String
    public var itemCode: String
    public var itemNameZh: String
    public var onHand: Int
    public var expiryDate: String?
}

/// An inspection as read.
public struct InspectionView: Codable, Sendable, Equatable {
    public var id: UUID
    public var jurisdictionCode: String
    public var path: String
    public var enterpriseId: UUID
    public var enterpriseName: String
    public var title: String
    public var plannedDay: String
    public var status: InspectionStatus
    public var sampledLots: [SampledLotView]
    public var result: InspectionResult?
    public var finding: InspectionFinding?
    public var recoveryFen: Int?
    public var notes: String?
    public var createdBy: String
    public var completedBy: String?
    public var completedAt: Date?
}

extension RowReach {
    /// An inspection: the inspecting jurisdiction's area.
    static let inspections = RowReach(paths: ["path"])
}
