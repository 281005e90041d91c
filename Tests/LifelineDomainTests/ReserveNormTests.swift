import Foundation
import LifelineDomain
import Testing

/// The seed's reserve figures come out of the default parameters (R3.2–R3.4, seed 000).
@Suite struct ReserveNormTests {
    let defaults = ReserveParameters()

    @Test func aProvinceOf40MillionNeedsAbout120MillionMasks() throws {
        let masks = try defaults.maskNorm(residents: 40_000_000).quantity()
        #expect(masks == 120_000_000)  // 约1.2亿只/省
    }

    @Test func itsLevel2HospitalsNeedAbout8MillionSuits() throws {
        let beds = defaults.assumedBeds(residents: 40_000_000)
        #expect(beds == 168_000)
        let suits = try defaults.suitNorm(beds: beds).quantity()
        #expect(suits == 8_064_000)
        #expect(abs(suits - 8_000_000) * 100 <= 8_000_000)  // 约800万套/省, within 1 %
    }

    @Test func peakDayAndConsumptionNormsShowTheirWorking() throws {
        #expect(try NormFormula.peakDay(peakDailyUse: 12_345, days: defaults.peakDays).quantity() == 370_350)
        // The last three years' mean month, 1 month of cover, 2 % growth, disease mix 1.1: rounded up.
        let history = Array(repeating: 1_000, count: 18) + Array(repeating: 2_000, count: 18)
        let norm = NormFormula.consumption(
            monthly: history, months: 1, populationGrowth: Decimal(string: "1.02")!,
            diseaseMix: Decimal(string: "1.1")!)
        #expect(try norm.quantity() == 1_683)  // 1 500 × 1.02 × 1.1 = 1 683
        #expect(norm.basis == "consumption")
        // Fractions round up to a whole unit.
        #expect(
            try NormFormula.population(residents: 7, dailyUsePerPerson: Decimal(string: "0.1")!, days: 1).quantity()
                == 1)
    }

    @Test func badInputsNameTheirField() {
        func field(_ formula: NormFormula) -> String? {
            do {
                _ = try formula.quantity(field: "norms[1]")
                return nil
            } catch {
                return error.field
            }
        }
        #expect(field(.population(residents: 10, dailyUsePerPerson: 1, days: -15)) == "norms[1].days")
        #expect(field(.population(residents: -1, dailyUsePerPerson: 1, days: 15)) == "norms[1].residents")
        #expect(field(.beds(beds: 10, dailyUsePerBed: -1, days: 30)) == "norms[1].dailyUsePerBed")
        #expect(field(.consumption(monthly: [], months: 1, populationGrowth: 1, diseaseMix: 1)) == "norms[1].monthly")
        #expect(
            field(.consumption(monthly: [1, -1], months: 1, populationGrowth: 1, diseaseMix: 1))
                == "norms[1].monthly[1]")
        #expect(field(.population(residents: 2_000_000_000, dailyUsePerPerson: 100, days: 366)) == "norms[1].quantity")
    }

    @Test func theTierSplitIs15_30_25_30AndSharesEveryUnit() throws {
        let split = try TierSplit.seed.validated()
        #expect(split == TierSplit(nation: 15, province: 30, city: 25, county: 30))
        let shares = split.shares(of: 1_000)
        let expected: [JurisdictionLevel: Int] = [.nation: 150, .province: 300, .city: 250, .county: 300]
        #expect(shares == expected)
        for target in [0, 1, 7, 99, 101, 12_345_679] {
            #expect(split.shares(of: target).values.reduce(0, +) == target, "\(target)")
        }
        #expect(throws: LifelineError.self) {
            try TierSplit(nation: 15, province: 30, city: 25, county: 29).validated()
        }
        do {
            _ = try TierSplit(nation: 20, province: 30, city: 25, county: 30).validated()
            Issue.record("a split of 105 % was accepted")
        } catch {
            #expect(error.field == "tierSplit")
        }
    }

    @Test func coverageAlertsBelow80PercentOfTheNorm() throws {
        #expect(defaults.alertPercent == 80)
        let at80 = ReserveCoverage(norm: 1_000, onHand: 800, monthlyUse: 300)
        #expect(at80.percent == 80)
        #expect(!at80.isBelow(alertPercent: defaults.alertPercent))
        #expect(at80.daysOfCover == 80)
        let below = ReserveCoverage(norm: 1_000, onHand: 799, monthlyUse: 0)
        #expect(below.isBelow(alertPercent: 80))
        #expect(below.daysOfCover == nil)
        // A fraction under the threshold still counts (79.99 %), and huge figures do not trap.
        #expect(ReserveCoverage(norm: 10_000, onHand: 7_999, monthlyUse: 1).isBelow(alertPercent: 80))
        #expect(ReserveCoverage(norm: 1, onHand: Int.max, monthlyUse: 1).percent == Int.max)
        #expect(ReserveCoverage(norm: 0, onHand: 5, monthlyUse: 1).percent == nil)
    }

    @Test func parametersAreValidatedByName() {
        var parameters = ReserveParameters()
        parameters.maskDays = 0
        #expect(throws: LifelineError.invalid("maskDays", "1 to 366 days")) { try parameters.validated() }
        parameters = ReserveParameters()
        parameters.alertPercent = 120
        #expect(throws: LifelineError.invalid("alertPercent", "1 to 100 %")) { try parameters.validated() }
        #expect(throws: Never.self) { try ReserveParameters().validated() }
    }
}
