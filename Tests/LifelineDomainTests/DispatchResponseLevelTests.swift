import Foundation
import LifelineDomain
import Testing

/// Response levels (R5.3): level I is the most severe; severity comparisons drive the whole policy.
@Suite struct DispatchResponseLevelTests {
    @Test func severityIsOrderedFromLevelIDown() {
        #expect(ResponseLevel.levelI.isAtLeast(.levelIII))
        #expect(!ResponseLevel.levelIV.isAtLeast(.levelIII))
        // The full matrix: `a.isAtLeast(b)` holds exactly for these ten pairs.
        let holds: Set<String> = [
            "I≥I", "I≥II", "I≥III", "I≥IV", "II≥II", "II≥III", "II≥IV", "III≥III", "III≥IV", "IV≥IV",
        ]
        for a in ResponseLevel.allCases {
            for b in ResponseLevel.allCases {
                #expect(a.isAtLeast(b) == holds.contains("\(a.roman)≥\(b.roman)"), "\(a.roman) vs \(b.roman)")
            }
        }
    }

    @Test func romanNumeralsRoundTrip() {
        #expect(ResponseLevel.allCases.map(\.roman) == ["I", "II", "III", "IV"])
        for level in ResponseLevel.allCases {
            #expect(ResponseLevel(roman: level.roman) == level)
            #expect(ResponseLevel(roman: String(level.rawValue)) == level)
        }
    }

    @Test(arguments: [
        ("I", ResponseLevel.levelI), ("ii", .levelII), (" III ", .levelIII), ("iv", .levelIV), ("1", .levelI),
        ("4", .levelIV),
        ("Ⅰ", .levelI), ("Ⅱ", .levelII), ("Ⅲ", .levelIII), ("Ⅳ", .levelIV),
    ])
    func levelsAreReadAsOfficersWriteThem(_ input: String, _ expected: ResponseLevel) {
        #expect(ResponseLevel(roman: input) == expected)
    }

    @Test(arguments: ["", "V", "0", "5", "IIII", "VI", "level I", "一", "I I"])
    func anythingElseIsNotALevel(_ input: String) {
        #expect(ResponseLevel(roman: input) == nil)
    }

    @Test func textsAreThePlansNames() {
        #expect(ResponseLevel.allCases.map(\.text.zh) == ["Ⅰ级（特别重大）", "Ⅱ级（重大）", "Ⅲ级（较大）", "Ⅳ级（一般）"])
        #expect(
            ResponseLevel.allCases.map(\.text.en)
                == ["Level I (particularly serious)", "Level II (serious)", "Level III (major)", "Level IV (general)"])
    }

    @Test func levelsAreStoredAsTheirNumber() throws {
        let json = try JSONEncoder().encode([ResponseLevel.levelI, .levelIV])
        #expect(String(decoding: json, as: UTF8.self) == "[1,4]")
        #expect(try JSONDecoder().decode([ResponseLevel].self, from: Data("[3]".utf8)) == [.levelIII])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ResponseLevel].self, from: Data("[5]".utf8)) }
    }
}
