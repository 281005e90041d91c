/// How close a lot is to expiry, for colouring and near-expiry alerts (R4.3).
public enum ExpiryBand: String, Sendable, Codable, CaseIterable {
    case expired
    /// Within the near-expiry window (default 90 days): rotate it now.
    case near
    /// Within twice the window: plan its rotation.
    case watch
    case fresh
    /// The item does not expire.
    case none

    /// The band of a lot expiring on `expiry`, seen on `today`, with a near-expiry window of `window` days.
    public static func of(expiry: Day?, today: Day, window: Int = 90) -> ExpiryBand {
        guard let expiry else { return .none }
        let left = today.days(until: expiry)
        if left < 0 { return .expired }
        if left <= window { return .near }
        if left <= 2 * window { return .watch }
        return .fresh
    }

    public var text: LocalizedText {
        switch self {
        case .expired: .init(zh: "已过期", en: "Expired")
        case .near: .init(zh: "近效期", en: "Near expiry")
        case .watch: .init(zh: "关注", en: "Watch")
        case .fresh: .init(zh: "正常", en: "Fresh")
        case .none: .init(zh: "无有效期", en: "No expiry")
        }
    }
}
