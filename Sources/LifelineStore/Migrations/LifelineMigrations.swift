import FluentKit

/// Every migration of Lifeline's schema, in order. Migrations are history: never edit a released
/// one; add the next.
public enum LifelineMigrations {
    public static let all: [any Migration] = [
        CreateJurisdictions(),
        CreateUnits(),
        CreateCatalogue(),
        CreateLedger(),
        CreateAccessAndAudit(),
        SeedDivisionTree(),
        SeedMacroRegions(),
        SeedDefaultCatalogue(),
        CreateDispatchTables(),
        AddAllocationRuleFields(),
        LowercaseUsernames(),
        // 0005 — keep last: write-offs need a second person (R4.3).
        CreateWriteOffRequests(),
    ]
}
