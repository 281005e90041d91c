import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// Stocktakes (盘点, R4.5): the sheet of a depot frozen at the start, counts entered (on the phone
/// page, by CSV or from RFID tags), differences worked out against the frozen quantity plus what
/// moved since, and adjusted — at once up to the value limit, after a second person's approval
/// above it. Every adjustment carries the stocktake's number (PD-…) and the line's reason.
extension StockService {
    /// Freezes the sheet of a depot the actor reaches: every lot with stock on it.
    public func startStocktake(depotID: UUID, limitFen: Int?, by actor: Actor) async throws -> StocktakeView {
        try AccessPolicy.require(.moveStock, actor)
        let limit = limitFen ?? StocktakePolicy.defaultLimitFen
        guard (0...Limits.unitPriceFen).contains(limit) else {
            throw LifelineError(.outOfRange, field: "limitFen", ["min": "0", "max": String(Limits.unitPriceFen)])
        }
        let today = self.today
        let now = clock.now()
        let id = ids.next()
        return try await store.write { tx in
            let depot = try await depot(depotID, field: "depotId", for: actor, on: tx)
            let open = try await StocktakeRecord.query(on: tx).filter(\.$depotID == depotID)
                .filter(\.$status ~~ [StocktakeStatus.counting.rawValue, StocktakeStatus.pending.rawValue]).first()
            if let open {
                throw LifelineError(.duplicate, field: "depotId", ["value": "\(open.number) (still open)"])
            }
            let number = try await LedgerSQL.nextDocumentNumber(
                .stocktake,
                jurisdiction: try Stored.value(
                    JurisdictionCode.self, depot.jurisdictionCode, column: "depots.jurisdiction_code"),
                day: today, on: tx)
            let record = StocktakeRecord(status: StocktakeStatus.counting.rawValue)
            record.id = id
            record.number = number.description
            record.depotID = depotID
            record.path = depot.path
            record.limitFen = limit
            record.startedBy = actor.userID
            record.startedByName = actor.username
            record.startedAtMs = now.milliseconds
            try await record.create(on: tx)
            let lots = try await LotRecord.query(on: tx).filter(\.$depotID == depotID).filter(\.$onHand > 0).all()
            for lot in lots {
                let line = StocktakeLineRecord()
                line.id = ids.next()
                line.stocktakeID = id
                line.lotID = try lot.requireID()
                line.itemID = lot.itemID
                line.frozen = lot.onHand
                try await line.create(on: tx)
            }
            let view = try await stocktakeView(record, on: tx)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "stocktake.start", by: actor, entity: .stocktake, id: id.uuidString,
                        path: try record.jurisdictionPath, after: view)
                ], at: now, on: tx)
            return view
        }
    }

    /// Records counts while the stocktake is counting (a later count of a lot replaces the earlier).
    /// A lot that is not on the sheet — another depot's, or received after the start — is refused,
    /// naming it.
    public func recordCounts(_ stocktakeID: UUID, _ counts: [StocktakeCount], by actor: Actor) async throws
        -> StocktakeView
    {
        try AccessPolicy.require(.moveStock, actor)
        guard !counts.isEmpty else { throw LifelineError.required("counts") }
        for (index, count) in counts.enumerated() {
            guard (0...Limits.lotOnHand).contains(count.counted) else {
                throw LifelineError(
                    .outOfRange, field: "counts[\(index)].counted", ["min": "0", "max": String(Limits.lotOnHand)])
            }
            _ = try Text.optional(count.reason, field: "counts[\(index)].reason", max: 500)
        }
        let now = clock.now()
        return try await store.write { tx in
            let locked = try await lock(StocktakeRecord.self, stocktakeID, entity: .stocktake, on: tx)
            let record = locked.record
            _ = try await depot(record.depotID, for: actor, on: tx)
            guard try record.stocktakeStatus == .counting else {
                _ = try record.stocktakeStatus.next(.submit)  // names the state it is in
                throw LifelineError(.conflict, ["reason": "the stocktake is not counting"])
            }
            let lines = try await StocktakeLineRecord.query(on: tx).filter(\.$stocktakeID == stocktakeID).all()
            let byLot = Dictionary(lines.map { ($0.lotID, $0) }, uniquingKeysWith: { a, _ in a })
            for (index, count) in counts.enumerated() {
                guard let line = byLot[count.lotId] else {
                    throw LifelineError.invalid(
                        "counts[\(index)].lotId",
                        "not on the sheet of \(record.number) (another depot's lot, or received later)")
                }
                line.counted = count.counted
                line.reason = try Text.optional(count.reason, field: "counts[\(index)].reason", max: 500) ?? line.reason
                line.countedByName = actor.username
                try await line.update(on: tx)
            }
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "stocktake.count", by: actor, entity: .stocktake, id: stocktakeID.uuidString,
                        path: try record.jurisdictionPath, before: String?.none, after: counts)
                ], at: now, on: tx)
            return try await stocktakeView(record, on: tx)
        }
    }

    /// Counts by RFID: each distinct tag (EPC) read is one unit of the lot it names; the lots read
    /// are counted with their number of tags (a tag read twice counts once).
    public func recordTags(_ stocktakeID: UUID, _ tags: [(epc: String, lotId: UUID)], by actor: Actor) async throws
        -> StocktakeView
    {
        guard !tags.isEmpty else { throw LifelineError.required("tags") }
        var seen: Set<String> = []
        var perLot: [UUID: Int] = [:]
        var order: [UUID] = []
        for (index, tag) in tags.enumerated() {
            let epc = tag.epc.uppercased()
            guard !epc.isEmpty, epc.count <= 64, epc.allSatisfy(\.isHexDigit) else {
                throw LifelineError.invalid("tags[\(index)].epc", "hexadecimal, 1 to 64 digits")
            }
            guard seen.insert(epc).inserted else { continue }
            if perLot[tag.lotId] == nil { order.append(tag.lotId) }
            perLot[tag.lotId, default: 0] += 1
        }
        let counts = order.map { StocktakeCount(lotId: $0, counted: perLot[$0] ?? 0) }
        do {
            return try await recordCounts(stocktakeID, counts, by: actor)
        } catch let error as LifelineError where error.field?.hasPrefix("counts[") == true {
            // Name the first tag of the refused lot, as the caller sent it.
            let lot = error.field.flatMap { field in
                Int(field.dropFirst("counts[".count).prefix { $0.isNumber }).map { counts[$0].lotId }
            }
            var named = error
            if let lot, let index = tags.firstIndex(where: { $0.lotId == lot }) { named.field = "tags[\(index)].lotId" }
            throw named
        }
    }

    /// Submits, approves, rejects or cancels a stocktake (a guarded transition). Submitting needs
    /// every line counted and a reason for every difference; differences worth up to the limit are
    /// adjusted at once, larger ones wait for a second person (``StocktakePolicy``), whose approval
    /// adjusts them.
    public func actOnStocktake(_ stocktakeID: UUID, _ action: StocktakeAction, note: String?, by actor: Actor)
        async throws -> StocktakeView
    {
        try AccessPolicy.require(.moveStock, actor)
        let note =
            action == .reject
            ? try Text.required(note, field: "note", max: 500) : try Text.optional(note, field: "note", max: 500)
        let now = clock.now()
        return try await store.write { tx in
            let locked = try await lock(StocktakeRecord.self, stocktakeID, entity: .stocktake, on: tx)
            let record = locked.record
            _ = try await depot(record.depotID, for: actor, on: tx)
            let status = try record.stocktakeStatus
            let before = try await stocktakeView(record, on: tx)
            let lines = try await StocktakeLineRecord.query(on: tx).filter(\.$stocktakeID == stocktakeID).all()
            var next: StocktakeStatus
            switch action {
            case .submit:
                _ = try status.next(.submit)
                let value = try await workOutDifferences(lines, on: tx)
                next = try status.next(
                    .submit,
                    needsSecondPerson: StocktakePolicy.needsSecondPerson(
                        differenceValueFen: value, limitFen: record.limitFen))
                record.submittedBy = actor.userID
                record.submittedByName = actor.username
                record.submittedAtMs = now.milliseconds
                record.differenceValueFen = value
            case .approve, .reject:
                next = try status.next(action)
                try StocktakePolicy.checkDecider(
                    actor, submittedBy: record.submittedBy ?? record.startedBy, depotPath: record.jurisdictionPath)
                record.decidedBy = actor.userID
                record.decidedByName = actor.username
                record.decidedAtMs = now.milliseconds
                record.decisionNote = note
            case .cancel:
                next = try status.next(.cancel)
                record.decisionNote = note
            }
            try await transition(locked, to: next.rawValue, entity: .stocktake, on: tx)
            try await record.update(on: tx)
            var events: [AuditEvent] = []
            if next == .completed {
                events += try await postAdjustments(record, lines, by: actor, at: now, on: tx)
            }
            let view = try await stocktakeView(record, on: tx)
            events.insert(
                AuditEvent(
                    "stocktake.\(action.rawValue)", by: actor, entity: .stocktake, id: stocktakeID.uuidString,
                    path: try record.jurisdictionPath, before: before.status, after: view), at: 0)
            try await AuditTrail.append(events, at: now, on: tx)
            return view
        }
    }

    /// Stocktakes of depots the actor reaches, newest first.
    public func stocktakes(depotID: UUID?, page: PageRequest, for actor: Actor) async throws -> Page<StocktakeView> {
        try AccessPolicy.require(.readStock, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        _ = try page.sortKey(allowed: ["started"], default: "-started")
        var query = StocktakeRecord.query(on: database).restricted(to: ScopeFilter(actor), .stocktakes)
        if let depotID { query = query.filter(\.$depotID == depotID) }
        let records = try await query.sort(\.$startedAtMs, .descending).sort(\.$id).paginate(page)
        var items: [StocktakeView] = []
        for record in records.items { items.append(try await stocktakeView(record, lines: false, on: database)) }
        return Page(items: items, page: records.page, per: records.per, total: records.total)
    }

    /// One stocktake with its sheet, if the actor reaches its depot.
    public func stocktake(_ id: UUID, for actor: Actor) async throws -> StocktakeView {
        try AccessPolicy.require(.readStock, actor)
        guard let record = try await StocktakeRecord.find(id, on: database) else {
            throw LifelineError.notFound(.stocktake, id.uuidString)
        }
        _ = try await depot(record.depotID, for: actor, on: database)
        return try await stocktakeView(record, on: database)
    }

    // MARK: - Shared

    /// Works out each line's movement since the start and its difference; returns the differences'
    /// value (absolute, at the lots' unit costs). Every line must be counted, every difference
    /// explained.
    private func workOutDifferences(_ lines: [StocktakeLineRecord], on tx: any Database) async throws -> Int {
        let uncounted = lines.filter { $0.counted == nil }
        if let first = uncounted.first {
            let batch = try await LotRecord.find(first.lotID, on: tx)?.batchNo ?? first.lotID.uuidString
            throw LifelineError(.stocktakeUncounted, ["count": String(uncounted.count), "batch": batch])
        }
        var value = FenSum(0)
        for line in lines {
            guard let lot = try await LedgerSQL.lot(line.lotID, on: tx) else { continue }
            line.movedSince = lot.onHand - line.frozen
            let state = StocktakeLine(frozen: line.frozen, movedSince: lot.onHand - line.frozen, counted: line.counted)
            let difference = state.difference ?? 0
            if difference != 0 && (line.reason ?? "").isEmpty {
                throw LifelineError.required("lines[\(lot.batchNo)].reason")
            }
            value += FenSum.product(abs(difference), lot.unitCostFen)
            try await line.update(on: tx)
        }
        return try value.reportable()
    }

    /// Posts one adjustment per line with a difference, under the stocktake's number.
    private func postAdjustments(
        _ record: StocktakeRecord, _ lines: [StocktakeLineRecord], by actor: Actor, at now: Date, on tx: any Database
    ) async throws -> [AuditEvent] {
        var events: [AuditEvent] = []
        for line in lines {
            let state = StocktakeLine(frozen: line.frozen, movedSince: line.movedSince ?? 0, counted: line.counted)
            guard let difference = state.difference, difference != 0,
                let lot = try await LedgerSQL.lot(line.lotID, on: tx)
            else { continue }
            let movement = MovementDraft(
                kind: .adjustment, lot: lot, effect: BalanceEffect(onHand: difference), documentNo: record.number,
                reason: line.reason, actor: actor, at: now)
            guard let (id, balance) = try await LedgerSQL.post(movement, issuableOn: nil, at: now, on: tx) else {
                throw LifelineError(
                    .insufficientStock, field: "lines[\(lot.batchNo)]",
                    ["available": String(max(lot.balance.free, 0)), "requested": String(-difference)])
            }
            line.movementID = id
            try await line.update(on: tx)
            events.append(
                AuditEvent(
                    "stock.adjustment", by: actor, entity: .lot, id: lot.id.uuidString, path: try lot.jurisdictionPath,
                    before: lot.balance, after: balance))
        }
        return events
    }

    /// The view of a stocktake, with its sheet unless `lines` is false.
    func stocktakeView(_ record: StocktakeRecord, lines withLines: Bool = true, on db: any Database) async throws
        -> StocktakeView
    {
        let depotName = try await DepotRecord.find(record.depotID, on: db)?.name ?? ""
        var lines: [StocktakeLineView] = []
        if withLines {
            let rows = try await StocktakeLineRecord.query(on: db).filter(\.$stocktakeID == (try record.requireID()))
                .all()
            let lots = try await LotRecord.query(on: db).filter(\.$id ~~ rows.map(\.lotID)).all()
            let items = try await ItemRecord.query(on: db).filter(\.$id ~~ Array(Set(rows.map(\.itemID)))).all()
            let lotByID = Dictionary(uniqueKeysWithValues: try lots.map { (try $0.requireID(), $0) })
            let itemByID = Dictionary(uniqueKeysWithValues: try items.map { (try $0.requireID(), $0) })
            for row in rows {
                guard let lot = lotByID[row.lotID], let item = itemByID[row.itemID] else { continue }
                let state = StocktakeLine(frozen: row.frozen, movedSince: row.movedSince ?? 0, counted: row.counted)
                lines.append(
                    StocktakeLineView(
                        lotId: row.lotID, itemId: row.itemID, itemCode: item.code, itemNameZh: item.nameZh,
                        itemNameEn: item.nameEn, unitZh: item.unitZh, unitEn: item.unitEn, batchNo: lot.batchNo,
                        expiryDate: lot.expiryDate, frozen: row.frozen, movedSince: row.movedSince,
                        counted: row.counted, difference: row.movedSince == nil ? nil : state.difference,
                        reason: row.reason, countedBy: row.countedByName))
            }
            lines.sort { ($0.itemCode, $0.batchNo) < ($1.itemCode, $1.batchNo) }
        }
        return StocktakeView(
            id: try record.requireID(), number: record.number, depotId: record.depotID, depotName: depotName,
            path: record.path, status: try record.stocktakeStatus, limitFen: record.limitFen,
            startedBy: record.startedByName, startedAt: Date(milliseconds: record.startedAtMs),
            submittedBy: record.submittedByName, submittedById: record.submittedBy,
            submittedAt: record.submittedAtMs.map(Date.init(milliseconds:)),
            differenceValueFen: record.differenceValueFen, decidedBy: record.decidedByName,
            decidedAt: record.decidedAtMs.map(Date.init(milliseconds:)), decisionNote: record.decisionNote,
            lines: lines)
    }
}

