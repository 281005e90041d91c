import Foundation

/// A point on the earth in decimal degrees (WGS-84 as published with the division codes).
public struct GeoPoint: Sendable, Hashable, Codable {
    public var longitude: Double
    public var latitude: Double

    public init(longitude: Double, latitude: Double) {
        self.longitude = longitude
        self.latitude = latitude
    }

    /// Validates coordinates from a form or file; both or neither must be given.
    public static func validated(longitude: Double?, latitude: Double?) throws(LifelineError) -> GeoPoint? {
        switch (longitude, latitude) {
        case (nil, nil):
            return nil
        case (nil, _):
            throw .required("longitude")
        case (_, nil):
            throw .required("latitude")
        case (let lon?, let lat?):
            guard (-180...180).contains(lon) else {
                throw LifelineError(.outOfRange, field: "longitude", ["min": "-180", "max": "180"])
            }
            guard (-90...90).contains(lat) else {
                throw LifelineError(.outOfRange, field: "latitude", ["min": "-90", "max": "90"])
            }
            return GeoPoint(longitude: lon, latitude: lat)
        }
    }

    /// Great-circle distance in kilometres (haversine, mean earth radius).
    public func distanceKilometres(to other: GeoPoint) -> Double {
        let radius = 6371.0088
        let toRadians = Double.pi / 180
        let dLat = (other.latitude - latitude) * toRadians
        let dLon = (other.longitude - longitude) * toRadians
        let a =
            sin(dLat / 2) * sin(dLat / 2)
            + cos(latitude * toRadians) * cos(other.latitude * toRadians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * radius * asin(min(1, a.squareRoot()))
    }
}
