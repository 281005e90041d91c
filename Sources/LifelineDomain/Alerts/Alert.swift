import Foundation

/// What an alert is about (the alert centre of #11): each kind is raised while its cause holds and
/// closed by the next refresh once it is gone.
public enum AlertKind: String, Sendable, Codable, CaseIterable {
    /// An item of an approved plan is covered below the plan's threshold (R3.4).
    case coverageBelow = "coverage_below"
    /// A lot with stock expires within the near-expiry window (R4.3).
    case nearExpiry = "near_expiry"
    /// A lot still holds stock past its expiry day (R4.3: write it off with two people).
    case expired
    /// A whitelisted raw material covers less than three months of use (R3.6: propose a purchase).
    case rawMaterialLow = "raw_material_low"
    /// A storage enterprise confirmed its weekly report late, or not yet past the grace day (R11.1).
    case weeklyReportLate = "weekly_report_late"
    /// A depot zone's temperature left its limits; its lots are held (R11.3).
    case temperatureExcursion = "temperature_excursion"
    /// A dispatch order past its acknowledgement limit, escalated to the level above (R5.4).
    case orderUnacknowledged = "order_unacknowledged"
    /// A dispatch order whose arrival estimate is after the time it is needed by (R5.4).
    case orderLate = "order_late"

    public var text: LocalizedText {
        switch self {
        case .coverageBelow: .init(zh: "储备低于预警线", en: "Reserve below threshold")
        case .nearExpiry: .init(zh: "近效期", en: "Near expiry")
        case .expired: .init(zh: "已过期", en: "Expired")
        case .rawMaterialLow: .init(zh: "原材料不足 3 个月", en: "Raw material under 3 months")
        case .weeklyReportLate: .init(zh: "周报逾期", en: "Weekly report late")
        case .temperatureExcursion: .init(zh: "温度超限", en: "Temperature excursion")
        case .orderUnacknowledged: .init(zh: "调度指令超时未确认", en: "Order not acknowledged")
        case .orderLate: .init(zh: "调度指令预计晚到", en: "Order running late")
        }
    }
}

/// Where an alert stands: open, seen and commented by someone (still open until its cause is
/// gone), or closed by a refresh that no longer finds its cause.
public enum AlertStatus: String, Sendable, Codable, CaseIterable {
    case open, acknowledged, closed

    public var text: LocalizedText {
        switch self {
        case .open: .init(zh: "待处理", en: "Open")
        case .acknowledged: .init(zh: "已确认", en: "Acknowledged")
        case .closed: .init(zh: "已关闭", en: "Closed")
        }
    }

    /// Acknowledging is for open alerts only.
    public func acknowledging() throws(LifelineError) -> AlertStatus {
        guard self == .open else {
            throw LifelineError(
                .invalidTransition,
                localized: ["entity": EntityName.alert.text, "from": text, "to": AlertStatus.acknowledged.text])
        }
        return .acknowledged
    }
}

/// A cause found by a refresh: its kind, what it is about (a stable key: `plan:item`, a lot id),
/// where it lies, and the figures its message shows.
public struct AlertCondition: Sendable, Hashable {
    public var kind: AlertKind
    public var subject: String
    public var path: JurisdictionPath
    public var message: LocalizedText

    public init(kind: AlertKind, subject: String, path: JurisdictionPath, message: LocalizedText) {
        self.kind = kind
        self.subject = subject
        self.path = path
        self.message = message
    }

    /// The key an alert is matched by from one refresh to the next.
    public var key: String { "\(kind.rawValue):\(subject)" }
}

/// One refresh of the alert centre: which causes become new alerts, which alerts are closed because
/// their cause is gone, which keep going with new figures. Acknowledged alerts stay acknowledged
/// while their cause holds.
public struct AlertReconciliation: Sendable, Equatable {
    /// Causes without a live alert.
    public var raise: [AlertCondition]
    /// Live alerts (by key) whose cause is gone.
    public var close: [String]
    /// Live alerts (by key) whose message changed.
    public var update: [AlertCondition]

    /// Compares the causes found now with the live (open or acknowledged) alerts' keys and messages.
    public init(found: [AlertCondition], live: [String: LocalizedText]) {
        var seen: Set<String> = []
        var raise: [AlertCondition] = []
        var update: [AlertCondition] = []
        for condition in found where seen.insert(condition.key).inserted {
            if let message = live[condition.key] {
                if message != condition.message { update.append(condition) }
            } else {
                raise.append(condition)
            }
        }
        self.raise = raise
        self.update = update
        self.close = live.keys.filter { !seen.contains($0) }.sorted()
    }
}
