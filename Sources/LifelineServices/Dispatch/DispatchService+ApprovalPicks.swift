import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension DispatchService {
    /// Which lots an approval reserves: the approver's named depots and quantities, or — without
    /// names — the depots in reach in R6.2's source order (``SourceOrder``), nearest first within a
    /// rank, FEFO inside each. A request for a grid's round passes over the lots holding units
    /// recovered from the same grid after the previous round (R4.6, ``RecoveryRule``). Returns the
    /// picks, the depots they (and the named lines) refer to, and the lots passed over.
    func picks(for record: SupplyRequestRecord, _ input: ApprovalInput, by actor: Actor, on tx: any Database)
        async throws
        -> (picks: [(LedgerLot, Int)], depots: [UUID: DepotRecord], skipped: [SkippedLot])
    {
        let id = try record.requireID()
        let requestLines = try await RequestLineRecord.query(on: tx).filter(\.$requestID == id).sort(\.$lineNo).all()
        // Named depots are looked up wherever they are — the policy says whether this approver may
        // draw on them; without names, only depots in the approver's scope are candidates.
        let named = input.lines ?? []
        let chosenDepots = Set(named.map(\.depotId))
        let reachable = try await LedgerSQL.issuableLots(
            items: Array(Set(requestLines.map(\.itemID)).union(named.map(\.itemId))),
            within: chosenDepots.isEmpty ? actor.scope : .nation, on: today, on: tx
        ).filter { chosenDepots.isEmpty || chosenDepots.contains($0.depotID) }
        let skipped = try await recoveredFromSameGrid(reachable, for: record, on: tx)
        let skippedIDs = Set(skipped.map(\.lotId))
        let candidates = reachable.filter { !skippedIDs.contains($0.id) }
        let depots = try await depotsByID(Set(candidates.map(\.depotID)).union(named.map(\.depotId)), on: tx)
        // Institutions keep 20 days of their own use, whoever picks — the approver by name or the
        // automatic pick; the requester's own depots keep nothing back (R3.7, R6.2).
        let (givable, institutions) = try await givableAboveInstitutionFloor(
            candidates, depots: Array(depots.values), requester: record.unitID, on: tx)
        if !named.isEmpty {
            let substitutable = try await substitutableItems(record, requestLines, on: tx)
            let picks = try namedPicks(
                named, candidates: candidates, givable: givable, depots: depots, requestLines: requestLines,
                substitutable: substitutable)
            try await requireWithinRequested(named, requestLines, substitutesAllowed: record.substitutesAllowed, on: tx)
            return (picks, depots, skipped)
        }
        let destination = try await destination(of: record, on: tx)
        let requester = try record.jurisdictionPath
        let ranks = try depots.mapValues { depot in
            SourceOrder.rank(try depot.source(institutions: institutions), for: requester, unit: record.unitID)
        }
        let rank: (UUID) -> SourceRank = { ranks[$0] ?? .beyond }
        let picks = try automaticPicks(
            requestLines, candidates: candidates, depots: depots, destination: destination, givable: givable, rank: rank
        )
        if picks.isEmpty {
            throw LifelineError(
                .insufficientStock, field: "lines",
                ["available": "0", "requested": String(requestLines.map(\.quantity).reduce(0, +))])
        }
        return (picks, depots, skipped)
    }

    /// The lots among `lots` that hold units recovered from the request's grid after the round before
    /// its own (R4.6). Units in a lot are not told apart, so the whole lot waits a round for that grid;
    /// other grids, and the same grid a round later, may have it.
    func recoveredFromSameGrid(_ lots: [LedgerLot], for record: SupplyRequestRecord, on db: any Database)
        async throws -> [SkippedLot]
    {
        guard let grid = record.grid, let round = record.round, round > 1, !lots.isEmpty else { return [] }
        let recoveries = try await LotRecoveryRecord.query(on: db).filter(\.$lotID ~~ Set(lots.map(\.id)))
            .filter(\.$grid == grid).all()
        let blocking = Dictionary(
            recoveries.filter {
                !RecoveryRule.mayIssue(returnedFromGrid: $0.grid, returnedInRound: $0.round, toGrid: grid, round: round)
            }.map { ($0.lotID, $0.round) }, uniquingKeysWith: { a, _ in a })
        guard !blocking.isEmpty else { return [] }
        let items = try await ItemRecord.query(on: db).filter(\.$id ~~ Set(lots.map(\.itemID))).all()
        let codes = Dictionary(items.compactMap { i in i.id.map { ($0, i.code) } }, uniquingKeysWith: { a, _ in a })
        return lots.compactMap { lot in
            blocking[lot.id].map {
                SkippedLot(
                    lotId: lot.id, batchNo: lot.batchNo, itemCode: codes[lot.itemID] ?? "", grid: grid,
                    returnedInRound: $0, round: round)
            }
        }.sorted { ($0.itemCode, $0.batchNo) < ($1.itemCode, $1.batchNo) }
    }

    /// An approver may name less than was requested, never more: per requested item — or, where the
    /// request allows a lowered standard, per substitution group, since a substitute stands in unit
    /// for unit — the named quantities add up to at most the requested ones (the rule `lifeline
    /// verify` checks as `over-approval`).
    private func requireWithinRequested(
        _ named: [ApprovalLineInput], _ requestLines: [RequestLineRecord], substitutesAllowed: Bool, on tx: any Database
    ) async throws {
        let itemIDs = Set(named.map(\.itemId)).union(requestLines.map(\.itemID))
        let items = try await ItemRecord.query(on: tx).filter(\.$id ~~ itemIDs).all()
        let groups = Dictionary(
            items.compactMap { item in item.id.map { ($0, item.substitutionGroup) } }, uniquingKeysWith: { a, _ in a })
        func key(_ item: UUID) -> String {
            if substitutesAllowed, let group = groups[item] ?? nil { return "group:" + group }
            return item.uuidString
        }
        var left = requestLines.reduce(into: [String: Int]()) { $0[key($1.itemID), default: 0] += $1.quantity }
        for (index, line) in named.enumerated() {
            let remaining = left[key(line.itemId)] ?? 0
            guard line.quantity <= remaining else {
                throw LifelineError(
                    .outOfRange, field: "lines[\(index)].quantity", ["min": "1", "max": String(max(0, remaining))])
            }
            left[key(line.itemId)] = remaining - line.quantity
        }
    }

    /// The approver's lines: each item from the named depot, FEFO inside it.
    private func namedPicks(
        _ named: [ApprovalLineInput], candidates: [LedgerLot], givable: [UUID: Int], depots: [UUID: DepotRecord],
        requestLines: [RequestLineRecord], substitutable: Set<UUID>
    ) throws -> [(LedgerLot, Int)] {
        var picks: [(LedgerLot, Int)] = []
        var givable = givable  // what each lot may still give, as the lines take from it
        for (index, line) in named.enumerated() {
            guard requestLines.contains(where: { $0.itemID == line.itemId }) || substitutable.contains(line.itemId)
            else {
                throw LifelineError.invalid(
                    "lines[\(index)].itemId", "not requested, nor an allowed lowered-standard substitute")
            }
            guard depots[line.depotId] != nil else {
                throw LifelineError.unknownReference("lines[\(index)].depotId", .depot, line.depotId.uuidString)
            }
            let lots = candidates.filter { $0.depotID == line.depotId && $0.itemID == line.itemId }
            let byLot = Dictionary(uniqueKeysWithValues: lots.map { ($0.id.uuidString, $0) })
            var offered: [PickableLot] = []
            for lot in lots {
                offered.append(try lot.pickable.offering(atMost: givable[lot.id] ?? lot.balance.free))
            }
            do throws(LifelineError) {
                for pick in try FEFOPicker.pick(line.quantity, from: offered, on: today) {
                    guard let lot = byLot[pick.lotID] else { continue }
                    picks.append((lot, pick.quantity))
                    givable[lot.id] = (givable[lot.id] ?? lot.balance.free) - pick.quantity
                }
            } catch {
                throw LifelineError(
                    error.code, field: "lines[\(index)].quantity", error.parameters,
                    localized: error.localizedParameters)
            }
        }
        return picks
    }

    /// Without named lines: per request line, depots in R6.2's source order, nearest first within
    /// a rank, FEFO inside each, never below an institution's floor.
    private func automaticPicks(
        _ requestLines: [RequestLineRecord], candidates: [LedgerLot], depots: [UUID: DepotRecord],
        destination: GeoPoint?,
        givable: [UUID: Int], rank: (UUID) -> SourceRank
    ) throws -> [(LedgerLot, Int)] {
        let transport = settings.transport
        let distance: (UUID) -> Double = { depotID in
            guard let depot = depots[depotID], let destination else { return 0 }
            return transport.roadKm(from: depot.location, to: destination)
        }
        var picks: [(LedgerLot, Int)] = []
        for line in requestLines {
            var remaining = line.quantity
            let lots = candidates.filter { $0.itemID == line.itemID }
            let order = SourceOrder.ordered(
                Set(lots.map(\.depotID)).sorted { $0.uuidString < $1.uuidString }, rank: rank, distance: distance)
            for depotID in order {
                guard remaining > 0 else { break }
                let inDepot = FEFOPicker.order(
                    try lots.filter { $0.depotID == depotID }.map { try $0.pickable }, on: today)
                for lot in inDepot where remaining > 0 {
                    let take = min(remaining, UUID(uuidString: lot.id).flatMap { givable[$0] } ?? lot.balance.free)
                    guard take > 0, let ledgerLot = lots.first(where: { $0.id.uuidString == lot.id }) else { continue }
                    picks.append((ledgerLot, take))
                    remaining -= take
                }
            }
        }
        return picks
    }
}
