import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// Kits (物资包, R7.1): versioned bills of materials over catalogue items; assembly takes the
/// components out of their lots first-expiry-first-out (`kit_assembly`) and puts the kits into a lot
/// of the kit's item (`kit_output`) whose expiry is its earliest component's; disassembly takes kits
/// out (`kit_disassembly`) and gives the components back to the lots they came from (`kit_output`).
/// Every movement of one piece of work carries its number (ZB-…) and the work keeps which component
/// lots went into which kit lot. All or nothing: a short component is named and nothing moves.
extension StockService {
    // MARK: - Definitions

    /// Kit definitions, the newest version of each code first.
    public func kitDefinitions(for actor: Actor) async throws -> [KitDefinitionView] {
        try AccessPolicy.require(.readReference, actor)
        let rows = try await KitDefinitionRecord.query(on: database).sort(\.$code).sort(\.$version, .descending).all()
        return try await kitDefinitionViews(rows, on: database)
    }

    /// Defines a kit, or the next version of one (audited): the kit's own catalogue item, its level
    /// and its bill of materials.
    public func defineKit(_ new: NewKitDefinition, by actor: Actor) async throws -> KitDefinitionView {
        try AccessPolicy.require(.manageCatalogue, actor)
        let code = try Text.required(new.code, field: "code", max: 40)
        let nameZh = try Text.required(new.nameZh, field: "nameZh", max: 200)
        let nameEn = try Text.required(new.nameEn, field: "nameEn", max: 200)
        try KitRule.validate(new.components)
        let now = clock.now()
        return try await store.write { tx in
            try await self.insertKitDefinition(
                new, code: code, nameZh: nameZh, nameEn: nameEn, by: actor, now: now, on: tx)
        }
    }

    /// Stores a checked definition as the next version of `code` inside the write transaction `tx`
    /// (audited), after checking its catalogue items there.
    func insertKitDefinition(
        _ new: NewKitDefinition, code: String, nameZh: String, nameEn: String, by actor: Actor, now: Date,
        on tx: any Database
    ) async throws -> KitDefinitionView {
        let kitItem = try await item(code: new.kitItemCode, field: "kitItemCode", on: tx)
        for (index, component) in new.components.enumerated() {
            let part = try await item(code: component.itemCode, field: "components[\(index)].itemCode", on: tx)
            guard part.id != kitItem.id else {
                throw LifelineError.invalid("components[\(index)].itemCode", "a kit cannot contain itself")
            }
        }
        let latest = try await KitDefinitionRecord.query(on: tx).filter(\.$code == code)
            .sort(\.$version, .descending).first()
        let record = KitDefinitionRecord()
        record.id = ids.next()
        record.code = code
        record.version = (latest?.version ?? 0) + 1
        record.nameZh = nameZh
        record.nameEn = nameEn
        record.level = new.level.rawValue
        record.kitItemID = try kitItem.requireID()
        record.components = String(decoding: try JSONEncoder.sorted.encode(new.components), as: UTF8.self)
        record.createdByName = actor.username
        record.createdAtMs = now.milliseconds
        try await record.create(on: tx)
        let view = try await kitDefinitionViews([record], on: tx)[0]
        try await AuditTrail.append(
            [
                AuditEvent(
                    "kit.define", by: actor, entity: .item, id: view.id.uuidString, path: actor.scope,
                    before: KitDefinitionView?.none, after: view)
            ], at: now, on: tx)
        return view
    }

    // MARK: - Work

