import Foundation

/// A CSV table (RFC 4180): a header and rows of strings, read from and written to UTF-8 text.
///
/// Written files start with a byte-order mark so that Excel opens Chinese text correctly; read
/// files may or may not have one. Quoted fields may hold commas, quotes and line breaks. Cells that
/// a spreadsheet would run as a formula are written with a leading `'` and read back without it
/// (``CSVFormulaGuard``).
public struct CSVTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]
    /// The line of the file each row starts on (the header is line 1); a quoted line break or a
    /// blank line makes it differ from the row's index + 2.
    public private(set) var lines: [Int]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
        self.lines = rows.indices.map { $0 + 2 }
    }

    public static func == (a: CSVTable, b: CSVTable) -> Bool { a.header == b.header && a.rows == b.rows }

    /// Parses CSV text. Throws ``ErrorCode/importFailed`` naming the line of an unterminated quote or a
    /// row whose field count differs from the header's.
    public init(parsing text: String) throws(LifelineError) {
        var records: [[String]] = []
        var starts: [Int] = []
        var start = 1
        var field = ""
        var record: [String] = []
        var inQuotes = false
        var line = 1
        var chars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        if text.unicodeScalars.first == "\u{FEFF}" { _ = chars.next() }
        func nextScalar() -> Unicode.Scalar? {
            if let p = pending {
                pending = nil
                return p
            }
            return chars.next()
        }
        while let c = nextScalar() {
            if inQuotes {
                if c == "\"" {
                    if let n = nextScalar() {
                        if n == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            inQuotes = false
                            pending = n
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty:
                inQuotes = true
            case ",":
                record.append(field)
                field = ""
            case "\r":
                continue
            case "\n":
                record.append(field)
                field = ""
                if !(record.count == 1 && record[0].isEmpty) {
                    records.append(record)
                    starts.append(start)
                }
                record = []
                line += 1
                start = line
            default:
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw LifelineError(.importFailed, ["row": String(line), "reason": "unterminated quote"]) }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
            starts.append(start)
        }
        guard let header = records.first else {
            throw LifelineError(.importFailed, ["row": "1", "reason": "the file is empty"])
        }
        self.header = header.map { $0.trimmingCharacters(in: .whitespaces) }
        self.rows = records.dropFirst().map { $0.map(CSVFormulaGuard.unescape) }
        self.lines = Array(starts.dropFirst())
        for (row, line) in zip(rows, lines) where row.count != header.count {
            throw LifelineError(
                .importFailed,
                ["row": String(line), "reason": "\(row.count) fields where the header has \(header.count)"])
        }
    }

    /// The index of a column, or an import error naming the missing column.
    public func column(_ name: String) throws(LifelineError) -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw LifelineError(.importFailed, ["row": "1", "reason": "missing column \(name)"])
        }
        return index
    }

    /// The rows as dictionaries keyed by header name, with their 1-based line numbers (header = 1).
    public var records: [(line: Int, values: [String: String])] {
        rows.enumerated().map { index, row in
            (
                index < lines.count ? lines[index] : index + 2,
                Dictionary(zip(header, row), uniquingKeysWith: { first, _ in first })
            )
        }
    }

    /// The CSV text with a UTF-8 byte-order mark and CRLF line ends, as Excel expects; cells that
    /// would run as formulas start with `'` (``CSVFormulaGuard``).
    public func encoded(byteOrderMark: Bool = true) -> String {
        var out = byteOrderMark ? "\u{FEFF}" : ""
        for row in [header] + rows {
            out += row.map { Self.quote(CSVFormulaGuard.escape($0)) }.joined(separator: ",")
            out += "\r\n"
        }
        return out
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
