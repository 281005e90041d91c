import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// The cold chain (R11.3): a depot zone's logger sends readings in batches; a reading outside the
/// zone's limits (``ZoneLimits/defaults(for:)``) opens an excursion that holds the zone's available
/// lots and raises an alert, until an inspector releases them or condemns them (quarantined, for
/// the two-person write-off). A lot lies in the zone ``DepotProfile/zone(for:)`` gives its item.
extension ReservesService {
    /// The most readings one batch may carry.
    public static let readingsPerBatch = 1_000

    /// Stores a batch of readings for a zone of a depot the actor reaches (a repeated reading — the
    /// same zone and instant — is ignored, so a logger may resend), and opens or extends the zone's
    /// excursion when any reading lies outside its limits.
    public func ingestTemperatures(_ batch: TemperatureBatch, by actor: Actor) async throws -> TemperatureIngest {
        try AccessPolicy.require(.moveStock, actor)
        guard !batch.readings.isEmpty else { throw LifelineError.required("readings") }
        guard batch.readings.count <= Self.readingsPerBatch else {
            throw LifelineError(.outOfRange, field: "readings", ["min": "1", "max": String(Self.readingsPerBatch)])
        }
        var seen = Set<Int>()
        var checked: [TemperatureReading] = []
        for (index, reading) in batch.readings.enumerated() {
            try ColdChainRule.validateReading(tenths: reading.tenths, field: "readings[\(index)].tenths")
            let ms = reading.at.milliseconds
            guard seen.insert(ms).inserted else {
                throw LifelineError(
                    .duplicate, field: "readings[\(index)].at", ["value": reading.at.formatted(.iso8601)])
            }
            checked.append(TemperatureReading(at: reading.at, tenths: reading.tenths))
        }
        let readings = checked
        let now = clock.now()
        return try await store.write { tx in
            let depot = try await depot(batch.depotId, field: "depotId", for: actor, on: tx)
            let profile = try depot.profile
            guard profile.zones.contains(batch.zone) else {
                throw LifelineError.invalid("zone", "depot \(depot.code) has no \(batch.zone.rawValue) zone")
            }
            let depotID = try depot.requireID()
            let stored = Set(
                try await TemperatureReadingRecord.query(on: tx).filter(\.$depotID == depotID)
                    .filter(\.$zone == batch.zone.rawValue).filter(\.$atMs ~~ readings.map(\.at.milliseconds)).all()
                    .map(\.atMs))
            var added: [TemperatureReading] = []
            for reading in readings where !stored.contains(reading.at.milliseconds) {
                let row = TemperatureReadingRecord()
                row.id = ids.next()
                row.depotID = depotID
                row.zone = batch.zone.rawValue
                row.path = depot.path
                row.atMs = reading.at.milliseconds
                row.tenths = reading.tenths
                try await row.create(on: tx)
                added.append(reading)
            }
            let limits = ZoneLimits.defaults(for: batch.zone)
            let outside = ColdChainRule.excursions(readings: added, limits: limits)
            var excursion: ZoneExcursionView?
            if !outside.isEmpty {
                excursion = try await openOrExtendExcursion(
                    depot: depot, zone: batch.zone, outside: outside, by: actor, at: now, on: tx)
            }
            return TemperatureIngest(
                stored: added.count, ignored: readings.count - added.count, outside: outside.count,
                minTenths: limits.minTenths, maxTenths: limits.maxTenths, excursion: excursion)
        }
    }

