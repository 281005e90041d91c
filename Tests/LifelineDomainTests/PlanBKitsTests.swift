import Foundation
import LifelineDomain
import Testing

/// Plan B's kits from the mass-testing standard (R7.1, seed 001): a base kit per point with one
/// table and an increment kit per extra table, valid bills, reusables, and coverage of the plan.
@Suite struct PlanBKitsTests {
    let seed = MassTestingStandard.seed001
    static let staff = Decimal(string: "11.4")!

    static func error(_ body: () throws -> Void) -> LifelineError? {
        do {
            try body()
            return nil
        } catch {
            return error as? LifelineError
        }
    }

    static func units(_ bill: [KitComponent]) -> [String: Int] {
        Dictionary(bill.map { ($0.itemCode, $0.quantity) }, uniquingKeysWith: +)
    }

    @Test func seed001sKitsAreValidBills() throws {
        let kits = try PlanBKits.derive(standard: seed, staffPerPointPerShift: Self.staff)
        try KitRule.validate(kits.base)
        try KitRule.validate(kits.increment)
        #expect(kits.baseApart.isEmpty && kits.incrementApart.isEmpty, "27 classes fit in one kit")
        #expect(kits.base.count == 27)
        #expect(kits.base.map(\.itemCode) == seed.entries.map(\.itemCode), "the standard's order")
        #expect(kits.increment.count == 15)
    }