    /// Assembles `kits` kits of the latest version of `definitionCode` in a depot the actor reaches.
    public func assembleKits(_ input: KitWorkInput, by actor: Actor) async throws -> KitWorkView {
        try AccessPolicy.require(.moveStock, actor)
        let kits = try Text.positiveQuantity(input.kits)
        let today = self.today
        let now = clock.now()
        return try await store.write { tx in
            let definition = try await latestKit(input.definitionCode, on: tx)
            let bill = try definition.bill
            let depot = try await depot(input.depotId, field: "depotId", for: actor, on: tx)
            let depotID = try depot.requireID()
            let kitItem = try await item(definition.kitItemID, on: tx)
            guard try depot.profile.accepts(kitItem.definition.storage) else {
                throw LifelineError(
                    .storageMismatch, field: "depotId", ["depot": depot.code],
                    localized: ["storage": try kitItem.definition.storage.text])
            }
            // Every component's issuable lots in the depot, earliest expiry first.
            var lotsByCode: [String: [LedgerLot]] = [:]
            var free: [String: Int] = [:]
            for component in bill {
                let part = try await item(code: component.itemCode, field: "components", on: tx)
                let lots = try await LedgerSQL.issuableLots(
                    depot: depotID, item: try part.requireID(), on: today, on: tx)
                lotsByCode[component.itemCode] = lots
                free[component.itemCode] = lots.reduce(0) { $0 &+ max(0, $1.balance.free) }
            }
            if let short = KitRule.shortComponent(kits: kits, components: bill, free: free) {
                throw LifelineError(
                    .kitShortComponent, field: "kits",
                    [
                        "item": short.itemCode, "needed": String(short.needed), "available": String(short.available),
                        "kits": String(KitRule.possibleKits(components: bill, free: free)),
                    ])
            }
            let number = try await LedgerSQL.nextDocumentNumber(
                .kit,
                jurisdiction: try Stored.value(
                    JurisdictionCode.self, depot.jurisdictionCode, column: "depots.jurisdiction_code"), day: today,
                on: tx
            ).description
            var lines: [KitWorkLine] = []
            var expiries: [Day?] = []
            var costPerKit = 0
            for component in bill {
                let lots = lotsByCode[component.itemCode] ?? []
                let picks = try FEFOPicker.pick(
                    component.quantity * kits, from: lots.map { try $0.pickable }, on: today)
                let byID = Dictionary(uniqueKeysWithValues: lots.map { ($0.id.uuidString, $0) })
                for pick in picks {
                    guard let lot = byID[pick.lotID] else { continue }
                    let movement = MovementDraft(
                        kind: .kitAssembly, lot: lot, effect: MovementKind.kitAssembly.effect(quantity: pick.quantity),
                        documentNo: number, reason: "组包 \(definition.code) v\(definition.version)", actor: actor,
                        at: now)
                    guard try await LedgerSQL.post(movement, issuableOn: today, at: now, on: tx) != nil else {
                        throw LifelineError(
                            .conflict, ["reason": "lot \(lot.batchNo) changed while kits were assembled"])
                    }
                    lines.append(KitWorkLine(lotId: lot.id, itemId: lot.itemID, quantity: pick.quantity))
                    expiries.append(lot.expiry)
                }
                // The kit's cost: each component's units at the cost of the lots they came from.
                let cost = picks.reduce(0) { total, pick in
                    total &+ (byID[pick.lotID].map { $0.unitCostFen &* pick.quantity } ?? 0)
                }
                costPerKit = costPerKit &+ cost / kits
            }
            // The kits' own lot: one per piece of work, expiring with its earliest component.
            let kitLot = LotRecord(status: LotStatus.available.rawValue)
            kitLot.id = ids.next()
            kitLot.depotID = depotID
            kitLot.itemID = definition.kitItemID
            kitLot.path = depot.path
            kitLot.batchNo = number
            kitLot.manufacturer = depot.name
            kitLot.productionDate = today.iso
            kitLot.expiryDate = KitRule.expiry(of: expiries)?.iso
            kitLot.onHand = 0
            kitLot.reserved = 0
            kitLot.held = 0
            kitLot.unitCostFen = min(costPerKit, Limits.unitPriceFen)
            kitLot.receivedSeq = Int(now.timeIntervalSince1970 * 1000)
            try await kitLot.create(on: tx)
            let ledgerKitLot = try LedgerLot(kitLot, depot: depot)
            let output = MovementDraft(
                kind: .kitOutput, lot: ledgerKitLot, effect: MovementKind.kitOutput.effect(quantity: kits),
                documentNo: number, reason: "组包 \(definition.code) v\(definition.version)", actor: actor, at: now)
            guard try await LedgerSQL.post(output, issuableOn: nil, at: now, on: tx) != nil else {
                throw LifelineError(.conflict, ["reason": "the kit lot refused its kits"])
            }
            return try await recordWork(
                .assembly, number: number, definition: definition, depot: depot, kits: kits, kitLot: ledgerKitLot.id,
                lines: lines, by: actor, at: now, on: tx)
        }
    }

