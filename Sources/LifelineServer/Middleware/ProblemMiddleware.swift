import LifelineDomain
import Vapor

/// Turns every error into a response people and programs can read: a localized problem document
/// for the API, a localized error page (or the sign-in page) for the console.
struct ProblemMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let (lifelineError, status) = Problem.classify(error, request: request)
            if Self.wantsHTML(request) {
                if lifelineError.code == .unauthenticated {
                    let target = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
                    return request.redirect(
                        to: "/login?next="
                            + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
                }
                return try await ErrorPage.render(lifelineError, status: status, on: request)
            }
            let language = request.language
            let problem = Problem(lifelineError, status: status, language: language)
            let response = Response(status: status)
            try response.content.encode(problem, using: JSONEncoder())
            response.headers.contentType = Problem.mediaType
            response.headers.replaceOrAdd(name: .contentLanguage, value: language.rawValue)
            if let allowed = (error as? MethodNotAllowed)?.allowed {
                response.headers.replaceOrAdd(name: .allow, value: allowed.map(\.rawValue).joined(separator: ", "))
            }
            return response
        }
    }

    static func wantsHTML(_ request: Request) -> Bool {
        let path = request.url.path
        if path.hasPrefix("/api/") || path == "/openapi.yaml" || path == "/metrics" || path == "/healthz" {
            return false
        }
        return true
    }
}

/// The error a 404 becomes when the path exists with other methods.
struct MethodNotAllowed: Error {
    var allowed: [HTTPMethod]
    var path: String
    var method: HTTPMethod
}

/// Answers 405 with an `Allow` header, not 404, when the path exists but not with this method.
struct MethodNotAllowedMiddleware: AsyncMiddleware {
    let routes: [(method: HTTPMethod, path: [PathComponent])]

    init(routes: Routes) {
        self.routes = routes.all.map { ($0.method, $0.path) }
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let abort as any AbortError where abort.status == .notFound {
            let parts = request.url.path.split(separator: "/").map(String.init)
            // The resource is the most specific pattern that matches: `/movements/receipts` is its
            // own resource (POST), not `/movements/{movementId}` (GET), which only matches by a parameter.
            let matching = routes.filter { Self.matches($0.path, parts) }
            let specificity = matching.map { Self.constants(in: $0.path) }.max() ?? 0
            let allowed = matching.filter { Self.constants(in: $0.path) == specificity && $0.method != request.method }
                .map(\.method)
            guard !allowed.isEmpty else { throw abort }
            throw MethodNotAllowed(allowed: allowed, path: request.url.path, method: request.method)
        }
    }

    static func constants(in pattern: [PathComponent]) -> Int {
        pattern.filter { if case .constant = $0 { return true } else { return false } }.count
    }

    static func matches(_ pattern: [PathComponent], _ parts: [String]) -> Bool {
        var index = 0
        for component in pattern {
            switch component {
            case .catchall: return true
            case .constant(let text):
                guard index < parts.count, parts[index] == text else { return false }
            case .parameter, .anything:
                guard index < parts.count else { return false }
            }
            index += 1
        }
        return index == parts.count
    }
}
