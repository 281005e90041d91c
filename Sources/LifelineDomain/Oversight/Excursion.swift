/// Where a temperature excursion of a depot zone stands (R11.3): open while the zone's lots are
/// held, then released (the lots are available again) or condemned (quarantined for write-off) by
/// an inspector.
public enum ExcursionStatus: String, Sendable, Codable, CaseIterable {
    case open, released, condemned

    public var text: LocalizedText {
        switch self {
        case .open: .init(zh: "超限待处置", en: "Open")
        case .released: .init(zh: "已放行", en: "Released")
        case .condemned: .init(zh: "已判定不合格", en: "Condemned")
        }
    }
}

/// Where a quality inspection stands (R11.2).
public enum InspectionStatus: String, Sendable, Codable, CaseIterable {
    case planned, completed

    public var text: LocalizedText {
        switch self {
        case .planned: .init(zh: "已计划", en: "Planned")
        case .completed: .init(zh: "已完成", en: "Completed")
        }
    }
}
