import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// The mass-testing standard as data (R7.2, ADR 0038): versions imported as CSV (drafts), approved by
/// another officer, exported again; the planner uses the latest approved version in force, else seed
/// 001's built-in one.
extension DispatchService {
    /// Every stored version, newest first.
    public func massTestingStandards(for actor: Actor) async throws -> [MassTestingStandardView] {
        try AccessPolicy.require(.readReference, actor)
        return try await MassTestingStandardRecord.query(on: database).sort(\.$createdAtMs, .descending)
            .sort(\.$id).all().map(MassTestingStandardView.init)
    }

    /// Imports a version as a draft (its version and effective day are the CSV's); audited.
    public func importMassTestingStandard(csv: String, by actor: Actor) async throws -> MassTestingStandardView {
        try AccessPolicy.require(.managePlans, actor)
        let standard = try MassTestingStandard(csv: csv).validated()
        let version = try Text.required(standard.version, field: "version", max: 60)
        let now = clock.now()
        return try await store.write { tx in
            if try await MassTestingStandardRecord.query(on: tx).filter(\.$version == version).count() > 0 {
                throw LifelineError(.duplicate, field: "version", ["value": version])
            }
            let record = MassTestingStandardRecord(status: MassTestingStandardStatus.draft.rawValue)
            record.id = ids.next()
            record.version = version
            record.effectiveFrom = standard.effectiveFrom?.iso
            record.body = standard.csv()
            record.classes = standard.entries.count
            record.createdBy = actor.userID
            record.createdByName = actor.username
            record.createdAtMs = now.milliseconds
            try await record.create(on: tx)
            let view = try MassTestingStandardView(record)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "mass_testing.standard.import", by: actor, entity: .standard, id: view.id.uuidString,
                        path: actor.scope, before: MassTestingStandardView?.none, after: view)
                ], at: now, on: tx)
            return view
        }
    }

    /// Approves a draft (guarded, audited) — never by the officer who imported it.
    public func approveMassTestingStandard(_ id: UUID, by actor: Actor) async throws -> MassTestingStandardView {
        try AccessPolicy.require(.managePlans, actor)
        guard !actor.role.isUnitBound else { throw LifelineError.outOfScope(.standard) }
        let now = clock.now()
        return try await store.write { tx in
            let locked = try await lock(MassTestingStandardRecord.self, id, entity: .standard, on: tx)
            let record = locked.record
            let status = try Stored.value(
                MassTestingStandardStatus.self, record.status, column: "mass_testing_standards.status")
            guard status == .draft else {
                throw LifelineError(
                    .invalidTransition,
                    localized: [
                        "entity": EntityName.standard.text, "from": status.text,
                        "to": MassTestingStandardStatus.approved.text,
                    ])
            }
            guard status.mayApprove(importer: record.createdBy, by: actor) else {
                throw LifelineError(.standardSelfApproval)
            }
            let before = try MassTestingStandardView(record)
            try await transition(locked, to: MassTestingStandardStatus.approved.rawValue, entity: .standard, on: tx)
            record.approvedByName = actor.username
            record.approvedAtMs = now.milliseconds
            try await record.update(on: tx)
            let view = try MassTestingStandardView(record)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "mass_testing.standard.approve", by: actor, entity: .standard, id: id.uuidString,
                        path: actor.scope, before: before, after: view)
                ], at: now, on: tx)
            return view
        }
    }

    /// A stored version as CSV, or seed 001's built-in one for `nil`.
    public func massTestingStandardCSV(_ id: UUID?, for actor: Actor) async throws -> String {
        try AccessPolicy.require(.readReference, actor)
        guard let id else { return MassTestingStandard.seed001.csv() }
        guard let record = try await MassTestingStandardRecord.find(id, on: database) else {
            throw LifelineError.notFound(.standard, id.uuidString)
        }
        return record.body
    }

    /// The standard the planner uses today: the latest approved version whose effective day has
    /// come, with its approver; seed 001's when there is none.
    public func standardInForce() async throws -> MassTestingStandard {
        let today = self.today
        let approved = try await MassTestingStandardRecord.query(on: database)
            .filter(\.$status == MassTestingStandardStatus.approved.rawValue).sort(\.$approvedAtMs, .descending).all()
        for record in approved where record.effectiveFrom.flatMap(Day.init(iso:)).map({ $0 <= today }) ?? true {
            var standard = try MassTestingStandard(csv: record.body)
            standard.approvedBy = record.approvedByName
            return standard
        }
        return .seed001
    }
}

/// A stored standard as read.
public struct MassTestingStandardView: Codable, Sendable, Equatable {
    public var id: UUID
    public var version: String
    public var effectiveFrom: String?
    public var status: MassTestingStandardStatus
    public var classes: Int
    public var createdBy: String
    public var createdById: UUID
    public var createdAt: Date
    public var approvedBy: String?
    public var approvedAt: Date?

    init(_ r: MassTestingStandardRecord) throws {
        id = try r.requireID()
        version = r.version
        effectiveFrom = r.effectiveFrom
        status = try Stored.value(MassTestingStandardStatus.self, r.status, column: "mass_testing_standards.status")
        classes = r.classes
        createdBy = r.createdByName
        createdById = r.createdBy
        createdAt = Date(milliseconds: r.createdAtMs)
        approvedBy = r.approvedByName
        approvedAt = r.approvedAtMs.map(Date.init(milliseconds:))
    }
}
