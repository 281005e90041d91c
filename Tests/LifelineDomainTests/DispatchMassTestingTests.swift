import Foundation
import LifelineDomain
import Testing

/// The mass-testing request form (R5.1, R7.4, ADR 0015): validation names its field, and the
/// standard turns points × tables × rounds into item quantities.
@Suite struct DispatchMassTestingTests {
    /// The seeds' example (S1): Guiyang and Gui'an, 8 782 points, 20 865 tables, 11.4 staff per point
    /// per shift (≈ 4.8 per table), 3 rounds, 5 % redundancy.
    static let r74 = MassTestingForm(samplingPoints: 8_782, tables: 20_865, staffPerTable: 4.8, rounds: 3)

    static func quantity(_ code: String, in lines: [(itemCode: String, quantity: Int)]) -> Int? {
        lines.first { $0.itemCode == code }?.quantity
    }

    @Test func theSeedsExampleIsValidWithFivePercentRedundancy() throws {
        try Self.r74.validate()
        #expect(Self.r74.redundancy == 0.05)
    }

    @Test func theSeedsExampleGivesTheseQuantities() {
        let lines = Self.r74.quantities()
        #expect(
            lines.map(\.itemCode) == MassTestingForm.standard.map(\.itemCode),
            "every line of the standard, in its order")
        #expect(lines.allSatisfy { $0.quantity > 0 })
        #expect(Self.quantity("SMP-0001", in: lines) == 65_724_750)  // 20 865 × 1 000 × 3 × 1.05
        #expect(Self.quantity("SMP-0003", in: lines) == 6_572_475)  // 20 865 × 100 × 3 × 1.05
        #expect(Self.quantity("PPE-0001", in: lines) == 630_958)  // 100 152 staff × 2 × 3 × 1.05 = 630 957.6 ↑
        #expect(Self.quantity("PPE-0005", in: lines) == 315_479)  // 100 152 × 3 × 1.05 = 315 478.8 ↑
        #expect(Self.quantity("SMP-0004", in: lines) == 27_664)  // 8 782 × 3 × 1.05 = 27 663.3 ↑
        #expect(Self.quantity("CON-0004", in: lines) == 276_633)  // 8 782 × 10 × 3 × 1.05, exact
        #expect(Self.quantity("DEV-0001", in: lines) == 13_832)  // 8 782 × 0.5 × 3 × 1.05 = 13 831.65 ↑
    }

    @Test func quantitiesScaleLinearlyWithRoundsPointsAndTables() {
        let one = MassTestingForm(samplingPoints: 8_782, tables: 20_865, staffPerTable: 5, rounds: 1, redundancy: 0)
            .quantities()
        let three = MassTestingForm(samplingPoints: 8_782, tables: 20_865, staffPerTable: 5, rounds: 3, redundancy: 0)
            .quantities()
        let double = MassTestingForm(samplingPoints: 17_564, tables: 41_730, staffPerTable: 5, rounds: 1, redundancy: 0)
            .quantities()
        #expect(one.count == MassTestingForm.standard.count)
        for (a, b) in zip(one, three) { #expect(b.quantity == 3 * a.quantity, "\(a.itemCode)") }
        for (a, b) in zip(one, double) { #expect(b.quantity == 2 * a.quantity, "\(a.itemCode)") }
        // With the default redundancy the three-round figures stay within rounding of three times one round.
        let one5 = MassTestingForm(samplingPoints: 8_782, tables: 20_865, staffPerTable: 4.8, rounds: 1).quantities()
        for (a, b) in zip(one5, Self.r74.quantities()) {
            #expect(abs(b.quantity - 3 * a.quantity) <= 3, "\(a.itemCode)")
        }
    }

    @Test func theFormulaAddsTablesStaffAndPointsThenRoundsUp() {
        let form = MassTestingForm(samplingPoints: 2, tables: 3, staffPerTable: 2, rounds: 2, redundancy: 0.5)
        let standard = [
            MassTestingStandardLine(itemCode: "A", perTablePerRound: 1, perStaffPerRound: 0.5, perPointPerRound: 0.25),
            MassTestingStandardLine(itemCode: "ZERO"),
            MassTestingStandardLine(itemCode: "B", perStaffPerRound: 1),
        ]
        let lines = form.quantities(standard: standard)
        // A: (3·1 + 6·0.5 + 2·0.25) · 2 · 1.5 = 19.5 → 20; B: 6 · 2 · 1.5 = 18; ZERO dropped.
        #expect(lines.map(\.itemCode) == ["A", "B"])
        #expect(lines.map(\.quantity) == [20, 18])
    }

    @Test func floatNoiseDoesNotAddAUnit() {
        // 100 · 1.1 is 110.00000000000001 in binary floating point; the order is for 110, not 111.
        let form = MassTestingForm(samplingPoints: 1, tables: 1, staffPerTable: 1, rounds: 1, redundancy: 0.1)
        let lines = form.quantities(standard: [MassTestingStandardLine(itemCode: "X", perTablePerRound: 100)])
        #expect(lines.first?.quantity == 110)
        let more = MassTestingForm(samplingPoints: 1, tables: 17, staffPerTable: 1, rounds: 1, redundancy: 0.1)
            .quantities(standard: [MassTestingStandardLine(itemCode: "X", perTablePerRound: 10)])
        #expect(more.first?.quantity == 187)  // 170 · 1.1
        let tiny = MassTestingForm(samplingPoints: 1, tables: 1, staffPerTable: 1, rounds: 1, redundancy: 0)
            .quantities(standard: [MassTestingStandardLine(itemCode: "Y", perPointPerRound: 0.01)])
        #expect(tiny.first?.quantity == 1, "a fraction of a unit still needs one unit")
    }

    @Test func anUnvalidatedFormYieldsNoLinesRatherThanCrashing() {
        let form = MassTestingForm(samplingPoints: 1, tables: 1, staffPerTable: .nan, rounds: 1)
        #expect(form.quantities(standard: [MassTestingStandardLine(itemCode: "S", perStaffPerRound: 1)]).isEmpty)
    }

    @Test(arguments: [
        (MassTestingForm(samplingPoints: 0, tables: 1, staffPerTable: 4, rounds: 1), "massTesting.samplingPoints"),
        (MassTestingForm(samplingPoints: -3, tables: 1, staffPerTable: 4, rounds: 1), "massTesting.samplingPoints"),
        (MassTestingForm(samplingPoints: 10, tables: 9, staffPerTable: 4, rounds: 1), "massTesting.tables"),
        (MassTestingForm(samplingPoints: 10, tables: 10, staffPerTable: 0, rounds: 1), "massTesting.staffPerTable"),
        (MassTestingForm(samplingPoints: 10, tables: 10, staffPerTable: 50.5, rounds: 1), "massTesting.staffPerTable"),
        (MassTestingForm(samplingPoints: 10, tables: 10, staffPerTable: .nan, rounds: 1), "massTesting.staffPerTable"),
        (MassTestingForm(samplingPoints: 10, tables: 10, staffPerTable: 4, rounds: 0), "massTesting.rounds"),
        (MassTestingForm(samplingPoints: 10, tables: 10, staffPerTable: 4, rounds: 31), "massTesting.rounds"),
        (
            MassTestingForm(samplingPoints: 10, tables: 10, staffPerTable: 4, rounds: 1, redundancy: -0.01),
            "massTesting.redundancy"
        ),
        (
            MassTestingForm(samplingPoints: 10, tables: 10, staffPerTable: 4, rounds: 1, redundancy: 1.5),
            "massTesting.redundancy"
        ),
        (
            MassTestingForm(samplingPoints: 10, tables: 10, staffPerTable: 4, rounds: 1, redundancy: .nan),
            "massTesting.redundancy"
        ),
    ])
    func validationNamesTheField(_ form: MassTestingForm, _ field: String) {
        let error = #expect(throws: LifelineError.self) { try form.validate() }
        #expect(error?.code == .outOfRange)
        #expect(error?.field == field)
        // The Chinese message names the field in Chinese and keeps the API path for developers.
        let zh = error?.message(.zh) ?? ""
        #expect(zh.contains("（\(field)）") && zh.first.map { !$0.isASCII } == true, "\(zh)")
    }

    @Test func aFormWithoutRedundancyGetsFivePercent() throws {
        let json = Data(#"{"samplingPoints": 10, "tables": 25, "staffPerTable": 4, "rounds": 3}"#.utf8)
        let form = try JSONDecoder().decode(MassTestingForm.self, from: json)
        #expect(form == MassTestingForm(samplingPoints: 10, tables: 25, staffPerTable: 4, rounds: 3, redundancy: 0.05))
        let explicit = Data(
            #"{"samplingPoints": 10, "tables": 25, "staffPerTable": 4, "rounds": 3, "redundancy": 0}"#.utf8)
        #expect(try JSONDecoder().decode(MassTestingForm.self, from: explicit).redundancy == 0)
    }

    @Test func theBoundsThemselvesAreAccepted() throws {
        try MassTestingForm(samplingPoints: 1, tables: 1, staffPerTable: 50, rounds: 30, redundancy: 1).validate()
        try MassTestingForm(samplingPoints: 1, tables: 1, staffPerTable: 0.1, rounds: 1, redundancy: 0).validate()
    }

    @Test func theStandardOnlyNamesCatalogueItems() throws {
        let csvURL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/LifelineStore/Reference/default-catalogue.csv")
        let csv = try String(contentsOf: csvURL, encoding: .utf8)
        let rows = csv.split(whereSeparator: \.isNewline)
        #expect(rows.first?.hasPrefix("code,") == true)
        let codes = Set(rows.dropFirst().map { String($0.prefix { $0 != "," }) })
        for line in MassTestingForm.standard {
            #expect(codes.contains(line.itemCode), "\(line.itemCode) is not in the default catalogue")
        }
        #expect(
            Set(MassTestingForm.standard.map(\.itemCode)).count == MassTestingForm.standard.count, "one line per item")
        #expect(
            MassTestingForm.standard.allSatisfy { $0.perTablePerRound + $0.perStaffPerRound + $0.perPointPerRound > 0 })
    }

    @Test func theProtectedPostsAreTagged() {
        #expect(MassTestingForm.post(of: "SMP-0001") == .samplingTable)
        #expect(MassTestingForm.post(of: "SMP-0004") == .sampleTransport)
        #expect(MassTestingForm.post(of: "CON-0004") == .wasteHandling)
    }

    /// R6.1: protection computed from tables × staff is worn at the sampling tables — a post that
    /// never takes a lowered standard, not a general helper's.
    @Test func protectionForTheTableStaffIsForSamplingTablePosts() {
        for line in MassTestingForm.standard where line.perStaffPerRound > 0 {
            #expect(MassTestingForm.post(of: line.itemCode) == .samplingTable, "\(line.itemCode)")
            #expect(
                !AllocationRules.mayUseSubstitute(siteSuitable: true, post: MassTestingForm.post(of: line.itemCode)))
        }
        #expect(MassTestingForm.post(of: "PPE-0005") == .samplingTable)
        #expect(MassTestingForm.post(of: "DEV-0001") == .general, "thermometers at the entrance serve the helpers")
    }

    @Test func theFormRoundTripsAsJSON() throws {
        let data = try JSONEncoder().encode(Self.r74)
        #expect(try JSONDecoder().decode(MassTestingForm.self, from: data) == Self.r74)
    }
}
