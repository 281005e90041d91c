// The allocation problem in the columnar layout of `lifeline-allocation-problem/1`.
//
// Every table is a struct of equal-length columns; row i of a table is element i of each
// column. References between tables are 0-based indexes. The server builds problems in
// memory from the database; the CLI and the benchmark kit read and write them as JSON
// (see `AllocationJSON`).

/// An allocation problem: depots holding lots of items, sites demanding items, the allowed
/// depot → site arcs, and a per-depot outbound volume capacity shared by all items.
public struct AllocationProblem: Sendable, Equatable {
    public static let formatIdentifier = "lifeline-allocation-problem/1"

    public struct Items: Sendable, Equatable {
        public var id: [String]
        /// Volume of one unit, m³ (> 0).
        public var volumeM3: [Double]
        /// Transport cost per unit per road-km.
        public var rate: [Int]
        public init(id: [String] = [], volumeM3: [Double] = [], rate: [Int] = []) {
            self.id = id
            self.volumeM3 = volumeM3
            self.rate = rate
        }
        public var count: Int { id.count }
    }

    public struct Depots: Sendable, Equatable {
        public var id: [String]
        public var xKm: [Double]
        public var yKm: [Double]
        /// Outbound volume the depot can ship in the period, all items together, m³.
        public var capacityM3: [Double]
        public init(id: [String] = [], xKm: [Double] = [], yKm: [Double] = [], capacityM3: [Double] = []) {
            self.id = id
            self.xKm = xKm
            self.yKm = yKm
            self.capacityM3 = capacityM3
        }
        public var count: Int { id.count }
    }

    public struct Sites: Sendable, Equatable {
        public var id: [String]
        public var xKm: [Double]
        public var yKm: [Double]
        /// Priority class: 0 critical, 1 high, 2 normal.
        public var priority: [Int]
        public init(id: [String] = [], xKm: [Double] = [], yKm: [Double] = [], priority: [Int] = []) {
            self.id = id
            self.xKm = xKm
            self.yKm = yKm
            self.priority = priority
        }
        public var count: Int { id.count }
    }

    public struct Lots: Sendable, Equatable {
        public var id: [String]
        public var depot: [Int]
        public var item: [Int]
        public var quantity: [Int]
        public var expiresInDays: [Int]
        /// Cost per unit of this lot left unused.
        public var wasteCost: [Int]
        public init(
            id: [String] = [], depot: [Int] = [], item: [Int] = [], quantity: [Int] = [],
            expiresInDays: [Int] = [], wasteCost: [Int] = []
        ) {
            self.id = id
            self.depot = depot
            self.item = item
            self.quantity = quantity
            self.expiresInDays = expiresInDays
            self.wasteCost = wasteCost
        }
        public var count: Int { id.count }
    }

    public struct Demands: Sendable, Equatable {
        public var site: [Int]
        public var item: [Int]
        public var quantity: [Int]
        public init(site: [Int] = [], item: [Int] = [], quantity: [Int] = []) {
            self.site = site
            self.item = item
            self.quantity = quantity
        }
        public var count: Int { site.count }
    }

    public struct Arcs: Sendable, Equatable {
        public var depot: [Int]
        public var site: [Int]
        public var roadKm: [Int]
        public var hours: [Double]
        public init(depot: [Int] = [], site: [Int] = [], roadKm: [Int] = [], hours: [Double] = []) {
            self.depot = depot
            self.site = site
            self.roadKm = roadKm
            self.hours = hours
        }
        public var count: Int { depot.count }
    }

    public var items: Items
    public var depots: Depots
    public var sites: Sites
    public var lots: Lots
    public var demands: Demands
    public var arcs: Arcs
    /// `penalty[p][k]`: cost per unit of item k not delivered to a site of priority class p (3 × K).
    public var penalty: [[Int]]
    /// Optional convex piecewise-linear penalties for single demand rows (API only, not part of
    /// the file format). Key: demand row index. When present they replace `penalty` for that row.
    public var tranches: [Int: [DemandTranche]]
    /// The raw JSON text of the optional `params` object (how the file was generated), if any.
    public var paramsJSON: String?

    public init(
        items: Items = Items(), depots: Depots = Depots(), sites: Sites = Sites(),
        lots: Lots = Lots(), demands: Demands = Demands(), arcs: Arcs = Arcs(),
        penalty: [[Int]] = [[], [], []], tranches: [Int: [DemandTranche]] = [:],
        paramsJSON: String? = nil
    ) {
        self.items = items
        self.depots = depots
        self.sites = sites
        self.lots = lots
        self.demands = demands
        self.arcs = arcs
        self.penalty = penalty
        self.tranches = tranches
        self.paramsJSON = paramsJSON
    }

    public static let priorityClasses = 3
}

/// One tranche of a demand row's piecewise-linear shortage penalty.
///
/// A demand row of quantity D with tranches `[t0, t1, …]` (Σ quantity = D) is filled in
/// order: delivered units fill `t0` first, then `t1`, … Units of tranche `ti` left undelivered
/// cost `ti.penalty` each. Penalties must be non-increasing (`t0.penalty ≥ t1.penalty ≥ …`),
/// which makes the shortage cost convex: the first units delivered are the most valuable.
/// Example (max-min fairness): the first 50 % of a site's demand at 3× the class penalty,
/// the rest at the class penalty.
public struct DemandTranche: Sendable, Equatable, Hashable {
    public var quantity: Int
    public var penalty: Int
    public init(quantity: Int, penalty: Int) {
        self.quantity = quantity
        self.penalty = penalty
    }
}

/// A solution in the columnar layout of `lifeline-allocation-solution/1`: integer units of a
/// lot sent to a site.
public struct AllocationSolution: Sendable, Equatable {
    public static let formatIdentifier = "lifeline-allocation-solution/1"

    public var lot: [Int]
    public var site: [Int]
    public var quantity: [Int]
    /// The solver's objective (checkers recompute it).
    public var objective: Int?
    /// A proven lower bound on the optimum, when the solver has one.
    public var lowerBound: Double?
    public var solveSeconds: Double?

    public init(
        lot: [Int] = [], site: [Int] = [], quantity: [Int] = [],
        objective: Int? = nil, lowerBound: Double? = nil, solveSeconds: Double? = nil
    ) {
        self.lot = lot
        self.site = site
        self.quantity = quantity
        self.objective = objective
        self.lowerBound = lowerBound
        self.solveSeconds = solveSeconds
    }

    public var count: Int { lot.count }

    public struct Shipment: Sendable, Equatable, Hashable {
        public var lot: Int
        public var site: Int
        public var quantity: Int
        public init(lot: Int, site: Int, quantity: Int) {
            self.lot = lot
            self.site = site
            self.quantity = quantity
        }
    }

    public var shipments: [Shipment] {
        (0..<lot.count).map { Shipment(lot: lot[$0], site: site[$0], quantity: quantity[$0]) }
    }

    public mutating func append(lot l: Int, site s: Int, quantity q: Int) {
        lot.append(l)
        site.append(s)
        quantity.append(q)
    }
}
