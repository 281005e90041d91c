import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// The after-action report of an emergency event: per jurisdiction and item, what was requested,
/// approved, shipped, received and returned, and how long each step of the loop took.
public struct ResponseReport: Codable, Sendable, Hashable {
    public struct Row: Codable, Sendable, Hashable {
        public var jurisdiction: String
        public var itemCode: String
        public var itemName: String
        public var requested: Int
        public var approved: Int
        public var shipped: Int
        public var received: Int
        public var returned: Int
    }

    public struct Step: Codable, Sendable, Hashable {
        public var step: String
        public var count: Int
        public var p50Minutes: Double
        public var p90Minutes: Double
        public var maxMinutes: Double
    }

    public var incidentId: UUID
    public var number: String
    public var title: String
    public var rows: [Row]
    public var steps: [Step]

    /// The report as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese names).
    public var csv: String {
        var table = CSVTable(header: [
            "section", "jurisdiction", "item_code", "item_name", "requested", "approved", "shipped", "received",
            "returned", "step", "count", "p50_minutes", "p90_minutes", "max_minutes",
        ])
        for r in rows {
            table.rows.append([
                "quantities", r.jurisdiction, r.itemCode, r.itemName, String(r.requested), String(r.approved),
                String(r.shipped),
                String(r.received), String(r.returned), "", "", "", "", "",
            ])
        }
        for s in steps {
            table.rows.append([
                "durations", "", "", "", "", "", "", "", "", s.step, String(s.count), Self.minutes(s.p50Minutes),
                Self.minutes(s.p90Minutes), Self.minutes(s.maxMinutes),
            ])
        }
        return table.encoded()
    }

    private static func minutes(_ value: Double) -> String { String(format: "%.1f", value) }
}

extension DispatchService {
    public func responseReport(_ incidentID: UUID, for actor: Actor) async throws -> ResponseReport {
        try AccessPolicy.require(.readDispatch, actor)
        let incident = try await incident(incidentID, for: actor, on: database)
        let end = incident.endedAtMs ?? clock.now().milliseconds
        let areas = incident.pathList.compactMap(JurisdictionPath.init(rawValue:))
        let requests = try await SupplyRequestRecord.query(on: database)
            .filter(\.$createdAtMs >= incident.declaredAtMs).filter(\.$createdAtMs <= end).all()
            .filter { request in
                try areas.contains { $0.contains(try request.jurisdictionPath) }
                    && AccessPolicy.reaches(actor, path: request.jurisdictionPath)
            }
        let requestIDs = Set(requests.compactMap(\.id))
        let lines = try await RequestLineRecord.query(on: database).filter(\.$requestID ~~ requestIDs).all()
        let orders = try await DispatchOrderRecord.query(on: database).filter(\.$requestID ~~ requestIDs).all()
        let goods = orders.filter { $0.kind != DispatchOrderKind.delivery.rawValue }
        let orderLines = try await DispatchLineRecord.query(on: database).filter(
            \.$orderID ~~ Set(goods.compactMap(\.id))
        ).all()
        let numbers = Set(goods.map(\.number))
        let returns = try await StockMovementRecord.query(on: database).filter(\.$documentNo ~~ numbers)
            .filter(\.$kind == MovementKind.return.rawValue).all()
        let items = try await ItemRecord.query(on: database).filter(\.$id ~~ Set(lines.map(\.itemID))).all()
        let itemsByID = Dictionary(uniqueKeysWithValues: items.compactMap { i in i.id.map { ($0, i) } })
        let requestByID = Dictionary(uniqueKeysWithValues: requests.compactMap { r in r.id.map { ($0, r) } })
        let orderByID = Dictionary(uniqueKeysWithValues: goods.compactMap { o in o.id.map { ($0, o) } })

        struct Key: Hashable {
            var jurisdiction: String
            var item: UUID
        }
        var totals: [Key: ResponseReport.Row] = [:]
        func row(_ key: Key) -> ResponseReport.Row {
            totals[key]
                ?? ResponseReport.Row(
                    jurisdiction: key.jurisdiction, itemCode: itemsByID[key.item]?.code ?? "",
                    itemName: itemsByID[key.item]?.nameZh ?? "", requested: 0, approved: 0, shipped: 0, received: 0,
                    returned: 0)
        }
        for line in lines {
            guard let request = requestByID[line.requestID], request.status != RequestStatus.draft.rawValue else {
                continue
            }
            let key = Key(jurisdiction: try request.jurisdictionPath.code.rawValue, item: line.itemID)
            var r = row(key)
            r.requested += line.quantity
            totals[key] = r
        }
        for line in orderLines {
            guard let order = orderByID[line.orderID], let request = requestByID[order.requestID] else { continue }
            let key = Key(jurisdiction: try request.jurisdictionPath.code.rawValue, item: line.itemID)
            var r = row(key)
            if order.status != DispatchOrderStatus.cancelled.rawValue { r.approved += line.quantity }
            if order.departedAtMs != nil { r.shipped += line.quantity }
            r.received += line.accepted ?? 0
            r.returned += returns.filter { $0.documentNo == order.number && $0.lotID == line.lotID }.map(\.onHandDelta)
                .reduce(0, +)
            totals[key] = r
        }

        func step(_ name: String, _ samples: [Int?]) -> ResponseReport.Step {
            let summary = DurationSummary(samples.compactMap { $0.map { Double($0) / 60_000 } })
            return ResponseReport.Step(
                step: name, count: summary.count, p50Minutes: summary.p50, p90Minutes: summary.p90,
                maxMinutes: summary.max)
        }
        let steps = [
            step("submit→approve", requests.map { r in r.decidedAtMs.flatMap { d in r.submittedAtMs.map { d - $0 } } }),
            step("approve→acknowledge", goods.map { o in o.acknowledgedAtMs.map { $0 - o.issuedAtMs } }),
            step("approve→depart", goods.map { o in o.departedAtMs.map { $0 - o.issuedAtMs } }),
            step("depart→arrive", goods.map { o in o.arrivedAtMs.flatMap { a in o.departedAtMs.map { a - $0 } } }),
            step("approve→signed", goods.map { o in o.deliveredAtMs.map { $0 - o.issuedAtMs } }),
            step(
                "submit→signed",
                goods.map { o in o.deliveredAtMs.flatMap { d in requestByID[o.requestID]?.submittedAtMs.map { d - $0 } }
                }),
        ]
        return ResponseReport(
            incidentId: incidentID, number: incident.number, title: incident.title,
            rows: totals.values.sorted { ($0.jurisdiction, $0.itemCode) < ($1.jurisdiction, $1.itemCode) }, steps: steps
        )
    }

    /// The report of the event with this number (for the CLI).
    public func responseReport(number: String, for actor: Actor) async throws -> ResponseReport {
        guard let incident = try await IncidentRecord.query(on: database).filter(\.$number == number).first(),
            let id = incident.id
        else {
            throw LifelineError.notFound(.incident, number)
        }
        return try await responseReport(id, for: actor)
    }
}
