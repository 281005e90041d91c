import Foundation

#if canImport(CoreFoundation)
    import CoreFoundation
#endif

/// The character encodings an imported CSV file is read in.
public enum CSVEncoding: String, Sendable, Codable {
    /// UTF-8, with or without a byte-order mark: what Lifeline writes and what "CSV UTF-8" saves.
    case utf8 = "UTF-8"
    /// GB18030, the superset of GBK and GB2312: what Excel on Chinese Windows saves as plain "CSV".
    case gb18030 = "GB18030"
}

/// The text of an imported CSV file and the encoding it was read in.
public struct CSVText: Sendable, Equatable {
    public var text: String
    public var encoding: CSVEncoding

    public init(text: String, encoding: CSVEncoding) {
        self.text = text
        self.encoding = encoding
    }

    /// Reads the bytes of a CSV file: UTF-8 (a byte-order mark is dropped), else GB18030/GBK, which is
    /// what Excel on Chinese Windows saves as "CSV (逗号分隔)".
    ///
    /// A file in neither is refused with ``ErrorCode/importEncoding``: the message says what the
    /// file looks like (UTF-16, damaged UTF-8, an unknown encoding), on which line, and how to save
    /// it as "CSV UTF-8 (逗号分隔)". Bytes that are valid UTF-8 are always read as UTF-8; text
    /// holding NUL or other control characters (but tab, CR, LF) is refused, since no CSV has them.
    ///
    ///     let file = try CSVText.decode(Data("编码,名称\n".utf8))   // .utf8
    public static func decode(_ data: Data) throws(LifelineError) -> CSVText {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw refusal(.utf16, line: 1)
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        let scan = UTF8Scan(body)
        if scan.firstInvalid == nil, let text = String(validating: body, as: UTF8.self) {
            return try checked(CSVText(text: text, encoding: .utf8))
        }
        // Mostly valid UTF-8 with a few bad bytes is a damaged UTF-8 file, not GBK: reading it as
        // GB18030 would turn its Chinese into other, wrong Chinese without an error.
        if scan.multibyteScalars > 0, scan.invalidBytes * 10 < scan.multibyteBytes {
            throw refusal(.damagedUTF8, line: line(at: scan.firstInvalid ?? 0, in: body))
        }
        if let text = gb18030(body) { return try checked(CSVText(text: text, encoding: .gb18030)) }
        throw refusal(.unknown, line: line(at: scan.firstInvalid ?? 0, in: body))
    }

    /// What a refused file looked like.
    enum Refusal {
        case utf16, damagedUTF8, unknown, controlCharacters

        var text: LocalizedText {
            switch self {
            case .utf16: .init(zh: "UTF-16（Excel 的“Unicode 文本”）", en: "UTF-16 (Excel's \"Unicode Text\")")
            case .damagedUTF8: .init(zh: "含有损坏字节的 UTF-8", en: "UTF-8 with damaged bytes")
            case .unknown:
                .init(zh: "未知编码（既不是 UTF-8，也不是 GB18030/GBK）", en: "an unknown encoding (neither UTF-8 nor GB18030/GBK)")
            case .controlCharacters: .init(zh: "含有控制字符（可能不是文本文件）", en: "control characters (perhaps not a text file)")
            }
        }
    }

    static func refusal(_ kind: Refusal, line: Int) -> LifelineError {
        LifelineError(.importEncoding, field: "file", ["row": String(line)], localized: ["encoding": kind.text])
    }

    /// Refuses decoded text with NUL or other control characters: a binary file or UTF-16 without a mark.
    static func checked(_ file: CSVText) throws(LifelineError) -> CSVText {
        var line = 1
        for scalar in file.text.unicodeScalars {
            if scalar == "\n" { line += 1 }
            if scalar.value < 0x20 && scalar != "\t" && scalar != "\r" && scalar != "\n" {
                throw refusal(.controlCharacters, line: line)
            }
        }
        return file
    }

    /// GB18030 text, or nil when the bytes are not GB18030 (swift-corelibs-foundation decodes it
    /// through ICU; the decoder refuses invalid sequences rather than replacing them).
    static func gb18030(_ bytes: [UInt8]) -> String? {
        let encoding = String.Encoding(
            rawValue: CFStringConvertEncodingToNSStringEncoding(
                CFStringEncoding(CFStringEncodings.GB_18030_2000.rawValue)))
        guard let text = String(data: Data(bytes), encoding: encoding), !text.unicodeScalars.contains("\u{FFFD}") else {
            return nil
        }
        return text
    }

    /// The 1-based line of byte `offset`.
    static func line(at offset: Int, in bytes: [UInt8]) -> Int {
        bytes.prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }
}

/// A count of well-formed and malformed UTF-8 in some bytes.
struct UTF8Scan {
    var multibyteScalars = 0
    var multibyteBytes = 0
    var invalidBytes = 0
    var firstInvalid: Int?

    init(_ bytes: [UInt8]) {
        var index = 0
        while index < bytes.count {
            let length = Self.sequenceLength(bytes, at: index)
            if length == 0 {
                invalidBytes += 1
                if firstInvalid == nil { firstInvalid = index }
                index += 1
            } else {
                if length > 1 {
                    multibyteScalars += 1
                    multibyteBytes += length
                }
                index += length
            }
        }
    }

    /// The length of the well-formed UTF-8 sequence at `index`, or 0 if there is none (RFC 3629:
    /// no overlong forms, no surrogates, nothing above U+10FFFF).
    static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            high = 0x9F
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            high = 0x8F
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        let second = bytes[index + 1]
        guard second >= low && second <= high else { return 0 }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) { return 0 }
        return length
    }
}
