import FluentKit
import Foundation
import LifelineDomain

/// A row of `distribution_points`: a 保障网点 under a county (R7.3), where it is, how many sampling
/// points it serves and how many points' worth of the first round it keeps packed.
public final class DistributionPointRecord: Model, @unchecked Sendable {
    public static let schema = "distribution_points"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @Field(key: "county_code") public var countyCode: String
    @Field(key: "path") public var path: String
    @Field(key: "longitude") public var longitude: Double
    @Field(key: "latitude") public var latitude: Double
    @Field(key: "served_points") public var servedPoints: Int
    @Field(key: "pre_packed_points") public var prePackedPoints: Int
    /// The attributes R6.1 ranks by, inherited by the requests made for the point.
    @OptionalField(key: "site_area") public var siteArea: String?
    @OptionalField(key: "site_density") public var siteDensity: String?
    @OptionalField(key: "site_kind") public var siteKind: String?
    @Field(key: "updated_by_name") public var updatedByName: String
    @Field(key: "updated_at_ms") public var updatedAtMs: Int

    public var properties: [any AnyProperty] {
        [
            $id, $code, $name, $countyCode, $path, $longitude, $latitude, $servedPoints, $prePackedPoints,
            $siteArea, $siteDensity, $siteKind, $updatedByName, $updatedAtMs,
        ]
    }

    public init() {}
}
