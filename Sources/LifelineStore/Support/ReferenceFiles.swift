import Foundation
import LifelineDomain

/// The reference-data files shipped in the LifelineStore bundle (see Reference/README.md).
public enum ReferenceFiles {
    public static let divisions = "cn-adcodes"
    public static let macroRegions = "macro-regions"
    public static let defaultCatalogue = "default-catalogue"
    public static let demoUnits = "demo-units"

    /// Reads and parses a bundled CSV file by name (without extension).
    public static func table(_ name: String) throws -> CSVTable {
        guard
            let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Reference")
                ?? Bundle.module.url(forResource: name, withExtension: "csv")
        else {
            throw LifelineError(
                .importFailed, ["row": "0", "reason": "reference file \(name).csv is missing from the bundle"])
        }
        return try CSVTable(parsing: String(contentsOf: url, encoding: .utf8))
    }
}
