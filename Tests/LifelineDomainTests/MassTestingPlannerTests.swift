import Foundation
import LifelineDomain
import Testing

/// The mass-testing planner (#12 items 3 and 8, R7.4, seed 001, ADR 0038): posts, demand per item,
/// round and area, the city/district split with 5 % on the city's share only, reusables once,
/// pooling, the first request, coverage, validation and the largest values.
@Suite struct MassTestingPlannerTests {
    let seed = MassTestingStandard.seed001

    static func error(_ body: () throws -> Void) -> LifelineError? {
        do {
            try body()
            return nil
        } catch {
            return error as? LifelineError
        }
    }

    static func quantity(_ plan: MassTestingPlan, _ itemClass: String, round: Int = 1) -> Int? {
        plan.total(itemClass, round: round)?.quantity
    }

    // MARK: The Guiyang example (item 8)

    /// 8 782 points × 11.4 staff = 100 114.8, rounded up once to 100 115 people at the points; with
    /// the 22 585 peripheral helpers, the seed's 12.27 万 people supported a day.
    @Test func guiyangsPostsAre8782Times11Point4() throws {
        let plan = try MassTestingPlanner.plan(.guiyang)
        let posts = plan.posts
        #expect(posts.staffGiven == 100_115)
        #expect(posts.tableStaff == 41_730)  // 20 865 tables × 2
        #expect(posts.sampleHandlers == 8_782)
        #expect(posts.wasteHandlers == 8_782)
        #expect(posts.general == 40_821)  // 100 115 − 41 730 − 8 782 − 8 782
        #expect(posts.atPoints == 100_115)
        #expect(posts.peripheralHelpers == 22_585)
        #expect(posts.total == 122_700)  // 12.27 万
        #expect(!posts.protectedPostsExceedStaffGiven)
        #expect(posts.wearers(of: .level2Sample) == 50_512)
        #expect(posts.wearers(of: .level2Waste) == 8_782)
        #expect(posts.wearers(of: .level1) == 63_406)
        let input = MassTestingInput.guiyang
        #expect(input.areas.map(\.points) == [8_782] && input.areas.map(\.tables) == [20_865])
        #expect(input.staffPerPointPerShift == Decimal(string: "11.4")! && input.rounds == 3 && input.shifts == 1)
        #expect(MassTestingInput.examples["guiyang"] == input)
    }

    @Test func guiyangsPlanHasOneTotalPerClassAndRound() throws {
        let plan = try MassTestingPlanner.plan(.guiyang, standard: seed)
        #expect(plan.totals.count == 27 * 3)
        #expect(plan.lines.count == 27 * 3)
        #expect(Set(plan.totals.map(\.itemClass)).count == 27)
        #expect(plan.totals.map(\.round) == Array(repeating: [1, 2, 3], count: 27).flatMap { $0 })
        #expect(plan.standardVersion == "seed-001")
        #expect(plan.areas.first?.populationTested == 6_000_000 && plan.areas.first?.populationEstimated == false)
        let expected: [String: Int] = [
            "protective_mask": 122_700, "work_cap": 122_700, "latex_gloves": 122_700, "isolation_gown": 63_406,
            "protective_suit": 59_294, "sterile_gloves": 59_294, "boot_covers": 59_294, "goggles": 8_782,
            "face_shield": 50_512, "swab": 6_000_000, "pooled_tube": 600_000, "single_tube": 60_000,
            "specimen_bag": 60_000, "transport_box": 8_782, "ice_pack": 35_128, "hand_rub": 41_730,
            "ethanol": 17_564, "chlorine_tablets": 8_782, "sprayer": 8_782, "waste_bag": 104_325,
            "waste_box": 8_782, "thermometer": 8_782, "tent": 8_782, "megaphone": 8_782, "sampling_desk": 20_865,
            "code_scanner": 20_865, "barrier_tape": 8_782,
        ]
        #expect(Set(expected.keys) == Set(seed.itemClasses))
        for (itemClass, quantity) in expected {
            #expect(Self.quantity(plan, itemClass) == quantity, "\(itemClass)")
        }
        // Protective masks: the city holds ⌊122 700 / 2⌋ × 1.05 = 64 417.5 → 64 418, the districts 61 350.
        let mask = try #require(plan.total("protective_mask", round: 2))
        #expect((mask.quantity, mask.city, mask.districts) == (122_700, 64_418, 61_350))
        #expect(mask.itemCode == "PPE-0001")
        #expect(plan.total("ice_pack", round: 1)?.itemCode == "ice_pack", "no catalogue code: the class")
    }

