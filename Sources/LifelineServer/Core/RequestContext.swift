import LifelineDomain
import Vapor

/// What the API handlers need to know about the request they serve, carried in task-local values
/// because the generated handler signatures only receive the decoded input.
enum RequestContext {
    @TaskLocal static var actor: Actor?
    @TaskLocal static var language: Language = .zh

    /// The signed-in actor, or an `unauthenticated` error.
    static func requireActor() throws -> Actor {
        guard let actor else { throw LifelineError(.unauthenticated) }
        return actor
    }
}

extension Request {
    /// The console's language: a `lang` query parameter, else the `lang` cookie set by the switch,
    /// else Chinese — the console is Chinese by default whatever the browser says.
    var consoleLanguage: Language {
        if let query = query[String.self, at: "lang"], let language = Language(rawValue: query) { return language }
        if let cookie = cookies["lang"]?.string, let language = Language(rawValue: cookie) { return language }
        return .zh
    }

    /// The language to answer in: a `lang` query parameter, the console's `lang` cookie, else `Accept-Language`, else
    /// Chinese.
    var language: Language {
        if let query = query[String.self, at: "lang"], let language = Language(rawValue: query) { return language }
        if let cookie = cookies["lang"]?.string, let language = Language(rawValue: cookie) { return language }
        return Language(acceptLanguage: headers.first(name: .acceptLanguage))
    }
}
