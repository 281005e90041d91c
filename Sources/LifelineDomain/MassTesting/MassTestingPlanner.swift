import Foundation

/// The mass-testing planner (R7.4, seed 001): turns a ``MassTestingInput`` and a
/// ``MassTestingStandard`` into demand per item class, round and area, the city/district split and
/// the first request. A pure function: stock and requests are the services' business.
///
/// For each item class and area, one round needs:
///
/// | basis | demand |
/// |---|---|
/// | per kit | people wearing any of the item's kits on a shift × shifts × quantity |
/// | per table | tables × quantity |
/// | per point | points × quantity |
/// | per person tested | people tested × quantity ÷ pool size |
///
/// Reusable items are needed in round 1 only (recovered between rounds); every other round repeats
/// round 1. Rounding happens in three places, each once per line, always up except the split:
/// 1. the demand of an item in an area (`quantity`) is rounded up to whole units — so pooled tubes
///    are ⌈people ÷ 10⌉ per area and round;
/// 2. the city's share is ⌊quantity × 50 %⌋ and the districts take the rest, so the two add up to
///    the demand exactly (an odd unit goes to the districts, who are at the points);
/// 3. the city holds its share plus the redundancy, ⌈share × 105 %⌉ — the 5 % is on the city's share
///    only; district-only items (waste handling, disinfection) have no city share.
///
/// Totals per item and round are sums of the areas' lines; the first request sums rounds 1–2.
///
///     let plan = try MassTestingPlanner.plan(.guiyang, standard: .seed001)
///     plan.total("protective_suit", round: 1)?.quantity  // 59 294: 50 512 level-2 sample + 8 782 level-2 waste
public enum MassTestingPlanner {
    /// The largest quantity of one line (far above any city; the inputs' limits keep lines below it).
    public static let largestLineQuantity = 10_000_000_000_000_000

    /// Validates the input and the standard (errors name the field: `areas[0].tables`, `rounds`,
    /// `entries[3].quantity`…) and computes the plan.
    public static func plan(
        _ input: MassTestingInput, standard: MassTestingStandard = .seed001
    ) throws(LifelineError) -> MassTestingPlan {
        let input = try input.validated()
        let standard = try standard.validated()
        guard standard.entries.count * input.rounds * input.areas.count <= MassTestingInput.largestLineCount else {
            throw LifelineError.invalid(
                "areas",
                """
                item classes × rounds × areas is more than \(MassTestingInput.largestLineCount) lines; \
                split the plan by area
                """)
        }
        let areas = input.areas.map { summary(of: $0, input) }
        var lines: [MassTestingPlanLine] = []
        lines.reserveCapacity(standard.entries.count * input.rounds * areas.count)
        var totals: [MassTestingPlanTotal] = []
        totals.reserveCapacity(standard.entries.count * input.rounds)
        for (index, entry) in standard.entries.enumerated() {
            var perArea: [(quantity: Int, city: Int, districts: Int)] = []
            perArea.reserveCapacity(areas.count)
            for area in areas {
                let quantity = try wholeUnits(demand(of: entry, in: area, shifts: input.shifts), entry: index)
                let (city, districts) = split(quantity, districtOnly: entry.districtOnly, input)
                perArea.append((quantity, city, districts))
            }
            for round in 1...input.rounds {
                let needed = !entry.reusable || round == 1
                var total = MassTestingPlanTotal(
                    itemClass: entry.itemClass, catalogueCode: entry.catalogueCode, round: round, quantity: 0, city: 0,
                    districts: 0)
                for (area, part) in zip(areas, perArea) {
                    let line = MassTestingPlanLine(
                        itemClass: entry.itemClass, catalogueCode: entry.catalogueCode, round: round,
                        areaCode: area.code, quantity: needed ? part.quantity : 0, city: needed ? part.city : 0,
                        districts: needed ? part.districts : 0)
                    total.quantity += line.quantity
                    total.city += line.city
                    total.districts += line.districts
                    lines.append(line)
                }
                totals.append(total)
            }
        }
        let rounds = (1...input.rounds).map { number in
            MassTestingRound(
                number: number,
                startsAt: input.startAt?.addingTimeInterval(Double((number - 1) * input.roundIntervalHours) * 3_600))
        }
        let firstRequestRounds = min(input.firstRequestRounds, input.rounds)
        var plan = MassTestingPlan(
            standardVersion: standard.version, rounds: rounds, areas: areas, lines: lines, totals: totals,
            firstRequestRounds: firstRequestRounds, firstRequest: [])
        plan.firstRequest = plan.need(rounds: 1...firstRequestRounds)
        return plan
    }

    /// An area's population (given or estimated) and posts on one shift.
    static func summary(of area: MassTestingArea, _ input: MassTestingInput) -> MassTestingAreaSummary {
        let estimated = area.tables * input.shifts * input.peoplePerTablePerShift
        return MassTestingAreaSummary(
            code: area.code, name: area.name, points: area.points, tables: area.tables,
            populationTested: area.populationTested ?? estimated, populationEstimated: area.populationTested == nil,
            posts: input.staffing.posts(
                points: area.points, tables: area.tables, staffPerPoint: input.staffPerPointPerShift,
                peripheralHelpers: area.peripheralHelpers))
    }

    /// One round's exact demand of `entry` in `area`, before rounding.
    static func demand(of entry: MassTestingStandardEntry, in area: MassTestingAreaSummary, shifts: Int) -> Decimal {
        switch entry.basis {
        case .perKit:
            let wearers = entry.kits.reduce(0) { $0 + area.posts.wearers(of: $1) }
            return Decimal(wearers) * Decimal(shifts) * entry.quantity
        case .perTable:
            return Decimal(area.tables) * entry.quantity
        case .perPoint:
            return Decimal(area.points) * entry.quantity
        case .perPersonTested:
            return Decimal(area.populationTested) * entry.quantity / Decimal(entry.poolSize ?? 1)
        }
    }

    /// `exact` rounded up to whole units; beyond ``largestLineQuantity`` an error, never a trap.
    static func wholeUnits(_ exact: Decimal, entry index: Int) throws(LifelineError) -> Int {
        let rounded = MassTestingDecimal.roundedUp(exact)
        guard !rounded.isNaN, rounded >= 0, rounded <= Decimal(largestLineQuantity) else {
            throw LifelineError.invalid(
                "entries[\(index)].quantity", "more than \(largestLineQuantity) units in one line")
        }
        return NSDecimalNumber(decimal: rounded).intValue
    }

    /// The city's part with its redundancy and the districts' part of `quantity`.
    static func split(_ quantity: Int, districtOnly: Bool, _ input: MassTestingInput) -> (city: Int, districts: Int) {
        guard !districtOnly else { return (0, quantity) }
        let cityShare = percent(quantity, input.citySharePercent, roundingUp: false)
        let city = percent(cityShare, 100 + input.cityRedundancyPercent, roundingUp: true)
        return (city, quantity - cityShare)
    }

    /// `value × percent ÷ 100` in 128 bits, rounded down or up.
    static func percent(_ value: Int, _ percent: Int, roundingUp: Bool) -> Int {
        let (quotient, remainder) = 100.dividingFullWidth(value.multipliedFullWidth(by: percent))
        return roundingUp && remainder > 0 ? quotient + 1 : quotient
    }
}
