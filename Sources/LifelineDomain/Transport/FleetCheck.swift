import Foundation

/// Whether a county's registered fleet brings the first round of a mass-testing plan from the
/// county depot to its distribution points within the leg limit (2 hours, #12 item 7, ADR 0040).
///
/// The check is by load space (litres), because the catalogue has volumes but no weights.
///
/// 1. **Load.** Round 1's quantity of each item class × the item's volume, summed in cm³ and
///    rounded up to litres once. A class without a volume is left out and listed.
/// 2. **Split.** The load is divided among the county's distribution points in proportion to the
///    sampling points each serves (all equally when none serves any), by largest remainder, so the
///    shares add up to the load exactly.
/// 3. **Trips.** A vehicle shuttling on a leg of ℓ minutes within a limit of T minutes delivers
///    ⌊(T − ℓ) ÷ 2ℓ⌋ + 1 loads (arrivals at ℓ, 3ℓ, 5ℓ… up to T); none when ℓ > T. A point with no
///    route, or only routes longer than T, cannot be served at all.
/// 4. **Assignment (greedy).** Each vehicle serves one point for the whole window. Points are taken
///    fewest trips first (the farthest, where a vehicle counts least), then the largest load, then
///    in the given order. For each point, while load remains and vehicles are free: the smallest
///    free vehicle whose trips cover the rest is taken if there is one, else the largest free one.
/// 5. **Shortfall.** What a point's vehicles cannot carry is missing; at a point the fleet can reach,
///    ⌈missing ÷ (trips × median volume)⌉ more vehicles of the register's median size (the lower
///    median) would close it. What is missing at unreachable points needs a route, not a vehicle.
///
/// Sums are in 128 bits: no input within the planner's and the register's limits overflows.
///
///     let result = FleetCheck.check(
///         loads: [.init(itemClass: "pooled_tube", quantity: 10_000, volumeCm3: 20)],  // 200 L
///         points: [.init(key: "DP-1", servedPoints: 10, legMinutes: 30)],
///         vehicles: [.init(key: "贵A12345", litres: 100)], limitMinutes: 120)
///     result.fits  // true: 2 trips × 100 L
public enum FleetCheck {
    /// Round 1's demand of one item class; `volumeCm3` nil when the catalogue has no volume for it.
    public struct Load: Sendable, Hashable {
        public var itemClass: String
        public var quantity: Int
        public var volumeCm3: Int?

        public init(itemClass: String, quantity: Int, volumeCm3: Int?) {
            self.itemClass = itemClass
            self.quantity = quantity
            self.volumeCm3 = volumeCm3
        }
    }

    /// A distribution point: the sampling points it serves and its shortest registered leg.
    public struct Point: Sendable, Hashable {
        public var key: String
        public var servedPoints: Int
        /// One-way minutes from a county depot; nil when no route is registered.
        public var legMinutes: Int?

        public init(key: String, servedPoints: Int, legMinutes: Int?) {
            self.key = key
            self.servedPoints = servedPoints
            self.legMinutes = legMinutes
        }
    }

    /// A registered vehicle in service and its load space.
    public struct Vehicle: Sendable, Hashable {
        public var key: String
        public var litres: Int

        public init(key: String, litres: Int) {
            self.key = key
            self.litres = litres
        }
    }

    /// Loads a vehicle delivers on a leg of `legMinutes` within `limitMinutes`: ⌊(T − ℓ) ÷ 2ℓ⌋ + 1,
    /// or 0 when the leg is longer than the limit (or not a positive time).
    public static func trips(legMinutes: Int, limitMinutes: Int) -> Int {
        guard legMinutes > 0, legMinutes <= limitMinutes else { return 0 }
        return (limitMinutes - legMinutes) / (2 * legMinutes) + 1
    }

    /// The load in litres (cm³ summed exactly, rounded up once) and the classes without a volume.
    public static func litres(of loads: [Load]) -> (litres: Int128, unknown: [String]) {
        var cm3: Int128 = 0
        var unknown: [String] = []
        for load in loads where load.quantity > 0 {
            guard let volume = load.volumeCm3, volume > 0 else {
                unknown.append(load.itemClass)
                continue
            }
            cm3 += Int128(load.quantity) * Int128(volume)
        }
        return ((cm3 + 999) / 1_000, unknown)
    }

