import Foundation

/// The identifier of a jurisdiction: the significant digits of its GB/T 2260 code.
///
/// The nation is `CN`; a province has 2 digits (`52` 贵州省), a city 4 (`5201` 贵阳市),
/// a county 6 (`520102` 南明区) and a township 9. Short codes keep jurisdiction paths
/// (`CN/52/5201/520102`) and document numbers (`DB-5201-20261124-0007`) readable.
public struct JurisdictionCode: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public static let nation = JurisdictionCode(uncheckedRawValue: "CN")

    /// Accepts `CN` or 2, 4, 6 or 9 digits.
    public init?(rawValue: String) {
        guard rawValue == "CN" || (Self.digitCounts.contains(rawValue.count) && rawValue.allSatisfy(\.isASCIIDigit))
        else { return nil }
        self.rawValue = rawValue
    }

    private init(uncheckedRawValue: String) { self.rawValue = uncheckedRawValue }

    /// Reads a 12-digit administrative code (`520102000000`) or a 6-digit one (`520102`), dropping the
    /// trailing zero groups that mark the level.
    public init?(adcode: String) {
        let digits = adcode.trimmingCharacters(in: .whitespaces)
        guard [6, 9, 12].contains(digits.count), digits.allSatisfy(\.isASCIIDigit) else { return nil }
        let padded = digits.padding(toLength: 12, withPad: "0", startingAt: 0)
        let chars = Array(padded)
        func allZero(_ range: Range<Int>) -> Bool { chars[range].allSatisfy { $0 == "0" } }
        let significant: Int
        if allZero(2..<12) {
            significant = 2
        } else if allZero(4..<12) {
            significant = 4
        } else if allZero(6..<12) {
            significant = 6
        } else {
            significant = 9
        }
        if allZero(0..<2) { return nil }
        self.rawValue = String(chars[0..<significant])
    }

    private static let digitCounts: Set<Int> = [2, 4, 6, 9]

    public var level: JurisdictionLevel {
        if rawValue == "CN" { return .nation }
        return switch rawValue.count {
        case 2: .province
        case 4: .city
        case 6: .county
        case 9: .township
        default: .nation
        }
    }

    /// The code one level up; `nil` for the nation. A county directly under a province
    /// (省直辖县级行政区划, e.g. 429004 仙桃市) names the `4290` placeholder city as its parent.
    public var parent: JurisdictionCode? {
        switch level {
        case .nation: nil
        case .province: .nation
        case .city: JurisdictionCode(rawValue: String(rawValue.prefix(2)))
        case .county: JurisdictionCode(rawValue: String(rawValue.prefix(4)))
        case .township: JurisdictionCode(rawValue: String(rawValue.prefix(6)))
        }
    }

    /// The province this code lies in; `nil` for the nation.
    public var province: JurisdictionCode? {
        level == .nation ? nil : JurisdictionCode(rawValue: String(rawValue.prefix(2)))
    }

    /// The path from the nation down to this code: `CN/52/5201/520102`.
    public var path: JurisdictionPath {
        var codes: [JurisdictionCode] = []
        var current: JurisdictionCode? = self
        while let code = current {
            codes.append(code)
            current = code.parent
        }
        return JurisdictionPath(codes: codes.reversed())
    }

    /// The 12-digit GB/T 2260 form (`520102000000`); `000000000000` for the nation.
    public var adcode12: String {
        level == .nation
            ? String(repeating: "0", count: 12) : rawValue.padding(toLength: 12, withPad: "0", startingAt: 0)
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
