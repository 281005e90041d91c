import Foundation

/// One item class of the mass-testing standard (全员核酸检测物资保障标准, seed 001): what it is, what
/// it is counted against and how much of it one basis unit needs.
///
/// Protective equipment is described by the kits that hold it: the protective mask is in all three
/// kits, the face shield only in the level-2 sample kit.
///
///     // 10-in-1 sampling tubes: one tube per ten people tested, each round.
///     MassTestingStandardEntry(
///         itemClass: "pooled_tube", nameZh: "病毒采样管（10混1）", nameEn: "Sampling tube (10-in-1)",
///         unitZh: "管", unitEn: "tube", catalogueCode: "SMP-0003", basis: .perPersonTested, quantity: 1,
///         poolSize: 10)
public struct MassTestingStandardEntry: Sendable, Codable, Hashable {
    /// A stable ASCII key (`protective_mask`): lower-case letters, digits and `_`.
    public var itemClass: String
    public var nameZh: String
    public var nameEn: String
    public var unitZh: String
    public var unitEn: String
    /// The catalogue item that serves this class (`PPE-0001`), or nil when the catalogue has none.
    public var catalogueCode: String?
    public var basis: MassTestingBasis
    /// Units per basis unit (per kit worn, per table, per point or per person tested); above 0, at
    /// most 1 000, at most six decimals.
    public var quantity: Decimal
    /// People per unit for pooled sampling (10 for 10-in-1 tubes); ``MassTestingBasis/perPersonTested`` only.
    public var poolSize: Int?
    /// The kits that hold the item, for ``MassTestingBasis/perKit`` (each holds `quantity` of it).
    public var kits: [ProtectionLevel]
    /// Needed once (round 1) and recovered between rounds: transport boxes, waste boxes,
    /// thermometers, tents, sprayers…
    public var reusable: Bool
    /// Held in full by the districts (区县足量储备: waste handling and disinfection), no city share.
    public var districtOnly: Bool

    public init(
        itemClass: String, nameZh: String, nameEn: String, unitZh: String, unitEn: String,
        catalogueCode: String? = nil, basis: MassTestingBasis, quantity: Decimal, poolSize: Int? = nil,
        kits: [ProtectionLevel] = [], reusable: Bool = false, districtOnly: Bool = false
    ) {
        self.itemClass = itemClass
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.unitZh = unitZh
        self.unitEn = unitEn
        self.catalogueCode = catalogueCode
        self.basis = basis
        self.quantity = quantity
        self.poolSize = poolSize
        self.kits = kits
        self.reusable = reusable
        self.districtOnly = districtOnly
    }

    /// The code lines and requests use: the catalogue code, else the item class.
    public var itemCode: String { catalogueCode ?? itemClass }

    public func name(_ language: Language) -> String { language == .zh ? nameZh : nameEn }
    public func unit(_ language: Language) -> String { language == .zh ? unitZh : unitEn }

    /// The largest quantity per basis unit.
    public static let largestQuantity: Decimal = 1_000
    /// The largest pool (people per unit).
    public static let largestPool = 1_000

    /// Trims and checks every field, naming the first at fault under `prefix` (`entries[3].poolSize`);
    /// kits come back in ``ProtectionLevel`` order without repeats.
    public func validated(field prefix: String = "") throws(LifelineError) -> MassTestingStandardEntry {
        func field(_ name: String) -> String { prefix.isEmpty ? name : "\(prefix).\(name)" }
        var entry = self
        entry.itemClass = try Text.required(itemClass, field: field("itemClass"), max: 40)
        guard
            entry.itemClass.unicodeScalars.allSatisfy({
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
            })
        else { throw .invalid(field("itemClass"), "lower-case letters, digits and '_' only") }
        entry.nameZh = try Text.required(nameZh, field: field("nameZh"), max: 120)
        entry.nameEn = try Text.required(nameEn, field: field("nameEn"), max: 200)
        entry.unitZh = try Text.required(unitZh, field: field("unitZh"), max: 20)
        entry.unitEn = try Text.required(unitEn, field: field("unitEn"), max: 40)
        entry.catalogueCode = try Text.optional(catalogueCode, field: field("catalogueCode"), max: 40)
        if let code = entry.catalogueCode,
            !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") })
        {
            throw .invalid(field("catalogueCode"), "letters, digits, '-', '_' and '.' only")
        }
        guard MassTestingDecimal.isPlain(quantity, above: 0, atMost: Self.largestQuantity) else {
            throw .invalid(field("quantity"), "a number above 0, at most 1000, with at most 6 decimals")
        }
        if let poolSize {
            guard basis == .perPersonTested else {
                throw .invalid(field("poolSize"), "only for items counted per person tested")
            }
            guard (1...Self.largestPool).contains(poolSize) else {
                throw LifelineError(.outOfRange, field: field("poolSize"), ["min": "1", "max": "\(Self.largestPool)"])
            }
        }
        entry.kits = ProtectionLevel.allCases.filter(kits.contains)
        if basis == .perKit && entry.kits.isEmpty {
            throw .invalid(field("kits"), "the kits that hold the item (level_1, level_2_sample, level_2_waste)")
        }
        if basis != .perKit && !entry.kits.isEmpty {
            throw .invalid(field("kits"), "only for items counted per kit")
        }
        if reusable && basis == .perPersonTested {
            throw .invalid(field("reusable"), "an item counted per person tested is used up")
        }
        return entry
    }
}

/// Checks on the decimals of the standard and the planner's inputs.
enum MassTestingDecimal {
    /// Whether `value` is a number in (`above`, `atMost`] with at most six decimals.
    static func isPlain(_ value: Decimal, above: Decimal, atMost: Decimal) -> Bool {
        guard !value.isNaN, value > above, value <= atMost else { return false }
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 6, .plain)
        return rounded == value
    }

    /// `value` rounded up to a whole number (values here are never negative).
    static func roundedUp(_ value: Decimal) -> Decimal {
        var value = value
        var result = Decimal()
        NSDecimalRound(&result, &value, 0, .up)
        return result
    }
}
