import Foundation

/// Data for a page script, serialized once for a `<script type="application/json">` block.
///
/// The one way data reaches a page's script blocks (ADR 0021). Templates print it with
/// `#unsafeHTML(body.field)` — Leaf's `#(...)` would turn the quotes into `&quot;`, which a script
/// block does not decode — so nothing else may be printed that way, and a body field of this type
/// (not `String`) says which values are safe there. `<`, `>`, `&`, U+2028 and U+2029 are written as
/// `\u003c`, `\u003e`, `\u0026`, `\u2028`, `\u2029`: a name holding `</script><script>…` or `<!--`
/// can neither end the block nor change how the HTML parser reads it, and `JSON.parse` reads back
/// exactly the text that was stored. These characters only ever occur inside JSON strings, where
/// the escapes mean the same characters.
///
/// ```swift
/// struct Body: Encodable { var mapJSON: EmbeddedJSON }
/// Body(mapJSON: EmbeddedJSON(points))   // <script type="application/json"
/// id="map-data">#unsafeHTML(body.mapJSON)</script>
/// ```
struct EmbeddedJSON: Encodable, Sendable {
    /// The escaped JSON text, ready for a script block.
    let text: String

    init<T: Encodable>(_ value: T) {
        // Plain value types (strings, numbers, arrays of structs of those): encoding cannot fail,
        // and should it ever, the script reads `null` and draws nothing.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]  // the same page is the same bytes (snapshots, caches)
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        text = Self.escape(String(decoding: data, as: UTF8.self))
    }

    /// `json` with the characters that mean something to an HTML parser (or to old JavaScript
    /// parsers, U+2028/U+2029) written as `\uXXXX` escapes.
    static func escape(_ json: String) -> String {
        var out = String.UnicodeScalarView()
        out.reserveCapacity(json.unicodeScalars.count)
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": out.append(contentsOf: #"\u003c"#.unicodeScalars)
            case ">": out.append(contentsOf: #"\u003e"#.unicodeScalars)
            case "&": out.append(contentsOf: #"\u0026"#.unicodeScalars)
            case "\u{2028}": out.append(contentsOf: #"\u2028"#.unicodeScalars)
            case "\u{2029}": out.append(contentsOf: #"\u2029"#.unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
