import Foundation

/// Money as people type it in forms — yuan with at most two decimals (`12`, `12.5`, `1,234.56`) —
/// read into whole fen without floating point.
public enum Yuan {
    /// The fen `text` names, 0 … ``Limits/unitPriceFen``; errors name `field`.
    ///
    ///     try Yuan.fen("1,234.5", field: "priceFen")  // 123450
    public static func fen(_ text: String?, field: String) throws(LifelineError) -> Int {
        let cleaned = (text ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
        guard !cleaned.isEmpty else { throw .required(field) }
        let parts = cleaned.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let decimals = parts.count > 1 ? parts[1] : ""
        let digits = Set("0123456789")
        guard !whole.isEmpty || !decimals.isEmpty, whole.allSatisfy(digits.contains),
            decimals.allSatisfy(digits.contains),
            decimals.count <= 2, parts.count == 1 || !decimals.isEmpty
        else { throw .invalid(field, "yuan with at most two decimals, such as 12.50") }
        let maxYuan = Limits.unitPriceFen / 100
        let trimmed = whole.drop { $0 == "0" }
        // More digits than the limit has cannot be within it (and might not fit an Int).
        guard trimmed.count <= String(maxYuan).count, let yuan = Int(trimmed.isEmpty ? "0" : String(trimmed)),
            let cents = Int(String(decimals).padding(toLength: 2, withPad: "0", startingAt: 0)),
            yuan * 100 + cents <= Limits.unitPriceFen
        else { throw LifelineError(.outOfRange, field: field, ["min": "0", "max": String(maxYuan)]) }
        return yuan * 100 + cents
    }
}
