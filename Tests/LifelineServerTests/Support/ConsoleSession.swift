import Foundation
import LifelineTestSupport
import Testing
import Vapor
import VaporTesting

/// A signed-in console user for tests: keeps the session cookie and the form token.
struct ConsoleSession {
    let app: Application
    var cookie = ""
    var csrf = ""

    init(app: Application) { self.app = app }

    /// Signs in through the login form, as a browser would.
    static func signIn(_ app: Application, _ username: String, password: String = World.password) async throws
        -> ConsoleSession
    {
        var session = ConsoleSession(app: app)
        let page = try await session.get("/login")
        session.csrf = try #require(Self.csrf(in: page.text))
        let response = try await session.post(
            "/login", form: ["username": username, "password": password, "next": "/"])
        #expect(response.status == .seeOther, "sign-in of \(username) failed: \(response.status)")
        let dashboard = try await session.get("/")
        session.csrf = Self.csrf(in: dashboard.text) ?? session.csrf
        return session
    }

    mutating func get(_ uri: String) async throws -> TestingHTTPResponse {
        try await request(.GET, uri, body: nil)
    }

    mutating func post(_ uri: String, form: [String: String], includeToken: Bool = true) async throws
        -> TestingHTTPResponse
    {
        var fields = form
        if includeToken { fields["_csrf"] = csrf }
        let body = fields.map { key, value in
            "\(Self.escape(key))=\(Self.escape(value))"
        }.joined(separator: "&")
        return try await request(.POST, uri, body: body)
    }

    private mutating func request(_ method: HTTPMethod, _ uri: String, body: String?) async throws
        -> TestingHTTPResponse
    {
        var headers = HTTPHeaders()
        if !cookie.isEmpty { headers.replaceOrAdd(name: .cookie, value: cookie) }
        if body != nil { headers.contentType = .urlEncodedForm }
        let response = try await app.testing().sendRequest(
            method, uri, headers: headers, body: body.map { ByteBuffer(string: $0) },
            beforeRequest: { $0.url = URI(string: uri) })
        for value in response.headers[.setCookie] {
            let pair = value.split(separator: ";").first.map(String.init) ?? ""
            if pair.hasPrefix("lifeline_session=") {
                cookie = cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.hasPrefix("lifeline_session=") && !$0.isEmpty }.joined(separator: "; ")
                cookie = cookie.isEmpty ? pair : cookie + "; " + pair
            } else if pair.hasPrefix("lang=") {
                cookie = cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.hasPrefix("lang=") && !$0.isEmpty }.joined(separator: "; ")
                cookie = cookie.isEmpty ? pair : cookie + "; " + pair
            }
        }
        return response
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: #"name="_csrf" value=""#) else { return nil }
        let rest = html[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        let token = String(rest[..<end])
        return token.isEmpty ? nil : token
    }

    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
