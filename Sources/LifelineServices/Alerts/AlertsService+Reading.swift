import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

extension AlertsService {
    /// Alerts whose area lies in the actor's scope, newest first.
    public func alerts(_ filter: AlertFilter, page: PageRequest, for actor: Actor) async throws -> Page<AlertView> {
        try AccessPolicy.require(.readStock, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let sort = try page.sortKey(allowed: ["raised"], default: "-raised")
        var query = AlertRecord.query(on: database).restricted(to: Self.scope(actor), .alerts)
        if let status = filter.status {
            query = query.filter(\.$status == status.rawValue)
        } else if filter.liveOnly {
            query = query.filter(\.$status ~~ [AlertStatus.open.rawValue, AlertStatus.acknowledged.rawValue])
        }
        if let kind = filter.kind { query = query.filter(\.$kind == kind.rawValue) }
        let direction: DatabaseQuery.Sort.Direction = sort.descending ? .descending : .ascending
        // Of alerts raised together, short reserves first, then expired lots, then near expiry.
        return try await query.sort(\.$raisedAtMs, direction).sort(\.$kind, .ascending).sort(\.$id, direction)
            .paginate(page)
            .map { try AlertView($0) }
    }

    /// How many open alerts the actor sees (the navigation's badge).
    public func openCount(for actor: Actor) async throws -> Int {
        guard actor.role.permits(.readStock), !actor.role.isUnitBound else { return 0 }
        return try await AlertRecord.query(on: database).restricted(to: Self.scope(actor), .alerts)
            .filter(\.$status == AlertStatus.open.rawValue).count()
    }

    /// Acknowledges an open alert with a comment (it stays live until its cause is gone).
    public func acknowledge(_ id: UUID, comment: String?, by actor: Actor) async throws -> AlertView {
        let comment = try Text.required(comment, field: "comment", max: 500)
        let now = clock.now()
        return try await store.write { tx in
            let locked = try await lock(AlertRecord.self, id, entity: .alert, on: tx)
            let alert = locked.record
            try AlertPolicy.checkAcknowledge(actor, path: try alert.jurisdictionPath)
            let before = try AlertView(alert)
            let next = try alert.alertStatus.acknowledging()
            try await transition(locked, to: next.rawValue, entity: .alert, on: tx)
            alert.acknowledgedBy = actor.userID
            alert.acknowledgedByName = actor.username
            alert.acknowledgedAtMs = now.milliseconds
            alert.comment = comment
            try await alert.update(on: tx)
            let view = try AlertView(alert)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "alert.acknowledge", by: actor, entity: .alert, id: id.uuidString,
                        path: try alert.jurisdictionPath, before: before, after: view)
                ], at: now, on: tx)
            return view
        }
    }

    /// The scope alerts are read in: unit-bound roles read none (``AlertPolicy/mayRead(_:path:)``).
    static func scope(_ actor: Actor) -> ScopeFilter {
        actor.role.isUnitBound ? .nothing : ScopeFilter(actor)
    }

    /// Every live alert the actor sees, as CSV (`lifeline export alerts`).
    public func export(by actor: Actor) async throws -> String {
        var rows: [[String]] = []
        var number = 1
        while true {
            let page = try await alerts(
                AlertFilter(), page: PageRequest(page: number, per: settings.maxPageSize), for: actor)
            rows += page.items.map { a in
                [
                    a.id.uuidString, a.kind.rawValue, a.status.rawValue, a.path, a.messageZh, a.messageEn,
                    a.raisedAt.formatted(.iso8601), a.acknowledgedBy ?? "", a.comment ?? "",
                ]
            }
            if number >= page.pageCount { break }
            number += 1
        }
        return CSVTable(
            header: [
                "id", "kind", "status", "path", "message_zh", "message_en", "raised_at", "acknowledged_by", "comment",
            ], rows: rows
        ).encoded()
    }
}
