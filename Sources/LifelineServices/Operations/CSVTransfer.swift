import Crypto
import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// What `lifeline import` and `lifeline export` move: items, depots, stock, population and
/// market prices, as UTF-8 CSV with a byte-order mark so Excel opens Chinese text correctly.
public enum CSVKind: String, Sendable, CaseIterable, Codable {
    case items, depots, stock, population, prices, townships
}

/// The outcome of an import.
public struct ImportReport: Sendable, Codable, Equatable {
    public var created: Int = 0
    public var updated: Int = 0
    public var unchanged: Int = 0
    /// The encoding the file was read in: UTF-8, or GB18030 for a plain "CSV" saved by Excel on
    /// Chinese Windows.
    public var encoding: CSVEncoding = .utf8

    public init(created: Int = 0, updated: Int = 0, unchanged: Int = 0, encoding: CSVEncoding = .utf8) {
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
        self.encoding = encoding
    }
}

extension OperationsService {
    // MARK: Export

    /// The CSV text of `kind`, as far as the actor may see it.
    public func export(_ kind: CSVKind, by actor: Actor) async throws -> String {
        switch kind {
        case .items:
            let items = try await ItemRecord.query(on: database).sort(\.$code).all()
            return CSVTable(header: ItemCSV.header, rows: try items.map { ItemCSV.row(try $0.definition) }).encoded()
        case .depots:
            let depots = try await allPages { try await reference.depots(DepotFilter(), page: $0, for: actor) }
            let units = try await UnitRecord.query(on: database).all()
            let names = Dictionary(units.compactMap { u in u.id.map { ($0, u.name) } }, uniquingKeysWith: { a, _ in a })
            return CSVTable(
                header: Self.depotHeader,
                rows: depots.map { d in
                    let p = d.profile
                    return [
                        p.code, p.name, p.jurisdiction.rawValue, p.operatorKind.rawValue,
                        p.operatorUnitID.flatMap { names[$0] } ?? "",
                        p.ownerUnitID.flatMap { names[$0] } ?? "", String(p.location.longitude),
                        String(p.location.latitude), p.address ?? "",
                        String(p.areaM2), String(p.volumeM3), p.zones.map(\.rawValue).joined(separator: ";"),
                        String(p.coldChainM3),
                        p.isForward ? "1" : "0",
                    ]
                }
            ).encoded()
        case .stock:
            let lots = try await allPages { try await stock.lots(LotFilter(), page: $0, for: actor) }
            let depots = try await DepotRecord.query(on: database).all()
            let depotCodes = Dictionary(
                depots.compactMap { d in d.id.map { ($0, d.code) } }, uniquingKeysWith: { a, _ in a })
            let items = try await ItemRecord.query(on: database).all()
            let itemCodes = Dictionary(
                items.compactMap { i in i.id.map { ($0, (i.code, i.nameZh)) } }, uniquingKeysWith: { a, _ in a })
            return CSVTable(
                header: Self.stockHeader + ["status", "reserved", "held", "available", "item_name"],
                rows: lots.map { l in
                    [
                        depotCodes[l.depotId] ?? "", itemCodes[l.itemId]?.0 ?? "", l.batchNo, l.manufacturer,
                        l.productionDate ?? "",
                        l.expiryDate ?? "", String(l.onHand), String(l.unitCostFen), "passed", l.status.rawValue,
                        String(l.reserved),
                        String(l.held), String(l.available), itemCodes[l.itemId]?.1 ?? "",
                    ]
                }
            ).encoded()
        case .population:
            let records = try await JurisdictionRecord.query(on: database).sort(\.$id).all()
            return CSVTable(
                header: ["code", "name", "level", "population"],
                rows: records.map {
                    [$0.id ?? "", $0.name, $0.level, $0.population.map(String.init) ?? ""]
                }
            ).encoded()
        case .prices:
            return try await exportPrices()
        case .townships:
            let records = try await JurisdictionRecord.query(on: database).filter(
                \.$level == JurisdictionLevel.township.rawValue
            )
            .sort(\.$id).all()
            return CSVTable(
                header: ["code", "name", "longitude", "latitude", "population"],
                rows: records.map {
                    [
                        $0.id ?? "", $0.name, $0.longitude.map { String($0) } ?? "",
                        $0.latitude.map { String($0) } ?? "",
                        $0.population.map(String.init) ?? "",
                    ]
                }
            ).encoded()
        }
    }

    private func allPages<T: Sendable>(_ fetch: (PageRequest) async throws -> Page<T>) async throws -> [T] {
        var all: [T] = []
        var number = 1
        while true {
            let page = try await fetch(PageRequest(page: number, per: settings.maxPageSize))
            all += page.items
            if number >= page.pageCount { return all }
            number += 1
        }
    }

    static let depotHeader = [
        "code", "name", "jurisdiction", "operator_kind", "operator_unit", "owner_unit", "longitude", "latitude",
        "address", "area_m2",
        "volume_m3", "zones", "cold_chain_m3", "is_forward",
    ]
    static let stockHeader = [
        "depot_code", "item_code", "batch_no", "manufacturer", "production_date", "expiry_date", "quantity",
        "unit_cost_fen", "inspection",
    ]
}

extension OperationsService {
    // MARK: Import (ADR 0020)

