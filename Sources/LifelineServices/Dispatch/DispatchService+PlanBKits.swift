import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// Plan B kits (seed 001, R7.1): one base kit per sampling point with one table and one increment kit
/// per extra table, derived from the standard in force (``PlanBKits``) and stored as two versioned
/// kit definitions — `PLANB-BASE` and `PLANB-INC` — so that their packing lists print like any
/// kit's and their assembly goes through the ledger.
extension DispatchService {
    public static let planBBaseCode = "PLANB-BASE"
    public static let planBIncrementCode = "PLANB-INC"

    /// The base and increment kits for `input`'s staffing, and the standard's classes the catalogue
    /// lacks (left out of both kits).
    public func planBKits(_ input: PlanBKitsInput, for actor: Actor) async throws -> PlanBKitsView {
        try AccessPolicy.require(.readReference, actor)
        let standard = try await standardInForce()
        let kits = try PlanBKits.derive(
            standard: standard, staffPerPointPerShift: input.staffPerPointPerShift, shifts: input.shifts ?? 1,
            peoplePerTablePerShift: input.peoplePerTablePerShift ?? 300)
        guard kits.baseApart.isEmpty, kits.incrementApart.isEmpty else {
            throw LifelineError.invalid(
                "standard", "more than 50 classes in one bag: pack the district-held items apart (Plan A)")
        }
        let codes = Set((kits.base + kits.increment).map(\.itemCode))
        let known = Set(try await ItemRecord.query(on: database).filter(\.$code ~~ codes).all().map(\.code))
        return PlanBKitsView(
            standardVersion: standard.version, base: kits.base.filter { known.contains($0.itemCode) },
            increment: kits.increment.filter { known.contains($0.itemCode) },
            missingItemCodes: codes.subtracting(known).sorted())
    }

    /// Stores the two kits as new versions of `PLANB-BASE` and `PLANB-INC` (catalogue editors, as any
    /// kit definition), packed into the catalogue items `baseKitItemCode` and `incrementKitItemCode`.
    /// Classes with no catalogue item are left out of both (``planBKits(_:for:)`` lists them).
    public func definePlanBKits(_ input: PlanBKitsInput, by actor: Actor) async throws -> [KitDefinitionView] {
        try AccessPolicy.require(.manageCatalogue, actor)
        let base = try Text.required(input.baseKitItemCode, field: "baseKitItemCode", max: 40)
        let increment = try Text.required(input.incrementKitItemCode, field: "incrementKitItemCode", max: 40)
        guard base != increment else {
            throw LifelineError.invalid("incrementKitItemCode", "another catalogue item than the base kit's")
        }
        let kits = try await planBKits(input, for: actor)
        let staff = "\(input.staffPerPointPerShift)"
        let definitions = [
            NewKitDefinition(
                code: Self.planBBaseCode, nameZh: "方案B 基础包（每采样点，含 1 张采样台，每点 \(staff) 人）",
                nameEn: "Plan B base kit (per point with one table, \(staff) staff a point)", level: .other,
                kitItemCode: base, components: kits.base),
            NewKitDefinition(
                code: Self.planBIncrementCode, nameZh: "方案B 增量包（每增加 1 张采样台）",
                nameEn: "Plan B increment kit (per extra table)", level: .other, kitItemCode: increment,
                components: kits.increment),
        ]
        for definition in definitions { try KitRule.validate(definition.components) }
        let now = clock.now()
        // Both versions in one transaction: a bad increment item stores no base version either.
        return try await store.write { tx in
            var views: [KitDefinitionView] = []
            for (definition, field) in zip(definitions, ["baseKitItemCode", "incrementKitItemCode"]) {
                do {
                    views.append(
                        try await self.stock.insertKitDefinition(
                            definition, code: definition.code, nameZh: definition.nameZh, nameEn: definition.nameEn,
                            by: actor, now: now, on: tx))
                } catch let error as LifelineError where error.field == "kitItemCode" {
                    throw LifelineError(
                        error.code, field: field, error.parameters, localized: error.localizedParameters)
                }
            }
            return views
        }
    }
}

/// The figures Plan B's kits depend on (as the planner's), and — to store them — the catalogue items
/// the two kits are packed into (category 物资包).
public struct PlanBKitsInput: Codable, Sendable, Hashable {
    public var staffPerPointPerShift: Decimal
    public var shifts: Int?
    public var peoplePerTablePerShift: Int?
    public var baseKitItemCode: String?
    public var incrementKitItemCode: String?

    public init(
        staffPerPointPerShift: Decimal, shifts: Int? = nil, peoplePerTablePerShift: Int? = nil,
        baseKitItemCode: String? = nil, incrementKitItemCode: String? = nil
    ) {
        self.staffPerPointPerShift = staffPerPointPerShift
        self.shifts = shifts
        self.peoplePerTablePerShift = peoplePerTablePerShift
        self.baseKitItemCode = baseKitItemCode
        self.incrementKitItemCode = incrementKitItemCode
    }
}

/// Plan B's two bills of materials from the standard in force.
public struct PlanBKitsView: Codable, Sendable, Hashable {
    public var standardVersion: String
    public var base: [KitComponent]
    public var increment: [KitComponent]
    public var missingItemCodes: [String]
}