    /// Seed 001: "原则上第一次申请为2轮保障需求数".
    @Test func theFirstRequestCoversTheFirstTwoRounds() throws {
        let plan = try MassTestingPlanner.plan(.guiyang)
        #expect(plan.firstRequestRounds == 2)
        #expect(plan.firstRequest.count == 27)
        let mask = try #require(plan.firstRequest.first { $0.itemClass == "protective_mask" })
        #expect((mask.quantity, mask.city, mask.districts) == (245_400, 128_836, 122_700))
        #expect((mask.fromRound, mask.throughRound) == (1, 2))
        let boxes = try #require(plan.firstRequest.first { $0.itemClass == "transport_box" })
        #expect(boxes.quantity == 8_782, "reusable: once")
        // Before round 3, a later request is what round 3 needs.
        let third = plan.need(rounds: 3...3)
        #expect(third.first { $0.itemClass == "protective_mask" }?.quantity == 122_700)
        #expect(third.first { $0.itemClass == "tent" }?.quantity == 0)
        // A one-round plan's first request is that round.
        var one = MassTestingInput.guiyang
        one.rounds = 1
        let single = try MassTestingPlanner.plan(one)
        #expect(single.firstRequestRounds == 1)
        #expect(single.firstRequest.first { $0.itemClass == "protective_mask" }?.quantity == 122_700)
    }

    // MARK: Posts and protection

    /// Seed 001's 降标原则: sampling-table, sample-transport and waste-handling posts keep the full
    /// standard; the planner counts table staff from the tables, whatever the staff per point.
    @Test func tableStaffAreNeverGivenALoweredStandard() throws {
        #expect(MassTestingPost.tableStaff.protection == .level2Sample)
        #expect(MassTestingPost.sampleHandler.protection == .level2Sample)
        #expect(MassTestingPost.wasteHandler.protection == .level2Waste)
        for post in [MassTestingPost.tableStaff, .sampleHandler, .wasteHandler] {
            #expect(!AllocationRules.mayUseSubstitute(siteSuitable: true, post: post.workPost), "\(post)")
        }
        #expect(MassTestingPost.general.protection == .level1)
        for staff in ["0.1", "1", "2", "4.75", "6.75", "11.4", "50", "100"] {
            let input = MassTestingInput(
                points: 10, tables: 30, staffPerPointPerShift: Decimal(string: staff)!, rounds: 2, populationTested: 1,
                shifts: 2)
            let plan = try MassTestingPlanner.plan(input)
            let posts = plan.posts
            #expect(posts.tableStaff == 60, "staff per point \(staff)")
            #expect(posts.sampleHandlers == 10 && posts.wasteHandlers == 10)
            #expect(posts.general >= 0)
            // Every table-staff member gets a whole level-2 sample kit on each shift.
            for entry in seed.kit(.level2Sample) {
                #expect((Self.quantity(plan, entry.itemClass) ?? 0) >= 60 * 2, "\(entry.itemClass) at \(staff)")
            }
            #expect(Self.quantity(plan, "face_shield") == 70 * 2)
            #expect(Self.quantity(plan, "protective_suit") == 80 * 2)
        }
        let low = try MassTestingPlanner.plan(
            MassTestingInput(points: 10, tables: 30, staffPerPointPerShift: 1, rounds: 1, populationTested: 1))
        #expect(low.posts.staffGiven == 10)
        #expect(low.posts.general == 0)
        #expect(low.posts.protectedPostsExceedStaffGiven)
        #expect(low.posts.atPoints == 80, "planned at the protected posts' size, not at the 10 given")
        #expect(Self.quantity(low, "isolation_gown") == 0, "no general posts left to wear level 1")
    }

