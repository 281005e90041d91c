import FluentKit
import Foundation
import LifelineAllocation
import LifelineDomain
import LifelineStore

/// The allocation problem built from requests and the ledger, with the maps back to Lifeline's rows.
struct AllocationModel {
    /// One priority class of one request: a request whose lines rank differently (R6.1 — the post
    /// and the site decide each line's class) is as many sites at the same place.
    struct Site {
        var request: SupplyRequestRecord
        var point: GeoPoint
        var priority: RequestPriority
    }

    struct LotRow {
        var lot: LedgerLot
        var depot: DepotRecord
        var quantity: Int
    }

    struct DemandRow {
        var site: Int
        var item: Int
        var requestedItem: UUID
        var substitute: Bool
    }

    var sites: [Site] = []
    var items: [ItemRecord] = []
    var lots: [LotRow] = []
    var depots: [DepotRecord] = []
    var lines: [RequestLineRecord] = []
    var problem = AllocationProblem()
    var demandRows: [DemandRow] = []
    var tiers: [Int: [Int: SourceRank]] = [:]  // depot → site → rank (R6.2)
    var substitutes: [Int: [Int]] = [:]  // demand row of a standard line → items that may stand in
    var institutions: Set<UUID> = []
    /// Depots a mass-testing site could not reach within the first-round limit (site → depots).
    var beyondFirstRound: [Int: [Int]] = [:]
    var pinned: [(lot: Int, site: Int, quantity: Int, substituteFor: Int?, pinned: Bool)] = []
    var pinnedByRow: [Int: Int] = [:]
    /// Request line → the site (request × class) it belongs to.
    var lineSite: [UUID: Int] = [:]
    /// Request line → why it has its class; demand row → the derivation of its first line.
    var lineDerivation: [UUID: PriorityDerivation] = [:]
    var rowDerivation: [Int: PriorityDerivation] = [:]

    static func build(_ input: AllocationPlanInput, actor: Actor, services: Services, on db: any Database) async throws
        -> AllocationModel
    {
        var model = AllocationModel()
        var requests: [SupplyRequestRecord]
        if let ids = input.requestIds {
            requests = []
            for id in ids {
                let record = try await services.dispatch.request(id, for: actor, on: db)
                guard record.status == RequestStatus.submitted.rawValue else {
                    throw LifelineError(
                        .invalidTransition, field: "requestIds",
                        localized: [
                            "entity": EntityName.request.text,
                            "from":
                                (try Stored.value(RequestStatus.self, record.status, column: "supply_requests.status"))
                                .text,
                            "to": RequestStatus.approved.text,
                        ])
                }
                requests.append(record)
            }
        } else {
            requests = try await services.dispatch.requests(
                RequestFilter(toDecide: true), page: PageRequest(per: services.settings.maxPageSize), for: actor
            )
            .items.asyncMap { try await services.dispatch.request($0.id, for: actor, on: db) }
        }
        requests.sort { ($0.priority, $0.neededByMs, $0.number) < ($1.priority, $1.neededByMs, $1.number) }
        let units = try await UnitRecord.query(on: db).filter(\.$id ~~ Set(requests.map(\.unitID))).all()
        let unitsByID = Dictionary(uniqueKeysWithValues: units.compactMap { u in u.id.map { ($0, u) } })
        var placed: [(request: SupplyRequestRecord, point: GeoPoint)] = []
        for request in requests {
            let unit = unitsByID[request.unitID]
            let point =
                request.longitude.flatMap { lon in request.latitude.map { GeoPoint(longitude: lon, latitude: $0) } }
                ?? unit.flatMap { u in
                    u.longitude.flatMap { lon in u.latitude.map { GeoPoint(longitude: lon, latitude: $0) } }
                }
            guard let point else { continue }  // a request with no place cannot be reached; it stays in the inbox
            placed.append((request, point))
        }
        model.lines = try await RequestLineRecord.query(on: db).filter(
            \.$requestID ~~ Set(placed.compactMap(\.request.id))
        ).sort(\.$lineNo).all()
        try await model.placeSites(placed, overrides: input.overrides, on: db)
        // Items: what is requested, and the substitutes of lines that may take them.
        let requestedIDs = Set(model.lines.map(\.itemID))
        let requested = try await ItemRecord.query(on: db).filter(\.$id ~~ requestedIDs).all()
        let groups = Set(requested.compactMap(\.substitutionGroup))
        let substitutes =
            groups.isEmpty ? [] : try await ItemRecord.query(on: db).filter(\.$substitutionGroup ~~ groups).all()
        var itemIndex: [UUID: Int] = [:]
        for item in requested + substitutes where itemIndex[item.id ?? UUID()] == nil {
            itemIndex[try item.requireID()] = model.items.count
            model.items.append(item)
        }
        // Lots in reach, with institutions keeping 20 days of their own use.
        let today = services.today
        let ledgerLots = try await LedgerSQL.issuableLots(
            items: Array(itemIndex.keys), within: actor.scope, on: today, on: db)
        model.depots = try await DepotRecord.query(on: db).filter(\.$id ~~ Set(ledgerLots.map(\.depotID))).all()
        let depotIndex = Dictionary(
            uniqueKeysWithValues: model.depots.enumerated().compactMap { i, d in d.id.map { ($0, i) } })
        let (givable, institutions) = try await services.givableAboveInstitutionFloor(
            ledgerLots, depots: model.depots, requester: nil, on: db)
        for lot in ledgerLots {
            guard let d = depotIndex[lot.depotID], let quantity = givable[lot.id], quantity > 0 else { continue }
            model.lots.append(LotRow(lot: lot, depot: model.depots[d], quantity: quantity))
        }
        // Per depot and item, in FEFO order: the one issue order (FEFOPicker.precedes).
        try model.lots.sort { a, b in
            let (ka, kb) = (
                (a.lot.depotID.uuidString, a.lot.itemID.uuidString), (b.lot.depotID.uuidString, b.lot.itemID.uuidString)
            )
            return ka != kb ? ka < kb : FEFOPicker.precedes(try a.lot.pickable, try b.lot.pickable)
        }
        model.institutions = institutions
        try model.assemble(
            itemIndex: itemIndex, depotIndex: depotIndex, institutions: institutions,
            limits: services.settings.transport, today: today)
        try model.applyPins(input.pins)
        return model
    }