    /// `total` divided in proportion to `weights` by largest remainder (ties to the earlier one); all
    /// equally when the weights are all zero. The parts add up to `total`.
    public static func split(_ total: Int128, weights: [Int]) -> [Int128] {
        guard !weights.isEmpty else { return [] }
        let weights = weights.contains { $0 > 0 } ? weights.map { Int128(max(0, $0)) } : weights.map { _ in 1 }
        let sum = weights.reduce(0, +)
        var parts = weights.map { total * $0 / sum }
        var left = total - parts.reduce(0, +)
        let order = weights.indices.sorted {
            let a = total * weights[$0] % sum
            let b = total * weights[$1] % sum
            return a != b ? a > b : $0 < $1
        }
        for index in order where left > 0 {
            parts[index] += 1
            left -= 1
        }
        return parts
    }

    /// The lower median of the vehicles' load space, or nil for an empty register.
    public static func medianLitres(_ vehicles: [Vehicle]) -> Int? {
        guard !vehicles.isEmpty else { return nil }
        let sorted = vehicles.map(\.litres).sorted()
        return sorted[(sorted.count - 1) / 2]
    }

    /// Runs the check (see the type's description for the rule).
    public static func check(loads: [Load], points: [Point], vehicles: [Vehicle], limitMinutes: Int)
        -> FleetCheckResult
    {
        let (load, unknown) = litres(of: loads)
        let shares = split(load, weights: points.map(\.servedPoints))
        var results = zip(points, shares).map { point, share in
            let trips = point.legMinutes.map { Self.trips(legMinutes: $0, limitMinutes: limitMinutes) } ?? 0
            return FleetCheckPoint(
                key: point.key, servedPoints: point.servedPoints, loadLitres: share, legMinutes: point.legMinutes,
                noRoute: point.legMinutes == nil, legTooLong: point.legMinutes.map { $0 > limitMinutes } ?? false,
                tripsPerVehicle: trips, vehicles: [], capacityLitres: 0, missingLitres: share,
                additionalVehicles: nil)
        }
        // Largest first; equal sizes by key, so the result does not depend on the input's order.
        var free = vehicles.filter { $0.litres > 0 }.sorted {
            $0.litres != $1.litres ? $0.litres > $1.litres : $0.key < $1.key
        }
        let order = results.indices.filter { results[$0].tripsPerVehicle > 0 }.sorted {
            let a = results[$0]
            let b = results[$1]
            if a.tripsPerVehicle != b.tripsPerVehicle { return a.tripsPerVehicle < b.tripsPerVehicle }
            if a.loadLitres != b.loadLitres { return a.loadLitres > b.loadLitres }
            return $0 < $1
        }
        for index in order {
            let trips = Int128(results[index].tripsPerVehicle)
            while results[index].missingLitres > 0, !free.isEmpty {
                let rest = results[index].missingLitres
                // `free` runs largest to smallest: the vehicles that cover the rest come first; of
                // the smallest size among them, the first by key.
                var pick = 0
                if let last = free.lastIndex(where: { trips * Int128($0.litres) >= rest }) {
                    pick = free.firstIndex { $0.litres == free[last].litres } ?? last
                }
                let taken = free.remove(at: pick)
                let capacity = trips * Int128(taken.litres)
                results[index].vehicles.append(taken.key)
                results[index].capacityLitres += capacity
                results[index].missingLitres = max(0, rest - capacity)
            }
        }
        let median = medianLitres(vehicles.filter { $0.litres > 0 })
        var additional: Int128? = 0
        for index in results.indices where results[index].missingLitres > 0 && results[index].tripsPerVehicle > 0 {
            guard let median else {
                additional = nil
                continue
            }
            let perVehicle = Int128(results[index].tripsPerVehicle) * Int128(median)
            let more = (results[index].missingLitres + perVehicle - 1) / perVehicle
            results[index].additionalVehicles = more
            additional = additional.map { $0 + more }
        }
        return FleetCheckResult(
            limitMinutes: limitMinutes, loadLitres: load, unknownVolumeClasses: unknown, points: results,
            medianVehicleLitres: median, additionalVehicles: additional, spareVehicles: free.map(\.key))
    }
}
