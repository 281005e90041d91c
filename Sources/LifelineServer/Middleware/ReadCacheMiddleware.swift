import LifelineStore
import Vapor

/// Serves a list operation (`x-read-cache: true`) from ``ReadCache`` when the database has not
/// changed since the answer was computed, and keeps fresh answers for the next identical request
/// (ADR 0032). Runs after authentication and the contract check, so every request is still
/// authenticated and validated; answers `X-Read-Cache: hit` or `miss` on the operations it covers.
struct ReadCacheMiddleware: AsyncMiddleware {
    let cache: ReadCache
    let marker: ChangeMarker

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .GET, request.storage[ContractOperation.self]?.readCache == true,
            let actor = RequestContext.actor
        else { return try await next.respond(to: request) }
        // PostgreSQL: read with the bearer token, by the same query; else now.
        let read = request.storage[ChangeMarkerAtAuthentication.self]
        guard let before = read != nil ? read : try await marker.current() else {
            return try await next.respond(to: request)
        }
        let key = ReadCache.key(actor: actor, uri: request.url.string, language: RequestContext.language)
        if let kept = cache.answer(for: key, marker: before) {
            var headers = kept.headers
            headers.replaceOrAdd(name: "X-Read-Cache", value: "hit")
            return Response(status: .ok, headers: headers, body: .init(buffer: kept.body))
        }
        let response = try await next.respond(to: request)
        guard response.status == .ok, let body = try await response.body.collect(on: request.eventLoop).get() else {
            return response
        }
        response.body = .init(buffer: body)
        response.headers.replaceOrAdd(name: "X-Read-Cache", value: "miss")
        // Kept only if nothing committed while it was computed: then it is exactly what the
        // database held at `before`.
        if try await marker.current() == before {
            cache.keep(.init(marker: before, storedAt: .now(), headers: response.headers, body: body), for: key)
        }
        return response
    }
}
