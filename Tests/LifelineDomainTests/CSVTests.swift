import Foundation
import Testing

@testable import LifelineDomain

/// Reading and writing CSV files (ADR 0020): encodings, formula escaping, line numbers, stock rows.
@Suite struct CSVTests {
    /// 口罩 as Excel on Chinese Windows saves it (GBK, code page 936): `'口罩'.encode('gbk')`.
    static let masksGBK: [UInt8] = [0xBF, 0xDA, 0xD5, 0xD6]
    /// 口罩 in UTF-8.
    static let masksUTF8: [UInt8] = [0xE5, 0x8F, 0xA3, 0xE7, 0xBD, 0xA9]

    // MARK: Encodings

    @Test func utf8IsReadWithOrWithoutAByteOrderMark() throws {
        let plain = try CSVText.decode(Data("code,name\nPPE-1,".utf8) + Data(Self.masksUTF8))
        #expect(plain == CSVText(text: "code,name\nPPE-1,口罩", encoding: .utf8))
        let marked = try CSVText.decode(Data([0xEF, 0xBB, 0xBF]) + Data("code\n口罩\n".utf8))
        #expect(marked.text == "code\n口罩\n")
        #expect(marked.encoding == .utf8)
    }

    @Test func gbkFromExcelOnChineseWindowsIsReadAsGB18030() throws {
        let file = try CSVText.decode(Data("code,name\r\nPPE-1,".utf8) + Data(Self.masksGBK) + Data("\r\n".utf8))
        #expect(file.encoding == .gb18030)
        #expect(file.text == "code,name\r\nPPE-1,口罩\r\n")
        #expect(try CSVTable(parsing: file.text).records.first?.values["name"] == "口罩")
    }

    @Test func utf16IsRefusedWithHowToSaveAsUTF8() {
        let utf16 = Data([0xFF, 0xFE]) + "code\n".data(using: .utf16LittleEndian)!
        let error = #expect(throws: LifelineError.self) { try CSVText.decode(utf16) }
        #expect(error?.code == .importEncoding)
        #expect(error?.field == "file")
        #expect(error?.message(.zh).contains("UTF-16") == true)
        #expect(error?.message(.zh).contains("CSV UTF-8（逗号分隔）") == true)
        #expect(error?.message(.en).contains("CSV UTF-8 (Comma delimited)") == true)
    }

    @Test func aFileInNeitherEncodingIsRefusedNamingTheLine() {
        // "café" in Latin-1 on line 2: 0xE9 at the end is neither UTF-8 nor GB18030.
        let latin1 = Data("code,name\nX,caf".utf8) + Data([0xE9])
        #expect(throws: CSVText.refusal(.unknown, line: 2)) { try CSVText.decode(latin1) }
        let message = CSVText.refusal(.unknown, line: 2).message(.en)
        #expect(message.contains("not UTF-8") && message.contains("GB18030/GBK") && message.contains("line 2"))
    }

    @Test func damagedUTF8IsNotMistakenForGBK() {
        // Two lines of UTF-8 Chinese under a header, the last character cut short on line 3.
        let line = Data(Array(repeating: Self.masksUTF8, count: 5).joined())
        var bytes = Data("name\n".utf8) + line + Data("\n".utf8) + line
        bytes.removeLast()
        #expect(throws: CSVText.refusal(.damagedUTF8, line: 3)) { try CSVText.decode(bytes) }
    }

    @Test func controlCharactersAreRefused() {
        #expect(throws: CSVText.refusal(.controlCharacters, line: 2)) { try CSVText.decode(Data("a\nb\u{0}c\n".utf8)) }
    }

    @Test func utf8ScanCountsWellFormedSequencesOnly() {
        #expect(UTF8Scan(Self.masksUTF8).multibyteScalars == 2)
        #expect(UTF8Scan(Self.masksGBK).multibyteScalars == 0)
        #expect(UTF8Scan([0xC0, 0x80]).invalidBytes == 2, "overlong NUL")
        #expect(UTF8Scan([0xED, 0xA0, 0x80]).invalidBytes == 3, "a surrogate")
    }

    // MARK: Formula escaping