    private func openOrExtendExcursion(
        depot: DepotRecord, zone: StorageCondition, outside: [TemperatureReading], by actor: Actor, at now: Date,
        on tx: any Database
    ) async throws -> ZoneExcursionView {
        let depotID = try depot.requireID()
        let low = outside.map(\.tenths).min() ?? 0
        let high = outside.map(\.tenths).max() ?? 0
        let first = outside.map(\.at.milliseconds).min() ?? now.milliseconds
        let last = outside.map(\.at.milliseconds).max() ?? now.milliseconds
        if let open = try await ZoneExcursionRecord.query(on: tx).filter(\.$depotID == depotID)
            .filter(\.$zone == zone.rawValue).filter(\.$status == ExcursionStatus.open.rawValue).first()
        {
            open.firstAtMs = min(open.firstAtMs, first)
            open.lastAtMs = max(open.lastAtMs, last)
            open.minTenths = min(open.minTenths, low)
            open.maxTenths = max(open.maxTenths, high)
            open.readings += outside.count
            try await open.update(on: tx)
            return try await excursionView(open, on: tx)
        }
        // Hold every available lot of the zone: nothing leaves it until an inspector decides.
        let profile = try depot.profile
        let lots = try await LotRecord.query(on: tx).filter(\.$depotID == depotID)
            .filter(\.$status == LotStatus.available.rawValue).filter(\.$onHand > 0).all()
        let items = Dictionary(
            try await ItemRecord.query(on: tx).filter(\.$id ~~ Set(lots.map(\.itemID))).all().map { ($0.id!, $0) },
            uniquingKeysWith: { a, _ in a })
        var held: [String] = []
        for lot in lots {
            guard let item = items[lot.itemID], profile.zone(for: try item.definition.storage) == zone,
                let locked = try await LotRecord.lockForChange(try lot.requireID(), on: tx),
                locked.record.status == LotStatus.available.rawValue
            else { continue }
            try await transition(locked, to: LotStatus.held.rawValue, entity: .lot, on: tx)
            held.append("\(try lot.requireID().uuidString):\(lot.onHand)")
        }
        let record = ZoneExcursionRecord(status: ExcursionStatus.open.rawValue)
        record.id = ids.next()
        record.depotID = depotID
        record.zone = zone.rawValue
        record.path = depot.path
        record.firstAtMs = first
        record.lastAtMs = last
        record.minTenths = low
        record.maxTenths = high
        record.readings = outside.count
        record.heldLots = held.joined(separator: ",")
        try await record.create(on: tx)
        let view = try await excursionView(record, on: tx)
        try await AuditTrail.append(
            [
                AuditEvent(
                    "cold_chain.excursion", by: actor, entity: .depot, id: depotID.uuidString,
                    path: try record.jurisdictionPath, before: ZoneExcursionView?.none, after: view)
            ], at: now, on: tx)
        return view
    }

    /// Excursions in the actor's scope, open first, newest first.
    public func excursions(page: PageRequest, for actor: Actor) async throws -> Page<ZoneExcursionView> {
        try AccessPolicy.require(.readStock, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let records = try await ZoneExcursionRecord.query(on: database)
            .restricted(to: ScopeFilter(actor), .excursions).sort(\.$status, .descending).sort(
                \.$firstAtMs, .descending
            )
            .sort(\.$id).paginate(page)
        let depots = try await depotsByID(Set(records.items.map(\.depotID)), on: database)
        return Page(
            items: try records.items.map { try Self.excursionView($0, depot: depots[$0.depotID]) }, page: records.page,
            per: records.per, total: records.total)
    }

    /// An inspector's decision on an open excursion (guarded, audited): `release` makes the lots it
    /// held available again (those still held); `condemn` quarantines them for the write-off.
    public func decideExcursion(_ id: UUID, _ decision: ExcursionDecision, by actor: Actor) async throws
        -> ZoneExcursionView
    {
        try AccessPolicy.require(.changeLotStatus, actor)
        let note = try Text.required(decision.note, field: "note", max: 500)
        let now = clock.now()
        let today = self.today
        return try await store.write { tx in
            let locked = try await lock(ZoneExcursionRecord.self, id, entity: .excursion, on: tx)
            let record = locked.record
            _ = try await depot(record.depotID, for: actor, on: tx)
            let status = try Stored.value(ExcursionStatus.self, record.status, column: "zone_excursions.status")
            let next: ExcursionStatus = decision.action == .release ? .released : .condemned
            guard status == .open else {
                throw LifelineError(
                    .invalidTransition,
                    localized: ["entity": EntityName.excursion.text, "from": status.text, "to": next.text])
            }
            let before = try await excursionView(record, on: tx)
            for (lotID, _) in record.held {
                guard let lot = try await LotRecord.lockForChange(lotID, on: tx),
                    lot.record.status == LotStatus.held.rawValue
                else { continue }
                let target: LotStatus = next == .released ? .available : .quarantined
                guard
                    (try? LotStatus.held.transition(
                        to: target, expiry: lot.record.expiry ?? Day(ordinal: Int.max / 2), today: today)) != nil
                else { continue }
                try await transition(lot, to: target.rawValue, entity: .lot, on: tx)
            }
            try await transition(locked, to: next.rawValue, entity: .excursion, on: tx)
            record.decidedByName = actor.username
            record.decidedAtMs = now.milliseconds
            record.decisionNote = note
            try await record.update(on: tx)
            let view = try await excursionView(record, on: tx)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "cold_chain.\(decision.action.rawValue)", by: actor, entity: .excursion, id: id.uuidString,
                        path: try record.jurisdictionPath, before: before, after: view)
                ], at: now, on: tx)
            return view
        }
    }

    /// Open excursions, for the alert centre.
    func excursionCauses() async throws -> [AlertCondition] {
        let open = try await ZoneExcursionRecord.query(on: database)
            .filter(\.$status == ExcursionStatus.open.rawValue).all()
        var causes: [AlertCondition] = []
        for record in open {
            let depot = try await DepotRecord.find(record.depotID, on: database)
            let zone = StorageCondition(rawValue: record.zone) ?? .ambient
            let range = "\(Self.celsius(record.minTenths)) … \(Self.celsius(record.maxTenths)) ℃"
            causes.append(
                AlertCondition(
                    kind: .temperatureExcursion, subject: try record.requireID().uuidString,
                    path: try record.jurisdictionPath,
                    message: LocalizedText(
                        zh: """
                            \(depot?.name ?? "") \(zone.text.zh)温区温度超限（\(range)，\(record.readings) 次读数），\
                            \(record.held.count) 个批次已冻结，待检查员处置
                            """,
                        en: """
                            \(depot?.name ?? "") \(zone.text.en) zone out of limits (\(range), \(record.readings) \
                            readings): \(record.held.count) lots held for an inspector's decision
                            """)))
        }
        return causes
    }

    static func celsius(_ tenths: Int) -> String {
        let sign = tenths < 0 ? "−" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    func excursionView(_ r: ZoneExcursionRecord, on db: any Database) async throws -> ZoneExcursionView {
        try Self.excursionView(r, depot: try await DepotRecord.find(r.depotID, on: db))
    }

    /// The view of an excursion and its depot (a list reads its page's depots at once).
    static func excursionView(_ r: ZoneExcursionRecord, depot: DepotRecord?) throws -> ZoneExcursionView {
        let zone = try Stored.value(StorageCondition.self, r.zone, column: "zone_excursions.zone")
        let limits = ZoneLimits.defaults(for: zone)
        return ZoneExcursionView(
            id: try r.requireID(), depotId: r.depotID, depotCode: depot?.code ?? "", depotName: depot?.name ?? "",
            zone: zone, path: r.path,
            status: try Stored.value(ExcursionStatus.self, r.status, column: "zone_excursions.status"),
            firstAt: Date(milliseconds: r.firstAtMs), lastAt: Date(milliseconds: r.lastAtMs), minTenths: r.minTenths,
            maxTenths: r.maxTenths, limitMinTenths: limits.minTenths, limitMaxTenths: limits.maxTenths,
            readings: r.readings, heldLotIds: r.held.map(\.lot), decidedBy: r.decidedByName,
            decidedAt: r.decidedAtMs.map(Date.init(milliseconds:)), decisionNote: r.decisionNote)
    }
}

