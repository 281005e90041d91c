/// Keeps exported CSV cells from running as spreadsheet formulas (CSV injection, OWASP).
///
/// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a leading
/// single quote, which Excel and LibreOffice show as text: `=HYPERLINK("http://evil","x")` becomes
/// `'=HYPERLINK("http://evil","x")`. Plain numbers are left alone (`-70.1`, `+5`, `-1e-05`): they
/// cannot be formulas and quoting them would turn a longitude into text. A cell that starts with a
/// quote followed by something that would be escaped gets one more quote, so that reading undoes
/// exactly what writing did:
///
///     CSVFormulaGuard.escape("=1+2")           // "'=1+2"
///     CSVFormulaGuard.unescape("'=1+2")        // "=1+2"
///     CSVFormulaGuard.escape("-70.1")          // "-70.1"
public enum CSVFormulaGuard {
    static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// The cell as it is written to a file.
    public static func escape(_ cell: String) -> String {
        needsQuote(cell[...]) ? "'" + cell : cell
    }

    /// The cell as it was before ``escape(_:)``.
    public static func unescape(_ cell: String) -> String {
        guard cell.first == "'", needsQuote(cell.dropFirst()) else { return cell }
        return String(cell.dropFirst())
    }

    static func needsQuote(_ cell: Substring) -> Bool {
        guard let first = cell.first else { return false }
        if first == "'" { return needsQuote(cell.dropFirst()) }
        return triggers.contains(first) && !isPlainNumber(cell)
    }

    /// A sign, digits with at most one decimal point, and an optional exponent; nothing else.
    static func isPlainNumber(_ cell: Substring) -> Bool {
        var rest = cell.utf8[...]
        if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { rest = rest.dropFirst() }
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let integer = rest.prefix(while: isDigit)
        rest = rest.dropFirst(integer.count)
        var fraction = rest.prefix(0)
        if rest.first == UInt8(ascii: ".") {
            fraction = rest.dropFirst().prefix(while: isDigit)
            rest = rest.dropFirst(1 + fraction.count)
        }
        guard !integer.isEmpty || !fraction.isEmpty else { return false }
        if let e = rest.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            rest = rest.dropFirst()
            if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { rest = rest.dropFirst() }
            let exponent = rest.prefix(while: isDigit)
            guard !exponent.isEmpty else { return false }
            rest = rest.dropFirst(exponent.count)
        }
        return rest.isEmpty
    }
}