    @Test func postsAreCountedFromTablesAndPoints() {
        let posts = MassTestingStaffing.seed001.posts(points: 3, tables: 7, staffPerPoint: Decimal(string: "9.1")!)
        #expect(posts.staffGiven == 28)  // 27.3 ↑
        #expect((posts.tableStaff, posts.sampleHandlers, posts.wasteHandlers, posts.general) == (14, 3, 3, 8))
        let other = MassTestingStaffing(staffPerTable: 3, sampleHandlersPerPoint: 0, wasteHandlersPerPoint: 2)
            .posts(points: 3, tables: 7, staffPerPoint: 10, peripheralHelpers: 5)
        #expect((other.tableStaff, other.sampleHandlers, other.wasteHandlers, other.general) == (21, 0, 6, 3))
        #expect(other.total == 35)
        #expect(MassTestingPost.allCases.reduce(0) { $0 + other.count($1) } == other.total)
    }

    // MARK: Rounds, reusables, split, pooling

    @Test func reusablesAreNotMultipliedByRounds() throws {
        var input = MassTestingInput.guiyang
        input.rounds = 1
        let one = try MassTestingPlanner.plan(input)
        input.rounds = 5
        let five = try MassTestingPlanner.plan(input)
        for entry in seed.entries {
            let first = try #require(Self.quantity(one, entry.itemClass))
            let all = five.totals.filter { $0.itemClass == entry.itemClass }
            #expect(all.count == 5)
            let sum = all.reduce(0) { $0 + $1.quantity }
            if entry.reusable {
                #expect(sum == first, "\(entry.itemClass): once, in round 1")
                #expect(all.dropFirst().allSatisfy { $0.quantity == 0 && $0.city == 0 && $0.districts == 0 })
            } else {
                #expect(sum == 5 * first, "\(entry.itemClass): every round")
            }
        }
        #expect(Self.quantity(five, "tent", round: 1) == 8_782)
        #expect(Self.quantity(five, "goggles", round: 2) == 0, "goggles are disinfected and worn again")
    }

    /// R3.3: city 50 % / districts 50 %, 5 % redundancy at city level — on the city's share only.
    @Test func fivePercentIsOnTheCitysShareOnly() throws {
        let plan = try MassTestingPlanner.plan(.guiyang)
        var none = MassTestingInput.guiyang
        none.cityRedundancyPercent = 0
        let bare = try MassTestingPlanner.plan(none)
        for (total, plain) in zip(plan.totals, bare.totals) {
            let entry = try #require(seed.entry(total.itemClass))
            #expect(total.quantity == plain.quantity)
            #expect(total.districts == plain.districts, "\(total.itemClass): the districts' share is unchanged")
            if entry.districtOnly {
                #expect(total.city == 0 && total.districts == total.quantity, "\(total.itemClass): districts only")
            } else {
                let share = total.quantity / 2
                #expect(plain.city == share && total.districts == total.quantity - share)
                #expect(total.city == (share * 105 + 99) / 100, "\(total.itemClass): ⌈share × 1.05⌉")
            }
        }
        // An odd unit goes to the districts; the redundancy rounds up.
        let odd = try MassTestingPlanner.plan(
            MassTestingInput(points: 1, tables: 1, staffPerPointPerShift: 5, rounds: 1, populationTested: 21))
        let swabs = try #require(odd.total("swab", round: 1))
        #expect((swabs.quantity, swabs.city, swabs.districts) == (21, 11, 11))  // ⌈10 × 1.05⌉ = 11
        // Other shares: 60 % to the city, 10 % redundancy.
        var other = MassTestingInput(points: 1, tables: 1, staffPerPointPerShift: 5, rounds: 1, populationTested: 1_000)
        other.citySharePercent = 60
        other.cityRedundancyPercent = 10
        let sixty = try #require(try MassTestingPlanner.plan(other).total("swab", round: 1))
        #expect((sixty.quantity, sixty.city, sixty.districts) == (1_000, 660, 400))
    }

