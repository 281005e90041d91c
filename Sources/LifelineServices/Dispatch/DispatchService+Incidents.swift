import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension DispatchService {
    /// Declares an emergency event over one or more jurisdictions at level I–IV (R5.3).
    public func declareIncident(_ input: IncidentInput, key: String, by actor: Actor) async throws -> IncidentView {
        try AccessPolicy.require(.manageIncidents, actor)
        let title = try Text.required(input.title, field: "title", max: 200)
        guard let level = ResponseLevel(roman: input.level) else {
            throw LifelineError.invalid("level", "I, II, III or IV")
        }
        let note = try Text.optional(input.note, field: "note", max: 500)
        guard !input.jurisdictions.isEmpty else { throw LifelineError.required("jurisdictions") }
        let now = clock.now()
        let id = ids.next()
        let today = self.today
        return try await idempotent("incident.declare", key: key, actor: actor, input: input) { tx in
            var paths: [JurisdictionPath] = []
            for code in input.jurisdictions {
                paths.append(try await jurisdiction(code, field: "jurisdictions", on: tx).jurisdictionPath)
            }
            try AccessPolicy.requireChange(actor, .incident, areas: paths)
            let root = paths.dropFirst().reduce(paths[0]) { $0.commonAncestor(with: $1) }
            let number = try await LedgerSQL.nextDocumentNumber(.incident, jurisdiction: root.code, day: today, on: tx)
            let record = IncidentRecord(status: IncidentStatus.active.rawValue)
            record.id = id
            record.number = number.description
            record.title = title
            record.level = level.rawValue
            record.paths = paths.map(\.rawValue).joined(separator: ",")
            record.declaredBy = actor.userID
            record.declaredAtMs = now.milliseconds
            try await record.create(on: tx)
            let entry = IncidentEventRecord(
                incidentID: id, kind: "declare", level: level.rawValue, note: note, actorName: actor.username,
                atMs: now.milliseconds)
            try await entry.create(on: tx)
            let view = try IncidentView(record, timeline: [entry])
            return Audited(
                output: view,
                events: [
                    AuditEvent(
                        "incident.declare", by: actor, entity: .incident, id: id.uuidString, path: root, after: view)
                ],
                notices: [
                    DispatchNotice(
                        kind: "incident.declared", orderId: nil, requestId: nil, number: view.number, units: [],
                        paths: paths.map(\.rawValue), at: now)
                ])
        }
    }

    /// Raises or lowers the level (`level` set) or ends the event (`level` nil), onto its timeline.
    public func changeIncident(_ id: UUID, _ input: IncidentChangeInput, key: String, by actor: Actor) async throws
        -> IncidentView
    {
        try AccessPolicy.require(.manageIncidents, actor)
        let note = try Text.optional(input.note, field: "note", max: 500)
        let change: IncidentChange
        if let roman = input.level {
            guard let level = ResponseLevel(roman: roman) else {
                throw LifelineError.invalid("level", "I, II, III or IV")
            }
            change = .changeLevel(level)
        } else {
            change = .end
        }
        let now = clock.now()
        return try await idempotent(
            "incident.change", key: key, actor: actor, input: [id.uuidString, input.level ?? "end", input.note ?? ""]
        ) { tx in
            let locked = try await lock(IncidentRecord.self, id, entity: .incident, on: tx)
            let record = locked.record
            try requireReach(record, for: actor)
            // Changing an event needs a scope that contains all of it, not only overlap (the read rule).
            try AccessPolicy.requireChange(
                actor, .incident, areas: record.pathList.compactMap(JurisdictionPath.init(rawValue:)))
            let before = try await incidentView(record, on: tx)
            let state = IncidentState(
                status: try Stored.value(IncidentStatus.self, record.status, column: "incidents.status"),
                level: try Stored.value(ResponseLevel.self, record.level, column: "incidents.level"))
            let next = try state.applying(change)
            try await transition(locked, to: next.status.rawValue, entity: .incident, on: tx)
            record.level = next.level.rawValue
            if next.status == .ended { record.endedAtMs = now.milliseconds }
            try await record.update(on: tx)
            let kind =
                if case .end = change { "end" } else if next.level.isAtLeast(state.level) { "raise" } else { "lower" }
            try await IncidentEventRecord(
                incidentID: id, kind: kind, level: next.level.rawValue, note: note, actorName: actor.username,
                atMs: now.milliseconds
            ).create(on: tx)
            let view = try await incidentView(record, on: tx)
            let root = JurisdictionPath(rawValue: record.pathList.first ?? "CN") ?? .nation
            return Audited(
                output: view,
                events: [
                    AuditEvent(
                        "incident.\(kind)", by: actor, entity: .incident, id: id.uuidString, path: root, before: before,
                        after: view)
                ],
                notices: [
                    DispatchNotice(
                        kind: "incident.\(kind)", orderId: nil, requestId: nil, number: view.number, units: [],
                        paths: record.pathList, at: now)
                ])
        }
    }

    /// Events whose area meets the actor's scope, newest first; `activeOnly` for those in force.
    public func incidents(activeOnly: Bool, page: PageRequest, for actor: Actor) async throws -> Page<IncidentView> {
        try AccessPolicy.require(.readReference, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        var query = IncidentRecord.query(on: database).sort(\.$declaredAtMs, .descending)
        if activeOnly { query = query.filter(\.$status == IncidentStatus.active.rawValue) }
        // Events are few; an event is visible when one of its areas and the actor's scope overlap.
        let visible = try await query.all().filter {
            AccessPolicy.mayRead(areas: $0.pathList.compactMap(JurisdictionPath.init(rawValue:)), by: actor)
        }
        let slice = Array(visible.dropFirst(page.offset).prefix(page.per))
        return Page(
            items: try await incidentViews(slice, on: database), page: page.page, per: page.per, total: visible.count)
    }

    public func incident(_ id: UUID, for actor: Actor) async throws -> IncidentView {
        try AccessPolicy.require(.readReference, actor)
        return try await incidentView(try await incident(id, for: actor, on: database), on: database)
    }

    /// The most severe level in force over `path` (nil: no event, daily dispatch).
    func levelInForce(at path: JurisdictionPath, on db: any Database) async throws -> (ResponseLevel?, UUID?) {
        Self.levelInForce(at: path, among: try await activeIncidents(on: db))
    }

    /// The events in force, for ``levelInForce(at:among:)`` over many paths with one query.
    func activeIncidents(on db: any Database) async throws -> [IncidentRecord] {
        try await IncidentRecord.query(on: db).filter(\.$status == IncidentStatus.active.rawValue).all()
    }

    /// The most severe level among `active` events covering `path`, and that event.
    static func levelInForce(at path: JurisdictionPath, among active: [IncidentRecord]) -> (ResponseLevel?, UUID?) {
        let covering = active.filter {
            $0.pathList.contains { JurisdictionPath(rawValue: $0)?.contains(path) ?? false }
        }
        guard let worst = covering.min(by: { $0.level < $1.level }) else { return (nil, nil) }
        return (ResponseLevel(rawValue: worst.level), worst.id)
    }

    func incident(_ id: UUID, for actor: Actor, on db: any Database) async throws -> IncidentRecord {
        guard let record = try await IncidentRecord.find(id, on: db) else {
            throw LifelineError.notFound(.incident, id.uuidString)
        }
        try requireReach(record, for: actor)
        return record
    }

    private func requireReach(_ record: IncidentRecord, for actor: Actor) throws(LifelineError) {
        guard AccessPolicy.mayRead(areas: record.pathList.compactMap(JurisdictionPath.init(rawValue:)), by: actor)
        else {
            throw LifelineError.outOfScope(.incident)
        }
    }

    func incidentView(_ record: IncidentRecord, on db: any Database) async throws -> IncidentView {
        try await incidentViews([record], on: db)[0]
    }

    /// The views of `records`, in their order, with one query for all their timelines.
    func incidentViews(_ records: [IncidentRecord], on db: any Database) async throws -> [IncidentView] {
        guard !records.isEmpty else { return [] }
        let ids = try records.map { try $0.requireID() }
        let timelines = Dictionary(
            grouping: try await IncidentEventRecord.query(on: db).filter(\.$incidentID ~~ ids).sort(\.$id).all(),
            by: \.incidentID)
        return try zip(records, ids).map { record, id in try IncidentView(record, timeline: timelines[id] ?? []) }
    }
}
