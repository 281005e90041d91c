import Foundation
import LifelineDomain
import LifelineServices
import Vapor

/// Signs console requests in from the session, or sends the person to the sign-in page.
struct ConsoleAuthMiddleware: AsyncMiddleware {
    let services: Services

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let id = request.session.data["user"].flatMap(UUID.init(uuidString:)),
            let actor = try await services.access.actor(userID: id)
        else { throw LifelineError(.unauthenticated) }
        request.storage[ActorKey.self] = actor
        let response = try await next.respond(to: request)
        Self.rememberLanguage(request, response)
        return response
    }

    /// A `?lang=` switch is remembered in a cookie for the pages that follow.
    static func rememberLanguage(_ request: Request, _ response: Response) {
        if let lang = request.query[String.self, at: "lang"], Language(rawValue: lang) != nil {
            response.cookies["lang"] = HTTPCookies.Value(string: lang, maxAge: 365 * 86_400, path: "/", sameSite: .lax)
        }
    }
}

struct ActorKey: StorageKey {
    typealias Value = Actor
}

/// Marks requests that passed the sessions middleware, so pages rendered outside it (an error for
/// an unknown address) do not touch the session.
struct SessionsAvailable: StorageKey, AsyncMiddleware {
    typealias Value = Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        request.storage[SessionsAvailable.self] = true
        return try await next.respond(to: request)
    }
}

extension Request {
    /// The signed-in console user (set by ``ConsoleAuthMiddleware``).
    var actor: Actor {
        get throws {
            guard let actor = storage[ActorKey.self] else { throw LifelineError(.unauthenticated) }
            return actor
        }
    }

    /// The session's anti-forgery token, created on first use.
    var csrfToken: String {
        if let token = session.data["csrf"] { return token }
        let token = Hex.encode((0..<32).map { _ in UInt8.random(in: .min ... .max) })
        session.data["csrf"] = token
        return token
    }

    /// Throws unless the submitted form carries the session's token.
    func verifyCSRF() throws {
        let sent = try? content.get(String.self, at: "_csrf")
        guard let expected = session.data["csrf"], let sent, sent == expected else {
            throw LifelineError(.csrfMismatch)
        }
    }
}

/// The frame every console page is rendered in.
struct PageContext<Body: Encodable>: Encodable {
    var t: [String: String]
    var lang: String
    var otherLang: String
    var title: String
    var nav: String
    var user: UserBadge?
    var csrf: String
    var flash: String?
    var path: String
    var hasChart: Bool
    var hasMap: Bool
    /// Open alerts the signed-in user sees (the navigation's badge).
    var openAlerts: Int
    var body: Body
}

struct UserBadge: Encodable {
    var name: String
    var role: String
    var scope: String
    var isAdmin: Bool
    /// Which parts of the navigation the role may open (a link that would answer 403 is not shown).
    var readsStock: Bool
    var readsDispatch: Bool
    /// Requests matter to officers and to the units that make them (a carrier or an enterprise has none).
    var readsRequests: Bool
    var plansAllocation: Bool
    var readsCharges: Bool
    /// The transport register is for officers (unit-bound roles are refused).
    var readsTransport: Bool

    init(_ actor: Actor, language: Language) {
        name = actor.username
        role = actor.role.text(language)
        scope = actor.scope.rawValue
        isAdmin = actor.role == .administrator
        readsStock = actor.role.permits(.readStock)
        readsDispatch = actor.role.permits(.readDispatch)
        readsRequests = readsDispatch && (!actor.role.isUnitBound || actor.role.permits(.requestSupplies))
        plansAllocation = actor.role.permits(.approveDispatch)
        readsCharges = actor.role.permits(.readCharges)
        readsTransport = readsStock && !actor.role.isUnitBound
    }
}

