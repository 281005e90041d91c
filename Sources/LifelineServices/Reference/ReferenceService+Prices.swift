import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// Market prices (市场价格): a price history per item, and the price in force on a day, by which
/// deliveries are charged (R9.1 "who draws pays, settled at market price") and, later, mutual aid
/// compensated (R8.4, 90 % of the market price at transfer time). ADR 0026.
///
/// Market prices are a province matter: the provincial price authority and tenders set them, and
/// one catalogue serves every county below. So the writer is a catalogue editor
/// (``AccessPolicy/requireCatalogueEditor(_:)``: province scope or above); everyone who reads the
/// catalogue reads the prices.
extension ReferenceService {
    /// Adds a point to the item's price history: from `input.effectiveFrom` the item costs
    /// `input.priceFen`. A point of a day that already has one replaces it from now on (the later
    /// entry wins); the earlier entry stays in the history, marked superseded. Audited; the same
    /// `key` never adds a second point.
    public func setPrice(_ itemId: UUID, _ input: PriceInput, key: String, by actor: Actor) async throws
        -> PricePointView
    {
        try AccessPolicy.requireCatalogueEditor(actor)
        let point = try PricePoint.validated(
            effectiveFrom: input.effectiveFrom, priceFen: input.priceFen, note: input.note)
        let now = clock.now()
        return try await idempotent("item.price", key: key, actor: actor, input: [itemId.uuidString, Self.json(input)])
        { tx in
            try await self.setPrice(itemId, point, by: actor, at: now, on: tx)
        }
    }

    /// The work of ``setPrice(_:_:key:by:)`` inside the caller's transaction (also each new or
    /// changed row of a prices import); the caller has checked the role and appends the audit event.
    func setPrice(_ itemId: UUID, _ point: PricePoint, by actor: Actor, at now: Date, on tx: any Database) async throws
        -> Audited<PricePointView>
    {
        let item = try await item(itemId, on: tx)
        let record = ItemPriceRecord()
        record.itemID = try item.requireID()
        record.effectiveFrom = point.effectiveFrom.iso
        record.priceFen = point.priceFen
        record.note = point.note
        record.enteredBy = actor.userID
        record.enteredByName = actor.username
        record.enteredAtMs = now.milliseconds
        try await record.create(on: tx)
        let view = try Self.priceView(record, superseded: false)  // the latest entry of its day
        return Audited(
            output: view,
            events: [
                AuditEvent("item.price", by: actor, entity: .item, id: itemId.uuidString, path: .nation, after: view)
            ])
    }

    /// The item's price history, newest day first (of one day, the latest entry first).
    public func prices(_ itemId: UUID, page: PageRequest, for actor: Actor) async throws -> Page<PricePointView> {
        try AccessPolicy.require(.readReference, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        _ = try await item(itemId, on: database)
        let records = try await ItemPriceRecord.query(on: database).filter(\.$itemID == itemId)
            .sort(\.$effectiveFrom, .descending).sort(\.$id, .descending).paginate(page)
        // The last entry of each day on the page, over the whole history (an older page may hold it).
        let days = Set(records.items.map(\.effectiveFrom))
        let sameDays =
            days.isEmpty
            ? []
            : try await ItemPriceRecord.query(on: database).filter(\.$itemID == itemId).filter(\.$effectiveFrom ~~ days)
                .all()
        let history = Self.entryOrder(sameDays)
        let superseded = MarketPrice.superseded(in: history.map(\.point))
        let supersededIDs = Set(superseded.map { history[$0].id })
        return try records.map { try Self.priceView($0, superseded: supersededIDs.contains($0.id ?? 0)) }
    }

    /// The market price of an item in force on `day` and where it came from, for whoever reads the catalogue.
    public func marketPrice(of itemId: UUID, on day: Day, for actor: Actor) async throws -> (
        priceFen: Int, source: PriceSource
    ) {
        try AccessPolicy.require(.readReference, actor)
        return try await marketPrice(of: try await item(itemId, on: database), on: day, on: database)
    }

    /// The market price of `item` in force on `day`: its price history by ``MarketPrice/at(_:history:catalogue:)``,
    /// else `catalogue` (by default the item's catalogue price now).
    func marketPrice(of item: ItemRecord, on day: Day, catalogue: Int? = nil, on db: any Database) async throws -> (
        priceFen: Int, source: PriceSource
    ) {
        let records = try await ItemPriceRecord.query(on: db).filter(\.$itemID == item.requireID()).all()
        return MarketPrice.at(
            day, history: Self.entryOrder(records).map(\.point), catalogue: catalogue ?? item.unitPriceFen)
    }

    /// The market price a dispatch line is charged at: the point in force on the day the goods left
    /// the depot; without one, the catalogue price as it stood then (kept on the line at departure;
    /// the catalogue price now for lines that left before it was kept).
    func marketPrice(of line: DispatchLineRecord, in order: DispatchOrderRecord, on tx: any Database) async throws -> (
        priceFen: Int, source: PriceSource
    ) {
        try await marketPrice(
            of: try await item(line.itemID, on: tx), on: Self.transferDay(of: order), catalogue: line.cataloguePriceFen,
            on: tx)
    }

    /// Keeps the item's catalogue price on a line as its goods leave the depot: a later edit of
    /// the catalogue does not reach what left before it.
    func keepCataloguePrice(on line: DispatchLineRecord, on tx: any Database) async throws {
        line.cataloguePriceFen = try await item(line.itemID, on: tx).unitPriceFen
        try await line.update(on: tx)
    }

    /// The day of a transfer: the day the goods left the depot (China time), or, before they left,
    /// the day the order was issued.
    static func transferDay(of order: DispatchOrderRecord) -> Day {
        Day(Date(milliseconds: order.departedAtMs ?? order.issuedAtMs))
    }

    /// Points in the order they were entered (ids count up), as the price rule reads them.
    static func entryOrder(_ records: [ItemPriceRecord]) -> [(id: Int, point: PricePoint)] {
        records.sorted { ($0.id ?? 0) < ($1.id ?? 0) }.compactMap { record in
            // Stored through PricePoint.validated; a day that does not read back is not a point.
            Day(iso: record.effectiveFrom).map {
                (record.id ?? 0, PricePoint(effectiveFrom: $0, priceFen: record.priceFen, note: record.note))
            }
        }
    }

    static func priceView(_ r: ItemPriceRecord, superseded: Bool) throws -> PricePointView {
        PricePointView(
            id: try r.requireID(), itemId: r.itemID, effectiveFrom: r.effectiveFrom, priceFen: r.priceFen, note: r.note,
            enteredByName: r.enteredByName, enteredAt: Date(milliseconds: r.enteredAtMs), superseded: superseded)
    }
}
