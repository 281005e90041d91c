import LifelineDomain
import LifelineServices
import Vapor

/// Resolves the caller of an API request — a bearer token, or the console's session cookie for
/// the console's own scripts — and runs the rest of the request with that actor and language.
struct APIAuthMiddleware: AsyncMiddleware {
    let services: Services

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var actor: Actor?
        if let bearer = request.headers.bearerAuthorization {
            let holder = try await services.access.bearer(bearer.token)
            guard let found = holder.actor else { throw LifelineError(.unauthenticated) }
            actor = found
            request.storage[ChangeMarkerAtAuthentication.self] = holder.changeMarker
        } else if request.storage[SessionsAvailable.self] == true,
            let userID = request.session.data["user"].flatMap(UUID.init(uuidString:))
        {
            // A console session may read through the API (charts, maps); writes need a bearer token,
            // so a forged cross-site form can never move stock.
            guard request.method == .GET || request.method == .HEAD else { throw LifelineError(.unauthenticated) }
            actor = try await services.access.actor(userID: userID)
        }
        let language = Language(acceptLanguage: request.headers.first(name: .acceptLanguage))
        return try await RequestContext.$actor.withValue(actor) {
            try await RequestContext.$language.withValue(language) {
                try await next.respond(to: request)
            }
        }
    }
}

/// The database's change marker read with the bearer token (PostgreSQL), for the read cache: read
/// before the handler runs, so it is a valid "before" (ADR 0032).
struct ChangeMarkerAtAuthentication: StorageKey {
    typealias Value = String
}

/// Refuses request bodies over the limit before anything reads them.
struct BodyLimitMiddleware: AsyncMiddleware {
    let limit: Int

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let length = request.headers.first(name: .contentLength).flatMap(Int.init), length > limit {
            throw LifelineError(.payloadTooLarge, field: "body", ["max": "\(limit / 1024) KiB"])
        }
        if request.method == .POST || request.method == .PUT || request.method == .PATCH {
            do {
                // `collect(max:)` keeps the bytes on the request, so the handler reads them again;
                // the AsyncSequence `collect(upTo:)` would drain the stream and leave the handler
                // waiting forever for a body that was already read (bodies over one chunk hung).
                _ = try await request.body.collect(max: limit).get()
            } catch {
                throw LifelineError(.payloadTooLarge, field: "body", ["max": "\(limit / 1024) KiB"])
            }
        }
        return try await next.respond(to: request)
    }
}
