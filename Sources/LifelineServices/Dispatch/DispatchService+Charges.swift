import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension DispatchService {
    /// Charges, buy-back obligations and claims of the parties the actor reaches (R9.1).
    public func charges(page: PageRequest, for actor: Actor) async throws -> Page<ChargeView> {
        try AccessPolicy.require(.readCharges, actor)
        let page = try page.validated(maxPer: settings.maxPageSize)
        let records = try await chargesInReach(of: actor).sort(\.$id, .descending).paginate(page)
        let units = try await UnitRecord.query(on: database)
            .filter(\.$id ~~ Set(records.items.flatMap { [$0.payerUnitID, $0.payeeUnitID].compactMap { $0 } })).field(
                \.$id
            ).field(\.$name).all()
        let unitNames = Dictionary(uniqueKeysWithValues: units.compactMap { u in u.id.map { ($0, u.name) } })
        let items = try await ItemRecord.query(on: database).filter(\.$id ~~ Set(records.items.map(\.itemID))).field(
            \.$id
        ).field(\.$nameZh).field(\.$nameEn).all()
        let itemNames = Dictionary(
            uniqueKeysWithValues: items.compactMap { i in i.id.map { ($0, (zh: i.nameZh, en: i.nameEn)) } })
        let orders = try await DispatchOrderRecord.query(on: database).filter(
            \.$id ~~ Set(records.items.map(\.orderID))
        ).field(\.$id).field(\.$number).all()
        let numbers = Dictionary(uniqueKeysWithValues: orders.compactMap { o in o.id.map { ($0, o.number) } })
        return Page(
            items: records.items.map {
                ChargeView(
                    id: $0.id ?? 0, kind: $0.kind, orderId: $0.orderID, orderNumber: numbers[$0.orderID] ?? "",
                    payerUnitId: $0.payerUnitID,
                    payerName: $0.payerUnitID.flatMap { unitNames[$0] }, payeeUnitId: $0.payeeUnitID,
                    payeeName: $0.payeeUnitID.flatMap { unitNames[$0] }, itemId: $0.itemID,
                    itemName: itemNames[$0.itemID]?.zh ?? "", itemNameEn: itemNames[$0.itemID]?.en,
                    quantity: $0.quantity, unitPriceFen: $0.unitPriceFen, amountFen: $0.amountFen,
                    at: Date(milliseconds: $0.atMs),
                    priceSource: $0.priceSource, priceEffectiveFrom: $0.priceEffectiveFrom)
            }, page: records.page, per: records.per, total: records.total)
    }

    /// Charges an officer's scope covers (by the receiver's path); for a unit-bound actor, those its
    /// own unit pays or receives.
    func chargesInReach(of actor: Actor) -> QueryBuilder<ChargeRecord> {
        ChargeRecord.query(on: database).restricted(to: ScopeFilter(actor), .charges)
    }

    /// The charges in reach, totalled per party.
    public func chargeTotals(for actor: Actor) async throws -> [PartyChargesView] {
        try AccessPolicy.require(.readCharges, actor)
        let rows = try await chargesInReach(of: actor).all()
        var totals: [UUID: PartyChargesView] = [:]
        func touch(_ id: UUID?, _ change: (inout PartyChargesView) -> Void) {
            guard let id else { return }
            var view =
                totals[id]
                ?? PartyChargesView(
                    unitId: id, name: "", drawnFen: FenSum(), buybackFen: FenSum(), claimsAgainstFen: FenSum(),
                    receivableFen: FenSum())
            change(&view)
            totals[id] = view
        }
        for row in rows {
            switch row.kind {
            case "charge":
                touch(row.payerUnitID) { $0.drawnFen += row.amountFen }
                touch(row.payeeUnitID) { $0.receivableFen += row.amountFen }
            case "buyback": touch(row.payerUnitID) { $0.buybackFen += row.amountFen }
            default:
                touch(row.payerUnitID) { $0.claimsAgainstFen += row.amountFen }
                touch(row.payeeUnitID) { $0.receivableFen += row.amountFen }
            }
        }
        let units = try await UnitRecord.query(on: database).filter(\.$id ~~ Set(totals.keys)).all()
        for unit in units { if let id = unit.id { totals[id]?.name = unit.name } }
        return totals.values.sorted { ($0.drawnFen + $0.buybackFen, $0.name) > ($1.drawnFen + $1.buybackFen, $1.name) }
    }
}
