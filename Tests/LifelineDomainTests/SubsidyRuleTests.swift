import LifelineDomain
import Testing

/// Storage subsidies (R9.2, seed: 7 %/年, 管理费 2.5 %, 产能保持补贴 50 %), in whole fen.
@Suite struct SubsidyRuleTests {
    let rates = SubsidyRates()

    @Test func theSeedsRatesAreTheDefaultsAndAreChecked() throws {
        #expect(rates.storagePermille == 70)
        #expect(rates.managementPermille == 25)
        #expect(rates.capacityRetentionPercent == 50)
        try rates.validated()
        try SubsidyRates(storagePermille: 1000, managementPermille: 0, capacityRetentionPercent: 100).validated()
        for (bad, field) in [
            (SubsidyRates(storagePermille: 1001), "storagePermille"),
            (SubsidyRates(managementPermille: -1), "managementPermille"),
            (SubsidyRates(capacityRetentionPercent: 101), "capacityRetentionPercent"),
        ] {
            #expect(
                throws: LifelineError.invalid(
                    field, field == "capacityRetentionPercent" ? "0 to 100 %" : "0 to 1000 per mille")
            ) {
                try bad.validated()
            }
        }
    }

    @Test func storageIsSevenPercentAYearOfTheDayWeightedValue() {
        // 1 000 000 fen held 365 days → 70 000 fen.
        #expect(SubsidyCalculator.storageFen(valueDaysFen: 1_000_000 * 365, rates: rates) == 70_000)
        // Half a year: 182 days → 34 904.1 → 34 904; 183 days → 35 095.9 → 35 096.
        #expect(SubsidyCalculator.storageFen(valueDaysFen: 1_000_000 * 182, rates: rates) == 34_904)
        #expect(SubsidyCalculator.storageFen(valueDaysFen: 1_000_000 * 183, rates: rates) == 35_096)
        // A leap year divides by 366.
        #expect(SubsidyCalculator.storageFen(valueDaysFen: 1_000_000 * 366, rates: rates, daysInYear: 366) == 70_000)
        // Rounded half up: 18 250 × 70 / 365 000 = 3.5 → 4; 18 249 → 3.4998 → 3.
        #expect(SubsidyCalculator.storageFen(valueDaysFen: 18_250, rates: rates) == 4)
        #expect(SubsidyCalculator.storageFen(valueDaysFen: 18_249, rates: rates) == 3)
        #expect(SubsidyCalculator.storageFen(valueDaysFen: 0, rates: rates) == 0)
        #expect(SubsidyCalculator.storageFen(valueDaysFen: 1_000, rates: rates, daysInYear: 0) == 0)
    }

    @Test func theLargestValueDaysDoNotTrap() {
        // 10^12 units × 10^4 fen × 100 days = 10^18 fen·days: the product with 70 needs 128 bits.
        let valueDays = 1_000_000_000_000_000_000
        #expect(SubsidyCalculator.storageFen(valueDaysFen: valueDays, rates: rates) == 191_780_821_917_808)
        #expect(
            SubsidyCalculator.storageFen(valueDaysFen: Int.max, rates: SubsidyRates(storagePermille: 1000))
                == 25_269_512_429_739_112)
        #expect(
            SubsidyCalculator.managementFen(purchaseValueFen: Int.max, rates: SubsidyRates(managementPermille: 1000))
                == Int.max)
        #expect(
            SubsidyCalculator.capacityRetentionFen(
                yearlyDepreciationFen: Int.max, periodDays: Int.max, rates: SubsidyRates(capacityRetentionPercent: 100))
                == Int.max)
    }

    @Test func managementIsTwoAndAHalfPercentOfThePurchase() {
        #expect(SubsidyCalculator.managementFen(purchaseValueFen: 2_000_000, rates: rates) == 50_000)
        #expect(SubsidyCalculator.managementFen(purchaseValueFen: 20, rates: rates) == 1)  // 0.5 → 1
        #expect(SubsidyCalculator.managementFen(purchaseValueFen: 19, rates: rates) == 0)  // 0.475 → 0
    }

    @Test func capacityRetentionIsHalfTheRedundantCapacitysDepreciation() {
        // 1 200 000 × 50 % × 73 / 365 = 120 000.
        #expect(
            SubsidyCalculator.capacityRetentionFen(yearlyDepreciationFen: 1_200_000, periodDays: 73, rates: rates)
                == 120_000)
        #expect(
            SubsidyCalculator.capacityRetentionFen(yearlyDepreciationFen: 1_200_000, periodDays: 365, rates: rates)
                == 600_000)
        #expect(
            SubsidyCalculator.capacityRetentionFen(yearlyDepreciationFen: 1_200_000, periodDays: 0, rates: rates) == 0)
    }

    @Test func valueDaysFollowTheLotsStepsWithinThePeriod() {
        let jan = { (day: Int) in Day(year: 2026, month: 1, day: day) }
        let balances: [(from: Day, quantity: Int)] = [(jan(1), 100), (jan(11), 40)]
        // 6–10 January: 5 days × 100; 11–20 January: 10 days × 40; × 1 000 fen.
        #expect(
            SubsidyCalculator.valueDays(balances: balances, unitCostFen: 1_000, period: jan(6)...jan(20)) == 900_000)
        // Nothing before the first entry: 1–5 January held nothing of [(6 Jan, 10)].
        #expect(SubsidyCalculator.valueDays(balances: [(jan(6), 10)], unitCostFen: 1, period: jan(1)...jan(10)) == 50)
        #expect(SubsidyCalculator.valueDays(balances: [(jan(21), 10)], unitCostFen: 1, period: jan(1)...jan(20)) == 0)
        // Given out of order; of two entries on one day the later holds.
        #expect(
            SubsidyCalculator.valueDays(
                balances: [(jan(11), 40), (jan(1), 7), (jan(1), 100)], unitCostFen: 1_000, period: jan(6)...jan(20))
                == 900_000)
        // A stock of 1 000 000 fen held all year: 70 000 fen of subsidy.
        let year = Day(year: 2026, month: 1, day: 1)...Day(year: 2026, month: 12, day: 31)
        let held = SubsidyCalculator.valueDays(
            balances: [(Day(year: 2025, month: 12, day: 1), 1_000)], unitCostFen: 1_000, period: year)
        #expect(held == 365_000_000)
        #expect(SubsidyCalculator.storageFen(valueDaysFen: held, rates: rates) == 70_000)
        // 10^12 units at 10^10 fen for ten years saturates instead of trapping.
        let decade = Day(year: 2026, month: 1, day: 1)...Day(year: 2035, month: 12, day: 31)
        #expect(
            SubsidyCalculator.valueDays(
                balances: [(decade.lowerBound, 1_000_000_000_000), (decade.upperBound, 1_000_000_000_000)],
                unitCostFen: 10_000_000_000, period: decade) == Int.max)
    }

    @Test func aStatementShowsEachSubsidyWithItsBasis() {
        let lines = SubsidyCalculator.statement(
            valueDaysFen: 1_000_000 * 73, purchaseValueFen: 2_000_000, yearlyDepreciationFen: 1_200_000, periodDays: 73,
            rates: rates)
        #expect(lines.map(\.kind) == [.storage, .management, .capacityRetention])
        #expect(lines.map(\.basisFen) == [1_000_000, 2_000_000, 1_200_000])
        #expect(lines.map(\.amountFen) == [14_000, 50_000, 120_000])
        #expect(SubsidyCalculator.totalFen(lines) == 184_000)
        #expect(lines[0].note.contains("7 %"))
        #expect(lines[1].note.contains("2.5 %"))
        #expect(lines[2].note.contains("50 %"))
        #expect(SubsidyLineKind.allCases.map(\.text.zh) == ["储备补贴", "管理费", "产能保持补贴"])
        #expect(SubsidyLineKind.capacityRetention.rawValue == "capacity_retention")
        #expect(SubsidyPeriodStatus.closed.text.zh == "已结算")
        #expect(SubsidyPeriodStatus.open.text.en == "Open")
        // A capacity agreement has only its capacity line.
        let capacity = SubsidyCalculator.statement(
            valueDaysFen: 0, purchaseValueFen: 0, yearlyDepreciationFen: 1_200_000, periodDays: 73, rates: rates)
        #expect(capacity.map(\.kind) == [.capacityRetention])
        #expect(SubsidyCalculator.totalFen([]) == 0)
    }
}
