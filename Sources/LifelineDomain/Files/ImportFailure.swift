extension LifelineError {
    /// An import error that names the file's line and the CSV column, with `cause` as its reason:
    /// "导入失败，第 4 行：有效期至（expiry_date）的值无效：…" / "Import failed at row 4: expiry_date is invalid: …".
    ///
    /// `cause` is usually an error of the use case the row went through; its field (an API name such
    /// as `expiryDate`) is replaced by `column`. An import error is returned as it is.
    public static func importFailed(line: Int, column: String?, _ cause: LifelineError) -> LifelineError {
        guard cause.code != .importFailed else { return cause }
        var cause = cause
        if let column { cause.field = column }
        return LifelineError(
            .importFailed, field: cause.field, ["row": String(line)],
            localized: ["reason": LocalizedText(zh: cause.message(.zh), en: cause.message(.en))])
    }

    /// An import error for a row that cannot stand as it is, for a reason in both languages.
    public static func importFailed(line: Int, column: String?, reason: LocalizedText) -> LifelineError {
        LifelineError(.importFailed, field: column, ["row": String(line)], localized: ["reason": reason])
    }
}

/// Which CSV column an API field comes from, for errors raised by a use case a row went through.
public enum CSVColumn {
    /// `overrides[field]`, else the field in snake_case (`expiryDate` → `expiry_date`) when the header
    /// has it, else the field as it is.
    ///
    ///     CSVColumn.named(for: "depotId", header: h, overrides: ["depotId": "depot_code"])  // "depot_code"
    public static func named(for field: String?, header: [String], overrides: [String: String] = [:]) -> String? {
        guard let field else { return nil }
        if let column = overrides[field] { return column }
        let snake = snakeCase(field)
        return header.contains(snake) ? snake : field
    }

    static func snakeCase(_ field: String) -> String {
        var out = ""
        for character in field {
            if character.isUppercase {
                out += "_" + character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }
}
