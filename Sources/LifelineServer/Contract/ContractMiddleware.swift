import Foundation
import LifelineDomain
import Vapor

/// Holds every API request to openapi.yaml before a handler sees it (ADR 0024): path, query and
/// header parameters and the JSON body, each checked against its schema; the first fault answers
/// 400 naming the field (`quantity`, `lines[1].lotId`, `sort`, `Idempotency-Key`). A request that
/// passes is marked, so that a later refusal — a rule or the data, not the shape — answers 409.
struct ContractMiddleware: AsyncMiddleware {
    let spec: ContractSpec
    /// The largest body a request that meets the contract may have (4 MiB); a larger one that breaks
    /// the contract is answered 400 for what it breaks, one that meets it 413.
    let bodyLimit: Int

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // HEAD is GET without the body (RFC 9110): the router serves it from the GET route.
        let method = request.method == .HEAD ? "GET" : request.method.rawValue
        switch spec.match(method: method, path: request.url.path) {
        case .none:
            // the router answers 404 (or serves a route outside the contract)
            return try await next.respond(to: request)
        case .methodNotAllowed(let allowed):
            throw MethodNotAllowed(
                allowed: allowed.map { HTTPMethod(rawValue: $0) }, path: request.url.path, method: request.method)
        case .operation(let operation, let bound):
            try check(operation, bound: bound, request: request)
            request.storage[ContractOperation.self] = .init(id: operation.id, readCache: operation.readCache)
        }
        request.storage[ContractChecked.self] = true
        return try await next.respond(to: request)
    }

    func check(_ operation: ContractSpec.Operation, bound: [String: String], request: Request) throws(LifelineError) {
        let validator = SchemaValidator(spec: spec)
        let query = Self.queryItems(request.url.query)
        for (name, values) in query.sorted(by: { $0.key < $1.key })
        where values.contains(where: { $0.unicodeScalars.contains("\u{0}") }) {
            throw LifelineError.invalid(name, "contains a NUL character (U+0000)")
        }
        for parameter in operation.parameters {
            let raw: [String]
            switch parameter.location {
            case "path": raw = bound[parameter.name].map { [$0] } ?? []
            case "query": raw = query[parameter.name] ?? []
            case "header": raw = request.headers[parameter.name]
            default: continue
            }
            guard !raw.isEmpty else {
                if parameter.required {
                    if parameter.name == "Idempotency-Key" {
                        throw LifelineError(.idempotencyKeyMissing, field: parameter.name)
                    }
                    throw LifelineError.required(parameter.name)
                }
                continue
            }
            try validator.validate(
                Self.value(raw, for: spec.resolved(parameter.schema)), parameter.schema, at: parameter.name)
        }
        guard let schema = operation.body else { return }
        let data = request.body.data.map { Data($0.readableBytesView) } ?? Data()
        guard !data.isEmpty else {
            if operation.bodyRequired { throw LifelineError.required("body") }
            return
        }
        if let type = request.headers.contentType,
            !(type.type == "application" && (type.subType == "json" || type.subType.hasSuffix("+json")))
        {
            throw LifelineError(
                .malformedBody, field: "body", ["reason": "send application/json, not \(type.serialize())"])
        }
        guard let body = JSONValue.parse(data) else {
            throw LifelineError(.malformedBody, field: "body", ["reason": "not valid JSON (UTF-8)"])
        }
        try validator.validate(body, schema, at: "body")
        if data.count > bodyLimit {
            throw LifelineError(.payloadTooLarge, field: "body", ["max": "\(bodyLimit / 1024) KiB"])
        }
    }

    /// A parameter's text as the JSON value its schema expects (`per=50` is the integer 50); text
    /// that is not of that type stays text, which the schema then refuses as the wrong type.
    static func value(_ raw: [String], for schema: [String: Any]) -> JSONValue {
        func type(_ schema: [String: Any]) -> String? {
            if let one = schema["type"] as? String { return one }
            return (schema["type"] as? [Any])?.compactMap { $0 as? String }.first { $0 != "null" }
        }
        func scalar(_ text: String, _ type: String?) -> JSONValue {
            switch type {
            case "integer": return Int(text).map(JSONValue.integer) ?? .string(text)
            case "number": return Double(text).map(JSONValue.number) ?? .string(text)
            case "boolean": return text == "true" ? .bool(true) : text == "false" ? .bool(false) : .string(text)
            default: return .string(text)
            }
        }
        if type(schema) == "array" {
            let itemType = (schema["items"] as? [String: Any]).flatMap(type)
            return .array(raw.flatMap { $0.split(separator: ",").map(String.init) }.map { scalar($0, itemType) })
        }
        return scalar(raw[0], type(schema))
    }

    /// The query string's parameters by name, decoded (`+` is a space, as forms send it).
    static func queryItems(_ query: String?) -> [String: [String]] {
        var items: [String: [String]] = [:]
        for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            items[decode(parts[0]), default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
        return items
    }
}

/// Set on a request whose parameters and body met the contract.
struct ContractChecked: StorageKey {
    typealias Value = Bool
}

/// The operation of openapi.yaml a checked request is for.
struct ContractOperation: StorageKey {
    struct Value: Sendable {
        var id: String
        /// Whether its answer may be reused while the database is unchanged (`x-read-cache`).
        var readCache: Bool
    }
}
