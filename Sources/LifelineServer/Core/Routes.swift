import Foundation
import LifelineDomain
import LifelineServices
import OpenAPIRuntime
import OpenAPIVapor
import Prometheus
import Vapor

/// Registers every route: the API from `openapi.yaml`, the console, static files, the spec itself,
/// health and metrics.
func routes(_ app: Application, services: Services, bodyLimit: Int, readCache: ReadCacheMiddleware?) throws {
    var api = app.grouped(app.sessions.middleware).grouped(SessionsAvailable()).grouped(
        BodyLimitMiddleware(limit: bodyLimit * 4)
    )
    .grouped(APIAuthMiddleware(services: services)).grouped(
        ContractMiddleware(spec: try ContractSpec.bundled(), bodyLimit: bodyLimit))
    // Lists answer from the read cache while the database is unchanged (ADR 0032); after the
    // contract check, which names the operation.
    if let readCache { api = api.grouped(readCache) }
    // Compact JSON (the generator's default is indented): a page of 50 lots is a third smaller and
    // quicker to write. Keys stay sorted, so the same answer is the same bytes.
    try APIHandler(services: services).registerHandlers(
        on: VaporTransport(routesBuilder: api), serverURL: URL(string: "/")!,
        configuration: OpenAPIRuntime.Configuration(dateTranscoder: ContractDates(), jsonEncodingOptions: [.sortedKeys])
    )
    // Server-sent events are a long-lived stream, outside the generated handlers (docs/api.md).
    let hub = app.noticeHub
    api.get("api", "v1", "events") { _ async throws -> Response in
        let actor = try RequestContext.requireActor()
        try AccessPolicy.require(.readDispatch, actor)
        return eventStreamResponse(hub: hub, actor: actor)
    }

    app.get("openapi.yaml") { request async throws -> Response in
        try await request.fileio.asyncStreamFile(
            at: try StaticFiles.bundled("openapi.yaml"),
            mediaType: HTTPMediaType(type: "application", subType: "yaml"))
    }
    app.get("healthz") { _ in ["status": "ok"] }
    let registry = PrometheusCollectorRegistry()
    app.storage[MetricsRegistryKey.self] = registry
    app.get("metrics") { _ -> Response in
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return Response(
            status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4"], body: .init(data: Data(buffer)))
    }
    app.get("static", "**") { request async throws -> Response in
        try await request.fileio.asyncStreamFile(
            at: try StaticFiles.bundled(request.parameters.getCatchall().joined(separator: "/")))
    }
    let vendor = app.vendorFiles
    app.get("vendor", "**") { request async throws -> Response in
        try await request.fileio.asyncStreamFile(at: try vendor.path(request.parameters.getCatchall()))
    }
    try ConsoleRoutes(services: services).boot(
        routes: app.grouped(app.sessions.middleware).grouped(SessionsAvailable()))
}

struct MetricsRegistryKey: StorageKey {
    typealias Value = PrometheusCollectorRegistry
}

/// Lifeline's own static files, bundled in `Public/`.
enum StaticFiles {
    static func bundled(_ relative: String) throws -> String {
        guard !relative.contains(".."), let root = Bundle.module.resourceURL?.appendingPathComponent("Public") else {
            throw Abort(.notFound)
        }
        let path = root.appendingPathComponent(relative).path
        guard FileManager.default.fileExists(atPath: path) else { throw Abort(.notFound) }
        return path
    }
}

/// The Debian `libjs-*` packages (Chart.js, Leaflet, Bootstrap 5) under the configured directory
/// (`LIFELINE_VENDOR_DIR`, default /usr/share/javascript), served at `/vendor/…`, never copied into
/// the repository (ADR 0012).
struct VendorFiles: Sendable {
    static let packages: Set<String> = ["chart.js", "leaflet", "bootstrap5"]
    let root: String

    func path(_ parts: [String]) throws -> String {
        guard let package = parts.first, Self.packages.contains(package),
            !parts.contains(where: { $0 == ".." || $0.hasPrefix(".") })
        else { throw Abort(.notFound) }
        let path = ([root] + parts).joined(separator: "/")
        guard FileManager.default.fileExists(atPath: path) else { throw Abort(.notFound) }
        return path
    }

    /// Whether a vendor script is installed, so pages can say so instead of drawing nothing.
    func has(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: root + "/" + relative)
    }
}

extension Application {
    private struct VendorFilesKey: StorageKey {
        typealias Value = VendorFiles
    }

    /// Where vendor scripts are served from, set by ``configure(_:_:)``.
    var vendorFiles: VendorFiles {
        get { storage[VendorFilesKey.self] ?? VendorFiles(root: "/usr/share/javascript") }
        set { storage[VendorFilesKey.self] = newValue }
    }
}
