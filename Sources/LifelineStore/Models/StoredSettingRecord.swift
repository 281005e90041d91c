import FluentKit
import Foundation

/// A row of `stored_settings`: one settings document (JSON) an administrator stored.
public final class StoredSettingRecord: Model, @unchecked Sendable {
    public static let schema = "stored_settings"

    @ID(custom: "key", generatedBy: .user) public var id: String?
    @Field(key: "value") public var value: String
    @Field(key: "updated_at_ms") public var updatedAtMs: Int
    @Field(key: "updated_by_name") public var updatedByName: String

    /// Every Fluent property, in declaration order, so that Fluent need not find them by reflection
    /// for each row it reads or writes (ModelPropertiesTests holds the list to the declarations).
    public var properties: [any AnyProperty] {
        [$id, $value, $updatedAtMs, $updatedByName]
    }

    public init() {}

    public init(key: String, value: String, updatedAtMs: Int, updatedByName: String) {
        self.id = key
        self.value = value
        self.updatedAtMs = updatedAtMs
        self.updatedByName = updatedByName
    }
}
