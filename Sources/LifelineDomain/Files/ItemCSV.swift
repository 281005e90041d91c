import Foundation

/// The CSV form of catalogue items, shared by the default catalogue, `lifeline import items` and
/// `lifeline export items`.
public enum ItemCSV {
    public static let header = [
        "code", "name_zh", "name_en", "reserve_class", "category", "unit_zh", "unit_en", "spec", "shelf_life_days",
        "storage", "reusable", "substitution_group", "substitution_role", "unit_price_fen", "volume_cm3",
    ]

    /// Reads one record; errors name the line and the column.
    public static func item(from values: [String: String], line: Int) throws(LifelineError) -> ItemDefinition {
        func text(_ column: String) -> String { values[column]?.trimmingCharacters(in: .whitespaces) ?? "" }
        func fail(_ column: String, _ reason: String) -> LifelineError {
            .importFailed(line: line, column: column, .invalid(column, reason))
        }
        func int(_ column: String) throws(LifelineError) -> Int {
            guard let value = Int(text(column)) else { throw fail(column, "not a whole number: '\(text(column))'") }
            return value
        }
        guard let reserveClass = ReserveClass(rawValue: text("reserve_class")) else {
            throw fail("reserve_class", "unknown '\(text("reserve_class"))'")
        }
        guard let category = ItemCategory(rawValue: text("category")) else {
            throw fail("category", "unknown '\(text("category"))'")
        }
        guard let storage = StorageCondition(rawValue: text("storage")) else {
            throw fail("storage", "unknown '\(text("storage"))'")
        }
        let reusable: Bool
        switch text("reusable").lowercased() {
        case "1", "true", "yes", "是": reusable = true
        case "0", "false", "no", "否", "": reusable = false
        default: throw fail("reusable", "expected 1 or 0")
        }
        let roleText = text("substitution_role")
        let role = roleText.isEmpty ? nil : SubstitutionRole(rawValue: roleText)
        if !roleText.isEmpty && role == nil { throw fail("substitution_role", "unknown '\(roleText)'") }
        let item = ItemDefinition(
            code: text("code"), nameZh: text("name_zh"), nameEn: text("name_en"), reserveClass: reserveClass,
            category: category, unitZh: text("unit_zh"), unitEn: text("unit_en"), spec: text("spec"),
            shelfLifeDays: try int("shelf_life_days"), storage: storage, reusable: reusable,
            substitutionGroup: text("substitution_group"), substitutionRole: role,
            unitPriceFen: try int("unit_price_fen"), volumeCm3: try int("volume_cm3"))
        do {
            return try item.validated()
        } catch {
            throw .importFailed(line: line, column: CSVColumn.named(for: error.field, header: header), error)
        }
    }

    public static func row(_ item: ItemDefinition) -> [String] {
        [
            item.code, item.nameZh, item.nameEn, item.reserveClass.rawValue, item.category.rawValue, item.unitZh,
            item.unitEn, item.spec ?? "", String(item.shelfLifeDays), item.storage.rawValue, item.reusable ? "1" : "0",
            item.substitutionGroup ?? "", item.substitutionRole?.rawValue ?? "", String(item.unitPriceFen),
            String(item.volumeCm3),
        ]
    }
}