    @Test func pooledTubesAreOnePerPoolRoundedUp() throws {
        func plan(_ people: Int) throws -> MassTestingPlan {
            try MassTestingPlanner.plan(
                MassTestingInput(points: 1, tables: 1, staffPerPointPerShift: 5, rounds: 1, populationTested: people))
        }
        #expect(Self.quantity(try plan(12_345), "pooled_tube") == 1_235)  // ⌈12 345 / 10⌉
        #expect(Self.quantity(try plan(12_340), "pooled_tube") == 1_234)
        #expect(Self.quantity(try plan(1), "pooled_tube") == 1)
        #expect(Self.quantity(try plan(0), "pooled_tube") == 0)
        #expect(Self.quantity(try plan(12_345), "swab") == 12_345)
        #expect(Self.quantity(try plan(12_345), "specimen_bag") == 124)  // ⌈12 345 / 100⌉
        #expect(Self.quantity(try plan(12_345), "single_tube") == 124)  // ⌈123.45⌉
        // Rounding is per area: two areas of 5 people each fill two tubes.
        let two = MassTestingInput(
            areas: [
                MassTestingArea(code: "a", name: "A", populationTested: 5, points: 1, tables: 1),
                MassTestingArea(code: "b", name: "B", populationTested: 5, points: 1, tables: 1),
            ], staffPerPointPerShift: 5, rounds: 1)
        let split = try MassTestingPlanner.plan(two)
        #expect(Self.quantity(split, "pooled_tube") == 2)
        #expect(split.lines.filter { $0.itemClass == "pooled_tube" }.map(\.areaCode) == ["a", "b"])
    }

    @Test func anUnknownPopulationIsEstimatedFromTheTables() throws {
        let input = MassTestingInput(points: 8_782, tables: 20_865, staffPerPointPerShift: 11, rounds: 1)
        let plan = try MassTestingPlanner.plan(input)
        #expect(plan.areas.first?.populationTested == 6_259_500)  // 20 865 × 1 shift × 300
        #expect(plan.areas.first?.populationEstimated == true)
        #expect(Self.quantity(plan, "swab") == 6_259_500)
    }

