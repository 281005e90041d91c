import Foundation

/// Plan B's kits (seed 001, R7.1): "one base kit per sampling point with one table, one increment
/// kit per extra table", derived from a mass-testing standard so that a point with `T` tables gets
/// one ``base`` and `T − 1` ``increment`` kits for a round.
///
/// What goes in, per item class of the standard (whole units, each rounded up once per kit):
///
/// | basis | base kit (a point with one table) | increment kit (one more table) |
/// |---|---|---|
/// | per kit | the point's posts wearing the item's kits × shifts × quantity | the table's staff × shifts × quantity |
/// | per table | quantity | quantity |
/// | per point | quantity | — |
/// | per person tested | people per table per shift × shifts × quantity ÷ pool | the same |
///
/// (A table's staff: ``MassTestingStaffing/staffPerTable``, wearing the table-staff kit.)
///
/// The point's posts are the planner's (``MassTestingStaffing/posts(points:tables:staffPerPoint:peripheralHelpers:)``
/// for one point and one table): table staff, sample and waste handlers, and the general posts the
/// staff per point leaves. Peripheral helpers are not at a point, so no kit carries theirs. The
/// standard has no people-per-table figure, so people tested come from the planner's estimate
/// (``MassTestingInput/peoplePerTablePerShift``, 300 by default).
///
/// The kits are a point's first round. Reusable items are counted as the planner counts round 1 —
/// once per point (tents, boxes, thermometers: base kit only), once per table (desks, scanners:
/// base and increment kits) or once per wearer (goggles) — and are recovered between rounds, so a
/// later round's kits are filled without them. Because a point's general posts shrink as tables
/// are added while each increment kit carries a whole table's staff, one base kit and `T − 1`
/// increment kits always hold at least what ``MassTestingPlanner`` plans for that point's round 1.
///
/// A kit holds at most 50 components (``KitRule/validate(_:)``). When a standard yields more, the
/// items the districts hold in full (``MassTestingStandardEntry/districtOnly``: waste handling and
/// disinfection) are packed apart, as Plan A packs disinfection apart, into ``baseApart`` and
/// ``incrementApart``; if a kit still holds more than 50, the standard is refused. Components are
/// in the standard's order, coded by ``MassTestingStandardEntry/itemCode``.
public struct PlanBKits: Sendable, Codable, Hashable {
    /// One per sampling point: what the point with one table needs for a round.
    public var base: [KitComponent]
    /// One per table beyond the first; empty when an extra table needs nothing.
    public var increment: [KitComponent]
    /// The base kit's district-held items, packed apart; empty unless the base kit would exceed 50.
    public var baseApart: [KitComponent]
    /// The increment kit's district-held items, packed apart; empty unless a kit would exceed 50.
    public var incrementApart: [KitComponent]

    public init(
        base: [KitComponent], increment: [KitComponent], baseApart: [KitComponent] = [],
        incrementApart: [KitComponent] = []
    ) {
        self.base = base
        self.increment = increment
        self.baseApart = baseApart
        self.incrementApart = incrementApart
    }

    /// The most components of one kit (``KitRule/validate(_:)``).
    public static let largestComponentCount = 50
    /// The most units of one component (``KitRule/validate(_:)``).
    public static let largestComponentQuantity = 10_000

    /// The kits for the posts, shifts and people per table of a plan's `input`.
    public static func derive(
        standard: MassTestingStandard, input: MassTestingInput
    ) throws(LifelineError) -> PlanBKits {
        try derive(
            standard: standard, staffing: input.staffing, staffPerPointPerShift: input.staffPerPointPerShift,
            shifts: input.shifts, peoplePerTablePerShift: input.peoplePerTablePerShift)
    }

