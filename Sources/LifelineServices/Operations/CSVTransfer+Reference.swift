import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension OperationsService {
    /// Items are set by code: a new code is created, a changed row updates its item, an equal row is
    /// counted unchanged — through the same functions as the catalogue's create and update.
    func importItems(_ source: ImportSource, by actor: Actor, progress: @escaping @Sendable (Int, Int) -> Void)
        async throws -> ImportReport
    {
        let records = source.table.records
        return try await runImport(source, by: actor) { tx, log in
            var seen: [String: Int] = [:]
            for (index, record) in records.enumerated() {
                try await importRow(record.line, source) {
                    let item = try ItemCSV.item(from: record.values, line: record.line)
                    try source.requireFirst(item.code, line: record.line, column: "code", seen: &seen)
                    if let existing = try await ItemRecord.query(on: tx).filter(\.$code == item.code).first() {
                        if try existing.definition == item {
                            log.unchanged()
                        } else {
                            log.updated(
                                try await reference.updateItem(try existing.requireID(), item, by: actor, on: tx))
                        }
                    } else {
                        log.created(try await reference.createItem(item, by: actor, on: tx))
                    }
                }
                progress(index + 1, records.count)
            }
        }
    }

    /// Depots are set by code, like items; units are named by id or by name.
    func importDepots(_ source: ImportSource, by actor: Actor, progress: @escaping @Sendable (Int, Int) -> Void)
        async throws -> ImportReport
    {
        let records = source.table.records
        return try await runImport(source, by: actor) { tx, log in
            let units = try await UnitRecord.query(on: tx).all()
            var seen: [String: Int] = [:]
            for (index, record) in records.enumerated() {
                try await importRow(record.line, source, columns: Self.depotColumns) {
                    let profile = try Self.depotProfile(record.values, units: units).validated()
                    try source.requireFirst(profile.code, line: record.line, column: "code", seen: &seen)
                    if let existing = try await DepotRecord.query(on: tx).filter(\.$code == profile.code).first() {
                        if try existing.profile == profile {
                            log.unchanged()
                        } else {
                            log.updated(
                                try await reference.updateDepot(try existing.requireID(), profile, by: actor, on: tx))
                        }
                    } else {
                        log.created(try await reference.createDepot(profile, by: actor, on: tx))
                    }
                }
                progress(index + 1, records.count)
            }
        }
    }

    /// The depot profile fields' CSV columns where they are not the field in snake_case.
    static let depotColumns = [
        "jurisdictionCode": "jurisdiction", "ownerUnitId": "owner_unit", "operatorUnitId": "operator_unit",
        "temperatureZones": "zones",
    ]

    /// Reads one depot row; errors carry the column (the caller adds the line).
    static func depotProfile(_ v: [String: String], units: [UnitRecord]) throws(LifelineError) -> DepotProfile {
        func unitID(_ column: String) throws(LifelineError) -> UUID? {
            guard let text = v[column]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            if let id = UUID(uuidString: text) { return id }
            guard let id = units.first(where: { $0.name == text })?.id else {
                throw .unknownReference(column, .unit, text)
            }
            return id
        }
        func int(_ column: String) throws(LifelineError) -> Int {
            let text = v[column]?.trimmingCharacters(in: .whitespaces) ?? ""
            if text.isEmpty { return 0 }
            guard let value = Int(text) else { throw .invalid(column, "not a whole number: '\(text)'") }
            return value
        }
        func double(_ column: String) throws(LifelineError) -> Double {
            guard let value = v[column].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) else {
                throw .invalid(column, "longitude and latitude are required numbers")
            }
            return value
        }
        guard let code = v["jurisdiction"].flatMap(JurisdictionCode.init(rawValue:)) else {
            throw .invalid("jurisdiction", "not a jurisdiction code")
        }
        guard let kind = v["operator_kind"].flatMap(DepotOperatorKind.init(rawValue:)) else {
            throw .invalid("operator_kind", "government or enterprise")
        }
        return DepotProfile(
            code: v["code"] ?? "", name: v["name"] ?? "", jurisdiction: code, ownerUnitID: try unitID("owner_unit"),
            operatorKind: kind,
            operatorUnitID: try unitID("operator_unit"),
            location: GeoPoint(longitude: try double("longitude"), latitude: try double("latitude")),
            address: v["address"], areaM2: try int("area_m2"), volumeM3: try int("volume_m3"),
            zones: try StorageCondition.parseList(v["zones"] ?? "", field: "zones"),
            coldChainM3: try int("cold_chain_m3"),
            isForward: ["1", "true", "是"].contains(v["is_forward"] ?? ""))
    }

    /// Population is set per jurisdiction code; an empty cell clears it.
    func importPopulation(_ source: ImportSource, by actor: Actor, progress: @escaping @Sendable (Int, Int) -> Void)
        async throws -> ImportReport
    {
        _ = try source.table.column("code")
        _ = try source.table.column("population")
        let records = source.table.records
        return try await runImport(source, by: actor) { tx, log in
            var seen: [String: Int] = [:]
            for (index, record) in records.enumerated() {
                try await importRow(record.line, source) {
                    let code = record.values["code"]?.trimmingCharacters(in: .whitespaces) ?? ""
                    let text = record.values["population"]?.trimmingCharacters(in: .whitespaces) ?? ""
                    let value = text.isEmpty ? nil : Int(text.replacingOccurrences(of: ",", with: ""))
                    if !text.isEmpty && value == nil { throw LifelineError.invalid("population", "not a whole number") }
                    try source.requireFirst(code, line: record.line, column: "code", seen: &seen)
                    if try await jurisdiction(code, field: "code", on: tx).population == value {
                        log.unchanged()
                    } else {
                        log.updated(try await reference.setPopulation(code, to: value, by: actor, on: tx))
                    }
                }
                progress(index + 1, records.count)
            }
        }
    }

    /// Townships (R1.1) are set by code under their county: `code,name,longitude,latitude,population`;
    /// an equal row is unchanged.
    func importTownships(_ source: ImportSource, by actor: Actor, progress: @escaping @Sendable (Int, Int) -> Void)
        async throws -> ImportReport
    {
        _ = try source.table.column("code")
        _ = try source.table.column("name")
        let records = source.table.records
        return try await runImport(source, by: actor) { tx, log in
            var seen: [String: Int] = [:]
            for (index, record) in records.enumerated() {
                try await importRow(record.line, source) {
                    func text(_ column: String) -> String? {
                        record.values[column].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap {
                            $0.isEmpty ? nil : $0
                        }
                    }
                    func number(_ column: String) throws(LifelineError) -> Double? {
                        guard let value = text(column) else { return nil }
                        guard let number = Double(value) else { throw LifelineError.invalid(column, "not a number") }
                        return number
                    }
                    let code = text("code") ?? ""
                    try source.requireFirst(code, line: record.line, column: "code", seen: &seen)
                    var population: Int?
                    if let value = text("population") {
                        guard let parsed = Int(value.replacingOccurrences(of: ",", with: "")) else {
                            throw LifelineError.invalid("population", "not a whole number")
                        }
                        population = parsed
                    }
                    let existed = try await JurisdictionRecord.find(code, on: tx) != nil
                    let put = try await reference.putTownship(
                        TownshipInput(
                            code: code, name: text("name") ?? "", longitude: try number("longitude"),
                            latitude: try number("latitude"), population: population), by: actor, on: tx)
                    if put.events.isEmpty {
                        log.unchanged()
                    } else if existed {
                        log.updated(put)
                    } else {
                        log.created(put)
                    }
                }
                progress(index + 1, records.count)
            }
        }
    }
}
