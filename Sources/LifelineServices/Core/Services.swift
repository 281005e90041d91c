import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// What every capability shares: the database, the clock, the ids, password hashing, the limits in
/// force and where committed notices go. One value, made once at start-up.
public struct ServiceContext: Sendable {
    public let store: Store
    public let clock: Clock
    public let ids: IDGenerator
    public let passwords: PasswordHasher
    /// The limits in force: the configuration's values, overlaid by what an administrator stored
    /// (``OperationsService/updateSettings(_:by:)``); shared by every copy and reloaded on a change.
    let settingsBox: SettingsBox
    /// Where committed dispatch notices go on this instance (the server's live streams).
    public var notices: NoticeSink

    public init(
        store: Store, clock: Clock = .live, ids: IDGenerator = .random, passwords: PasswordHasher,
        settings: Settings = Settings(), notices: NoticeSink = .discard
    ) {
        self.store = store
        self.clock = clock
        self.ids = ids
        self.passwords = passwords
        self.settingsBox = SettingsBox(defaults: settings)
        self.notices = notices
    }
}

/// A capability of Lifeline (stock, reference data, dispatch, …): a set of use cases over the shared
/// ``ServiceContext``. The helpers every use case needs — the database, today, the idempotent
/// audited transaction, lookups, locks — are defined once on this protocol.
public protocol Capability: Sendable {
    var context: ServiceContext { get }
}

extension Capability {
    public var store: Store { context.store }
    public var clock: Clock { context.clock }
    public var ids: IDGenerator { context.ids }
    public var passwords: PasswordHasher { context.passwords }
    var settingsBox: SettingsBox { context.settingsBox }
    public var notices: NoticeSink { context.notices }
    public var database: any Database { store.database }

    /// The limits in force now (see ``ServiceContext/settingsBox``).
    public var settings: Settings {
        get { settingsBox.current }
        nonmutating set { settingsBox.current = newValue }
    }

    /// Today in China Standard Time, from the injected clock.
    public var today: Day { Day(clock.now()) }

    /// The other capabilities over the same context: how one use case asks another's rule (a
    /// charge asks reference data for the market price) instead of restating it.
    public var access: AccessService { AccessService(context: context) }
    public var reference: ReferenceService { ReferenceService(context: context) }
    public var stock: StockService { StockService(context: context) }
    public var dispatch: DispatchService { DispatchService(context: context) }
    public var allocation: AllocationService { AllocationService(context: context) }
    public var operations: OperationsService { OperationsService(context: context) }
}

/// Lifeline's use cases, by capability: one function per thing a user does, each one transaction,
/// each one audited.
///
/// Routes, console pages and CLI commands only parse input, call the capability they need
/// (`services.stock.receive(…)`) and render the result. Time, ids and password hashing are injected
/// so tests can pin them. A new capability is a new type conforming to ``Capability`` and a
/// property here.
public struct Services: Capability {
    public var context: ServiceContext

    public init(
        store: Store, clock: Clock = .live, ids: IDGenerator = .random, passwords: PasswordHasher,
        settings: Settings = Settings(), notices: NoticeSink = .discard
    ) {
        context = ServiceContext(
            store: store, clock: clock, ids: ids, passwords: passwords, settings: settings, notices: notices)
    }

    public init(context: ServiceContext) { self.context = context }

    /// Where committed notices go on this instance; the server sets its live streams here.
    public var notices: NoticeSink {
        get { context.notices }
        set { context.notices = newValue }
    }
}

/// Accounts, sign-in, tokens and the audit trail.
public struct AccessService: Capability { public let context: ServiceContext }
/// Jurisdictions, units, depots, the catalogue and prices.
public struct ReferenceService: Capability { public let context: ServiceContext }
/// The ledger and what stock there is.
public struct StockService: Capability { public let context: ServiceContext }
/// The dispatch loop.
public struct DispatchService: Capability { public let context: ServiceContext }
/// Allocation plans.
public struct AllocationService: Capability { public let context: ServiceContext }
/// Settings, verification, imports and exports.
public struct OperationsService: Capability { public let context: ServiceContext }

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

    public init(
        hash: @escaping @Sendable (String) async throws -> String,
        verify: @escaping @Sendable (String, String) async throws -> Bool
    ) {
        self.hash = hash
        self.verify = verify
    }
}
