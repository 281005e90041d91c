import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// Lifeline's use cases: one function per thing a user does, each one transaction, each one audited.
///
/// Routes, console pages and CLI commands only parse input, call a function here and render the
/// result. Time, ids and password hashing are injected so tests can pin them.
public struct Services: Sendable {
    public let store: Store
    public let clock: Clock
    public let ids: IDGenerator
    public let passwords: PasswordHasher
    public var settings: Settings
    /// Where committed dispatch notices go on this instance (the server's live streams).
    public var notices: NoticeSink

    public init(store: Store, clock: Clock = .live, ids: IDGenerator = .random, passwords: PasswordHasher,
                settings: Settings = Settings(), notices: NoticeSink = .discard) {
        self.store = store
        self.notices = notices
        self.clock = clock
        self.ids = ids
        self.passwords = passwords
        self.settings = settings
    }

    public var database: any Database { store.database }

    /// Today in China Standard Time, from the injected clock.
    public var today: Day { Day(clock.now()) }
}

/// Settings an administrator may change; defaults from the requirements.
public struct Settings: Sendable {
    /// Lots expiring within this many days count as near expiry (R4.3).
    public var nearExpiryDays: Int = 90
    /// Largest page a list returns.
    public var maxPageSize: Int = 500
    /// Who decides what in the dispatch loop, and its time limits (R5.2–R5.5).
    public var dispatchPolicy: DispatchPolicySettings = .standard
    /// Leg limits, road factor and speed for ETAs (R5.4).
    public var transport: TransportLimits = TransportLimits()

    public init() {}

    /// The defaults, with the dispatch limits an office may change through the environment:
    /// `LIFELINE_ACK_MINUTES` (level I,II,III,IV,daily; default 10,20,30,60,120),
    /// `LIFELINE_PAPERWORK_HOURS` (level I,II,III,IV; 0 = execute-first not allowed; default 24,48,72,0),
    /// `LIFELINE_LEG_HOURS` (county depot → point, forward depot, first round; default 2,4,6).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(LifelineError) -> Settings {
        var settings = Settings()
        func numbers(_ name: String, count: Int) throws(LifelineError) -> [Double]? {
            guard let raw = environment[name], !raw.isEmpty else { return nil }
            let values = raw.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
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
        return settings
    }
}

/// The source of "now".
public struct Clock: Sendable {
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) { self.now = now }

    public static let live = Clock { Date() }

    /// A clock that always says `date`, for tests and reproducible demos.
    public static func fixed(_ date: Date) -> Clock { Clock { date } }
}

/// The source of new ids.
public struct IDGenerator: Sendable {
    public var next: @Sendable () -> UUID

    public init(next: @escaping @Sendable () -> UUID) { self.next = next }

    public static let random = IDGenerator { UUID() }

    /// Ids counted up from 1 (`00000000-0000-4000-8000-000000000001`, …): reproducible runs for
    /// tests and snapshots.
    public static func sequential() -> IDGenerator {
        let counter = Counter()
        return IDGenerator {
            let n = counter.next()
            return UUID(uuidString: String(format: "00000000-0000-4000-8000-%012llx", UInt64(n))) ?? UUID()
        }
    }
}

/// A thread-safe counter for ``IDGenerator/sequential()``.
private final class Counter: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

/// Password hashing (bcrypt in production), injected so the service layer needs no web framework.
/// Async because bcrypt is slow on purpose: the live hasher runs it on a thread pool, never on the
/// threads that serve requests.
public struct PasswordHasher: Sendable {
    public var hash: @Sendable (String) async throws -> String
    public var verify: @Sendable (_ password: String, _ hash: String) async throws -> Bool

    public init(hash: @escaping @Sendable (String) async throws -> String,
                verify: @escaping @Sendable (String, String) async throws -> Bool) {
        self.hash = hash
        self.verify = verify
    }
}