    /// Imports the bytes of a CSV file: UTF-8, or GB18030/GBK as Excel on Chinese Windows saves it;
    /// anything else is refused with ``ErrorCode/importEncoding`` (see ``CSVText/decode(_:)``).
    public func importCSV(
        _ kind: CSVKind, data: Data, by actor: Actor, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> ImportReport {
        try await importCSV(kind, file: try CSVText.decode(data), by: actor, progress: progress)
    }

    /// Imports CSV text in one transaction: every row is checked and written through the same
    /// use case as a single create, update or receipt, and if any row fails — however late — nothing
    /// is stored and the error names the row's line and column. Repeating rows stores nothing twice:
    /// items, depots and population are set by code, and a stock row is received once per content
    /// (not per file), so a corrected file receives only the rows that were not received before.
    /// The rows' audit events and one summary event (`import.<kind>`) commit with them.
    public func importCSV(
        _ kind: CSVKind, text: String, by actor: Actor, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> ImportReport {
        try await importCSV(kind, file: CSVText(text: text, encoding: .utf8), by: actor, progress: progress)
    }

    private func importCSV(
        _ kind: CSVKind, file: CSVText, by actor: Actor, progress: @escaping @Sendable (Int, Int) -> Void
    ) async throws -> ImportReport {
        switch kind {
        case .items: try AccessPolicy.requireCatalogueEditor(actor)
        case .depots: try AccessPolicy.require(.manageDepots, actor)
        case .stock: try AccessPolicy.require(.moveStock, actor)
        case .population, .townships: try AccessPolicy.require(.editPopulation, actor)
        case .prices: try AccessPolicy.requireCatalogueEditor(actor)
        }
        let source = ImportSource(
            kind: kind, table: try CSVTable(parsing: file.text), encoding: file.encoding,
            sha256: Hex.encode(SHA256.hash(data: Data(file.text.utf8))))
        switch kind {
        case .items: return try await importItems(source, by: actor, progress: progress)
        case .depots: return try await importDepots(source, by: actor, progress: progress)
        case .stock: return try await importStock(source, by: actor, progress: progress)
        case .population: return try await importPopulation(source, by: actor, progress: progress)
        case .prices: return try await importPrices(source, by: actor, progress: progress)
        case .townships: return try await importTownships(source, by: actor, progress: progress)
        }
    }

    /// Runs `rows` in one write transaction, then appends the rows' audit events and the import's
    /// summary event in it: all of the file is stored, or none of it.
    func runImport(
        _ source: ImportSource, by actor: Actor,
        rows: @escaping @Sendable (any Database, inout ImportLog) async throws -> Void
    ) async throws -> ImportReport {
        let now = clock.now()
        let log = try await retryingConflicts {
            try await store.write { tx in
                var log = ImportLog()
                log.report.encoding = source.encoding
                try await rows(tx, &log)
                try await announce(log.notices, on: tx)
                let summary = AuditEvent(
                    "import.\(source.kind.rawValue)", by: actor, entity: .csvImport, id: source.sha256,
                    path: actor.scope,
                    after: ImportAudit(kind: source.kind, rows: source.table.rows.count, report: log.report))
                try await AuditTrail.append(log.events + [summary], at: now, on: tx)
                return log
            }
        }
        deliverLocally(log.notices)
        return log.report
    }

    /// Runs one row's work; an error it raises names the row's line and the CSV column (the use
    /// case's field, renamed by `overrides` or to snake_case).
    func importRow<T>(
        _ line: Int, _ source: ImportSource, columns overrides: [String: String] = [:], _ work: () async throws -> T
    ) async throws -> T {
        do {
            return try await work()
        } catch let error as LifelineError {
            throw LifelineError.importFailed(
                line: line,
                column: CSVColumn.named(for: error.field, header: source.table.header, overrides: overrides), error)
        }
    }
}

/// The file being imported.
struct ImportSource: Sendable {
    var kind: CSVKind
    var table: CSVTable
    var encoding: CSVEncoding
    /// Of the decoded text; the summary audit event's entity id.
    var sha256: String

    /// Refuses a row that names the same thing (`key`) as an earlier row of the file: a file states
    /// each item, depot, jurisdiction or receipt once, so that no row silently overrides another.
    func requireFirst(_ key: String, line: Int, column: String?, seen: inout [String: Int]) throws(LifelineError) {
        if let first = seen[key] {
            throw LifelineError.importFailed(
                line: line, column: column,
                reason: LocalizedText(
                    zh: "与第 \(first) 行重复；同一文件中每一条只能出现一次，请合并或删除其中一行",
                    en: "repeats row \(first); a file may state each entry once — merge the two rows or delete one"))
        }
        seen[key] = line
    }
}

/// What one import transaction collects from its rows.
struct ImportLog: Sendable {
    var report = ImportReport()
    var events: [AuditEvent] = []
    var notices: [DispatchNotice] = []

    mutating func created<T>(_ audited: Audited<T>) {
        report.created += 1
        take(audited)
    }

    mutating func updated<T>(_ audited: Audited<T>) {
        report.updated += 1
        take(audited)
    }

    mutating func unchanged() { report.unchanged += 1 }

    private mutating func take<T>(_ audited: Audited<T>) {
        events += audited.events
        notices += audited.notices
    }
}

/// The summary audit event of an import.
struct ImportAudit: Encodable {
    var kind: CSVKind
    var rows: Int
    var report: ImportReport
}
