import Foundation
import LifelineDomain
import LifelineStore

/// Everything Lifeline reads from its environment, read once at start-up (STYLE 19): the only
/// place that looks at environment variables. `lifeline config` prints it without secrets; the
/// README's configuration table lists the same names.
public struct Configuration: Sendable {
    /// `DATABASE_URL`: `sqlite://PATH`, `sqlite::memory:` or `postgres://user:pass@host:port/db`.
    public var database: DatabaseURL
    /// `LIFELINE_VENDOR_DIR`: where Chart.js, Leaflet and Bootstrap are served from.
    public var vendorDirectory: String
    /// `LOG_LEVEL`: Vapor's log level (Vapor reads it itself; shown here for `lifeline config`).
    public var logLevel: String
    /// `LIFELINE_READ_CACHE_MS`: how long a list's answer may be reused at most while the database is
    /// unchanged (ADR 0032); 0 turns reuse off.
    public var readCacheMilliseconds: Int = 1000
    /// The starting values of the limits an administrator may change while running
    /// (`LIFELINE_ACK_MINUTES`, `LIFELINE_PAPERWORK_HOURS`, `LIFELINE_LEG_HOURS`,
    /// `LIFELINE_NEAR_EXPIRY_DAYS`, `LIFELINE_DAILY_DISPATCH_CITIES`); values stored in the database
    /// override them.
    public var settings: Settings

    /// One setting as `lifeline config` prints it.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var value: String
        /// `environment` when the variable was set, `default` otherwise.
        public var source: String
    }

    /// The entries, in the README's order, with secrets masked.
    public private(set) var entries: [Entry] = []

    /// Reads the configuration from `environment`; a malformed value is an error naming the variable.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(LifelineError) {
        func raw(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        var entries: [Entry] = []
        func note(_ name: String, _ value: String) {
            entries.append(Entry(name: name, value: value, source: raw(name) == nil ? "default" : "environment"))
        }

        do {
            database = try DatabaseURL(raw("DATABASE_URL") ?? DatabaseURL.defaultValue)
        } catch let error as LifelineError {
            throw error
        } catch {
            throw LifelineError.invalid("DATABASE_URL", "\(error)")
        }
        note("DATABASE_URL", database.description)
        vendorDirectory = raw("LIFELINE_VENDOR_DIR") ?? "/usr/share/javascript"
        note("LIFELINE_VENDOR_DIR", vendorDirectory)
        logLevel = raw("LOG_LEVEL") ?? "info"
        note("LOG_LEVEL", logLevel)
        if let text = raw("LIFELINE_READ_CACHE_MS") {
            guard let value = Int(text), (0...60_000).contains(value) else {
                throw LifelineError.invalid("LIFELINE_READ_CACHE_MS", "a whole number of milliseconds from 0 to 60000")
            }
            readCacheMilliseconds = value
        }
        note("LIFELINE_READ_CACHE_MS", String(readCacheMilliseconds))

        var settings = Settings()
        func numbers(_ name: String, count: Int) throws(LifelineError) -> [Double]? {
            guard let text = raw(name) else { return nil }
            let values = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard values.count == count, values.allSatisfy({ $0 >= 0 && $0 <= 10_000 }) else {
                throw LifelineError.invalid(name, "\(count) comma-separated non-negative numbers")
            }
            return values
        }
        if let ack = try numbers("LIFELINE_ACK_MINUTES", count: 5) {
            settings.dispatchPolicy.acknowledgementMinutes = ack.prefix(4).map { Int($0) }
            settings.dispatchPolicy.dailyAcknowledgementMinutes = Int(ack[4])
        }
        if let paperwork = try numbers("LIFELINE_PAPERWORK_HOURS", count: 4) {
            settings.dispatchPolicy.paperworkDeadlineHours = paperwork.map { Int($0) }
        }
        if let legs = try numbers("LIFELINE_LEG_HOURS", count: 3) {
            settings.transport.countyDepotToPointHours = legs[0]
            settings.transport.forwardDepotHours = legs[1]
            settings.transport.firstRoundHours = legs[2]
        }
        if let days = try numbers("LIFELINE_NEAR_EXPIRY_DAYS", count: 1) { settings.nearExpiryDays = Int(days[0]) }
        if let cities = raw("LIFELINE_DAILY_DISPATCH_CITIES") {
            settings.dispatchPolicy.dailyDispatchDelegatedCities = Set(
                cities.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        do {
            self.settings = try settings.validated()
        } catch {
            throw LifelineError.invalid(error.field ?? "settings", error.message(.en))
        }
        let policy = self.settings.dispatchPolicy
        note(
            "LIFELINE_ACK_MINUTES",
            (policy.acknowledgementMinutes + [policy.dailyAcknowledgementMinutes]).map(String.init).joined(
                separator: ","))
        note("LIFELINE_PAPERWORK_HOURS", policy.paperworkDeadlineHours.map(String.init).joined(separator: ","))
        let transport = self.settings.transport
        note(
            "LIFELINE_LEG_HOURS",
            [transport.countyDepotToPointHours, transport.forwardDepotHours, transport.firstRoundHours]
                .map { $0.rounded() == $0 ? String(Int($0)) : String($0) }.joined(separator: ","))
        note("LIFELINE_NEAR_EXPIRY_DAYS", String(self.settings.nearExpiryDays))
        note("LIFELINE_DAILY_DISPATCH_CITIES", policy.dailyDispatchDelegatedCities.sorted().joined(separator: ","))
        self.entries = entries
    }

    /// The configuration for tests and tools that pass values in code: the defaults, with `database`.
    public init(database: DatabaseURL, settings: Settings = Settings()) {
        self.database = database
        self.vendorDirectory = "/usr/share/javascript"
        self.logLevel = "info"
        self.settings = settings
    }
}
