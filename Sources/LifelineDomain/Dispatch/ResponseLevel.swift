import Foundation

/// Emergency response levels (应急响应级别, R5.3): level I is the most severe.
public enum ResponseLevel: Int, Sendable, Codable, CaseIterable {
    case levelI = 1, levelII = 2, levelIII = 3, levelIV = 4

    /// Whether this level is at least as severe as `other` (`levelI.isAtLeast(.levelIII)`).
    public func isAtLeast(_ other: ResponseLevel) -> Bool { rawValue <= other.rawValue }

    public var roman: String { ["I", "II", "III", "IV"][rawValue - 1] }

    /// "I"…"IV", or "1"…"4".
    public init?(roman: String) {
        switch roman.trimmingCharacters(in: .whitespaces).uppercased() {
        case "I", "1": self = .levelI
        case "II", "2": self = .levelII
        case "III", "3": self = .levelIII
        case "IV", "4": self = .levelIV
        default: return nil
        }
    }

    public var text: LocalizedText {
        switch self {
        case .levelI: .init(zh: "Ⅰ级（特别重大）", en: "Level I (particularly serious)")
        case .levelII: .init(zh: "Ⅱ级（重大）", en: "Level II (serious)")
        case .levelIII: .init(zh: "Ⅲ级（较大）", en: "Level III (major)")
        case .levelIV: .init(zh: "Ⅳ级（一般）", en: "Level IV (general)")
        }
    }
}
