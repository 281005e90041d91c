import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// One whitelisted raw material in a jurisdiction: stock, monthly use, months of cover and the
/// purchase proposed when cover falls below three months (R3.6).
public struct RawMaterialStockView: Codable, Sendable, Equatable {
    public var jurisdictionCode: String
    public var path: String
    public var material: RawMaterialClass
    public var unitZh: String
    public var unitEn: String
    public var stock: Int
    public var monthlyUse: Int
    /// Months of cover in tenths (32 = 3.2 months); absent when nothing is used.
    public var monthsOfCoverTenths: Int?
    /// What to buy to get back to three months of use (0 when there is enough).
    public var proposedPurchase: Int
    public var updatedBy: String?
    public var updatedAt: Date?
}

/// A whitelisted supplier with its agreed price and whether its latest quote keeps within ±15 %.
public struct RawMaterialSupplierView: Codable, Sendable, Equatable {
    public var id: UUID
    public var material: RawMaterialClass
    public var name: String
    public var path: String
    public var agreedPriceFen: Int
    public var latestPriceFen: Int?
    public var withinBand: Bool
}

/// A supplier as an office registers it.
public struct NewRawMaterialSupplier: Codable, Sendable, Hashable {
    public var material: RawMaterialClass
    public var name: String
    public var agreedPriceFen: Int
    public var latestPriceFen: Int?

    public init(material: RawMaterialClass, name: String, agreedPriceFen: Int, latestPriceFen: Int? = nil) {
        self.material = material
        self.name = name
        self.agreedPriceFen = agreedPriceFen
        self.latestPriceFen = latestPriceFen
    }
}

extension ReservesService {
    /// The eight materials of a jurisdiction in the actor's scope (its own by default), recorded or
    /// not (a material never recorded shows 0 and 0).
    public func rawMaterials(in code: String?, for actor: Actor) async throws -> [RawMaterialStockView] {
        try AccessPolicy.require(.readStock, actor)
        guard !actor.role.isUnitBound else { throw LifelineError.outOfScope(.jurisdiction) }
        let record = try await jurisdiction(
            code ?? actor.scope.codes.last?.rawValue ?? "CN", field: "jurisdiction", on: database)
        let path = try record.jurisdictionPath
        guard actor.scope.contains(path) else { throw LifelineError.outOfScope(.jurisdiction) }
        let rows = try await RawMaterialStockRecord.query(on: database).filter(
            \.$jurisdictionCode == record.code.rawValue
        )
        .all()
        let byMaterial = Dictionary(rows.map { ($0.material, $0) }, uniquingKeysWith: { a, _ in a })
        return RawMaterialClass.allCases.map { material in
            let row = byMaterial[material.rawValue]
            return Self.view(
                code: record.code.rawValue, path: path.rawValue, material: material, stock: row?.stock ?? 0,
                monthlyUse: row?.monthlyUse ?? 0, by: row?.updatedByName, at: row?.updatedAtMs)
        }
    }