    /// Fills the problem's tables.
    mutating func assemble(
        itemIndex: [UUID: Int], depotIndex: [UUID: Int], institutions: Set<UUID>, limits: TransportLimits, today: Day
    ) throws {
        let origin = sites.first?.point ?? depots.first?.location ?? GeoPoint(longitude: 106.7, latitude: 26.6)
        func xy(_ p: GeoPoint) -> (Double, Double) {
            (
                origin.distanceKilometres(to: GeoPoint(longitude: p.longitude, latitude: origin.latitude))
                    * (p.longitude < origin.longitude ? -1 : 1),
                origin.distanceKilometres(to: GeoPoint(longitude: origin.longitude, latitude: p.latitude))
                    * (p.latitude < origin.latitude ? -1 : 1)
            )
        }
        for item in items {
            problem.items.id.append(item.code)
            problem.items.volumeM3.append(Double(max(item.volumeCm3, 1)) / 1_000_000)
            problem.items.rate.append(1)
        }
        for depot in depots {
            let (x, y) = xy(depot.location)
            problem.depots.id.append(depot.code)
            problem.depots.xKm.append(x)
            problem.depots.yKm.append(y)
            problem.depots.capacityM3.append(Double(max(depot.volumeM3, 1)))
        }
        for site in sites {
            let (x, y) = xy(site.point)
            problem.sites.id.append(site.request.number + "·P\(site.priority.rawValue)")
            problem.sites.xKm.append(x)
            problem.sites.yKm.append(y)
            problem.sites.priority.append(site.priority.rawValue)
        }
        for row in lots {
            problem.lots.id.append(row.lot.batchNo)
            problem.lots.depot.append(depotIndex[row.lot.depotID] ?? 0)
            problem.lots.item.append(itemIndex[row.lot.itemID] ?? 0)
            problem.lots.quantity.append(row.quantity)
            let days = row.lot.expiry.map { today.days(until: $0) }
            problem.lots.expiresInDays.append(days ?? 3650)
            problem.lots.wasteCost.append(AllocationRules.wasteCost(daysToExpiry: days))
        }
        // Arcs charged with the source tier's surcharge. Only a mass-testing request's first round is
        // bound by the first-round limit (R5.4, R6.2); a depot beyond it is remembered as a later source.
        for (d, depot) in depots.enumerated() {
            for (s, site) in sites.enumerated() {
                let km = limits.roadKm(from: depot.location, to: site.point)
                let hours = limits.hours(roadKm: km)
                if site.request.isFirstRound, hours > limits.firstRoundHours {
                    beyondFirstRound[s, default: []].append(d)
                    continue
                }
                let tier = SourceOrder.rank(
                    try depot.source(institutions: institutions), for: try site.request.jurisdictionPath,
                    unit: site.request.unitID)
                tiers[d, default: [:]][s] = tier
                problem.arcs.depot.append(d)
                problem.arcs.site.append(s)
                problem.arcs.roadKm.append(Int(km.rounded(.up)) + AllocationRules.tierSurchargeKm[tier.rawValue])
                problem.arcs.hours.append(hours)
            }
        }
        // Demands: one row per (request, item); lines of the same item add up.
        var rowIndex: [String: Int] = [:]
        for line in lines {
            guard let s = line.id.flatMap({ lineSite[$0] }), let k = itemIndex[line.itemID] else { continue }
            if let row = rowIndex["\(s)-\(k)"] {
                problem.demands.quantity[row] += line.quantity
            } else {
                rowIndex["\(s)-\(k)"] = problem.demands.count
                rowDerivation[problem.demands.count] = line.id.flatMap { lineDerivation[$0] }
                problem.demands.site.append(s)
                problem.demands.item.append(k)
                problem.demands.quantity.append(line.quantity)
                demandRows.append(DemandRow(site: s, item: k, requestedItem: line.itemID, substitute: false))
            }
            let post = try Stored.value(WorkPost.self, line.post, column: "request_lines.post")
            let item = items[k]
            if AllocationRules.mayUseSubstitute(siteSuitable: sites[s].request.substitutesAllowed, post: post),
                let row = rowIndex["\(s)-\(k)"]
            {
                substitutes[row] = try items.indices.filter {
                    try $0 != k
                        && AllocationRules.maySubstitute(
                            requested: item.substitution, candidate: items[$0].substitution)
                }
            }
        }
        problem.penalty = (0..<3).map { p in items.map { _ in AllocationRules.classPenalty[p] } }
    }