extension RowReach {
    /// A stocktake: its depot's area; the depot's owner and operator.
    static let stocktakes = RowReach(paths: ["path"], depot: "depot_id")
}

extension StockService {
    /// Counts from a CSV file (UTF-8, or GB18030 as Excel saves it on Chinese Windows): a `counted`
    /// column, the lot by `lot_id` or by `batch_no` (with `item_code` when a batch number is on the
    /// sheet twice), an optional `reason`. All rows or none; an error names the row and the column.
    public func recordCountsCSV(_ stocktakeID: UUID, data: Data, by actor: Actor) async throws -> StocktakeView {
        let table = try CSVTable(parsing: try CSVText.decode(data).text)
        guard let countedColumn = table.header.firstIndex(of: "counted"),
            table.header.contains("lot_id") || table.header.contains("batch_no")
        else {
            throw LifelineError.importFailed(
                line: 1, column: nil,
                reason: .init(
                    zh: "表头须有 counted，以及 lot_id 或 batch_no", en: "the header needs counted, and lot_id or batch_no"))
        }
        let sheet = try await stocktake(stocktakeID, for: actor).lines
        func column(_ name: String, _ row: [String]) -> String? {
            table.header.firstIndex(of: name).flatMap {
                $0 < row.count ? row[$0].trimmingCharacters(in: .whitespaces) : nil
            }
            .flatMap { $0.isEmpty ? nil : $0 }
        }
        var counts: [StocktakeCount] = []
        for (index, row) in table.rows.enumerated() {
            let line = table.lines[index]
            guard let counted = Int(row[countedColumn].trimmingCharacters(in: .whitespaces)), counted >= 0 else {
                throw LifelineError.importFailed(
                    line: line, column: "counted", reason: .init(zh: "须为非负整数", en: "a whole number, 0 or more"))
            }
            let lot: UUID
            if let text = column("lot_id", row) {
                guard let id = UUID(uuidString: text) else {
                    throw LifelineError.importFailed(
                        line: line, column: "lot_id", reason: .init(zh: "不是批次编号", en: "not a lot id"))
                }
                lot = id
            } else if let batch = column("batch_no", row) {
                let code = column("item_code", row)
                let matches = sheet.filter { $0.batchNo == batch && (code == nil || $0.itemCode == code) }
                guard matches.count == 1, let only = matches.first else {
                    throw LifelineError.importFailed(
                        line: line, column: "batch_no",
                        reason: matches.isEmpty
                            ? .init(zh: "盘点表上没有该批号", en: "no lot of this batch on the sheet")
                            : .init(zh: "该批号对应多个物资，请填写 item_code", en: "several items have this batch: add item_code"))
                }
                lot = only.lotId
            } else {
                throw LifelineError.importFailed(
                    line: line, column: "lot_id", reason: .init(zh: "缺少批次", en: "no lot_id or batch_no"))
            }
            counts.append(StocktakeCount(lotId: lot, counted: counted, reason: column("reason", row)))
        }
        do {
            return try await recordCounts(stocktakeID, counts, by: actor)
        } catch let error as LifelineError where error.field?.hasPrefix("counts[") == true {
            let index = error.field.flatMap { Int($0.dropFirst("counts[".count).prefix { $0.isNumber }) } ?? 0
            throw LifelineError.importFailed(
                line: index < table.lines.count ? table.lines[index] : 2, column: "lot_id", error)
        }
    }

    /// The frozen sheet as CSV, to print or to fill in and upload (`counted`, `reason` left empty
    /// until counted).
    public func stocktakeSheetCSV(_ stocktakeID: UUID, for actor: Actor) async throws -> String {
        let take = try await stocktake(stocktakeID, for: actor)
        return CSVTable(
            header: [
                "lot_id", "item_code", "item_name", "batch_no", "expiry_date", "unit", "frozen", "counted", "reason",
            ],
            rows: take.lines.map { l in
                [
                    l.lotId.uuidString, l.itemCode, l.itemNameZh, l.batchNo, l.expiryDate ?? "", l.unitZh,
                    String(l.frozen), l.counted.map(String.init) ?? "", l.reason ?? "",
                ]
            }
        ).encoded()
    }
}
