/// A number people read aloud and write on paper (调拨单 DB-5201-20261124-0007), separate from ids.
public struct DocumentNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    public var prefix: DocumentPrefix
    public var jurisdiction: JurisdictionCode
    public var day: Day
    public var sequence: Int

    public init(prefix: DocumentPrefix, jurisdiction: JurisdictionCode, day: Day, sequence: Int) {
        self.prefix = prefix
        self.jurisdiction = jurisdiction
        self.day = day
        self.sequence = sequence
    }

    /// The counter a number is drawn from: one per prefix, jurisdiction and day.
    public var counterKey: String { "\(prefix.rawValue)-\(jurisdiction.rawValue)-\(day.compact)" }

    public var description: String {
        let digits = String(sequence)
        return "\(counterKey)-\(String(repeating: "0", count: max(0, 4 - digits.count)))\(digits)"
    }
}

/// The document kinds that carry a number.
public enum DocumentPrefix: String, Sendable, Codable, CaseIterable {
    /// 入库单
    case receipt = "RK"
    /// 出库单
    case issue = "CK"
    /// 调拨单 (transfer between depots)
    case transfer = "DB"
    /// 盘点调整单
    case adjustment = "TZ"
    /// 报废核销单
    case writeOff = "HX"
    /// 退回单
    case `return` = "TH"
    /// 调配令 — deployment of reserve stock to a using unit (ADR 0013). 调拨令 uses ``transfer`` (DB):
    /// an allocation order is the paper behind a transfer between reserves and shares its series.
    case deploymentOrder = "DP"
    /// 配送令 — a carrier's delivery instruction.
    case deliveryOrder = "PS"
    /// 需求申请单 — a supply request.
    case request = "SQ"
    /// 应急事件 — an emergency event.
    case incident = "SJ"
    /// 盘点单 — a stocktake; its adjustments carry its number (R4.5).
    case stocktake = "PD"
    /// 置换单 — an exchange between two jurisdictions; both legs' transfers carry its number (R4.4).
    case exchange = "ZH"
    /// 储备协议 — a storage, capacity or technology reserve agreement (R3.5).
    case agreement = "XY"
    /// 轮换计划 — a rotation plan; the issues and sales it executes carry their own numbers (R4.3).
    case rotation = "LH"
    /// 销售单 — a sale of near-expiry stock in rotation.
    case sale = "XS"
    /// 组包单 — kits assembled or taken apart; every movement of the work carries its number (R7.1).
    case kit = "ZB"
}
