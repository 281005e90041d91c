import Fluent
import Foundation
import Leaf
import LeafKit
import LifelineDomain
import LifelineServices
import LifelineStore
import OpenAPIVapor
import Vapor

/// How to start Lifeline: the configuration (database, vendor files, starting limits), and
/// whether to migrate first.
public struct ServerOptions: Sendable {
    public var configuration: Configuration
    public var database: DatabaseURL {
        get { configuration.database }
        set { configuration.database = newValue }
    }
    public var migrate: Bool
    public var clock: Clock
    /// Where new ids come from (tests pass a sequence, so that pages and snapshots are reproducible).
    public var ids: IDGenerator = .random
    /// Serve the HTTP routes (the CLI's offline commands only need the database).
    public var serveHTTP: Bool
    /// Largest request body the API accepts.
    /// Every request the contract allows fits (ADR 0024): the largest, a signature of 500 lines with
    /// one photo, is about 3.6 MiB at worst.
    public var bodyLimit: Int = 4 << 20
    /// Connections per event loop (PostgreSQL); tests keep this small.
    public var connectionsPerEventLoop: Int = 8
    public var passwords: LifelineServices.PasswordHasher = .bcrypt
    /// Run the hourly expiry sweep (tests pin the clock and sweep by hand).
    public var sweepExpiry: Bool = true

    public init(configuration: Configuration, migrate: Bool = true, clock: Clock = .live, serveHTTP: Bool = true) {
        self.configuration = configuration
        self.migrate = migrate
        self.clock = clock
        self.serveHTTP = serveHTTP
    }

    /// Options for `database` with the default configuration (tests, tools).
    public init(database: DatabaseURL, migrate: Bool = true, clock: Clock = .live, serveHTTP: Bool = true) {
        self.configuration = Configuration(database: database)
        self.migrate = migrate
        self.clock = clock
        self.serveHTTP = serveHTTP
    }
}

/// Configures a Vapor application as Lifeline: database, migrations, services, sessions, views,
/// middleware and routes.
public func configure(_ app: Application, _ options: ServerOptions) async throws {
    app.databases.use(
        try options.database.configuration(maxConnectionsPerEventLoop: options.connectionsPerEventLoop), as: .lifeline)
    app.databases.default(to: .lifeline)
    let databases = app.databases
    let group = app.eventLoopGroup
    let logger = app.logger
    let store = Store(engine: options.database.engine) {
        // Configured just above, so the lookup cannot miss.
        databases.database(.lifeline, logger: logger, on: group.next())!
    }
    try await Store.prepareConnection(app.db, engine: store.engine)
    app.migrations.add(LifelineMigrations.all)
    app.migrations.add(SessionRecord.migration)
    if options.migrate { try await app.autoMigrate() }
    let hub = NoticeHub()
    let services = LifelineServices.Services(
        store: store, clock: options.clock, ids: options.ids, passwords: options.passwords,
        settings: options.configuration.settings, notices: NoticeSink { hub.publish($0) })
    // Values an administrator stored override the configuration's; every instance reloads them
    // when one of them changes (the notice travels like a dispatch notice).
    do {
        try await services.operations.reloadSettings()
    } catch {
        app.logger.warning(
            "stored settings not read; the configuration's values are in force", metadata: ["error": "\(error)"])
    }
    hub.observe { notice in
        guard notice.kind == OperationsService.settingsChangedNotice else { return }
        // a failed reload keeps the settings in force; the next change retries
        Task { try? await services.operations.reloadSettings() }
    }
    app.vendorFiles = VendorFiles(root: options.configuration.vendorDirectory)
    app.lifelineConfiguration = options.configuration
    app.lifeline = services
    app.noticeHub = hub
    guard options.serveHTTP else { return }
    if let listen = try options.database.postgresConnection() {
        app.lifecycle.use(NoticeListener(configuration: listen, hub: hub))
    } else {
        app.lifecycle.use(HubShutdown(hub: hub))
    }

    app.sessions.use(.fluent(.lifeline))
    app.sessions.configuration.cookieName = "lifeline_session"
    app.sessions.configuration.cookieFactory = { id in
        HTTPCookies.Value(string: id.string, maxAge: 12 * 3600, path: "/", isHTTPOnly: true, sameSite: .lax)
    }
    app.views.use(.leaf)
    if let views = Bundle.module.resourceURL?.appendingPathComponent("Views").path {
        app.leaf.sources = .singleSource(
            NIOLeafFiles(
                fileio: app.fileio, limits: [.toSandbox, .requireExtensions, .onlyLeafExtensions],
                sandboxDirectory: views,
                viewDirectory: views))
    }
    // Bodies up to four times the limit are read, so that one breaking the contract is answered
    // 400 naming its field (a string far over its maxLength) rather than 413 (ADR 0024).
    app.routes.defaultMaxBodySize = ByteCount(integerLiteral: options.bodyLimit * 4)

    app.middleware = Middlewares()
    // Outermost, so every answer carries the headers, errors included (ADR 0021).
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ProblemMiddleware())
    let marker = try await ChangeMarker.open(
        options.database, store: store, threadPool: app.threadPool, eventLoop: group.next(), logger: logger)
    app.lifecycle.use(ChangeMarkerShutdown(marker: marker))
    let readCache =
        options.configuration.readCacheMilliseconds > 0
        ? ReadCache(lifetime: .milliseconds(Int64(options.configuration.readCacheMilliseconds))) : nil
    try routes(
        app, services: services, bodyLimit: options.bodyLimit,
        readCache: readCache.map { ReadCacheMiddleware(cache: $0, marker: marker) })
    app.middleware.use(MethodNotAllowedMiddleware(routes: app.routes))
    if options.sweepExpiry {
        app.lifecycle.use(ExpirySweep(services: services))
        app.lifecycle.use(EscalationSweep(services: services))
        app.lifecycle.use(AlertSweep(services: services))
    }
}