    /// Takes `kits` kits of a kit lot apart: the kits leave the kit lot and their components go back
    /// to the lots they came from (never more to a lot than it gave).
    public func disassembleKits(_ input: KitDisassemblyInput, by actor: Actor) async throws -> KitWorkView {
        try AccessPolicy.require(.moveStock, actor)
        let kits = try Text.positiveQuantity(input.kits)
        let today = self.today
        let now = clock.now()
        return try await store.write { tx in
            let (kitLot, number) = try await ledgerLot(
                input.kitLotId, field: "kitLotId", numbering: .kit, on: today, for: actor, on: tx)
            guard
                let assembly = try await KitWorkRecord.query(on: tx).filter(\.$kitLotID == kitLot.id)
                    .filter(\.$kind == KitWork.assembly.rawValue).first(),
                let definition = try await KitDefinitionRecord.find(assembly.definitionID, on: tx)
            else { throw LifelineError.invalid("kitLotId", "a lot of assembled kits") }
            guard kitLot.balance.free >= kits else {
                throw LifelineError(
                    .insufficientStock, field: "kits",
                    ["available": String(max(0, kitLot.balance.free)), "requested": String(kits)])
            }
            let taken = try JSONDecoder().decode([KitWorkLine].self, from: Data(assembly.lines.utf8))
            let out = MovementDraft(
                kind: .kitDisassembly, lot: kitLot, effect: MovementKind.kitDisassembly.effect(quantity: kits),
                documentNo: number.description, reason: "拆包 \(definition.code)", actor: actor, at: now)
            guard try await LedgerSQL.post(out, issuableOn: nil, at: now, on: tx) != nil else {
                throw LifelineError(.insufficientStock, field: "kits", ["available": "0", "requested": String(kits)])
            }
            // What earlier disassemblies of this kit lot already gave back, per component lot.
            var returned: [UUID: Int] = [:]
            for earlier in try await KitWorkRecord.query(on: tx).filter(\.$kitLotID == kitLot.id)
                .filter(\.$kind == KitWork.disassembly.rawValue).all()
            {
                for line in try JSONDecoder().decode([KitWorkLine].self, from: Data(earlier.lines.utf8)) {
                    returned[line.lotId, default: 0] += line.quantity
                }
            }
            // Each component goes back as much as `kits` kits hold, to the lots it came from, up to
            // what each gave and has not had back yet.
            var lines: [KitWorkLine] = []
            for component in try definition.bill {
                let part = try await item(code: component.itemCode, field: "components", on: tx)
                var left = component.quantity * kits
                for line in taken where line.itemId == part.id && left > 0 {
                    let back = min(left, line.quantity - (returned[line.lotId] ?? 0))
                    guard back > 0, let lot = try await LedgerSQL.lot(line.lotId, on: tx) else { continue }
                    let movement = MovementDraft(
                        kind: .kitOutput, lot: lot, effect: MovementKind.kitOutput.effect(quantity: back),
                        documentNo: number.description, reason: "拆包 \(definition.code)", actor: actor, at: now)
                    guard try await LedgerSQL.post(movement, issuableOn: nil, at: now, on: tx) != nil else {
                        throw LifelineError(.conflict, ["reason": "lot \(lot.batchNo) refused its components"])
                    }
                    lines.append(KitWorkLine(lotId: lot.id, itemId: lot.itemID, quantity: back))
                    left -= back
                }
            }
            guard let depot = try await DepotRecord.find(kitLot.depotID, on: tx) else {
                throw LifelineError.notFound(.depot, kitLot.depotID.uuidString)
            }
            return try await recordWork(
                .disassembly, number: number.description, definition: definition, depot: depot, kits: kits,
                kitLot: kitLot.id, lines: lines, by: actor, at: now, on: tx)
        }
    }

