import Foundation

/// The raw-material whitelist (R3.6, seed 000: "熔喷布、医用级聚丙烯、疫苗佐剂等8类关键原材料"): the
/// eight classes whose stock a province keeps watch over. The seed names three; the other five are
/// the inputs of the same products (masks and suits, gloves, disinfectants, test kits), chosen in
/// ADR 0035.
public enum RawMaterialClass: String, Sendable, Codable, CaseIterable {
    case meltBlown = "melt_blown"
    case medicalPolypropylene = "medical_polypropylene"
    case vaccineAdjuvant = "vaccine_adjuvant"
    case spunbondNonwoven = "spunbond_nonwoven"
    case nitrileLatex = "nitrile_latex"
    case ethanol
    case sodiumHypochlorite = "sodium_hypochlorite"
    case diagnosticEnzymes = "diagnostic_enzymes"

    public var text: LocalizedText {
        switch self {
        case .meltBlown: .init(zh: "熔喷布", en: "Melt-blown fabric")
        case .medicalPolypropylene: .init(zh: "医用级聚丙烯", en: "Medical-grade polypropylene")
        case .vaccineAdjuvant: .init(zh: "疫苗佐剂", en: "Vaccine adjuvant")
        case .spunbondNonwoven: .init(zh: "纺粘无纺布", en: "Spunbond nonwoven")
        case .nitrileLatex: .init(zh: "丁腈胶乳", en: "Nitrile latex")
        case .ethanol: .init(zh: "医用乙醇原料", en: "Ethanol (raw)")
        case .sodiumHypochlorite: .init(zh: "次氯酸钠", en: "Sodium hypochlorite")
        case .diagnosticEnzymes: .init(zh: "诊断试剂酶原料", en: "Diagnostic enzymes")
        }
    }

    /// The unit stock and use are counted in.
    public var unit: LocalizedText {
        switch self {
        case .vaccineAdjuvant, .diagnosticEnzymes: .init(zh: "千克", en: "kg")
        default: .init(zh: "吨", en: "t")
        }
    }
}

/// The rules of raw materials (R3.6): a government purchase when stock falls below three months of
/// use, and agreed prices that may move ±15 % (seed 000).
public enum RawMaterialRule {
    /// Below this many months of use, a purchase is proposed.
    public static let minimumMonths = 3
    /// The price band around an agreed price, in percent.
    public static let priceBandPercent = 15

    /// The quantity to buy to bring `stock` back to `months` months of `monthlyUse` (0 when enough).
    public static func purchaseProposal(stock: Int, monthlyUse: Int, months: Int = minimumMonths) -> Int {
        guard monthlyUse > 0 else { return 0 }
        let (high, low) = monthlyUse.multipliedFullWidth(by: months)
        let target = high > 0 ? Int.max : Int(clamping: low)
        return max(0, target - max(stock, 0))
    }

    /// Months of cover, in tenths (`32` = 3.2 months); `nil` when nothing is used.
    public static func monthsOfCoverTenths(stock: Int, monthlyUse: Int) -> Int? {
        guard monthlyUse > 0 else { return nil }
        let (high, low) = max(stock, 0).multipliedFullWidth(by: 10)
        return high > 0 ? Int.max : Int(clamping: low) / monthlyUse
    }

    /// Whether a price (fen) lies within the band around the agreed price.
    public static func withinBand(priceFen: Int, agreedFen: Int, bandPercent: Int = priceBandPercent) -> Bool {
        let gap = abs(Int128(priceFen) - Int128(agreedFen)) * 100
        return gap <= Int128(agreedFen) * Int128(bandPercent)
    }
}
