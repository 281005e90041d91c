/// The three reserve classes of R3.1.
public enum ReserveClass: String, Sendable, Codable, CaseIterable {
    /// 常规物资 — 12 routine categories kept for daily use.
    case routine
    /// 应急物资 — high-value emergency equipment.
    case emergency
    /// 特殊病种物资 — special-disease drugs and biologics.
    case specialDisease = "special_disease"

    public var text: LocalizedText {
        switch self {
        case .routine: .init(zh: "常规物资", en: "Routine")
        case .emergency: .init(zh: "应急物资", en: "Emergency")
        case .specialDisease: .init(zh: "特殊病种物资", en: "Special-disease")
        }
    }
}