    /// Records a material's stock and monthly use for a jurisdiction in the actor's scope (audited).
    public func setRawMaterial(
        _ material: RawMaterialClass, in code: String, stock: Int, monthlyUse: Int, by actor: Actor
    ) async throws -> RawMaterialStockView {
        try AccessPolicy.require(.managePlans, actor)
        for (value, field) in [(stock, "stock"), (monthlyUse, "monthlyUse")] where !(0...1_000_000_000).contains(value)
        {
            throw LifelineError(.outOfRange, field: field, ["min": "0", "max": "1000000000"])
        }
        let now = clock.now()
        return try await store.write { tx in
            let record = try await jurisdiction(code, field: "jurisdiction", on: tx)
            let path = try record.jurisdictionPath
            guard !actor.role.isUnitBound, actor.scope.contains(path) else {
                throw LifelineError.outOfScope(.jurisdiction)
            }
            let existing = try await RawMaterialStockRecord.query(on: tx)
                .filter(\.$jurisdictionCode == record.code.rawValue).filter(\.$material == material.rawValue).first()
            let row = existing ?? RawMaterialStockRecord()
            let before = existing.map {
                Self.view(
                    code: $0.jurisdictionCode, path: $0.path, material: material, stock: $0.stock,
                    monthlyUse: $0.monthlyUse, by: $0.updatedByName, at: $0.updatedAtMs)
            }
            if existing == nil {
                row.id = ids.next()
                row.jurisdictionCode = record.code.rawValue
                row.path = path.rawValue
                row.material = material.rawValue
            }
            row.stock = stock
            row.monthlyUse = monthlyUse
            row.updatedByName = actor.username
            row.updatedAtMs = now.milliseconds
            try await row.save(on: tx)
            let view = Self.view(
                code: row.jurisdictionCode, path: row.path, material: material, stock: stock, monthlyUse: monthlyUse,
                by: actor.username, at: now.milliseconds)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "raw_material.set", by: actor, entity: .jurisdiction, id: record.code.rawValue, path: path,
                        before: before, after: view)
                ], at: now, on: tx)
            return view
        }
    }

    /// Whitelisted suppliers the actor's scope keeps.
    public func rawMaterialSuppliers(for actor: Actor) async throws -> [RawMaterialSupplierView] {
        try AccessPolicy.require(.readStock, actor)
        let scope = actor.role.isUnitBound ? ScopeFilter.nothing : ScopeFilter(actor)
        return try await RawMaterialSupplierRecord.query(on: database).restricted(to: scope, .rawMaterials)
            .sort(\.$material).sort(\.$name).all().map(Self.supplierView)
    }

    /// Registers a supplier for the actor's own jurisdiction.
    public func addRawMaterialSupplier(_ new: NewRawMaterialSupplier, by actor: Actor) async throws
        -> RawMaterialSupplierView
    {
        try AccessPolicy.require(.managePlans, actor)
        guard !actor.role.isUnitBound else { throw LifelineError.outOfScope(.jurisdiction) }
        let name = try Text.required(new.name, field: "name", max: 200)
        for (value, field) in [(new.agreedPriceFen, "agreedPriceFen"), (new.latestPriceFen ?? 1, "latestPriceFen")]
        where !(1...Limits.unitPriceFen).contains(value) {
            throw LifelineError(.outOfRange, field: field, ["min": "1", "max": String(Limits.unitPriceFen)])
        }
        let now = clock.now()
        return try await store.write { tx in
            let row = RawMaterialSupplierRecord()
            row.id = ids.next()
            row.material = new.material.rawValue
            row.name = name
            row.path = actor.scope.rawValue
            row.agreedPriceFen = new.agreedPriceFen
            row.latestPriceFen = new.latestPriceFen
            row.createdAtMs = now.milliseconds
            try await row.create(on: tx)
            let view = try Self.supplierView(row)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "raw_material.supplier", by: actor, entity: .jurisdiction, id: view.id.uuidString,
                        path: actor.scope, after: view)
                ], at: now, on: tx)
            return view
        }
    }

    /// Every recorded material below three months of cover, for the alert centre.
    func rawMaterialCauses() async throws -> [AlertCondition] {
        let rows = try await RawMaterialStockRecord.query(on: database).all()
        var causes: [AlertCondition] = []
        for row in rows {
            let material = try row.materialClass
            let proposal = RawMaterialRule.purchaseProposal(stock: row.stock, monthlyUse: row.monthlyUse)
            guard proposal > 0,
                let tenths = RawMaterialRule.monthsOfCoverTenths(stock: row.stock, monthlyUse: row.monthlyUse)
            else { continue }
            let months = "\(tenths / 10).\(tenths % 10)"
            let name =
                try await JurisdictionRecord.find(row.jurisdictionCode, on: database)?.name ?? row.jurisdictionCode
            causes.append(
                AlertCondition(
                    kind: .rawMaterialLow, subject: "\(row.jurisdictionCode):\(material.rawValue)",
                    path: try row.jurisdictionPath,
                    message: LocalizedText(
                        zh: """
                            \(name) \(material.text.zh)库存 \(row.stock) \(material.unit.zh)，月用量 \(row.monthlyUse) \
                            \(material.unit.zh)，可用 \(months) 个月，低于 3 个月：建议政府收储 \(proposal) \(material.unit.zh)
                            """,
                        en: """
                            \(name) \(material.text.en): \(row.stock) \(material.unit.en) for \(row.monthlyUse) \
                            \(material.unit.en) a month, \(months) months of cover, under 3: buy \(proposal) \
                            \(material.unit.en)
                            """)))
        }
        return causes
    }

    static func view(
        code: String, path: String, material: RawMaterialClass, stock: Int, monthlyUse: Int, by: String?, at: Int?
    ) -> RawMaterialStockView {
        RawMaterialStockView(
            jurisdictionCode: code, path: path, material: material, unitZh: material.unit.zh, unitEn: material.unit.en,
            stock: stock, monthlyUse: monthlyUse,
            monthsOfCoverTenths: RawMaterialRule.monthsOfCoverTenths(stock: stock, monthlyUse: monthlyUse),
            proposedPurchase: RawMaterialRule.purchaseProposal(stock: stock, monthlyUse: monthlyUse), updatedBy: by,
            updatedAt: at.map(Date.init(milliseconds:)))
    }

    static func supplierView(_ row: RawMaterialSupplierRecord) throws -> RawMaterialSupplierView {
        RawMaterialSupplierView(
            id: try row.requireID(), material: try row.materialClass, name: row.name, path: row.path,
            agreedPriceFen: row.agreedPriceFen, latestPriceFen: row.latestPriceFen,
            withinBand: row.latestPriceFen.map {
                RawMaterialRule.withinBand(priceFen: $0, agreedFen: row.agreedPriceFen)
            } ?? true)
    }
}

extension RowReach {
    /// A raw-material supplier: the area of the jurisdiction that keeps its agreement.
    static let rawMaterials = RowReach(paths: ["path"])
}
