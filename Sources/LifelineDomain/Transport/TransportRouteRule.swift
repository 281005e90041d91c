import Foundation

/// A registered route from a county depot to one of its distribution points (#12 item 7): the
/// one-way driving time a county measured (minutes) and, if known, its road length.
///
/// The minutes are what the fleet check uses; the road model of ``TransportLimits`` only estimates
/// a leg where nobody has driven it.
public enum TransportRouteRule {
    /// One-way minutes: a minute to a day.
    public static let minutes = 1...1_440
    /// Road kilometres, when given: above 0, at most 2 000 (a day's drive).
    public static let largestKm = 2_000.0

    /// Checks the minutes and the kilometres, naming the field.
    public static func validate(minutes: Int, km: Double?) throws(LifelineError) {
        guard Self.minutes.contains(minutes) else {
            throw LifelineError(
                .outOfRange, field: "minutes",
                ["min": String(Self.minutes.lowerBound), "max": String(Self.minutes.upperBound)])
        }
        if let km {
            guard km.isFinite, km > 0, km <= largestKm else {
                throw LifelineError(.outOfRange, field: "km", ["min": "0", "max": "2000"])
            }
        }
    }

    /// Whether a leg of `minutes` is over the county-depot-to-point limit (2 hours by default,
    /// ``TransportLimits/countyDepotToPointHours``).
    public static func tooLong(minutes: Int, limitMinutes: Int) -> Bool { minutes > limitMinutes }

    /// The limit in whole minutes (rounded to the nearest minute; the settings keep it at 0.1–240 h).
    public static func limitMinutes(hours: Double) -> Int {
        guard hours.isFinite, hours > 0 else { return 0 }
        return Int((min(hours, 10_000) * 60).rounded())
    }
}
