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
        CreateStoredSettings(),
        AddMarketPrices(),
        CreateWriteOffRequests(),
        AddListIndexes(),
        CreateReservePlans(),
        CreateAlerts(),
        CreateStocktakes(),
        CreateExchanges(),
        CreateRawMaterials(),
        CreateAgreements(),
        CreateOversight(),
        CreateRotation(),
        CreatePlanProposals(),
        CreateKits(),
        CreateMassTestingStandards(),
        CreateDistributionPoints(),
        AddRoundsAndSites(),
        CreateTransport(),
    ]
}
