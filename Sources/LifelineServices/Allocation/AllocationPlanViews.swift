import Foundation
import LifelineDomain

/// Which requests to plan for, and whether to even out fill rates within a class.
public struct AllocationPlanInput: Codable, Sendable, Hashable {
    /// Submitted requests to plan for; nil = every submitted request the actor may decide.
    public var requestIds: [UUID]?
    /// Max-min fairness inside each priority class: the first half of every line is worth three
    /// times the rest, so scarce stock is spread before any site is filled completely.
    public var fairness: Bool
    /// Lines the officer fixed: these quantities go from these depots to these requests before
    /// the engine plans the rest.
    public var pins: [AllocationPin]
    /// Classes the officer set over what the sites and posts give (R6.1), each with a reason.
    public var overrides: [AllocationPriorityOverride]

    public init(
        requestIds: [UUID]? = nil, fairness: Bool = false, pins: [AllocationPin] = [],
        overrides: [AllocationPriorityOverride] = []
    ) {
        self.requestIds = requestIds
        self.fairness = fairness
        self.pins = pins
        self.overrides = overrides
    }

    /// `overrides` may be left out (clients written before it).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            requestIds: try c.decodeIfPresent([UUID].self, forKey: .requestIds),
            fairness: try c.decode(Bool.self, forKey: .fairness),
            pins: try c.decode([AllocationPin].self, forKey: .pins),
            overrides: try c.decodeIfPresent([AllocationPriorityOverride].self, forKey: .overrides) ?? [])
    }
}

/// One fixed line of a plan: `quantity` units of `itemId` from `depotId` to `requestId`.
public struct AllocationPin: Codable, Sendable, Hashable {
    public var requestId: UUID
    public var itemId: UUID
    public var depotId: UUID
    public var quantity: Int

    public init(requestId: UUID, itemId: UUID, depotId: UUID, quantity: Int) {
        self.requestId = requestId
        self.itemId = itemId
        self.depotId = depotId
        self.quantity = quantity
    }
}

/// The engine's plan for a batch of requests, every line explained (R6.3).
public struct AllocationPlanView: Codable, Sendable, Hashable {
    public struct Allocation: Codable, Sendable, Hashable {
        public var requestId: UUID
        public var requestNumber: String
        public var requestedItemId: UUID
        public var itemId: UUID
        public var itemName: String
        public var depotId: UUID
        public var depotName: String
        public var lotId: UUID
        public var batchNo: String
        public var expiryDate: String?
        public var quantity: Int
        public var roadKm: Double
        public var tier: SourceRank
        public var substitute: Bool
        /// Fixed by the officer rather than chosen by the engine.
        public var pinned: Bool
        /// Which rules put it there, in the person's language.
        public var rule: String
    }

    public struct Unmet: Codable, Sendable, Hashable {
        public var requestId: UUID
        public var requestNumber: String
        public var itemId: UUID
        public var itemName: String
        public var requested: Int
        public var allocated: Int
        public var reason: String
        public var reasonText: String
    }

    public struct Fill: Codable, Sendable, Hashable {
        public var key: String
        public var label: String
        public var requested: Int
        public var allocated: Int
        public var rate: Double
    }

    public struct Flow: Codable, Sendable, Hashable {
        public var fromLatitude: Double
        public var fromLongitude: Double
        public var toLatitude: Double
        public var toLongitude: Double
        public var quantity: Int
        public var label: String
    }

    public var requestCount: Int
    public var allocations: [Allocation]
    public var unmet: [Unmet]
    public var byPriority: [Fill]
    public var byJurisdiction: [Fill]
    public var flows: [Flow]
    public var objective: Int
    public var lowerBound: Double
    public var gap: Double
    public var solveSeconds: Double
    /// With fairness: how much the objective rose to even out fill rates (0 without).
    public var fairnessCost: Int
    /// Requests approved from this plan (after an approval).
    public var approved: [String]
}