enum Console {
    /// Renders `template` inside the layout with the person's language, badge and token.
    static func render<Body: Encodable>(
        _ template: String, title: String, nav: String, body: Body, flash: String? = nil, on request: Request
    ) async throws -> Response {
        let language = request.consoleLanguage
        let t = ConsoleText.table(language)
        let actor = request.storage[ActorKey.self]
        var openAlerts = 0
        if let actor { openAlerts = try await request.application.lifeline.alerts.openCount(for: actor) }
        let context = PageContext(
            t: t, lang: language.rawValue, otherLang: language == .zh ? "en" : "zh", title: t[title] ?? title, nav: nav,
            user: actor.map { UserBadge($0, language: language) },
            csrf: request.storage[SessionsAvailable.self] == true ? request.csrfToken : "",
            flash: flash ?? request.query[String.self, at: "done"].map { (t["done"] ?? "") + $0 },
            path: request.url.path, hasChart: request.application.vendorFiles.has("chart.js/chart.min.js"),
            hasMap: request.application.vendorFiles.has("leaflet/leaflet.js"), openAlerts: openAlerts, body: body)
        let response = try await request.view.render(template, context).encodeResponse(for: request)
        response.headers.replaceOrAdd(name: .contentLanguage, value: language.rawValue)
        ConsoleAuthMiddleware.rememberLanguage(request, response)
        return response
    }
}

/// Number formatting for pages: grouped thousands, money from fen.
enum Format {
    static func number<Value: BinaryInteger>(_ value: Value) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, char) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(char)
        }
        return (value < 0 ? "-" : "") + out
    }

    static func money(fen: Int) -> String { money(FenSum(fen)) }

    /// Money of any size (sums are 128-bit, ADR 0023): the page shows it exactly.
    static func money(_ sum: FenSum) -> String {
        let fen = sum.value
        let cents = Int((fen % 100).magnitude)
        return (fen < 0 ? "-" : "") + number((fen / 100).magnitude) + "." + (cents < 10 ? "0" : "") + String(cents)
    }

    /// Large sums in 万元 (zh) or millions (en) for headline figures.
    static func headline(_ sum: FenSum, _ language: Language) -> String {
        let fen = sum.value
        let tenths = language == .zh ? fen / 100_000 : fen / 1_000_000  // 0.1 万元, or 0.01 M CNY
        return language == .zh
            ? "\(number(tenths / 10)).\((tenths % 10).magnitude) 万元"
            : "CNY \(number(tenths / 100)).\(String(format: "%02d", Int((tenths % 100).magnitude))) M"
    }

    static func signed(_ value: Int) -> String { value > 0 ? "+" + number(value) : number(value) }

    static func dateTime(_ date: Date) -> String { chinaTime("yyyy-MM-dd HH:mm").string(from: date) }

    /// `datetime-local` form values (China time).
    static let localInputPattern = "yyyy-MM-dd'T'HH:mm"

    /// A formatter for China Standard Time, the console's clock wherever the server runs.
    static func chinaTime(_ pattern: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        formatter.dateFormat = pattern
        return formatter
    }
}

/// Pagination links for list pages.
struct Pager: Encodable {
    var label: String
    var prev: String?
    var next: String?

    init<T>(_ page: Page<T>, request: Request, language: Language) {
        let template = ConsoleText.table(language)["page"] ?? ""
        label = template.replacingOccurrences(of: "{page}", with: String(page.page))
            .replacingOccurrences(of: "{pages}", with: String(page.pageCount)).replacingOccurrences(
                of: "{total}", with: String(page.total))
        func link(_ number: Int) -> String {
            var components = URLComponents(string: request.url.string) ?? URLComponents()
            var items = (components.queryItems ?? []).filter {
                $0.name != "page" && $0.name != "lang" && $0.name != "done"
            }
            items.append(URLQueryItem(name: "page", value: String(number)))
            components.queryItems = items
            return (components.path.isEmpty ? request.url.path : components.path) + "?"
                + (components.percentEncodedQuery ?? "")
        }
        prev = page.page > 1 ? link(page.page - 1) : nil
        next = page.page < page.pageCount ? link(page.page + 1) : nil
    }
}
