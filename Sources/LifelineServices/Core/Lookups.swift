import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// Loading rows by id with the existence and scope checks every use case needs.
extension Capability {
    /// Depots by id, read at once (a page's views, an approval's sources).
    func depotsByID(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: DepotRecord] {
        guard !ids.isEmpty else { return [:] }
        return try await DepotRecord.query(on: db).filter(\.$id ~~ ids).all().byID
    }

    func depot(_ id: UUID, field: String? = nil, for actor: Actor, on db: any Database) async throws -> DepotRecord {
        guard let depot = try await DepotRecord.find(id, on: db) else {
            if let field { throw LifelineError.unknownReference(field, .depot, id.uuidString) }
            throw LifelineError.notFound(.depot, id.uuidString)
        }
        try AccessPolicy.requireReach(
            actor, .depot, path: depot.jurisdictionPath, ownerUnit: depot.ownerUnitID,
            operatorUnit: depot.operatorUnitID)
        return depot
    }

    func item(_ id: UUID, field: String? = nil, on db: any Database) async throws -> ItemRecord {
        guard let item = try await ItemRecord.find(id, on: db) else {
            if let field { throw LifelineError.unknownReference(field, .item, id.uuidString) }
            throw LifelineError.notFound(.item, id.uuidString)
        }
        return item
    }

    /// A lot with its depot, after checking the actor reaches the depot.
    func lot(_ id: UUID, field: String? = nil, for actor: Actor, on db: any Database) async throws -> (
        LotRecord, DepotRecord
    ) {
        guard let lot = try await LotRecord.find(id, on: db) else {
            if let field { throw LifelineError.unknownReference(field, .lot, id.uuidString) }
            throw LifelineError.notFound(.lot, id.uuidString)
        }
        let depot = try await depot(lot.depotID, for: actor, on: db)
        return (lot, depot)
    }

    /// A lot for the ledger's hot path (one query with its depot), after checking the actor reaches the depot.
    func ledgerLot(_ id: UUID, field: String? = nil, for actor: Actor, on db: any Database) async throws -> LedgerLot {
        guard let lot = try await LedgerSQL.lot(id, on: db) else {
            if let field { throw LifelineError.unknownReference(field, .lot, id.uuidString) }
            throw LifelineError.notFound(.lot, id.uuidString)
        }
        try AccessPolicy.requireReach(
            actor, .lot, path: lot.jurisdictionPath, ownerUnit: lot.depotOwner, operatorUnit: lot.depotOperator)
        return lot
    }

    /// ``ledgerLot(_:field:for:on:)`` and the next document number of its depot's series, in one query.
    func ledgerLot(
        _ id: UUID, field: String, numbering prefix: DocumentPrefix, on day: Day, for actor: Actor, on db: any Database
    ) async throws -> (LedgerLot, DocumentNumber) {
        guard let (lot, number) = try await LedgerSQL.lotAndNextNumber(id, prefix, day: day, on: db) else {
            throw LifelineError.unknownReference(field, .lot, id.uuidString)
        }
        try AccessPolicy.requireReach(
            actor, .lot, path: lot.jurisdictionPath, ownerUnit: lot.depotOwner, operatorUnit: lot.depotOperator)
        return (lot, number)
    }

    /// The item with catalogue code `code`, or an error naming `field`.
    func item(code: String, field: String, on db: any Database) async throws -> ItemRecord {
        guard let record = try await ItemRecord.query(on: db).filter(\.$code == code).first() else {
            throw LifelineError.unknownReference(field, .item, code)
        }
        return record
    }

    func unit(_ id: UUID, field: String? = nil, on db: any Database) async throws -> UnitRecord {
        guard let unit = try await UnitRecord.find(id, on: db) else {
            if let field { throw LifelineError.unknownReference(field, .unit, id.uuidString) }
            throw LifelineError.notFound(.unit, id.uuidString)
        }
        return unit
    }

    func jurisdiction(_ code: String, field: String? = nil, on db: any Database) async throws -> JurisdictionRecord {
        guard JurisdictionCode(rawValue: code) != nil, let record = try await JurisdictionRecord.find(code, on: db)
        else {
            if let field { throw LifelineError.unknownReference(field, .jurisdiction, code) }
            throw LifelineError.notFound(.jurisdiction, code)
        }
        return record
    }
}
