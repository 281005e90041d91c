import Foundation
import LifelineDomain
import LifelineServices
import OpenAPIRuntime

/// The implementation of `openapi.yaml`: each operation parses its input, calls one use case and
/// converts the result. Split by concern into `APIHandler+Access`, `+Reference` and `+Stock`.
struct APIHandler: APIProtocol {
    let services: Services
}

/// Conversions shared by the handlers.
enum Convert {
    /// Parses a UUID from a path, query or body field.
    static func uuid(_ text: String, field: String) throws(LifelineError) -> UUID {
        guard let id = UUID(uuidString: text) else { throw LifelineError.invalid(field, "not a UUID: \(text)") }
        return id
    }

    static func uuid(_ text: String?, field: String) throws(LifelineError) -> UUID? {
        guard let text else { return nil }
        guard let id = UUID(uuidString: text) else { throw LifelineError.invalid(field, "not a UUID: \(text)") }
        return id
    }

    /// Converts between the generated enums and Lifeline's own; both spell the same raw values
    /// (a test checks every case).
    static func `enum`<From: RawRepresentable, To: RawRepresentable>(_ value: From, field: String) throws(LifelineError)
        -> To
    where From.RawValue == String, To.RawValue == String {
        guard let converted = To(rawValue: value.rawValue) else { throw LifelineError.invalid(field, value.rawValue) }
        return converted
    }

    static func `enum`<From: RawRepresentable, To: RawRepresentable>(_ value: From?, field: String)
        throws(LifelineError) -> To?
    where From.RawValue == String, To.RawValue == String {
        guard let value else { return nil }
        return try `enum`(value, field: field) as To
    }

    static func code(_ text: String?, field: String) throws(LifelineError) -> JurisdictionCode? {
        guard let text else { return nil }
        guard let code = JurisdictionCode(rawValue: text) else {
            throw LifelineError.invalid(field, "not a jurisdiction code: \(text)")
        }
        return code
    }

    static func page(_ page: Int?, _ per: Int?, _ sort: String? = nil) -> PageRequest {
        PageRequest(page: page ?? 1, per: per ?? 50, sort: sort)
    }
}