    /// Validates the standard and the figures as the planner does (errors name the field:
    /// `entries[3].quantity`, `staffing.staffPerTable`, `staffPerPointPerShift`, `shifts`,
    /// `peoplePerTablePerShift`) and derives the kits. A component above 10 000 units is refused
    /// naming its entry's `quantity`; two entries coded alike (one's catalogue code the other's
    /// class) are refused as duplicates.
    public static func derive(
        standard: MassTestingStandard, staffing: MassTestingStaffing = .seed001, staffPerPointPerShift: Decimal,
        shifts: Int = 1, peoplePerTablePerShift: Int = 300
    ) throws(LifelineError) -> PlanBKits {
        let standard = try standard.validated()
        let staffing = try staffing.validated()
        guard
            MassTestingDecimal.isPlain(
                staffPerPointPerShift, above: 0, atMost: MassTestingInput.largestStaffPerPoint)
        else {
            throw LifelineError.invalid(
                "staffPerPointPerShift", "a number above 0, at most 100, with at most 6 decimals")
        }
        guard (1...6).contains(shifts) else {
            throw LifelineError(.outOfRange, field: "shifts", ["min": "1", "max": "6"])
        }
        guard (1...2_000).contains(peoplePerTablePerShift) else {
            throw LifelineError(.outOfRange, field: "peoplePerTablePerShift", ["min": "1", "max": "2000"])
        }
        let posts = staffing.posts(points: 1, tables: 1, staffPerPoint: staffPerPointPerShift)
        let tablePost = MassTestingPost.tableStaff.protection
        let people = Decimal(peoplePerTablePerShift * shifts)
        var kits = PlanBKits(base: [], increment: [])
        var districtHeld: Set<String> = []
        var codes: Set<String> = []
        for (index, entry) in standard.entries.enumerated() {
            guard codes.insert(entry.itemCode).inserted else {
                let field = entry.catalogueCode == nil ? "itemClass" : "catalogueCode"
                throw LifelineError(.duplicate, field: "entries[\(index)].\(field)", ["value": entry.itemCode])
            }
            let base: Decimal
            let increment: Decimal
            switch entry.basis {
            case .perKit:
                let wearers = entry.kits.reduce(0) { $0 + posts.wearers(of: $1) }
                let tableWearers = entry.kits.contains(tablePost) ? staffing.staffPerTable : 0
                base = Decimal(wearers * shifts) * entry.quantity
                increment = Decimal(tableWearers * shifts) * entry.quantity
            case .perTable:
                (base, increment) = (entry.quantity, entry.quantity)
            case .perPoint:
                (base, increment) = (entry.quantity, 0)
            case .perPersonTested:
                let perTable = people * entry.quantity / Decimal(entry.poolSize ?? 1)
                (base, increment) = (perTable, perTable)
            }
            if entry.districtOnly { districtHeld.insert(entry.itemCode) }
            if let component = try component(entry, index: index, exact: base) { kits.base.append(component) }
            if let component = try component(entry, index: index, exact: increment) {
                kits.increment.append(component)
            }
        }
        if kits.base.count > largestComponentCount || kits.increment.count > largestComponentCount {
            kits.baseApart = kits.base.filter { districtHeld.contains($0.itemCode) }
            kits.incrementApart = kits.increment.filter { districtHeld.contains($0.itemCode) }
            kits.base.removeAll { districtHeld.contains($0.itemCode) }
            kits.increment.removeAll { districtHeld.contains($0.itemCode) }
        }
        for bill in [kits.base, kits.increment, kits.baseApart, kits.incrementApart]
        where bill.count > largestComponentCount {
            throw LifelineError.invalid(
                "entries",
                """
                more than \(largestComponentCount) item classes in one Plan B kit, even with the district-held \
                items packed apart
                """
            )
        }
        guard !kits.base.isEmpty || !kits.baseApart.isEmpty else {
            throw LifelineError.invalid("entries", "nothing for a sampling point with one table")
        }
        // The bills were built to pass; checking them here keeps that promise if the rules change.
        for bill in [kits.base, kits.increment, kits.baseApart, kits.incrementApart] where !bill.isEmpty {
            try KitRule.validate(bill)
        }
        return kits
    }

    /// `exact` units of `entry` as a component, rounded up; nil for none.
    private static func component(
        _ entry: MassTestingStandardEntry, index: Int, exact: Decimal
    ) throws(LifelineError) -> KitComponent? {
        let units = MassTestingDecimal.roundedUp(exact)
        guard units > 0 else { return nil }
        guard units <= Decimal(largestComponentQuantity) else {
            // A bag holds at most 10 000 units of a component (``KitRule``): more people per table than
            // that allows is a figure too large for Plan B, not a malformed one.
            throw LifelineError(
                .valueTooLarge, field: "entries[\(index)].quantity", ["max": String(largestComponentQuantity)])
        }
        return KitComponent(itemCode: entry.itemCode, quantity: NSDecimalNumber(decimal: units).intValue)
    }
}
