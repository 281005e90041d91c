import FluentKit
import Foundation
import LifelineDomain

/// A row of `kit_definitions`: one version of a kit's bill of materials (R7.1) — the catalogue item
/// the kit is, its protection level (colour and label), its components as JSON (``KitComponent``s).
public final class KitDefinitionRecord: Model, @unchecked Sendable {
    public static let schema = "kit_definitions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "version") public var version: Int
    @Field(key: "name_zh") public var nameZh: String
    @Field(key: "name_en") public var nameEn: String
    @Field(key: "level") public var level: String
    @Field(key: "kit_item_id") public var kitItemID: UUID
    @Field(key: "components") public var components: String
    @Field(key: "created_by_name") public var createdByName: String
    @Field(key: "created_at_ms") public var createdAtMs: Int

    public var properties: [any AnyProperty] {
        [$id, $code, $version, $nameZh, $nameEn, $level, $kitItemID, $components, $createdByName, $createdAtMs]
    }

    public init() {}

    public var bill: [KitComponent] {
        get throws {
            do {
                return try JSONDecoder().decode([KitComponent].self, from: Data(components.utf8))
            } catch {
                throw LifelineError(.unknownStoredValue, ["column": "kit_definitions.components", "value": components])
            }
        }
    }
}

/// A row of `kit_work`: kits assembled or taken apart in a depot under one number (ZB-…): the kit
/// lot, how many kits, and the component lots with the units each gave or got back — the trace of
/// which component lots went into which kit lot.
public final class KitWorkRecord: Model, @unchecked Sendable {
    public static let schema = "kit_work"

    @ID(key: .id) public var id: UUID?
    @Field(key: "number") public var number: String
    /// `assembly` or `disassembly`.
    @Field(key: "kind") public var kind: String
    @Field(key: "definition_id") public var definitionID: UUID
    @Field(key: "depot_id") public var depotID: UUID
    @Field(key: "path") public var path: String
    @Field(key: "kits") public var kits: Int
    @Field(key: "kit_lot_id") public var kitLotID: UUID
    /// `[{lotId, itemId, quantity}]` as JSON.
    @Field(key: "lines") public var lines: String
    @Field(key: "by_name") public var byName: String
    @Field(key: "at_ms") public var atMs: Int

    public var properties: [any AnyProperty] {
        [$id, $number, $kind, $definitionID, $depotID, $path, $kits, $kitLotID, $lines, $byName, $atMs]
    }

    public init() {}
}
