import FluentKit
import Foundation
import LifelineDomain

/// A row of `exchanges`: an exchange between two jurisdictions (物资置换, R4.4). Side A offers lots
/// and names where it receives; side B answers with lots and names where it receives; each side's
/// approval is recorded; the second approval moves both legs.
public final class ExchangeRecord: StatefulRecord, @unchecked Sendable {
    public static let schema = "exchanges"

    @ID(key: .id) public var id: UUID?
    @Field(key: "number") public var number: String
    /// Changes only through `Locked.transition(to:on:)` (ADR 0022).
    @Field(key: "status") public internal(set) var status: String
    @Field(key: "a_code") public var aCode: String
    @Field(key: "a_path") public var aPath: String
    @Field(key: "a_depot_id") public var aDepotID: UUID
    @Field(key: "b_code") public var bCode: String
    @Field(key: "b_path") public var bPath: String
    @OptionalField(key: "b_depot_id") public var bDepotID: UUID?
    @Field(key: "tolerance_percent") public var tolerancePercent: Int
    @OptionalField(key: "a_value_fen") public var aValueFen: Int?
    @OptionalField(key: "b_value_fen") public var bValueFen: Int?
    @Field(key: "offered_by_name") public var offeredByName: String
    @Field(key: "offered_at_ms") public var offeredAtMs: Int
    @OptionalField(key: "answered_by_name") public var answeredByName: String?
    @OptionalField(key: "a_approved_by_name") public var aApprovedByName: String?
    @OptionalField(key: "b_approved_by_name") public var bApprovedByName: String?
    @OptionalField(key: "closed_at_ms") public var closedAtMs: Int?
    @OptionalField(key: "note") public var note: String?

    public var properties: [any AnyProperty] {
        [
            $id, $number, $status, $aCode, $aPath, $aDepotID, $bCode, $bPath, $bDepotID, $tolerancePercent,
            $aValueFen, $bValueFen, $offeredByName, $offeredAtMs, $answeredByName, $aApprovedByName,
            $bApprovedByName, $closedAtMs, $note,
        ]
    }

    public init() {}

    public convenience init(status: String) {
        self.init()
        self.status = status
    }

    public var exchangeStatus: ExchangeStatus {
        get throws { try Stored.value(ExchangeStatus.self, status, column: "exchanges.status") }
    }
    public var aJurisdiction: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, aPath, column: "exchanges.a_path") }
    }
    public var bJurisdiction: JurisdictionPath {
        get throws { try Stored.value(JurisdictionPath.self, bPath, column: "exchanges.b_path") }
    }
}

extension ExchangeRecord: StatusWritable {}

/// A row of `exchange_lines`: a lot one side gives, the quantity, and its value at the time.
public final class ExchangeLineRecord: Model, @unchecked Sendable {
    public static let schema = "exchange_lines"

    @ID(key: .id) public var id: UUID?
    @Field(key: "exchange_id") public var exchangeID: UUID
    /// `a` or `b`: the side that gives the lot.
    @Field(key: "side") public var side: String
    @Field(key: "lot_id") public var lotID: UUID
    @Field(key: "item_id") public var itemID: UUID
    @Field(key: "quantity") public var quantity: Int
    @Field(key: "price_fen") public var priceFen: Int

    public var properties: [any AnyProperty] { [$id, $exchangeID, $side, $lotID, $itemID, $quantity, $priceFen] }

    public init() {}
}
