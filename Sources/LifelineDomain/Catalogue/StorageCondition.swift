/// A storage condition of an item, and equally a temperature zone of a depot (R2.1, R4.1).
public enum StorageCondition: String, Sendable, Codable, CaseIterable, Comparable {
    /// 常温 10–30 ℃.
    case ambient
    /// 阴凉 ≤ 20 ℃.
    case cool
    /// 冷藏 2–8 ℃.
    case refrigerated
    /// 冷冻 ≤ −20 ℃.
    case frozen

    public var text: LocalizedText {
        switch self {
        case .ambient: .init(zh: "常温", en: "Ambient")
        case .cool: .init(zh: "阴凉", en: "Cool")
        case .refrigerated: .init(zh: "冷藏 2–8℃", en: "Refrigerated 2–8 °C")
        case .frozen: .init(zh: "冷冻 −20℃", en: "Frozen −20 °C")
        }
    }

    private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }

    /// Parses a comma-separated list of zones (`ambient,refrigerated`), as stored and imported.
    public static func parseList(_ text: String, field: String) throws(LifelineError) -> [StorageCondition] {
        var zones: [StorageCondition] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }) {
            guard let zone = StorageCondition(rawValue: String(part)) else {
                throw .invalid(field, "unknown zone \(part)")
            }
            if !zones.contains(zone) { zones.append(zone) }
        }
        return zones.sorted()
    }
}
