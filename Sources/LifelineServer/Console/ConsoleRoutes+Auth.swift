import LifelineDomain
import LifelineServices
import Vapor

extension ConsoleRoutes {
    struct LoginBody: Encodable {
        var next: String
        var username: String
        var error: String?
    }

    func loginPage(_ request: Request) async throws -> Response {
        let next = Self.safeNext(request.query[String.self, at: "next"])
        return try await Console.render(
            "login", title: "signInTitle", nav: "", body: LoginBody(next: next, username: "", error: nil), on: request)
    }

    func login(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        struct Form: Content {
            var username: String
            var password: String
            var next: String?
        }
        let form = try request.content.decode(Form.self)
        let next = Self.safeNext(form.next)
        do {
            let actor = try await services.access.authenticate(username: form.username, password: form.password)
            request.session.data["user"] = actor.userID.uuidString
            request.session.data["csrf"] = nil
            return request.redirect(to: next)
        } catch let error as LifelineError {
            let response = try await Console.render(
                "login", title: "signInTitle", nav: "",
                body: LoginBody(next: next, username: form.username, error: error.message(request.consoleLanguage)),
                on: request)
            response.status = .unauthorized
            return response
        }
    }

    func logout(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        request.session.destroy()
        return request.redirect(to: "/login")
    }

    /// Only local paths may follow a sign-in, never another site.
    /// Where to go after signing in: a path on this site, or `/`. Browsers drop tabs and line breaks
    /// from URLs and read `\` as `/`, so `/%09/evil.com` would become `//evil.com` — another site.
    /// Only a path made of visible ASCII, starting with one `/`, is followed.
    static func safeNext(_ next: String?) -> String {
        guard let next = next?.removingPercentEncoding, next.hasPrefix("/"), !next.hasPrefix("//"),
            next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" })
        else { return "/" }
        return next
    }

    struct ComingBody: Encodable {
        var capability: String
    }

    func comingPage(_ request: Request) async throws -> Response {
        let capability = request.parameters.get("capability") ?? ""
        // Built since the link was shared: go there.
        if capability == "reserves" { return request.redirect(to: "/reserve-plans") }
        if capability == "kits" { return request.redirect(to: "/kits") }
        let known = ["requests", "dispatch", "allocation", "money", "forecast", "drills"]
        guard known.contains(capability) else { throw LifelineError(.routeNotFound, ["path": request.url.path]) }
        return try await Console.render(
            "coming", title: capability, nav: capability, body: ComingBody(capability: capability), on: request)
    }
}
