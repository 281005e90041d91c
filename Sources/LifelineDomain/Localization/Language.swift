import Foundation

/// The two languages of Lifeline's console, API messages and CLI: Chinese first, English second.
public enum Language: String, Sendable, CaseIterable, Codable {
    case zh
    case en

    /// Picks the language from an HTTP `Accept-Language` header value.
    ///
    /// Honours quality values (`en;q=0.9, zh;q=0.8`) and falls back to Chinese, the users' first
    /// language, when the header is missing or names neither language.
    ///
    ///     Language(acceptLanguage: "en-US,en;q=0.9") // .en
    public init(acceptLanguage header: String?) {
        guard let header, !header.isEmpty else {
            self = .zh
            return
        }
        var best: (language: Language, quality: Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased() else { continue }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            let language: Language?
            if tag.hasPrefix("zh") {
                language = .zh
            } else if tag.hasPrefix("en") {
                language = .en
            } else {
                language = nil
            }
            if let language, quality > (best?.quality ?? -1) {
                best = (language, quality)
            }
        }
        self = best?.language ?? .zh
    }
}

/// A piece of text in both of Lifeline's languages.
public struct LocalizedText: Sendable, Hashable, Codable {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// The text in `language`.
    public func callAsFunction(_ language: Language) -> String {
        language == .zh ? zh : en
    }
}