    /// The work done in the depots the actor reaches, newest first.
    public func kitWork(page: PageRequest, for actor: Actor) async throws -> Page<KitWorkView> {
        try AccessPolicy.require(.readStock, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let records = try await KitWorkRecord.query(on: database).restricted(to: ScopeFilter(actor), .kitWork)
            .sort(\.$atMs, .descending).sort(\.$id).paginate(page)
        return Page(
            items: try await kitWorkViews(records.items, on: database), page: records.page, per: records.per,
            total: records.total)
    }

    private func latestKit(_ code: String, on db: any Database) async throws -> KitDefinitionRecord {
        guard
            let definition = try await KitDefinitionRecord.query(on: db).filter(\.$code == code)
                .sort(\.$version, .descending).first()
        else { throw LifelineError.unknownReference("definitionCode", .item, code) }
        return definition
    }

    private func recordWork(
        _ kind: KitWork, number: String, definition: KitDefinitionRecord, depot: DepotRecord, kits: Int, kitLot: UUID,
        lines: [KitWorkLine], by actor: Actor, at now: Date, on tx: any Database
    ) async throws -> KitWorkView {
        let record = KitWorkRecord()
        record.id = ids.next()
        record.number = number
        record.kind = kind.rawValue
        record.definitionID = try definition.requireID()
        record.depotID = try depot.requireID()
        record.path = depot.path
        record.kits = kits
        record.kitLotID = kitLot
        record.lines = String(decoding: try JSONEncoder.sorted.encode(lines), as: UTF8.self)
        record.byName = actor.username
        record.atMs = now.milliseconds
        try await record.create(on: tx)
        let view = try await kitWorkView(record, on: tx)
        try await AuditTrail.append(
            [
                AuditEvent(
                    "kit.\(kind.rawValue)", by: actor, entity: .lot, id: kitLot.uuidString,
                    path: try depot.jurisdictionPath, before: KitWorkView?.none, after: view)
            ], at: now, on: tx)
        return view
    }

    func kitWorkView(_ r: KitWorkRecord, on db: any Database) async throws -> KitWorkView {
        try await kitWorkViews([r], on: db)[0]
    }

    /// The views of a page of work with two reads — the definitions and every lot the page names —
    /// whatever its length.
    func kitWorkViews(_ records: [KitWorkRecord], on db: any Database) async throws -> [KitWorkView] {
        let lines = try records.map { try JSONDecoder().decode([KitWorkLine].self, from: Data($0.lines.utf8)) }
        let definitions = try await KitDefinitionRecord.query(on: db)
            .filter(\.$id ~~ Set(records.map(\.definitionID))).all().byID
        let lotIDs = Set(lines.flatMap { $0.map(\.lotId) } + records.map(\.kitLotID))
        let lots = try await LotRecord.query(on: db).filter(\.$id ~~ lotIDs).all().byID
        return try zip(records, lines).map { r, lines in
            let definition = definitions[r.definitionID]
            return KitWorkView(
                id: try r.requireID(), number: r.number,
                kind: try Stored.value(KitWork.self, r.kind, column: "kit_work.kind"),
                definitionCode: definition?.code ?? "", definitionVersion: definition?.version ?? 0,
                depotId: r.depotID, kits: r.kits, kitLotId: r.kitLotID, kitExpiryDate: lots[r.kitLotID]?.expiryDate,
                components: lines.map { line in
                    KitWorkLineView(
                        lotId: line.lotId, batchNo: lots[line.lotId]?.batchNo ?? "", itemId: line.itemId,
                        expiryDate: lots[line.lotId]?.expiryDate, quantity: line.quantity)
                }, by: r.byName, at: Date(milliseconds: r.atMs))
        }
    }

    func kitDefinitionViews(_ rows: [KitDefinitionRecord], on db: any Database) async throws -> [KitDefinitionView] {
        let items = Dictionary(
            try await ItemRecord.query(on: db).filter(\.$id ~~ Set(rows.map(\.kitItemID))).all().map { ($0.id!, $0) },
            uniquingKeysWith: { a, _ in a })
        return try rows.map { r in
            KitDefinitionView(
                id: try r.requireID(), code: r.code, version: r.version, nameZh: r.nameZh, nameEn: r.nameEn,
                level: try Stored.value(KitLevel.self, r.level, column: "kit_definitions.level"),
                kitItemCode: items[r.kitItemID]?.code ?? "", components: try r.bill, createdBy: r.createdByName,
                createdAt: Date(milliseconds: r.createdAtMs))
        }
    }
}

/// Assembly or disassembly.
public enum KitWork: String, Sendable, Codable, CaseIterable {
    case assembly, disassembly
}

/// A kit as an office defines it.
public struct NewKitDefinition: Codable, Sendable, Hashable {
    public var code: String
    public var nameZh: String
    public var nameEn: String
    public var level: KitLevel
    /// The catalogue item the kit is (its lots are kit lots).
    public var kitItemCode: String
    public var components: [KitComponent]

