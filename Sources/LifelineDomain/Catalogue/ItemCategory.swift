/// Item categories: the 12 routine categories of R3.1 plus equipment, special-disease drugs and
/// vaccines/biologics (R2.1).
public enum ItemCategory: String, Sendable, Codable, CaseIterable {
    case masks
    case protectiveClothing = "protective_clothing"
    case isolationGowns = "isolation_gowns"
    case gloves
    case eyeFaceProtection = "eye_face_protection"
    case capsShoeCovers = "caps_shoe_covers"
    case disinfection
    case diagnostics
    case samplingConsumables = "sampling_consumables"
    case commonDrugs = "common_drugs"
    case medicalConsumables = "medical_consumables"
    case smallEquipment = "small_equipment"
    case emergencyEquipment = "emergency_equipment"
    case specialDiseaseDrugs = "special_disease_drugs"
    case vaccinesBiologics = "vaccines_biologics"
    /// 物资包 — kits assembled from other items (R7.1); their lots trace their components.
    case kits

    /// The twelve categories of the routine reserve (常规物资 12 类).
    public static let routine: [ItemCategory] = Array(allCases.prefix(12))

    public var text: LocalizedText {
        switch self {
        case .masks: .init(zh: "口罩", en: "Masks")
        case .protectiveClothing: .init(zh: "防护服", en: "Protective clothing")
        case .isolationGowns: .init(zh: "隔离衣", en: "Isolation gowns")
        case .gloves: .init(zh: "医用手套", en: "Gloves")
        case .eyeFaceProtection: .init(zh: "护目镜与面屏", en: "Eye & face protection")
        case .capsShoeCovers: .init(zh: "帽子与鞋套", en: "Caps & shoe covers")
        case .disinfection: .init(zh: "消毒用品", en: "Disinfection")
        case .diagnostics: .init(zh: "检测试剂", en: "Diagnostics")
        case .samplingConsumables: .init(zh: "采样耗材", en: "Sampling consumables")
        case .commonDrugs: .init(zh: "常用药品", en: "Common drugs")
        case .medicalConsumables: .init(zh: "医用耗材", en: "Medical consumables")
        case .smallEquipment: .init(zh: "小型器械", en: "Small equipment")
        case .emergencyEquipment: .init(zh: "应急装备", en: "Emergency equipment")
        case .specialDiseaseDrugs: .init(zh: "特殊病种药品", en: "Special-disease drugs")
        case .vaccinesBiologics: .init(zh: "疫苗与生物制品", en: "Vaccines & biologics")
        case .kits: .init(zh: "物资包", en: "Kits")
        }
    }
}
