import FluentKit
import LifelineStore
import Testing

/// Every model lists its Fluent properties by hand, so that reading or writing a row needs no
/// reflection (the largest cost of a list, docs/performance.md). The list must be exactly what
/// reflection finds: a column left out would silently never be read or written.
struct ModelPropertiesTests {
    static let models: [any Model.Type] = [
        AuditEntryRecord.self, CatalogueVersionRecord.self, CatalogueEntryRecord.self, DepotRecord.self,
        DispatchOrderRecord.self,
        DispatchLineRecord.self, TrackingEventRecord.self, ChargeRecord.self, DeliveryPhotoRecord.self,
        IncidentRecord.self,
        IncidentEventRecord.self, ItemRecord.self, JurisdictionRecord.self, LotRecord.self, MacroRegionRecord.self,
        MacroRegionMemberRecord.self, StockMovementRecord.self, SupplyRequestRecord.self, RequestLineRecord.self,
        UnitRecord.self,
        UserRecord.self, APITokenRecord.self, ItemPriceRecord.self, StoredSettingRecord.self,
        WriteOffRequestRecord.self, ReservePlanRecord.self, ReserveNormRecord.self,
        AlertRecord.self, StocktakeRecord.self, StocktakeLineRecord.self,
        ExchangeRecord.self, ExchangeLineRecord.self,
        RawMaterialStockRecord.self, RawMaterialSupplierRecord.self, ReserveAgreementRecord.self,
        ReserveAgreementLineRecord.self, SubsidyPeriodRecord.self, SubsidyStatementRecord.self, WeeklyReportRecord.self,
        InspectionRecord.self, TemperatureReadingRecord.self, ZoneExcursionRecord.self, PurchaseQuotaRecord.self,
        RotationPlanRecord.self, LotSaleRecord.self, PlanProposalRecord.self, KitDefinitionRecord.self,
        KitWorkRecord.self, MassTestingStandardRecord.self, DistributionPointRecord.self, LotRecoveryRecord.self,
        VehicleRecord.self, TransportRouteRecord.self,
    ]

    @Test(arguments: models.map { ModelType($0) })
    func theListedPropertiesAreExactlyTheDeclaredOnes(_ type: ModelType) {
        let model = type.type.init()
        let listed = model.properties.map { ObjectIdentifier($0 as AnyObject) }
        let reflected = Mirror(reflecting: model).children.compactMap { $0.value as? any AnyProperty }.map {
            ObjectIdentifier($0 as AnyObject)
        }
        #expect(!reflected.isEmpty)
        #expect(
            listed == reflected,
            "\(type.type): list every @ID/@Field/@OptionalField/@Parent/@Children/@Timestamp in `properties`, in order")
    }

    /// A model type with a readable test name.
    struct ModelType: CustomTestStringConvertible, Sendable {
        let type: any Model.Type
        init(_ type: any Model.Type) { self.type = type }
        var testDescription: String { String(describing: type) }
    }
}