    /// One point, one table, 11.4 staff → 12 people: 2 at the table, a sample handler, a waste
    /// handler and 8 general posts; 300 people tested at the table.
    @Test func seed001sBaseAndIncrementHoldTheseUnits() throws {
        let kits = try PlanBKits.derive(standard: seed, staffPerPointPerShift: Self.staff)
        let base = Self.units(kits.base)
        let expected: [String: Int] = [
            "PPE-0001": 12, "PPE-0014": 12, "PPE-0007": 8, "PPE-0009": 12, "PPE-0005": 4, "PPE-0010": 4,
            "PPE-0016": 4, "PPE-0012": 1, "PPE-0013": 3, "SMP-0001": 300, "SMP-0003": 30, "SMP-0002": 3,
            "SMP-0005": 3, "SMP-0004": 1, "ice_pack": 4, "DIS-0001": 2, "DIS-0003": 2, "DIS-0004": 1,
            "DIS-0007": 1, "CON-0004": 5, "DEV-0004": 1, "DEV-0001": 1, "DEV-0002": 1, "DEV-0003": 1,
            "sampling_desk": 1, "code_scanner": 1, "barrier_tape": 1,
        ]
        #expect(base == expected)
        // One more table: its two staff in level-2 sample kits, its people, its table items.
        #expect(
            Self.units(kits.increment) == [
                "PPE-0001": 2, "PPE-0014": 2, "PPE-0009": 2, "PPE-0005": 2, "PPE-0010": 2, "PPE-0016": 2,
                "PPE-0013": 2, "SMP-0001": 300, "SMP-0003": 30, "SMP-0002": 3, "SMP-0005": 3, "DIS-0001": 2,
                "CON-0004": 5, "sampling_desk": 1, "code_scanner": 1,
            ])
        // Two shifts double what is worn and who is tested, not what a table or a point holds.
        let twice = Self.units(try PlanBKits.derive(standard: seed, staffPerPointPerShift: Self.staff, shifts: 2).base)
        #expect(twice["PPE-0001"] == 24 && twice["SMP-0001"] == 600 && twice["DEV-0002"] == 1)
    }

    /// Reusables are needed once: per point in the base kit only, per table once per table, per
    /// wearer once per wearer — never more than the planner's round 1.
    @Test func reusablesAreInTheBaseKitOnlyUnlessATableNeedsOne() throws {
        let kits = try PlanBKits.derive(standard: seed, staffPerPointPerShift: Self.staff)
        let base = Self.units(kits.base)
        let increment = Self.units(kits.increment)
        for entry in seed.entries where entry.reusable {
            #expect(base[entry.itemCode] != nil, "\(entry.itemClass) in the base kit")
            switch entry.basis {
            case .perPoint:
                #expect(base[entry.itemCode] == NSDecimalNumber(decimal: entry.quantity).intValue)
                #expect(increment[entry.itemCode] == nil, "\(entry.itemClass): once per point")
            case .perTable:
                #expect(increment[entry.itemCode] == base[entry.itemCode], "\(entry.itemClass): once per table")
            case .perKit:
                #expect(increment[entry.itemCode] == nil, "\(entry.itemClass): worn at the point's posts")
            case .perPersonTested:
                Issue.record("a reusable item counted per person tested")
            }
        }
        let reusablePerPoint = seed.entries.filter { $0.reusable && $0.basis != .perTable }.map(\.itemCode)
        #expect(reusablePerPoint.count == 8)
        #expect(Set(reusablePerPoint).isDisjoint(with: increment.keys))
    }

    @Test func theIncrementHasNoPerPointItem() throws {
        for staff in ["0.1", "4", "11.4", "30", "100"] {
            let kits = try PlanBKits.derive(standard: seed, staffPerPointPerShift: Decimal(string: staff)!)
            let perPoint = Set(seed.entries.filter { $0.basis == .perPoint }.map(\.itemCode))
            #expect(perPoint.count == 10)
            #expect(perPoint.isDisjoint(with: kits.increment.map(\.itemCode)), "staff \(staff)")
            #expect(perPoint.isSubset(of: kits.base.map(\.itemCode)))
        }
    }

    /// A point with T tables gets a base kit and T − 1 increment kits: per item, at least what the
    /// planner plans for that point's round 1 (the demand, before the city/district split).
    @Test func aBaseAndTMinusOneIncrementsCoverThePlansRound() throws {
        for staff in ["0.1", "1", "4", "6.75", "11.4", "25", "100"] {
            for shifts in [1, 3] {
                let kits = try PlanBKits.derive(
                    standard: seed, staffPerPointPerShift: Decimal(string: staff)!, shifts: shifts)
                let base = Self.units(kits.base)
                let increment = Self.units(kits.increment)
                for tables in 1...12 {
                    let input = MassTestingInput(
                        areas: [MassTestingArea(code: "p", name: "采样点", points: 1, tables: tables)],
                        staffPerPointPerShift: Decimal(string: staff)!, shifts: shifts, rounds: 1)
                    let plan = try MassTestingPlanner.plan(input, standard: seed)
                    #expect(plan.totals.count == 27)
                    for total in plan.totals {
                        let packed = (base[total.itemCode] ?? 0) + (tables - 1) * (increment[total.itemCode] ?? 0)
                        #expect(
                            packed >= total.quantity,
                            "\(total.itemClass): staff \(staff), \(shifts) shifts, \(tables) tables")
                    }
                }
            }
        }
    }

    @Test func theKitsFollowThePlansInput() throws {
        var input = MassTestingInput(points: 1, tables: 3, staffPerPointPerShift: 9, rounds: 2, shifts: 2)
        input.peoplePerTablePerShift = 120
        input.staffing = MassTestingStaffing(staffPerTable: 3, sampleHandlersPerPoint: 2, wasteHandlersPerPoint: 1)
        let kits = try PlanBKits.derive(standard: seed, input: input)
        #expect(
            kits
                == (try PlanBKits.derive(
                    standard: seed, staffing: input.staffing, staffPerPointPerShift: 9, shifts: 2,
                    peoplePerTablePerShift: 120)))
        // 9 staff: 3 at the table, 2 sample handlers, 1 waste handler, 3 general; two shifts.
        let base = Self.units(kits.base)
        #expect(base["PPE-0013"] == 10 && base["PPE-0012"] == 2 && base["PPE-0007"] == 6 && base["PPE-0001"] == 18)
        #expect(base["SMP-0001"] == 240 && base["SMP-0003"] == 24)
        #expect(Self.units(kits.increment)["PPE-0013"] == 6)
    }

    /// A standard above 50 classes: the district-held items are packed apart, as in Plan A.
    @Test func moreThanFiftyClassesPackTheDistrictHeldItemsApart() throws {
        func entry(_ index: Int, districtOnly: Bool) -> MassTestingStandardEntry {
            MassTestingStandardEntry(
                itemClass: "item_\(index)", nameZh: "物资\(index)", nameEn: "Item \(index)", unitZh: "个",
                unitEn: "piece", basis: index.isMultiple(of: 2) ? .perTable : .perPoint, quantity: 1,
                districtOnly: districtOnly)
        }
        let wide = MassTestingStandard(
            version: "wide",
            entries: (0..<40).map { entry($0, districtOnly: false) }
                + (40..<60).map { entry($0, districtOnly: true) })
        let kits = try PlanBKits.derive(standard: wide, staffPerPointPerShift: 5)
        #expect(kits.base.map(\.itemCode) == (0..<40).map { "item_\($0)" })
        #expect(kits.baseApart.map(\.itemCode) == (40..<60).map { "item_\($0)" })
        #expect(kits.increment.count == 20 && kits.incrementApart.count == 10)
        for bill in [kits.base, kits.increment, kits.baseApart, kits.incrementApart] { try KitRule.validate(bill) }
        // Still above 50 without them: refused.
        let wider = MassTestingStandard(version: "wider", entries: (0..<60).map { entry($0, districtOnly: false) })
        let error = Self.error { _ = try PlanBKits.derive(standard: wider, staffPerPointPerShift: 5) }
        #expect(error?.code == .invalidValue && error?.field == "entries")
    }

    @Test func badFiguresAreRefusedNamingTheField() throws {
        func field(_ body: () throws -> Void) -> String? { Self.error(body)?.field }
        #expect(field { _ = try PlanBKits.derive(standard: seed, staffPerPointPerShift: 0) } == "staffPerPointPerShift")
        #expect(
            field { _ = try PlanBKits.derive(standard: seed, staffPerPointPerShift: 101) } == "staffPerPointPerShift")
        #expect(field { _ = try PlanBKits.derive(standard: seed, staffPerPointPerShift: 5, shifts: 7) } == "shifts")
        #expect(
            field { _ = try PlanBKits.derive(standard: seed, staffPerPointPerShift: 5, peoplePerTablePerShift: 0) }
                == "peoplePerTablePerShift")
        let noTableStaff = MassTestingStaffing(staffPerTable: 0, sampleHandlersPerPoint: 1, wasteHandlersPerPoint: 1)
        #expect(
            field { _ = try PlanBKits.derive(standard: seed, staffing: noTableStaff, staffPerPointPerShift: 5) }
                == "staffing.staffPerTable")
        // 2 000 people × 6 shifts = 12 000 swabs: more than one kit may hold.
        let swabs = try #require(seed.entries.firstIndex { $0.itemClass == "swab" })
        #expect(
            field {
                _ = try PlanBKits.derive(
                    standard: seed, staffPerPointPerShift: 5, shifts: 6, peoplePerTablePerShift: 2_000)
            } == "entries[\(swabs)].quantity")
        var bad = seed
        bad.entries[0].quantity = 0
        #expect(field { _ = try PlanBKits.derive(standard: bad, staffPerPointPerShift: 5) } == "entries[0].quantity")
        // One entry's catalogue code is another's class: the kit would list the item twice.
        var clash = seed
        clash.entries[1].catalogueCode = "ice_pack"
        #expect(
            field { _ = try PlanBKits.derive(standard: clash, staffPerPointPerShift: 5) } == "entries[14].itemClass")
    }
}