    public init(
        code: String, nameZh: String, nameEn: String, level: KitLevel, kitItemCode: String, components: [KitComponent]
    ) {
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.level = level
        self.kitItemCode = kitItemCode
        self.components = components
    }
}

/// A kit definition as read.
public struct KitDefinitionView: Codable, Sendable, Equatable {
    public var id: UUID
    public var code: String
    public var version: Int
    public var nameZh: String
    public var nameEn: String
    public var level: KitLevel
    public var kitItemCode: String
    public var components: [KitComponent]
    public var createdBy: String
    public var createdAt: Date
}

/// Kits to assemble.
public struct KitWorkInput: Codable, Sendable, Hashable {
    public var definitionCode: String
    public var depotId: UUID
    public var kits: Int

    public init(definitionCode: String, depotId: UUID, kits: Int) {
        self.definitionCode = definitionCode
        self.depotId = depotId
        self.kits = kits
    }
}

/// Kits to take apart.
public struct KitDisassemblyInput: Codable, Sendable, Hashable {
    public var kitLotId: UUID
    public var kits: Int

    public init(kitLotId: UUID, kits: Int) {
        self.kitLotId = kitLotId
        self.kits = kits
    }
}

/// A component lot's units in one piece of kit work.
struct KitWorkLine: Codable, Sendable, Hashable {
    var lotId: UUID
    var itemId: UUID
    var quantity: Int
}

/// A component lot in a piece of kit work, as read.
public struct KitWorkLineView: Codable, Sendable, Equatable {
    public var lotId: UUID
    public var batchNo: String
    public var itemId: UUID
    public var expiryDate: String?
    public var quantity: Int
}

/// A piece of kit work as read.
public struct KitWorkView: Codable, Sendable, Equatable {
    public var id: UUID
    public var number: String
    public var kind: KitWork
    public var definitionCode: String
    public var definitionVersion: Int
    public var depotId: UUID
    public var kits: Int
    public var kitLotId: UUID
    /// The kit lot's expiry: its earliest component's.
    public var kitExpiryDate: String?
    public var components: [KitWorkLineView]
    public var by: String
    public var at: Date
}

extension RowReach {
    /// Kit work: its depot's area; the depot's owner and operator.
    static let kitWork = RowReach(paths: ["path"], depot: "depot_id")
}
