import Foundation

/// The demand of one item class in one round in one area, and how the city and the districts share it.
///
/// `quantity` is the demand, rounded up once; `districts` is the districts' part of it and `city`
/// the city's part with the redundancy on top, so `city + districts` is what the two tiers hold.
public struct MassTestingPlanLine: Sendable, Codable, Hashable {
    public var itemClass: String
    public var catalogueCode: String?
    public var round: Int
    public var areaCode: String
    public var quantity: Int
    public var city: Int
    public var districts: Int

    public init(
        itemClass: String, catalogueCode: String?, round: Int, areaCode: String, quantity: Int, city: Int,
        districts: Int
    ) {
        self.itemClass = itemClass
        self.catalogueCode = catalogueCode
        self.round = round
        self.areaCode = areaCode
        self.quantity = quantity
        self.city = city
        self.districts = districts
    }

    /// The catalogue code, else the item class.
    public var itemCode: String { catalogueCode ?? itemClass }
}

/// One item class in one round over all the areas: the sums of the areas' lines. What
/// `lifeline plan mass-testing` prints, one per item class and round.
public struct MassTestingPlanTotal: Sendable, Codable, Hashable {
    public var itemClass: String
    public var catalogueCode: String?
    public var round: Int
    public var quantity: Int
    public var city: Int
    public var districts: Int

    public init(itemClass: String, catalogueCode: String?, round: Int, quantity: Int, city: Int, districts: Int) {
        self.itemClass = itemClass
        self.catalogueCode = catalogueCode
        self.round = round
        self.quantity = quantity
        self.city = city
        self.districts = districts
    }

    /// The catalogue code, else the item class.
    public var itemCode: String { catalogueCode ?? itemClass }
}

/// What rounds `fromRound…throughRound` need of one item class over all the areas (the first request:
/// rounds 1–2).
public struct MassTestingRequestLine: Sendable, Codable, Hashable {
    public var itemClass: String
    public var catalogueCode: String?
    public var fromRound: Int
    public var throughRound: Int
    public var quantity: Int
    public var city: Int
    public var districts: Int

    public init(
        itemClass: String, catalogueCode: String?, fromRound: Int, throughRound: Int, quantity: Int, city: Int,
        districts: Int
    ) {
        self.itemClass = itemClass
        self.catalogueCode = catalogueCode
        self.fromRound = fromRound
        self.throughRound = throughRound
        self.quantity = quantity
        self.city = city
        self.districts = districts
    }

    /// The catalogue code, else the item class.
    public var itemCode: String { catalogueCode ?? itemClass }
}
