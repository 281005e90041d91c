import Foundation
import LifelineDomain
import Testing

/// Oversight (R11): weekly reports every Thursday, quality inspections, the cold chain.
@Suite struct OversightRuleTests {
    let thursday = Day(year: 2026, month: 11, day: 26)

    @Test func reportsBelongToTheLastThursday() {
        #expect(WeeklyReportSchedule.lastThursday(onOrBefore: Day(ordinal: 0)) == Day(ordinal: 0))  // 1970-01-01
        #expect(WeeklyReportSchedule.lastThursday(onOrBefore: thursday) == thursday)
        #expect(WeeklyReportSchedule.lastThursday(onOrBefore: Day(year: 2026, month: 12, day: 2)) == thursday)
        #expect(WeeklyReportSchedule.lastThursday(onOrBefore: Day(year: 2026, month: 12, day: 3)).iso == "2026-12-03")
        #expect(WeeklyReportSchedule.lastThursday(onOrBefore: Day(year: 2026, month: 11, day: 25)).iso == "2026-11-19")
        #expect(WeeklyReportSchedule.lastThursday(onOrBefore: Day(year: 1969, month: 12, day: 31)).iso == "1969-12-25")
        #expect(WeeklyReportSchedule.isThursday(Day(year: 2026, month: 12, day: 3)))
        #expect(!WeeklyReportSchedule.isThursday(Day(year: 2026, month: 11, day: 24)))
    }

    @Test func aReportIsLateAfterItsGraceDay() {
        let friday = thursday.adding(days: 1)
        let saturday = thursday.adding(days: 2)
        #expect(!WeeklyReportSchedule.isLate(week: thursday, confirmedOn: friday, today: saturday))
        #expect(WeeklyReportSchedule.isLate(week: thursday, confirmedOn: saturday, today: saturday))
        #expect(!WeeklyReportSchedule.isLate(week: thursday, confirmedOn: nil, today: friday))
        #expect(WeeklyReportSchedule.isLate(week: thursday, confirmedOn: nil, today: saturday))
        #expect(WeeklyReportSchedule.isLate(week: thursday, confirmedOn: friday, today: friday, graceDays: 0))
        #expect(WeeklyReportStatus.pending.text.zh == "待企业确认")
        #expect(WeeklyReportStatus.confirmed.text.en == "Confirmed")
    }

    @Test func onlyARecoveryNamesAnAmount() throws {
        try InspectionRule.validate(finding: .recovery, recoveryFen: 1)
        try InspectionRule.validate(finding: .none, recoveryFen: nil)
        try InspectionRule.validate(finding: .notice, recoveryFen: 0)
        #expect(throws: LifelineError.required("recoveryFen")) {
            try InspectionRule.validate(finding: .recovery, recoveryFen: nil)
        }
        #expect(throws: LifelineError.invalid("recoveryFen", "an amount above 0 fen")) {
            try InspectionRule.validate(finding: .recovery, recoveryFen: 0)
        }
        #expect(throws: LifelineError.invalid("recoveryFen", "only with a subsidy recovery")) {
            try InspectionRule.validate(finding: .revocation, recoveryFen: 500)
        }
        #expect(InspectionFinding.allCases.map(\.text.zh) == ["无", "整改通知", "追回补贴", "撤销承储资格"])
        #expect(InspectionFinding.revocation.text.en == "Revocation of storage status")
        #expect(InspectionResult.allCases.map(\.rawValue) == ["pass", "fail"])
    }

    @Test func theSampleIsTheCeilingOfTheSquareRoot() {
        let sizes = [0, 1, 2, 4, 5, 9, 10, 100, 101, -3, Int.max].map { InspectionRule.sampleSize(lotCount: $0) }
        #expect(sizes == [0, 1, 2, 2, 3, 3, 4, 10, 11, 0, 3_037_000_500])
    }

    @Test func theSampleIsDeterministicAndSorted() {
        let ids = (0..<50).map { _ in UUID() }
        let sample = InspectionRule.sample(lotIDs: ids, seed: 42)
        #expect(sample.count == 8)
        #expect(Set(sample).isSubset(of: Set(ids)))
        #expect(sample == sample.sorted { $0.uuidString < $1.uuidString })
        #expect(InspectionRule.sample(lotIDs: ids.reversed() + ids, seed: 42) == sample)
        let others = (1...20).map { InspectionRule.sample(lotIDs: ids, seed: $0) }
        #expect(others.contains { $0 != sample })
        #expect(InspectionRule.sample(lotIDs: [], seed: 1).isEmpty)
        #expect(InspectionRule.sample(lotIDs: [ids[0]], seed: 1) == [ids[0]])
    }

    @Test func zoneLimitsAreInTenthsOfADegree() {
        #expect(ZoneLimits.defaults(for: .ambient) == ZoneLimits(minTenths: 100, maxTenths: 300))
        #expect(ZoneLimits.defaults(for: .cool) == ZoneLimits(minTenths: 0, maxTenths: 200))
        #expect(ZoneLimits.defaults(for: .refrigerated) == ZoneLimits(minTenths: 20, maxTenths: 80))
        #expect(ZoneLimits.defaults(for: .frozen) == ZoneLimits(minTenths: -800, maxTenths: -200))
        #expect(ZoneLimits.defaults(for: .refrigerated).contains(80))
        #expect(!ZoneLimits.defaults(for: .refrigerated).contains(81))
    }

    @Test func excursionsAreTheReadingsOutsideTheLimitsByTime() {
        let at = { (minutes: Double) in Date(timeIntervalSince1970: 1_800_000_000 + minutes * 60) }
        let readings = [
            TemperatureReading(at: at(30), tenths: 19), TemperatureReading(at: at(0), tenths: 50),
            TemperatureReading(at: at(10), tenths: 81), TemperatureReading(at: at(20), tenths: 20),
            TemperatureReading(at: at(5), tenths: 80),
        ]
        let limits = ZoneLimits.defaults(for: .refrigerated)
        #expect(ColdChainRule.excursions(readings: readings, limits: limits).map(\.tenths) == [81, 19])
        #expect(ColdChainRule.excursions(readings: [], limits: limits).isEmpty)
    }

    @Test func readingsLieWithin100Degrees() throws {
        try ColdChainRule.validateReading(tenths: -1000, field: "maxTenths")
        try ColdChainRule.validateReading(tenths: 1000, field: "maxTenths")
        do {
            try ColdChainRule.validateReading(tenths: 1001, field: "readings[3].tenths")
            Issue.record("1001 accepted")
        } catch {
            #expect(error.field == "readings[3].tenths")
        }
        #expect(throws: LifelineError.self) { try ColdChainRule.validateReading(tenths: -1001, field: "minTenths") }
    }

    @Test func aLotGoesToItsOwnZoneOrAnAmbientOneToACoolZone() {
        for zone in StorageCondition.allCases {
            for item in StorageCondition.allCases {
                let expected = zone == item || (item == .ambient && zone == .cool)
                #expect(ColdChainRule.accepts(zone: zone, item: item) == expected, "\(item) in \(zone)")
            }
        }
        #expect(ColdChainRule.accepts(zone: .cool, item: .ambient))
        #expect(!ColdChainRule.accepts(zone: .ambient, item: .cool))
        #expect(!ColdChainRule.accepts(zone: .frozen, item: .refrigerated))
    }
}