/// A logger's batch for one zone of a depot.
public struct TemperatureBatch: Codable, Sendable, Hashable {
    public var depotId: UUID
    public var zone: StorageCondition
    public var readings: [TemperatureReadingInput]

    public init(depotId: UUID, zone: StorageCondition, readings: [TemperatureReadingInput]) {
        self.depotId = depotId
        self.zone = zone
        self.readings = readings
    }
}

/// One reading: when, and the temperature in tenths of °C (`-185` = −18.5 ℃).
public struct TemperatureReadingInput: Codable, Sendable, Hashable {
    public var at: Date
    public var tenths: Int

    public init(at: Date, tenths: Int) {
        self.at = at
        self.tenths = tenths
    }
}

/// What a batch did.
public struct TemperatureIngest: Codable, Sendable, Equatable {
    public var stored: Int
    /// Readings already stored (a resent batch).
    public var ignored: Int
    /// Stored readings outside the zone's limits.
    public var outside: Int
    public var minTenths: Int
    public var maxTenths: Int
    /// The zone's open excursion, when a reading lay outside.
    public var excursion: ZoneExcursionView?
}

/// An inspector's decision on an excursion.
public struct ExcursionDecision: Codable, Sendable, Hashable {
    public enum Action: String, Codable, Sendable, CaseIterable {
        case release, condemn
    }
    public var action: Action
    public var note: String?

    public init(action: Action, note: String?) {
        self.action = action
        self.note = note
    }
}

/// An excursion as read.
public struct ZoneExcursionView: Codable, Sendable, Equatable {
    public var id: UUID
    public var depotId: UUID
    public var depotCode: String
    public var depotName: String
    public var zone: StorageCondition
    public var path: String
    public var status: ExcursionStatus
    public var firstAt: Date
    public var lastAt: Date
    public var minTenths: Int
    public var maxTenths: Int
    public var limitMinTenths: Int
    public var limitMaxTenths: Int
    public var readings: Int
    public var heldLotIds: [UUID]
    public var decidedBy: String?
    public var decidedAt: Date?
    public var decisionNote: String?
}

extension RowReach {
    /// An excursion: its depot's area.
    static let excursions = RowReach(paths: ["path"], depot: "depot_id")
}
