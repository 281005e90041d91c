import Foundation

/// The CSV form of a mass-testing standard, for the console's export and import: one row per item
/// class, the standard's own fields (version, effective date, approver) repeated on every row.
///
/// | column | holds |
/// |---|---|
/// | `item_class`, `name_zh`, `name_en`, `unit_zh`, `unit_en` | the class |
/// | `catalogue_code` | the catalogue item, or empty |
/// | `basis` | `per_kit`, `per_table`, `per_point`, `per_person_tested` |
/// | `quantity` | per basis unit, a plain decimal (`0.01`) |
/// | `pool_size` | people per unit for pooled sampling, or empty |
/// | `kits` | for `per_kit`: `level_1`, `level_2_sample`, `level_2_waste`, separated by `|` |
/// | `reusable`, `district_only` | `1` or `0` |
/// | `version`, `effective_from`, `approved_by` | the standard's, the same on every row |
extension MassTestingStandard {
    public static let csvHeader = [
        "item_class", "name_zh", "name_en", "unit_zh", "unit_en", "catalogue_code", "basis", "quantity", "pool_size",
        "kits", "reusable", "district_only", "version", "effective_from", "approved_by",
    ]

    /// The standard as CSV text (UTF-8 with a byte-order mark, CRLF, as ``CSVTable`` writes it).
    public func csv() -> String {
        let rows = entries.map { entry in
            [
                entry.itemClass, entry.nameZh, entry.nameEn, entry.unitZh, entry.unitEn, entry.catalogueCode ?? "",
                entry.basis.rawValue, "\(entry.quantity)", entry.poolSize.map(String.init) ?? "",
                entry.kits.map(\.rawValue).joined(separator: "|"), entry.reusable ? "1" : "0",
                entry.districtOnly ? "1" : "0", version, effectiveFrom?.iso ?? "", approvedBy ?? "",
            ]
        }
        return CSVTable(header: Self.csvHeader, rows: rows).encoded()
    }

    /// Reads a standard from CSV text and validates it. Errors are ``ErrorCode/importFailed`` naming
    /// the line of the file (the header is line 1) and the column: "Import failed at row 4:
    /// quantity is invalid: …".
    public init(csv text: String) throws(LifelineError) {
        let table = try CSVTable(parsing: text)
        for column in Self.csvHeader { _ = try table.column(column) }
        var entries: [MassTestingStandardEntry] = []
        var fields: (version: String, effectiveFrom: Day?, approvedBy: String?)? = nil
        let records = table.records
        guard !records.isEmpty else {
            throw .importFailed(line: 1, column: nil, reason: .init(zh: "文件中没有物资行", en: "the file has no item rows"))
        }
        for (line, values) in records {
            let row = MassTestingCSVRow(values: values, line: line)
            entries.append(try row.entry())
            let own = (row.text("version"), try row.day("effective_from"), row.optional("approved_by"))
            if let fields {
                for (column, same) in [
                    ("version", fields.version == own.0), ("effective_from", fields.effectiveFrom == own.1),
                    ("approved_by", fields.approvedBy == own.2),
                ] where !same {
                    throw .importFailed(
                        line: line, column: column,
                        reason: .init(
                            zh: "与第 \(records[0].line) 行不同：每一行的标准版本、生效日期和审批人须相同",
                            en: "differs from row \(records[0].line): every row carries the same standard fields"))
                }
            } else {
                fields = own
            }
        }
        let standard = MassTestingStandard(
            version: fields?.version ?? "", effectiveFrom: fields?.effectiveFrom, approvedBy: fields?.approvedBy,
            entries: entries)
        do {
            self = try standard.validated()
        } catch {
            throw Self.located(error, lines: records.map(\.line))
        }
    }

    /// A validation error moved onto the CSV: `entries[3].poolSize` → the fourth row's line, column
    /// `pool_size`; the standard's own fields → the first row.
    private static func located(_ error: LifelineError, lines: [Int]) -> LifelineError {
        guard let field = error.field else { return .importFailed(line: 1, column: nil, error) }
        if field.hasPrefix("entries["), let close = field.firstIndex(of: "]"),
            let index = Int(field[field.index(field.startIndex, offsetBy: 8)..<close]), lines.indices.contains(index)
        {
            let name = String(field[close...].drop { $0 == "]" || $0 == "." })
            let column = name.isEmpty ? nil : CSVColumn.named(for: name, header: csvHeader)
            return .importFailed(line: lines[index], column: column, error)
        }
        let column = CSVColumn.named(for: field == "entries" ? nil : field, header: csvHeader)
        return .importFailed(line: lines.first ?? 1, column: column, error)
    }
}

/// One row of a standard's CSV, read with errors naming its line and column.
private struct MassTestingCSVRow {
    let values: [String: String]
    let line: Int

    func text(_ column: String) -> String { values[column]?.trimmingCharacters(in: .whitespaces) ?? "" }

    func optional(_ column: String) -> String? {
        let value = text(column)
        return value.isEmpty ? nil : value
    }

    func fail(_ column: String, _ reason: String) -> LifelineError {
        .importFailed(line: line, column: column, .invalid(column, reason))
    }

    func flag(_ column: String) throws(LifelineError) -> Bool {
        switch text(column).lowercased() {
        case "1", "true", "yes", "是": return true
        case "0", "false", "no", "否", "": return false
        default: throw fail(column, "expected 1 or 0, not '\(text(column))'")
        }
    }

    func day(_ column: String) throws(LifelineError) -> Day? {
        guard let value = optional(column) else { return nil }
        guard let day = Day(iso: value) else { throw fail(column, "not a date YYYY-MM-DD: '\(value)'") }
        return day
    }

    /// A plain decimal (`2`, `0.01`): digits with at most one point, nothing else.
    func decimal(_ column: String) throws(LifelineError) -> Decimal {
        let value = text(column)
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { ("0"..."9").contains($0) } }),
            let number = Decimal(string: value, locale: Locale(identifier: "en_US_POSIX"))
        else { throw fail(column, "not a plain decimal number: '\(value)'") }
        return number
    }

    func entry() throws(LifelineError) -> MassTestingStandardEntry {
        guard let basis = MassTestingBasis(rawValue: text("basis")) else {
            throw fail("basis", "one of per_kit, per_table, per_point, per_person_tested, not '\(text("basis"))'")
        }
        var poolSize: Int? = nil
        if let pool = optional("pool_size") {
            guard let size = Int(pool) else { throw fail("pool_size", "not a whole number: '\(pool)'") }
            poolSize = size
        }
        var kits: [ProtectionLevel] = []
        for name in text("kits").split(separator: "|") {
            let name = name.trimmingCharacters(in: .whitespaces)
            guard let kit = ProtectionLevel(rawValue: name) else {
                throw fail("kits", "one of level_1, level_2_sample, level_2_waste, not '\(name)'")
            }
            kits.append(kit)
        }
        return MassTestingStandardEntry(
            itemClass: text("item_class"), nameZh: text("name_zh"), nameEn: text("name_en"), unitZh: text("unit_zh"),
            unitEn: text("unit_en"), catalogueCode: optional("catalogue_code"), basis: basis,
            quantity: try decimal("quantity"), poolSize: poolSize, kits: kits, reusable: try flag("reusable"),
            districtOnly: try flag("district_only"))
    }
}
