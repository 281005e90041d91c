import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// From a mass-testing plan to requests (R7.4, R4.6): the first request covers the plan's first
/// rounds (seed 001: 2); each area and round becomes one request for its grid and round, its lines
/// split by the post they serve (``MassTestingPlan/requestLines(area:round:standard:)``) so that the
/// allocation ranks them by R6.1. Round r is needed by the plan's start + (r − 1) × the round
/// interval + the first-round limit.
extension DispatchService {
    public func createMassTestingRequests(_ input: MassTestingRequestsInput, key: String, by actor: Actor)
        async throws -> MassTestingRequestsView
    {
        try AccessPolicy.require(.requestSupplies, actor)
        let standard = try await standardInForce()
        let plan = try MassTestingPlanner.plan(input.plan, standard: standard)
        let rounds = input.rounds ?? plan.firstRequestRounds
        guard (1...plan.rounds.count).contains(rounds) else {
            throw LifelineError(.outOfRange, field: "rounds", ["min": "1", "max": String(plan.rounds.count)])
        }
        let areaCodes = input.areaCodes ?? plan.areas.map(\.code)
        for (index, code) in areaCodes.enumerated() where !plan.areas.contains(where: { $0.code == code }) {
            throw LifelineError.invalid("areaCodes[\(index)]", "not an area of the plan")
        }
        // The batch's size first (areas × rounds requests, before any is worked out); then every draft
        // is checked before the first is stored: a plan that cannot become requests stores none.
        guard areaCodes.count * rounds <= Self.largestRequestBatch else {
            throw LifelineError(
                .valueTooLarge, field: "areaCodes", ["max": "\(Self.largestRequestBatch) requests (areas × rounds)"])
        }
        let drafts = plan.requestDrafts(areaCodes: areaCodes, rounds: rounds, standard: standard)
        for (code, round, lines) in drafts {
            if let line = lines.first(where: { $0.quantity > Limits.quantityPerMovement }) {
                throw LifelineError(
                    .invalidValue, field: "plan.areas",
                    [
                        "reason":
                            """
                        \(line.itemCode) would need \(line.quantity) in round \(round) of \(code), more than \
                        \(Limits.quantityPerMovement) in one request; split the area
                        """
                    ])
            }
        }
        let codes = Set(drafts.flatMap { $0.lines.map(\.itemCode) })
        let items = try await ItemRecord.query(on: database).filter(\.$code ~~ codes).all()
        let itemIDs = Dictionary(items.compactMap { i in i.id.map { (i.code, $0) } }, uniquingKeysWith: { a, _ in a })
        let now = clock.now()
        let start = max(input.plan.startAt ?? now, now)
        var checked: [CheckedDraft] = []
        for draft in drafts {
            let lines = draft.lines.compactMap { line in
                itemIDs[line.itemCode].map {
                    RequestLineInput(itemId: $0, quantity: line.quantity, post: line.post)
                }
            }
            guard !lines.isEmpty else { continue }
            let neededBy = start.addingTimeInterval(
                Double(draft.round - 1) * Double(input.plan.roundIntervalHours) * 3_600
                    + settings.transport.firstRoundHours * 3_600)
            checked.append(
                try checkedDraft(
                    RequestInput(
                        unitId: input.unitId, priority: input.priority ?? .high, neededBy: neededBy,
                        deliveryPlace: input.deliveryPlace, longitude: input.longitude, latitude: input.latitude,
                        justification: input.justification
                            ?? "全员核酸检测 第 \(draft.round) 轮 · \(draft.area) / mass testing, round \(draft.round)",
                        lines: lines, grid: draft.area, round: draft.round, site: input.site,
                        distributionPointId: input.distributionPointId), now: now))
        }
        let missing = codes.subtracting(itemIDs.keys).sorted()
        let submit = input.submit ?? false
        let batch = checked
        // One transaction under one key: the batch is stored whole or not at all, and a retry with the
        // same key returns it (a different input under the same key is refused).
        return try await idempotent("mass_testing.requests", key: key, actor: actor, input: input) { tx in
            var views: [RequestView] = []
            var events: [AuditEvent] = []
            var notices: [DispatchNotice] = []
            for draft in batch {
                var audited = try await self.insertDraft(draft, by: actor, now: now, on: tx)
                events += audited.events
                if submit {
                    audited = try await self.applyRequesterAction(draft.id, .submit, by: actor, now: now, on: tx)
                    events += audited.events
                    notices += audited.notices
                }
                views.append(audited.output)
            }
            return Audited(
                output: MassTestingRequestsView(requests: views, missingItemCodes: missing), events: events,
                notices: notices)
        }
    }

    /// Requests one call may draft (areas × rounds): a city's districts over a few rounds; a larger
    /// response is drafted area by area.
    public static let largestRequestBatch = 500
}

/// Requests from a plan: for which unit and place, which areas (default all) and how many rounds
/// (default the plan's first request, 2), and whether to submit them at once.
public struct MassTestingRequestsInput: Codable, Sendable, Hashable {
    public var plan: MassTestingInput
    public var unitId: UUID
    public var deliveryPlace: String
    public var longitude: Double?
    public var latitude: Double?
    public var justification: String?
    public var areaCodes: [String]?
    public var rounds: Int?
    /// The stated class, kept only for requests without site attributes (default high).
    public var priority: RequestPriority?
    public var site: SiteAttributes?
    public var distributionPointId: UUID?
    public var submit: Bool?

    public init(
        plan: MassTestingInput, unitId: UUID, deliveryPlace: String, longitude: Double? = nil, latitude: Double? = nil,
        justification: String? = nil, areaCodes: [String]? = nil, rounds: Int? = nil, priority: RequestPriority? = nil,
        site: SiteAttributes? = nil, distributionPointId: UUID? = nil, submit: Bool? = nil
    ) {
        self.plan = plan
        self.unitId = unitId
        self.deliveryPlace = deliveryPlace
        self.longitude = longitude
        self.latitude = latitude
        self.justification = justification
        self.areaCodes = areaCodes
        self.rounds = rounds
        self.priority = priority
        self.site = site
        self.distributionPointId = distributionPointId
        self.submit = submit
    }
}

/// The requests drafted (or submitted) from a plan, and the plan's item codes the catalogue lacks
/// (their lines were left out: procure them, or map the standard's class to a catalogue item).
public struct MassTestingRequestsView: Codable, Sendable, Hashable {
    public var requests: [RequestView]
    public var missingItemCodes: [String]
}
