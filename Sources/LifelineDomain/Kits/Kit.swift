import Foundation

/// One component of a kit's bill of materials (R7.1): so many units of a catalogue item per kit.
public struct KitComponent: Sendable, Codable, Hashable {
    public var itemCode: String
    public var quantity: Int

    public init(itemCode: String, quantity: Int) {
        self.itemCode = itemCode
        self.quantity = quantity
    }
}

/// The protection level a kit is packed for (R7.2, seed 001): its colour and label go on the bag.
public enum KitLevel: String, Sendable, Codable, CaseIterable {
    /// 一级防护 — general and helper posts.
    case level1 = "level_1"
    /// 二级防护（采样）— table staff.
    case level2Sample = "level_2_sample"
    /// 二级防护（医废）— waste handlers.
    case level2Waste = "level_2_waste"
    /// 其他 — any kit an office defines (disinfection, a point's base kit …).
    case other

    public var text: LocalizedText {
        switch self {
        case .level1: .init(zh: "一级防护包（蓝色标签）", en: "Level-1 kit (blue label)")
        case .level2Sample: .init(zh: "二级防护包·采样（黄色标签）", en: "Level-2 sample kit (yellow label)")
        case .level2Waste: .init(zh: "二级防护包·医废（红色标签）", en: "Level-2 waste kit (red label)")
        case .other: .init(zh: "其他物资包（白色标签）", en: "Other kit (white label)")
        }
    }
}

/// The rules of kit work (R7.1): a bill of materials is checked, a kit expires with its earliest
/// component, and no kit is assembled unless every component is there for all of them.
public enum KitRule {
    /// Checks a bill of materials: 1–50 components, distinct items, 1–10 000 units each.
    public static func validate(_ components: [KitComponent]) throws(LifelineError) {
        guard !components.isEmpty else { throw LifelineError.required("components") }
        guard components.count <= 50 else {
            throw LifelineError(.outOfRange, field: "components", ["min": "1", "max": "50"])
        }
        var seen = Set<String>()
        for (index, component) in components.enumerated() {
            guard seen.insert(component.itemCode).inserted else {
                throw LifelineError(.duplicate, field: "components[\(index)].itemCode", ["value": component.itemCode])
            }
            guard (1...10_000).contains(component.quantity) else {
                throw LifelineError(.outOfRange, field: "components[\(index)].quantity", ["min": "1", "max": "10000"])
            }
        }
    }

    /// The first component (in the bill's order) of which fewer than `kits` kits' worth is free:
    /// its code, the units needed and the units there.
    public static func shortComponent(kits: Int, components: [KitComponent], free: [String: Int]) -> (
        itemCode: String, needed: Int, available: Int
    )? {
        for component in components {
            let (needed, overflow) = component.quantity.multipliedReportingOverflow(by: kits)
            let available = free[component.itemCode] ?? 0
            if overflow || available < needed {
                return (component.itemCode, overflow ? Int.max : needed, available)
            }
        }
        return nil
    }

    /// A kit's expiry: its earliest component's (a component without one does not limit it).
    public static func expiry(of components: [Day?]) -> Day? { components.compactMap { $0 }.min() }

    /// How many whole kits the free units allow.
    public static func possibleKits(components: [KitComponent], free: [String: Int]) -> Int {
        components.map { (free[$0.itemCode] ?? 0) / max(1, $0.quantity) }.min() ?? 0
    }
}
