import Foundation

/// Emergency response levels (应急响应级别, R5.3): level I is the most severe.
public enum ResponseLevel: Int, Sendable, Codable, CaseIterable {
    case levelI = 1
    case levelII = 2
    case levelIII = 3
    case levelIV = 4

    /// Whether this level is at least as severe as `other` (`levelI.isAtLeast(.levelIII)`).
    public func isAtLeast(_ other: ResponseLevel) -> Bool { rawValue <= other.rawValue }

    /// "I"…"IV", in ASCII: how levels are written in forms, the CLI and document numbers.
    public var roman: String { ["I", "II", "III", "IV"][rawValue - 1] }

    /// Reads a level as officers write it: "I"…"IV" (any case), "1"…"4", or the Chinese documents'
    /// numerals "Ⅰ"…"Ⅳ"; anything else is nil.
    public init?(roman: String) {
        switch roman.trimmingCharacters(in: .whitespaces).uppercased() {
        case "I", "1", "Ⅰ": self = .levelI
        case "II", "2", "Ⅱ": self = .levelII
        case "III", "3", "Ⅲ": self = .levelIII
        case "IV", "4", "Ⅳ": self = .levelIV
        default: return nil
        }
    }

    /// The level's name as the response plans write it.
    public var text: LocalizedText {
        switch self {
        case .levelI: .init(zh: "Ⅰ级（特别重大）", en: "Level I (particularly serious)")
        case .levelII: .init(zh: "Ⅱ级（重大）", en: "Level II (serious)")
        case .levelIII: .init(zh: "Ⅲ级（较大）", en: "Level III (major)")
        case .levelIV: .init(zh: "Ⅳ级（一般）", en: "Level IV (general)")
        }
    }
}
