import Foundation
import LifelineDomain

/// The limits an administrator may change while Lifeline runs (R5.4, R5.5, R4.3; every figure of
/// the seeds is a default, REQUIREMENTS preamble). Defaults from the requirements; the
/// configuration may set other starting values; values stored in the database override both
/// (``Services/updateSettings(_:by:)``, ADR 0025).
public struct Settings: Sendable, Codable, Equatable {
    /// Lots expiring within this many days count as near expiry (R4.3).
    public var nearExpiryDays: Int = 90
    /// Largest page a list returns.
    public var maxPageSize: Int = 500
    /// Who decides what in the dispatch loop, and its time limits (R5.2–R5.5).
    public var dispatchPolicy: DispatchPolicySettings = .standard
    /// Leg limits, road factor and speed for ETAs (R5.4).
    public var transport: TransportLimits = TransportLimits()

    public init() {}

    /// Checks every field against its range; the first fault names it.
    public func validated() throws(LifelineError) -> Settings {
        func range(_ value: Double, _ field: String, _ min: Double, _ max: Double) throws(LifelineError) {
            guard value.isFinite, (min...max).contains(value) else {
                throw LifelineError(.outOfRange, field: field, ["min": String(min), "max": String(max)])
            }
        }
        try range(Double(nearExpiryDays), "nearExpiryDays", 1, 3650)
        try range(Double(maxPageSize), "maxPageSize", 10, 5000)
        guard dispatchPolicy.acknowledgementMinutes.count == 4 else {
            throw LifelineError.invalid("acknowledgementMinutes", "four values, level I to IV")
        }
        for (index, minutes) in dispatchPolicy.acknowledgementMinutes.enumerated() {
            try range(Double(minutes), "acknowledgementMinutes[\(index)]", 1, 10_000)
        }
        try range(Double(dispatchPolicy.dailyAcknowledgementMinutes), "dailyAcknowledgementMinutes", 1, 10_000)
        guard dispatchPolicy.paperworkDeadlineHours.count == 4 else {
            throw LifelineError.invalid("paperworkDeadlineHours", "four values, level I to IV")
        }
        for (index, hours) in dispatchPolicy.paperworkDeadlineHours.enumerated() {
            try range(Double(hours), "paperworkDeadlineHours[\(index)]", 0, 10_000)
        }
        for city in dispatchPolicy.dailyDispatchDelegatedCities {
            guard let code = JurisdictionCode(rawValue: city), code.level == .city else {
                throw LifelineError.invalid("dailyDispatchDelegatedCities", "not a city code: \(city)")
            }
        }
        try range(transport.countyDepotToPointHours, "countyDepotToPointHours", 0.1, 240)
        try range(transport.forwardDepotHours, "forwardDepotHours", 0.1, 240)
        try range(transport.firstRoundHours, "firstRoundHours", 0.1, 240)
        try range(transport.forwardDepotRadiusKm, "forwardDepotRadiusKm", 1, 1000)
        try range(transport.roadFactor, "roadFactor", 1, 5)
        try range(transport.speedKmh, "speedKmh", 5, 200)
        return self
    }
}

/// The settings in force, shared by every copy of ``Services`` in the process and replaced whole
/// when an administrator changes them here or on another instance.
final class SettingsBox: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var value: Settings
    /// The configuration's values, which stored ones override.
    let defaults: Settings

    init(defaults: Settings) {
        self.defaults = defaults
        self.value = defaults
    }

    var current: Settings {
        get {
            lock.lock()
            defer { lock.unlock() }
            return value
        }
        set {
            lock.lock()
            value = newValue
            lock.unlock()
        }
    }
}