    /// Takes the officer's fixed lines out of the problem before it is solved: their units leave
    /// the lots (FEFO within the depot) and the demand rows; they come back as pinned allocations.
    mutating func applyPins(_ pins: [AllocationPin]) throws {
        for (i, pin) in pins.enumerated() {
            guard pin.quantity > 0 else { throw LifelineError(.quantityNotPositive, field: "pins[\(i)].quantity") }
            // The request's sites: one per priority class its lines have.
            let requestSites = Set(sites.indices.filter { sites[$0].request.id == pin.requestId })
            guard !requestSites.isEmpty else {
                throw LifelineError.invalid("pins[\(i)].requestId", "not a request of this plan")
            }
            guard let k = items.firstIndex(where: { $0.id == pin.itemId }) else {
                throw LifelineError.invalid("pins[\(i)].itemId", "not requested")
            }
            // The rows the pin serves: the request's lines of the item — or, when it asks for none,
            // the lines the item may stand in for — highest class first; the pin fills them in turn.
            func byClass(_ rows: [Int]) -> [Int] {
                rows.sorted {
                    (sites[problem.demands.site[$0]].priority.rawValue, $0)
                        < (sites[problem.demands.site[$1]].priority.rawValue, $1)
                }
            }
            var rows = byClass(
                problem.demands.site.indices.filter {
                    requestSites.contains(problem.demands.site[$0]) && problem.demands.item[$0] == k
                })
            var substituting = false
            if rows.isEmpty {
                rows = byClass(
                    substitutes.keys.filter {
                        requestSites.contains(problem.demands.site[$0]) && substitutes[$0]?.contains(k) == true
                    })
                substituting = true
            }
            guard !rows.isEmpty else {
                throw LifelineError.invalid("pins[\(i)].itemId", "not requested, nor an allowed substitute")
            }
            let open = rows.map { problem.demands.quantity[$0] }.reduce(0, +)
            guard open >= pin.quantity else {
                throw LifelineError(.outOfRange, field: "pins[\(i)].quantity", ["min": "1", "max": String(open)])
            }
            let candidates = lots.indices.filter {
                lots[$0].lot.depotID == pin.depotId && lots[$0].lot.itemID == pin.itemId
            }
            let available = candidates.map { problem.lots.quantity[$0] }.reduce(0, +)
            guard available >= pin.quantity else {
                throw LifelineError(
                    .insufficientStock, field: "pins[\(i)].quantity",
                    ["available": String(available), "requested": String(pin.quantity)])
            }
            var remaining = pin.quantity
            for row in rows where remaining > 0 {
                var share = min(remaining, problem.demands.quantity[row])
                problem.demands.quantity[row] -= share
                pinnedByRow[row, default: 0] += share
                remaining -= share
                for l in candidates where share > 0 {  // lots are in expiry order within a depot and item
                    let take = min(share, problem.lots.quantity[l])
                    guard take > 0 else { continue }
                    problem.lots.quantity[l] -= take
                    pinned.append((l, problem.demands.site[row], take, substituting ? row : nil, true))
                    share -= take
                }
            }
        }
    }
}

extension ItemRecord {
    var substitution: (group: String?, role: String?, category: ItemCategory) {
        get throws {
            (
                substitutionGroup, substitutionRole,
                try Stored.value(ItemCategory.self, category, column: "items.category")
            )
        }
    }
}

extension DepotRecord {
    /// The depot as the source order sees it (R6.2); `institutions` are the medical institutions
    /// among the depot owners.
    func source(institutions: Set<UUID>) throws -> DepotSource {
        DepotSource(
            path: try jurisdictionPath, owner: ownerUnitID, operator: operatorUnitID,
            ownedByInstitution: ownerUnitID.map(institutions.contains) ?? false)
    }
}
