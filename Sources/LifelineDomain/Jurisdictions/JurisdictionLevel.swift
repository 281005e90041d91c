import Foundation

/// The levels of China's administrative tree that Lifeline's offices work at.
public enum JurisdictionLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case nation, province, city, county, township

    /// 0 for the nation, 4 for a township: the number of steps below the root.
    public var depth: Int {
        switch self {
        case .nation: 0
        case .province: 1
        case .city: 2
        case .county: 3
        case .township: 4
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.depth < rhs.depth }

    public var text: LocalizedText {
        switch self {
        case .nation: .init(zh: "国家", en: "Nation")
        case .province: .init(zh: "省级", en: "Province")
        case .city: .init(zh: "市级", en: "City")
        case .county: .init(zh: "县级", en: "County")
        case .township: .init(zh: "乡镇", en: "Township")
        }
    }
}
