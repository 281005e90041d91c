import Foundation

/// The kinds of organisation Lifeline knows (R1.2) — "one platform, three databases": producers,
/// warehouses and carriers, plus the offices and institutions that request and approve.
public enum UnitKind: String, Sendable, Codable, CaseIterable {
    /// 物资保障组 / 卫健委 — a government supply-security office.
    case supplyOffice = "supply_office"
    /// 医疗机构 — a hospital or health centre (grade, beds).
    case medicalInstitution = "medical_institution"
    /// 采样点 / 检测机构 — a testing or sampling site.
    case testingSite = "testing_site"
    /// 承储企业 — holds reserves under a storage agreement (qualification).
    case storageEnterprise = "storage_enterprise"
    /// 生产企业 — capacity reserve.
    case manufacturer
    /// 物流运输企业 — moves stock (vehicles).
    case carrier
    /// 供应商 — emergency procurement.
    case supplier
    /// 捐赠方 — e.g. the Red Cross.
    case donor

    public var text: LocalizedText {
        switch self {
        case .supplyOffice: .init(zh: "物资保障部门", en: "Supply office")
        case .medicalInstitution: .init(zh: "医疗机构", en: "Medical institution")
        case .testingSite: .init(zh: "检测采样点", en: "Testing site")
        case .storageEnterprise: .init(zh: "承储企业", en: "Storage enterprise")
        case .manufacturer: .init(zh: "生产企业", en: "Manufacturer")
        case .carrier: .init(zh: "运输企业", en: "Carrier")
        case .supplier: .init(zh: "供应商", en: "Supplier")
        case .donor: .init(zh: "捐赠方", en: "Donor")
        }
    }
}

/// A hospital's grade (医院等级) under the national grading scheme.
public enum HospitalGrade: String, Sendable, Codable, CaseIterable {
    case grade3A = "3A"
    case grade3B = "3B"
    case grade3 = "3"
    case grade2A = "2A"
    case grade2B = "2B"
    case grade2 = "2"
    case grade1 = "1"
    case unrated

    /// Level 2 or above: the base of the protective-suit norm (R3.2).
    public var isLevelTwoOrAbove: Bool { self != .grade1 && self != .unrated }

    public var text: LocalizedText {
        switch self {
        case .grade3A: .init(zh: "三级甲等", en: "Grade 3A")
        case .grade3B: .init(zh: "三级乙等", en: "Grade 3B")
        case .grade3: .init(zh: "三级", en: "Grade 3")
        case .grade2A: .init(zh: "二级甲等", en: "Grade 2A")
        case .grade2B: .init(zh: "二级乙等", en: "Grade 2B")
        case .grade2: .init(zh: "二级", en: "Grade 2")
        case .grade1: .init(zh: "一级", en: "Grade 1")
        case .unrated: .init(zh: "未定级", en: "Unrated")
        }
    }
}
