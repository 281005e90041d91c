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
    /// The limits in force: the configuration's values, overlaid by what an administrator stored
    /// (``updateSettings(_:by:)``); shared by every copy of this value and reloaded on a change.
    let settingsBox: SettingsBox
    /// Where committed dispatch notices go on this instance (the server's live streams).
    public var notices: NoticeSink

    public init(store: Store, clock: Clock = .live, ids: IDGenerator = .random, passwords: PasswordHasher,
                settings: Settings = Settings(), notices: NoticeSink = .discard) {
        self.store = store
        self.notices = notices
        self.clock = clock
        self.ids = ids
        self.passwords = passwords
        self.settingsBox = SettingsBox(defaults: settings)
    }

    /// The limits in force now (see ``settingsBox``).
    public var settings: Settings {
        get { settingsBox.current }
        nonmutating set { settingsBox.current = newValue }
    }

    public var database: any Database { store.database }

    /// Today in China Standard Time, from the injected clock.
    public var today: Day { Day(clock.now()) }
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