    @Test func roundsStartAtTheirInterval() throws {
        var input = MassTestingInput.guiyang
        input.startAt = Date(timeIntervalSince1970: 1_650_000_000)
        input.roundIntervalHours = 48
        let plan = try MassTestingPlanner.plan(input)
        #expect(plan.rounds.map(\.number) == [1, 2, 3])
        #expect(
            plan.rounds.map { $0.startsAt?.timeIntervalSince1970 } == [1_650_000_000, 1_650_172_800, 1_650_345_600])
        #expect(try MassTestingPlanner.plan(.guiyang).rounds.allSatisfy { $0.startsAt == nil })
    }

    @Test func areasAreSummedIntoTheTotals() throws {
        let areas = (1...4).map {
            MassTestingArea(
                code: "52010\($0)", name: "区 \($0)", populationTested: 1_001 * $0, points: 3 * $0, tables: 7 * $0,
                peripheralHelpers: $0)
        }
        let plan = try MassTestingPlanner.plan(
            MassTestingInput(areas: areas, staffPerPointPerShift: Decimal(string: "11.4")!, rounds: 2))
        #expect(plan.lines.count == 27 * 2 * 4)
        for total in plan.totals {
            let lines = plan.lines.filter { $0.itemClass == total.itemClass && $0.round == total.round }
            #expect(lines.map(\.areaCode) == ["520101", "520102", "520103", "520104"])
            #expect(lines.reduce(0) { $0 + $1.quantity } == total.quantity)
            #expect(lines.reduce(0) { $0 + $1.city } == total.city)
            #expect(lines.reduce(0) { $0 + $1.districts } == total.districts)
        }
        #expect(plan.posts.staffGiven == [35, 69, 103, 137].reduce(0, +))  // ⌈3k × 11.4⌉ per area
    }

    // MARK: Coverage

    @Test func stockInReachGivesCoverageAndWhatToRequest() throws {
        let plan = try MassTestingPlanner.plan(.guiyang)
        let coverage = try plan.coverage(stockInReach: ["PPE-0001": 300_000, "SMP-0004": 5_000, "ice_pack": 40_000])
        #expect(coverage.map(\.itemClass) == seed.itemClasses)
        let masks = try #require(coverage.first { $0.itemClass == "protective_mask" })
        #expect(masks.percentByRound == [100, 100, 44])  // 54 600 of 122 700 left for round 3
        #expect(masks.roundsCovered == 2)
        #expect((masks.firstRequestNeed, masks.toRequest) == (245_400, 0))
        let boxes = try #require(coverage.first { $0.itemClass == "transport_box" })
        #expect(boxes.percentByRound == [56, 100, 100])  // 5 000 of 8 782; later rounds need none
        #expect(boxes.roundsCovered == 0)
        #expect(boxes.toRequest == 3_782)
        let ice = try #require(coverage.first { $0.itemClass == "ice_pack" })
        #expect(ice.roundsCovered == 3 && ice.toRequest == 0)
        let tents = try #require(coverage.first { $0.itemClass == "tent" })
        #expect(tents.stockInReach == 0 && tents.percentByRound == [0, 100, 100] && tents.toRequest == 8_782)
        let refused = Self.error { _ = try plan.coverage(stockInReach: ["PPE-0005": -1]) }
        #expect(refused?.field == "stockInReach[PPE-0005]")
        let huge = try plan.coverage(stockInReach: ["PPE-0001": Int.max])
        #expect(huge.first?.percentByRound == [100, 100, 100])
    }

    // MARK: Validation and limits

    @Test(arguments: [
        (MassTestingInput(points: 0, tables: 1, staffPerPointPerShift: 11, rounds: 3), "areas[0].points"),
        (MassTestingInput(points: 10, tables: 9, staffPerPointPerShift: 11, rounds: 3), "areas[0].tables"),
        (
            MassTestingInput(points: 1_000_001, tables: 2_000_000, staffPerPointPerShift: 1, rounds: 3),
            "areas[0].points"
        ),
        (MassTestingInput(points: 10, tables: 10, staffPerPointPerShift: 11, rounds: 0), "rounds"),
        (MassTestingInput(points: 10, tables: 10, staffPerPointPerShift: 11, rounds: 31), "rounds"),
        (MassTestingInput(points: 10, tables: 10, staffPerPointPerShift: 0, rounds: 3), "staffPerPointPerShift"),
        (MassTestingInput(points: 10, tables: 10, staffPerPointPerShift: 101, rounds: 3), "staffPerPointPerShift"),
        (MassTestingInput(points: 10, tables: 10, staffPerPointPerShift: .nan, rounds: 3), "staffPerPointPerShift"),
        (
            MassTestingInput(points: 10, tables: 10, staffPerPointPerShift: 11, rounds: 3, populationTested: -1),
            "areas[0].populationTested"
        ),
        (
            MassTestingInput(
                points: 10, tables: 10, staffPerPointPerShift: 11, rounds: 3, populationTested: 2_000_000_001),
            "areas[0].populationTested"
        ),
        (
            MassTestingInput(points: 10, tables: 10, staffPerPointPerShift: 11, rounds: 3, peripheralHelpers: -1),
            "areas[0].peripheralHelpers"
        ),
        (MassTestingInput(points: 10, tables: 10, staffPerPointPerShift: 11, rounds: 3, shifts: 0), "shifts"),
        (MassTestingInput(points: 10, tables: 10, staffPerPointPerShift: 11, rounds: 3, shifts: 7), "shifts"),
        (MassTestingInput(areas: [], staffPerPointPerShift: 11, rounds: 3), "areas"),
    ])
    func validationNamesTheField(_ input: MassTestingInput, _ field: String) {
        let error = Self.error { _ = try MassTestingPlanner.plan(input) }
        #expect(error?.field == field, "\(String(describing: error))")
    }

    @Test func validationNamesTheSettings() {
        func field(_ change: (inout MassTestingInput) -> Void) -> String? {
            var input = MassTestingInput.guiyang
            change(&input)
            return Self.error { _ = try MassTestingPlanner.plan(input) }?.field
        }
        #expect(field { $0.citySharePercent = 101 } == "citySharePercent")
        #expect(field { $0.cityRedundancyPercent = -1 } == "cityRedundancyPercent")
        #expect(field { $0.firstRequestRounds = 0 } == "firstRequestRounds")
        #expect(field { $0.roundIntervalHours = 0 } == "roundIntervalHours")
        #expect(field { $0.peoplePerTablePerShift = 0 } == "peoplePerTablePerShift")
        #expect(field { $0.staffing.staffPerTable = 0 } == "staffing.staffPerTable")
        #expect(field { $0.staffing.wasteHandlersPerPoint = 21 } == "staffing.wasteHandlersPerPoint")
        #expect(field { $0.staffPerPointPerShift = Decimal(string: "11.0000001")! } == "staffPerPointPerShift")
        #expect(field { $0.areas[0].code = "" } == "areas[0].code")
        #expect(field { $0.areas[0].name = " " } == "areas[0].name")
        #expect(field { $0.areas.append($0.areas[0]) } == "areas[1].code")
        #expect(field { $0.startAt = Date(timeIntervalSince1970: .infinity) } == "startAt")
        var standard = seed
        standard.entries[3].quantity = 0
        let bad = Self.error { _ = try MassTestingPlanner.plan(.guiyang, standard: standard) }
        #expect(bad?.field == "entries[3].quantity", "the standard is validated too")
        // Totals over the areas are bounded as well as each area.
        let eleven = MassTestingInput(
            areas: (0..<11).map { MassTestingArea(code: "\($0)", name: "\($0)", points: 1_000_000, tables: 1_000_000) },
            staffPerPointPerShift: 1, rounds: 1)
        #expect(Self.error { _ = try MassTestingPlanner.plan(eleven) }?.field == "areas[10].points")
    }

    @Test func aPlanOfTooManyLinesIsRefusedNotBuilt() {
        var standard = seed
        standard.entries = (0..<100).map { index in
            var entry = seed.entries[9]
            entry.itemClass = "item_\(index)"
            entry.catalogueCode = nil
            return entry
        }
        let input = MassTestingInput(
            areas: (0..<1_000).map { MassTestingArea(code: "\($0)", name: "\($0)", points: 1, tables: 1) },
            staffPerPointPerShift: 1, rounds: 30)
        let error = Self.error { _ = try MassTestingPlanner.plan(input, standard: standard) }
        #expect(error?.field == "areas")
    }

    /// The largest values every limit allows compute without trapping (ADR 0023).
    @Test func theLargestValuesDoNotTrap() throws {
        var standard = seed
        for index in standard.entries.indices {
            standard.entries[index].quantity = MassTestingStandardEntry.largestQuantity
            standard.entries[index].reusable = false
            if standard.entries[index].poolSize != nil { standard.entries[index].poolSize = 1 }
        }
        for population in [Optional(200_000_000), nil] {
            let areas = (0..<10).map {
                MassTestingArea(
                    code: "\($0)", name: "\($0)", populationTested: population, points: 1_000_000, tables: 10_000_000,
                    peripheralHelpers: 10_000_000)
            }
            let input = MassTestingInput(
                areas: areas, staffPerPointPerShift: 100, shifts: 6, rounds: 30, startAt: .distantFuture,
                roundIntervalHours: 720, citySharePercent: 100, cityRedundancyPercent: 100, firstRequestRounds: 30,
                staffing: MassTestingStaffing(staffPerTable: 20, sampleHandlersPerPoint: 20, wasteHandlersPerPoint: 20),
                peoplePerTablePerShift: 2_000)
            let plan = try MassTestingPlanner.plan(input, standard: standard)
            // Per area: 200 M at tables + 20 M + 20 M + 0 general + 10 M helpers = 250 M on a shift.
            #expect(plan.posts.total == 2_500_000_000)
            let masks = try #require(plan.total("protective_mask", round: 30))
            #expect(masks.quantity == 2_500_000_000 * 6 * 1_000)
            #expect(masks.city == 2 * masks.quantity && masks.districts == 0)
            let request = try #require(plan.firstRequest.first { $0.itemClass == "protective_mask" })
            #expect(request.quantity == 30 * masks.quantity)
            let people = population.map { $0 * 10 } ?? 10 * 10_000_000 * 6 * 2_000
            #expect(plan.total("swab", round: 1)?.quantity == people * 1_000)
            _ = try plan.coverage(stockInReach: ["PPE-0001": Int.max])
        }
        // Posts from unvalidated figures clamp instead of trapping.
        let wild = MassTestingStaffing(staffPerTable: Int.max, sampleHandlersPerPoint: 2, wasteHandlersPerPoint: 2)
            .posts(points: Int.max, tables: Int.max, staffPerPoint: 100, peripheralHelpers: Int.max)
        #expect(wild.total > 0)
    }

    /// Guiyang in well under a second, ten times its size in well under five (no timing asserted:
    /// the work is a few thousand lines).
    @Test func tenTimesGuiyangTenTimesOver() throws {
        let guiyang = MassTestingInput.guiyang.areas[0]
        let tenAreas = MassTestingInput(
            areas: (0..<10).map {
                MassTestingArea(
                    code: "\(guiyang.code)-\($0)", name: guiyang.name, populationTested: guiyang.populationTested,
                    points: guiyang.points, tables: guiyang.tables, peripheralHelpers: guiyang.peripheralHelpers)
            }, staffPerPointPerShift: Decimal(string: "11.4")!, rounds: 3)
        let oneArea = MassTestingInput(
            points: 87_820, tables: 208_650, staffPerPointPerShift: Decimal(string: "11.4")!, rounds: 3,
            populationTested: 60_000_000, peripheralHelpers: 225_850)
        for _ in 0..<10 {
            let a = try MassTestingPlanner.plan(tenAreas)
            let b = try MassTestingPlanner.plan(oneArea)
            // Staff are rounded up per area: ten areas of ⌈100 114.8⌉ against one of ⌈1 001 148⌉.
            #expect(a.posts.total == 1_227_000 && b.posts.total == 1_226_998)
            #expect(a.totals.count == 81 && b.totals.count == 81)
            #expect(Self.quantity(a, "swab") == 60_000_000 && Self.quantity(b, "swab") == 60_000_000)
            #expect(Self.quantity(a, "protective_suit") == 592_940 && Self.quantity(b, "protective_suit") == 592_940)
        }
    }

    // MARK: JSON

    @Test func inputsAndPlansRoundTripAsJSON() throws {
        let plan = try MassTestingPlanner.plan(.guiyang)
        #expect(try JSONDecoder().decode(MassTestingPlan.self, from: JSONEncoder().encode(plan)) == plan)
        let input = MassTestingInput.guiyang
        #expect(try JSONDecoder().decode(MassTestingInput.self, from: JSONEncoder().encode(input)) == input)
        // Settings with a default may be left out.
        let json = Data(
            #"""
            {"areas": [{"code": "all", "name": "全部", "points": 10, "tables": 25}],
             "staffPerPointPerShift": 11.4, "rounds": 3}
            """#.utf8)
        let short = try JSONDecoder().decode(MassTestingInput.self, from: json)
        #expect(
            short
                == MassTestingInput(
                    areas: [MassTestingArea(code: "all", name: "全部", points: 10, tables: 25)],
                    staffPerPointPerShift: Decimal(string: "11.4")!, rounds: 3))
    }
}
