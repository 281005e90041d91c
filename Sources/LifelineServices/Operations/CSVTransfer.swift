import Crypto
import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// What `lifeline import` and `lifeline export` move: items, depots, stock and population, as
/// UTF-8 CSV with a byte-order mark so Excel opens Chinese text correctly.
public enum CSVKind: String, Sendable, CaseIterable {
    case items, depots, stock, population
}

/// The outcome of an import.
public struct ImportReport: Sendable {
    public var created: Int = 0
    public var updated: Int = 0
    public var unchanged: Int = 0
}

extension Services {
    // MARK: Export

    /// The CSV text of `kind`, as far as the actor may see it.
    public func export(_ kind: CSVKind, by actor: Actor) async throws -> String {
        switch kind {
        case .items:
            let items = try await ItemRecord.query(on: database).sort(\.$code).all()
            return CSVTable(header: ItemCSV.header, rows: items.map { ItemCSV.row($0.definition) }).encoded()
        case .depots:
            let depots = try await allPages { try await self.depots(DepotFilter(), page: $0, for: actor) }
            let units = try await UnitRecord.query(on: database).all()
            let names = Dictionary(units.compactMap { u in u.id.map { ($0, u.name) } }, uniquingKeysWith: { a, _ in a })
            return CSVTable(header: Self.depotHeader, rows: depots.map { d in
                let p = d.profile
                return [p.code, p.name, p.jurisdiction.rawValue, p.operatorKind.rawValue, p.operatorUnitID.flatMap { names[$0] } ?? "",
                        p.ownerUnitID.flatMap { names[$0] } ?? "", String(p.location.longitude), String(p.location.latitude), p.address ?? "",
                        String(p.areaM2), String(p.volumeM3), p.zones.map(\.rawValue).joined(separator: ";"), String(p.coldChainM3),
                        p.isForward ? "1" : "0"]
            }).encoded()
        case .stock:
            let lots = try await allPages { try await self.lots(LotFilter(), page: $0, for: actor) }
            let depots = try await DepotRecord.query(on: database).all()
            let depotCodes = Dictionary(depots.compactMap { d in d.id.map { ($0, d.code) } }, uniquingKeysWith: { a, _ in a })
            let items = try await ItemRecord.query(on: database).all()
            let itemCodes = Dictionary(items.compactMap { i in i.id.map { ($0, (i.code, i.nameZh)) } }, uniquingKeysWith: { a, _ in a })
            return CSVTable(header: Self.stockHeader + ["status", "reserved", "held", "available", "item_name"], rows: lots.map { l in
                [depotCodes[l.depotId] ?? "", itemCodes[l.itemId]?.0 ?? "", l.batchNo, l.manufacturer, l.productionDate ?? "",
                 l.expiryDate ?? "", String(l.onHand), String(l.unitCostFen), "passed", l.status.rawValue, String(l.reserved),
                 String(l.held), String(l.available), itemCodes[l.itemId]?.1 ?? ""]
            }).encoded()
        case .population:
            let records = try await JurisdictionRecord.query(on: database).sort(\.$id).all()
            return CSVTable(header: ["code", "name", "level", "population"], rows: records.map {
                [$0.id ?? "", $0.name, $0.level, $0.population.map(String.init) ?? ""]
            }).encoded()
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
        "code", "name", "jurisdiction", "operator_kind", "operator_unit", "owner_unit", "longitude", "latitude", "address", "area_m2",
        "volume_m3", "zones", "cold_chain_m3", "is_forward",
    ]
    static let stockHeader = [
        "depot_code", "item_code", "batch_no", "manufacturer", "production_date", "expiry_date", "quantity", "unit_cost_fen", "inspection",
    ]

    // MARK: Import

    /// Imports a CSV file. Every row is checked first; if any row is bad nothing is stored and the
    /// error names the row and column. Stock rows become receipts keyed by the file's hash and row
    /// number, so importing the same file twice receives nothing twice.
    public func importCSV(
        _ kind: CSVKind, text: String, by actor: Actor, progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> ImportReport {
        let table = try CSVTable(parsing: text)
        switch kind {
        case .items: return try await importItems(table, by: actor, progress: progress)
        case .depots: return try await importDepots(table, by: actor, progress: progress)
        case .stock: return try await importStock(table, text: text, by: actor, progress: progress)
        case .population: return try await importPopulation(table, by: actor, progress: progress)
        }
    }

    private func importItems(_ table: CSVTable, by actor: Actor, progress: @Sendable (Int, Int) -> Void) async throws -> ImportReport {
        try AccessPolicy.requireCatalogueEditor(actor)
        let items = try table.records.map { record throws(LifelineError) in try ItemCSV.item(from: record.values, line: record.line) }
        var report = ImportReport()
        for (index, item) in items.enumerated() {
            if let existing = try await ItemRecord.query(on: database).filter(\.$code == item.code).first() {
                if existing.definition == item {
                    report.unchanged += 1
                } else {
                    _ = try await updateItem(try existing.requireID(), item, by: actor)
                    report.updated += 1
                }
            } else {
                _ = try await createItem(item, by: actor)
                report.created += 1
            }
            progress(index + 1, items.count)
        }
        return report
    }

    private func importDepots(_ table: CSVTable, by actor: Actor, progress: @Sendable (Int, Int) -> Void) async throws -> ImportReport {
        try AccessPolicy.require(.manageDepots, actor)
        let units = try await UnitRecord.query(on: database).all()
        func unitID(_ text: String?, column: String, line: Int) throws -> UUID? {
            guard let text, !text.isEmpty else { return nil }
            if let id = UUID(uuidString: text) { return id }
            guard let unit = units.first(where: { $0.name == text }), let id = unit.id else {
                throw LifelineError(.importFailed, field: column, ["row": String(line), "reason": "\(column): no unit named \(text)"])
            }
            return id
        }
        var profiles: [DepotProfile] = []
        for record in table.records {
            let v = record.values
            func fail(_ column: String, _ reason: String) -> LifelineError {
                LifelineError(.importFailed, field: column, ["row": String(record.line), "reason": "\(column): \(reason)"])
            }
            func int(_ column: String) throws -> Int {
                let text = v[column]?.trimmingCharacters(in: .whitespaces) ?? ""
                if text.isEmpty { return 0 }
                guard let value = Int(text) else { throw fail(column, "not a whole number: '\(text)'") }
                return value
            }
            guard let code = v["jurisdiction"].flatMap(JurisdictionCode.init(rawValue:)) else { throw fail("jurisdiction", "not a jurisdiction code") }
            guard let kind = v["operator_kind"].flatMap(DepotOperatorKind.init(rawValue:)) else { throw fail("operator_kind", "government or enterprise") }
            guard let lon = v["longitude"].flatMap(Double.init), let lat = v["latitude"].flatMap(Double.init) else {
                throw fail("longitude", "longitude and latitude are required numbers")
            }
            let profile = DepotProfile(
                code: v["code"] ?? "", name: v["name"] ?? "", jurisdiction: code,
                ownerUnitID: try unitID(v["owner_unit"], column: "owner_unit", line: record.line), operatorKind: kind,
                operatorUnitID: try unitID(v["operator_unit"], column: "operator_unit", line: record.line),
                location: GeoPoint(longitude: lon, latitude: lat), address: v["address"], areaM2: try int("area_m2"), volumeM3: try int("volume_m3"),
                zones: try StorageCondition.parseList(v["zones"] ?? "", field: "zones"), coldChainM3: try int("cold_chain_m3"),
                isForward: ["1", "true", "是"].contains(v["is_forward"] ?? ""))
            do {
                profiles.append(try profile.validated())
            } catch {
                throw LifelineError(.importFailed, field: error.field, ["row": String(record.line), "reason": error.message(.en)])
            }
        }
        var report = ImportReport()
        for (index, profile) in profiles.enumerated() {
            if let existing = try await DepotRecord.query(on: database).filter(\.$code == profile.code).first() {
                if existing.profile == profile {
                    report.unchanged += 1
                } else {
                    _ = try await updateDepot(try existing.requireID(), profile, by: actor)
                    report.updated += 1
                }
            } else {
                _ = try await createDepot(profile, by: actor)
                report.created += 1
            }
            progress(index + 1, profiles.count)
        }
        return report
    }

    private func importStock(_ table: CSVTable, text: String, by actor: Actor, progress: @Sendable (Int, Int) -> Void) async throws -> ImportReport {
        try AccessPolicy.require(.moveStock, actor)
        for column in Self.stockHeader.prefix(7) { _ = try table.column(column) }
        let depots = try await DepotRecord.query(on: database).all()
        let depotIDs = Dictionary(depots.compactMap { d in d.id.map { (d.code, $0) } }, uniquingKeysWith: { a, _ in a })
        let items = try await ItemRecord.query(on: database).all()
        let itemIDs = Dictionary(items.compactMap { i in i.id.map { (i.code, $0) } }, uniquingKeysWith: { a, _ in a })
        let fileHash = Hex.encode(SHA256.hash(data: Data(text.utf8)).prefix(8))
        var receipts: [(ReceiptInput, String)] = []
        for record in table.records {
            let v = record.values
            func fail(_ column: String, _ reason: String) -> LifelineError {
                LifelineError(.importFailed, field: column, ["row": String(record.line), "reason": "\(column): \(reason)"])
            }
            guard let depot = v["depot_code"].flatMap({ depotIDs[$0] }) else { throw fail("depot_code", "unknown depot '\(v["depot_code"] ?? "")'") }
            guard let item = v["item_code"].flatMap({ itemIDs[$0] }) else { throw fail("item_code", "unknown item '\(v["item_code"] ?? "")'") }
            guard let quantity = v["quantity"].flatMap({ Int($0) }), quantity > 0 else { throw fail("quantity", "a positive whole number") }
            let cost = v["unit_cost_fen"].flatMap { $0.isEmpty ? nil : $0 }
            if let cost, Int(cost) == nil { throw fail("unit_cost_fen", "not a whole number") }
            for column in ["production_date", "expiry_date"] {
                if let day = v[column], !day.isEmpty, Day(iso: day) == nil { throw fail(column, "not a date (YYYY-MM-DD)") }
            }
            let inspection = v["inspection"].flatMap { $0.isEmpty ? nil : $0 }
            if let inspection, AcceptanceInspection(rawValue: inspection) == nil { throw fail("inspection", "passed, pending or failed") }
            receipts.append((ReceiptInput(
                depotId: depot, itemId: item, quantity: quantity, batchNo: v["batch_no"], manufacturer: v["manufacturer"],
                productionDate: v["production_date"], expiryDate: v["expiry_date"], unitCostFen: cost.flatMap { Int($0) },
                inspection: inspection.flatMap(AcceptanceInspection.init(rawValue:)) ?? .passed, note: "import"),
                "import-\(fileHash)-\(record.line)"))
        }
        var report = ImportReport()
        for (index, (receipt, key)) in receipts.enumerated() {
            let before = try await IdempotencyStore.find(key: key, actor: actor.userID, on: database)
            do {
                _ = try await receive(receipt, key: key, by: actor)
            } catch let error as LifelineError {
                throw LifelineError(.importFailed, field: error.field, ["row": String(index + 2), "reason": error.message(.en)])
            }
            if before == nil { report.created += 1 } else { report.unchanged += 1 }
            progress(index + 1, receipts.count)
        }
        return report
    }

    private func importPopulation(_ table: CSVTable, by actor: Actor, progress: @Sendable (Int, Int) -> Void) async throws -> ImportReport {
        try AccessPolicy.require(.editPopulation, actor)
        _ = try table.column("code")
        _ = try table.column("population")
        var rows: [(String, Int?)] = []
        for record in table.records {
            let text = record.values["population"]?.trimmingCharacters(in: .whitespaces) ?? ""
            let value = text.isEmpty ? nil : Int(text.replacingOccurrences(of: ",", with: ""))
            if !text.isEmpty && value == nil {
                throw LifelineError(.importFailed, field: "population", ["row": String(record.line), "reason": "population: not a whole number"])
            }
            try Jurisdiction.validatePopulation(value)
            rows.append((record.values["code"] ?? "", value))
        }
        var report = ImportReport()
        for (index, (code, value)) in rows.enumerated() {
            let current = try await jurisdiction(code, field: "code", on: database)
            if current.population == value {
                report.unchanged += 1
            } else {
                _ = try await setPopulation(code, to: value, by: actor)
                report.updated += 1
            }
            progress(index + 1, rows.count)
        }
        return report
    }
}
