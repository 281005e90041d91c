import Foundation
import LifelineDomain
import Testing

/// The market price in force at a transfer (ADR 0026).
@Suite struct MarketPriceTests {
    func day(_ iso: String) -> Day { Day(iso: iso)! }
    func point(_ iso: String, _ fen: Int, _ note: String? = nil) -> PricePoint {
        PricePoint(effectiveFrom: day(iso), priceFen: fen, note: note)
    }

    @Test func withoutPointsTheCatalogueApplies() {
        let price = MarketPrice.at(day("2026-11-24"), history: [], catalogue: 150)
        #expect(price.priceFen == 150)
        #expect(price.source == .catalogue)
        #expect(price.source.name == "catalogue")
        #expect(price.source.effectiveFrom == nil)
    }

    @Test func beforeTheFirstPointTheCatalogueApplies() {
        let price = MarketPrice.at(day("2026-11-24"), history: [point("2026-11-25", 180)], catalogue: 150)
        #expect(price.priceFen == 150)
        #expect(price.source == .catalogue)
    }

    @Test func aPointIsInForceFromItsOwnDay() {
        let history = [point("2026-11-24", 180)]
        #expect(MarketPrice.at(day("2026-11-24"), history: history, catalogue: 150).priceFen == 180)
        #expect(
            MarketPrice.at(day("2026-11-24"), history: history, catalogue: 150).source
                == .history(effectiveFrom: day("2026-11-24")))
        #expect(MarketPrice.at(day("2026-11-23"), history: history, catalogue: 150).priceFen == 150)
    }

    @Test func theLatestPointOnOrBeforeTheDayApplies() {
        // Entered out of order: the effective day decides, not the order of entry.
        let history = [
            point("2026-03-01", 120), point("2026-01-01", 100), point("2026-12-01", 200), point("2026-06-01", 160),
        ]
        let cases: [(String, Int, String?)] = [
            ("2025-12-31", 150, nil), ("2026-01-01", 100, "2026-01-01"), ("2026-02-28", 100, "2026-01-01"),
            ("2026-03-01", 120, "2026-03-01"), ("2026-11-30", 160, "2026-06-01"), ("2026-12-01", 200, "2026-12-01"),
            ("2030-01-01", 200, "2026-12-01"),
        ]
        for (iso, fen, from) in cases {
            let price = MarketPrice.at(day(iso), history: history, catalogue: 150)
            #expect(price.priceFen == fen, "\(iso)")
            #expect(price.source.effectiveFrom?.iso == from, "\(iso)")
        }
    }

    @Test func ofTwoPointsOfOneDayTheLaterEntryWins() {
        let history = [point("2026-11-20", 180, "挂网价"), point("2026-11-10", 170), point("2026-11-20", 175, "更正")]
        let price = MarketPrice.at(day("2026-11-24"), history: history, catalogue: 150)
        #expect(price.priceFen == 175)
        #expect(price.source == .history(effectiveFrom: day("2026-11-20")))
        #expect(MarketPrice.superseded(in: history) == [0])
        #expect(MarketPrice.superseded(in: [point("2026-11-20", 1)]).isEmpty)
    }

    @Test func anInstantCountsOnItsDayInChinaTime() {
        // 2026-11-24 23:30 in China is 15:30 UTC the same day; 00:30 on the 25th is 16:30 UTC on the 24th.
        let history = [point("2026-11-25", 180)]
        let lateOn24th = Date(timeIntervalSince1970: 1_795_485_600 + 13.5 * 3600)
        let earlyOn25th = Date(timeIntervalSince1970: 1_795_485_600 + 14.5 * 3600)
        #expect(MarketPrice.at(lateOn24th, history: history, catalogue: 150).priceFen == 150)
        #expect(MarketPrice.at(earlyOn25th, history: history, catalogue: 150).priceFen == 180)
    }

    @Test func aStoredSourceReadsBack() {
        #expect(
            PriceSource(name: "history", effectiveFrom: day("2026-11-20")) == .history(effectiveFrom: day("2026-11-20"))
        )
        #expect(PriceSource(name: "catalogue", effectiveFrom: nil) == .catalogue)
        #expect(PriceSource(name: "history", effectiveFrom: nil) == nil)
        #expect(PriceSource(name: "guess", effectiveFrom: nil) == nil)
    }

    @Test func aPointIsCheckedFieldByField() throws {
        let ok = try PricePoint.validated(effectiveFrom: " 2026-11-24 ", priceFen: 0, note: "  ")
        #expect(ok == PricePoint(effectiveFrom: day("2026-11-24"), priceFen: 0, note: nil))
        #expect(throws: LifelineError.required("effectiveFrom")) {
            try PricePoint.validated(effectiveFrom: nil, priceFen: 1, note: nil)
        }
        #expect(throws: LifelineError(.invalidDate, field: "effectiveFrom")) {
            try PricePoint.validated(effectiveFrom: "2026-02-30", priceFen: 1, note: nil)
        }
        #expect(throws: LifelineError.required("priceFen")) {
            try PricePoint.validated(effectiveFrom: "2026-11-24", priceFen: nil, note: nil)
        }
        for fen in [-1, Limits.unitPriceFen + 1] {
            #expect(
                throws: LifelineError(.outOfRange, field: "priceFen", ["min": "0", "max": String(Limits.unitPriceFen)])
            ) {
                try PricePoint.validated(effectiveFrom: "2026-11-24", priceFen: fen, note: nil)
            }
        }
        #expect(
            try PricePoint.validated(effectiveFrom: "2026-11-24", priceFen: Limits.unitPriceFen, note: nil).priceFen
                == Limits.unitPriceFen)
        #expect(throws: LifelineError(.tooLong, field: "note", ["max": "200"])) {
            try PricePoint.validated(effectiveFrom: "2026-11-24", priceFen: 1, note: String(repeating: "价", count: 201))
        }
        #expect((try? PricePoint.validated(effectiveFrom: "2026-11-24", priceFen: 1, note: "a\u{0}b")) == nil)
    }

    @Test func yuanAreReadIntoFenWithoutFloatingPoint() throws {
        let cases: [(String, Int)] = [
            ("0", 0), ("12", 1200), ("12.5", 1250), ("12.34", 1234), ("0.01", 1), (".5", 50), ("1,234.56", 123456),
            (" 007.10 ", 710), ("10000000", Limits.unitPriceFen), ("0.29", 29),
        ]
        for (text, fen) in cases { #expect(try Yuan.fen(text, field: "price") == fen, "\(text)") }
        #expect(throws: LifelineError.required("price")) { try Yuan.fen("  ", field: "price") }
        for bad in ["-1", "1.234", "1.", "abc", "1e3", "١٢", "1.2.3", "."] {
            #expect((try? Yuan.fen(bad, field: "price")) == nil, "\(bad)")
        }
        for big in ["10000000.01", "99999999999999999999999", "100000000"] {
            #expect(throws: LifelineError(.outOfRange, field: "price", ["min": "0", "max": "10000000"])) {
                try Yuan.fen(big, field: "price")
            }
        }
    }
}
