import Foundation

/// An item of the reserve catalogue (储备目录) as people define it: everything but its database id.
public struct ItemDefinition: Sendable, Hashable, Codable {
    public var code: String
    public var nameZh: String
    public var nameEn: String
    public var reserveClass: ReserveClass
    public var category: ItemCategory
    /// The base unit every quantity is counted in (只, 套, 人份 …).
    public var unitZh: String
    public var unitEn: String
    public var spec: String?
    /// Days from production to expiry; 0 when the item does not expire (equipment).
    public var shelfLifeDays: Int
    public var storage: StorageCondition
    /// Reusable items are recovered after a round (R4.6).
    public var reusable: Bool
    /// Items that may stand in for one another under a lowered standard (R2.3).
    public var substitutionGroup: String?
    public var substitutionRole: SubstitutionRole?
    /// Market price of one base unit, in fen.
    public var unitPriceFen: Int
    /// Packed volume of one base unit, in cm³.
    public var volumeCm3: Int

    public init(
        code: String, nameZh: String, nameEn: String, reserveClass: ReserveClass, category: ItemCategory,
        unitZh: String, unitEn: String, spec: String? = nil, shelfLifeDays: Int, storage: StorageCondition,
        reusable: Bool, substitutionGroup: String? = nil, substitutionRole: SubstitutionRole? = nil,
        unitPriceFen: Int, volumeCm3: Int
    ) {
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.reserveClass = reserveClass
        self.category = category
        self.unitZh = unitZh
        self.unitEn = unitEn
        self.spec = spec
        self.shelfLifeDays = shelfLifeDays
        self.storage = storage
        self.reusable = reusable
        self.substitutionGroup = substitutionGroup
        self.substitutionRole = substitutionRole
        self.unitPriceFen = unitPriceFen
        self.volumeCm3 = volumeCm3
    }

    public func name(_ language: Language) -> String { language == .zh ? nameZh : nameEn }
    public func unit(_ language: Language) -> String { language == .zh ? unitZh : unitEn }

    /// Trims and checks every field; the first problem is thrown with its field named.
    public func validated() throws(LifelineError) -> ItemDefinition {
        var item = self
        item.code = try Text.required(code, field: "code", max: 40)
        guard
            item.code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") })
        else { throw .invalid("code", "letters, digits, '-', '_' and '.' only") }
        item.nameZh = try Text.required(nameZh, field: "nameZh", max: 120)
        item.nameEn = try Text.required(nameEn, field: "nameEn", max: 200)
        item.unitZh = try Text.required(unitZh, field: "unitZh", max: 20)
        item.unitEn = try Text.required(unitEn, field: "unitEn", max: 40)
        item.spec = try Text.optional(spec, field: "spec", max: 200)
        guard (0...36_500).contains(shelfLifeDays) else {
            throw LifelineError(.outOfRange, field: "shelfLifeDays", ["min": "0", "max": "36500"])
        }
        guard (0...Limits.unitPriceFen).contains(unitPriceFen) else {
            throw LifelineError(.outOfRange, field: "unitPriceFen", ["min": "0", "max": String(Limits.unitPriceFen)])
        }
        guard (1...1_000_000_000).contains(volumeCm3) else {
            throw LifelineError(.outOfRange, field: "volumeCm3", ["min": "1", "max": "1000000000"])
        }
        item.substitutionGroup = try Text.optional(substitutionGroup, field: "substitutionGroup", max: 60)
        if item.substitutionGroup == nil {
            item.substitutionRole = nil
        } else if item.substitutionRole == nil {
            throw .required("substitutionRole")
        }
        return item
    }
}

/// Whether an item is the standard one of its substitution group or a lowered-standard stand-in.
public enum SubstitutionRole: String, Sendable, Codable, CaseIterable {
    case primary, substitute
}