    @Test(arguments: [
        ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
        ("+86 138 0000 0000", "'+86 138 0000 0000"), ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
        ("\r=1", "'\r=1"), ("-", "'-"), ("'=1", "''=1"), ("''@x", "'''@x"),
        ("-70.1", "-70.1"), ("+5", "+5"), ("-1e-05", "-1e-05"), ("-.5", "-.5"), ("106.71", "106.71"), ("", ""),
        ("'", "'"),
        ("'-5", "'-5"), ("口罩", "口罩"), ("a=b", "a=b"), ("-1e", "'-1e"), ("-.", "'-."),
    ])
    func formulaCellsAreQuotedAndReadBack(_ cell: String, _ written: String) {
        #expect(CSVFormulaGuard.escape(cell) == written)
        #expect(CSVFormulaGuard.unescape(written) == cell)
    }

    @Test func anEscapedCellSurvivesAFileRoundTrip() throws {
        let evil = "=HYPERLINK(\"http://evil\",\"x\")"
        let table = CSVTable(header: ["code", "name", "longitude"], rows: [["D-1", evil, "-70.1"]])
        let text = table.encoded()
        #expect(text == "\u{FEFF}code,name,longitude\r\nD-1,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",-70.1\r\n")
        #expect(try CSVTable(parsing: text) == table)
    }

    // MARK: Lines

    @Test func rowsKnowTheLineTheyStartOn() throws {
        let table = try CSVTable(parsing: "code,note\nA,\"two\nlines\"\n\nB,x\nC,y")
        #expect(table.records.map(\.line) == [2, 5, 6])
        #expect(throws: LifelineError(.importFailed, ["row": "4", "reason": "1 fields where the header has 2"])) {
            try CSVTable(parsing: "code,note\nA,\"two\nlines\"\nB\n")
        }
    }

    // MARK: Stock rows

    static let depot = UUID(uuidString: "00000000-0000-0000-0000-0000000000D1")!
    static let item = UUID(uuidString: "00000000-0000-0000-0000-0000000000A1")!

    static func row(_ values: [String: String], line: Int = 2) throws -> StockCSVRow {
        let base = [
            "depot_code": "D-1", "item_code": "PPE-0001", "batch_no": "B1", "manufacturer": "稳健医疗",
            "production_date": "2026-01-01",
            "expiry_date": "2029-01-01", "quantity": "300",
        ]
        return try StockCSVRow(line: line, values: base.merging(values) { _, new in new })
    }

    @Test func theSameReceiptWrittenDifferentlyHasOneContent() throws {
        let plain = try Self.row([:]).content(depotID: Self.depot, itemID: Self.item)
        let spaced = try Self.row(["batch_no": " B1 ", "quantity": "0300", "inspection": "passed"], line: 9)
        #expect(
            spaced.content(depotID: Self.depot, itemID: Self.item) == plain,
            "spaces, leading zeros, the default inspection and the line do not count")
        for change in [
            ["quantity": "301"], ["unit_cost_fen": "200"], ["inspection": "pending"], ["reference": "SH-1"],
            ["manufacturer": "振德医疗"],
        ] {
            #expect(try Self.row(change).content(depotID: Self.depot, itemID: Self.item) != plain, "\(change)")
        }
        #expect(try Self.row([:]).content(depotID: Self.item, itemID: Self.item) != plain, "another depot")
    }

    @Test func aStockRowNamesTheColumnItCannotRead() {
        for (column, value) in [
            ("quantity", "lots"), ("quantity", ""), ("expiry_date", "2029-02-30"), ("inspection", "ok"),
        ] {
            let error = #expect(throws: LifelineError.self) { try Self.row([column: value], line: 7) }
            #expect(error?.code == .importFailed)
            #expect(error?.field == column)
            #expect(error?.message(.en).contains("row 7") == true)
        }
    }

    @Test func importErrorsNameTheColumnInBothLanguages() {
        let error = LifelineError.importFailed(
            line: 4, column: "expiry_date", .invalid("expiryDate", "must be after the production date"))
        #expect(error.field == "expiry_date")
        #expect(
            error.message(.en) == "Import failed at row 4: expiry_date is invalid: must be after the production date")
        #expect(error.message(.zh) == "导入失败，第 4 行：有效期至（expiry_date） 的值无效：must be after the production date")
        #expect(CSVColumn.named(for: "unitCostFen", header: ["unit_cost_fen"]) == "unit_cost_fen")
        #expect(CSVColumn.named(for: "depotId", header: [], overrides: ["depotId": "depot_code"]) == "depot_code")
        #expect(CSVColumn.named(for: "note", header: ["reference"]) == "note")
    }
}
