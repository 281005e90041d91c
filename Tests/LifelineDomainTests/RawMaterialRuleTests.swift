import LifelineDomain
import Testing

/// Raw materials (R3.6, seed 000): eight classes, a purchase under 3 months of use, prices ±15 %.
@Suite struct RawMaterialRuleTests {
    @Test func eightClassesIncludingTheSeedsThree() {
        #expect(RawMaterialClass.allCases.count == 8)
        #expect(RawMaterialClass.meltBlown.text.zh == "熔喷布")
        #expect(RawMaterialClass.medicalPolypropylene.text.zh == "医用级聚丙烯")
        #expect(RawMaterialClass.vaccineAdjuvant.text.zh == "疫苗佐剂")
    }

    @Test func belowThreeMonthsOfUseAPurchaseIsProposed() {
        #expect(RawMaterialRule.minimumMonths == 3)
        #expect(RawMaterialRule.purchaseProposal(stock: 120, monthlyUse: 60) == 60)  // 2 months: buy 1 month
        #expect(RawMaterialRule.purchaseProposal(stock: 180, monthlyUse: 60) == 0)  // exactly 3 months
        #expect(RawMaterialRule.purchaseProposal(stock: 5, monthlyUse: 0) == 0)  // nothing used
        #expect(RawMaterialRule.monthsOfCoverTenths(stock: 120, monthlyUse: 60) == 20)
        #expect(RawMaterialRule.monthsOfCoverTenths(stock: 100, monthlyUse: 30) == 33)
        #expect(RawMaterialRule.purchaseProposal(stock: 0, monthlyUse: Int.max) == Int.max)
    }

    @Test func agreedPricesMayMove15Percent() {
        #expect(RawMaterialRule.priceBandPercent == 15)
        #expect(RawMaterialRule.withinBand(priceFen: 11_500, agreedFen: 10_000))
        #expect(RawMaterialRule.withinBand(priceFen: 8_500, agreedFen: 10_000))
        #expect(!RawMaterialRule.withinBand(priceFen: 11_501, agreedFen: 10_000))
        #expect(!RawMaterialRule.withinBand(priceFen: 8_499, agreedFen: 10_000))
    }
}