extension DatabaseID {
    static let lifeline = DatabaseID(string: "lifeline")
}

extension Application {
    private struct ServicesKey: StorageKey {
        typealias Value = LifelineServices.Services
    }

    /// Lifeline's use cases, configured by ``configure(_:_:)``.
    public var lifeline: LifelineServices.Services {
        get {
            guard let services = storage[ServicesKey.self] else { fatalError("configure(_:_:) has not run") }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Application {
    private struct NoticeHubKey: StorageKey {
        typealias Value = NoticeHub
    }

    /// This instance's live dispatch streams.
    var noticeHub: NoticeHub {
        get { storage[NoticeHubKey.self] ?? NoticeHub() }
        set { storage[NoticeHubKey.self] = newValue }
    }
}

/// Closes open event streams at shutdown (SQLite; on PostgreSQL the listener does it).
struct HubShutdown: LifecycleHandler {
    let hub: NoticeHub
    func shutdownAsync(_ application: Application) async { hub.finishAll() }
}

/// Closes the change marker's own connection (SQLite) at shutdown.
struct ChangeMarkerShutdown: LifecycleHandler {
    let marker: ChangeMarker
    func shutdownAsync(_ application: Application) async { await marker.close() }
}

/// Escalates unacknowledged dispatch orders to the approver and the level above, every 30 s (R5.4).
struct EscalationSweep: LifecycleHandler {
    let services: LifelineServices.Services

    func didBootAsync(_ application: Application) async throws {
        let services = self.services
        let logger = application.logger
        application.eventLoopGroup.any().scheduleRepeatedAsyncTask(initialDelay: .seconds(5), delay: .seconds(30)) {
            _ in
            application.eventLoopGroup.any().makeFutureWithTask {
                do {
                    let count = try await services.dispatch.escalateUnacknowledged()
                    if count > 0 {
                        logger.warning("escalated unacknowledged dispatch orders", metadata: ["count": "\(count)"])
                    }
                } catch {
                    logger.error("escalation sweep failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}

extension LifelineServices.PasswordHasher {
    /// bcrypt with cost 12, from Vapor.
    public static let bcrypt = LifelineServices.PasswordHasher(
        hash: { password in try await NIOThreadPool.singleton.runIfActive { try Bcrypt.hash(password, cost: 12) } },
        verify: { password, hash in
            try await NIOThreadPool.singleton.runIfActive { try Bcrypt.verify(password, created: hash) }
        })
}

/// Refreshes the alert centre 10 s after start-up and every 10 minutes: new causes raise alerts,
/// gone causes close theirs (#11).
struct AlertSweep: LifecycleHandler {
    let services: LifelineServices.Services

    func didBootAsync(_ application: Application) async throws {
        let services = self.services
        let logger = application.logger
        application.eventLoopGroup.any().scheduleRepeatedAsyncTask(initialDelay: .seconds(10), delay: .minutes(10)) {
            _ in
            application.eventLoopGroup.any().makeFutureWithTask {
                do {
                    let refresh = try await services.alerts.refresh()
                    if refresh.raised > 0 || refresh.closed > 0 {
                        logger.info(
                            "alerts refreshed",
                            metadata: ["raised": "\(refresh.raised)", "closed": "\(refresh.closed)"])
                    }
                } catch {
                    logger.error("alert refresh failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}

/// Marks lots past their expiry day as expired at start-up and every hour.
struct ExpirySweep: LifecycleHandler {
    let services: LifelineServices.Services

    func didBootAsync(_ application: Application) async throws {
        let services = self.services
        let logger = application.logger
        application.eventLoopGroup.any().scheduleRepeatedAsyncTask(initialDelay: .seconds(1), delay: .hours(1)) { _ in
            application.eventLoopGroup.any().makeFutureWithTask {
                do {
                    let changed = try await services.stock.expireLots()
                    if changed > 0 { logger.info("marked lots expired", metadata: ["count": "\(changed)"]) }
                } catch {
                    logger.error("expiry sweep failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}

extension Application {
    private struct ConfigurationKey: StorageKey {
        typealias Value = Configuration
    }

    /// The configuration this instance started with (shown on the settings page, without secrets).
    var lifelineConfiguration: Configuration? {
        get { storage[ConfigurationKey.self] }
        set { storage[ConfigurationKey.self] = newValue }
    }
}
