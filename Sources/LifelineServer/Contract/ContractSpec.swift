import Foundation
import Yams

/// openapi.yaml as the server reads it at start-up, to hold every request to what the contract
/// says before a handler sees it (ADR 0024). One document: the same file is served at
/// `/openapi.yaml`, drives the generated handlers and is what clients and fuzzers read.
final class ContractSpec: @unchecked Sendable {  // immutable after init
    /// One operation: where it lives, its parameters and its JSON body schema.
    struct Operation {
        var id: String
        var method: String
        var segments: [String]
        var parameters: [Parameter]
        var body: [String: Any]?
        var bodyRequired: Bool
        /// `x-read-cache: true`: a list whose answer may be reused while the database is unchanged
        /// (ADR 0032).
        var readCache: Bool = false
    }

    struct Parameter {
        var name: String
        var location: String
        var required: Bool
        var schema: [String: Any]
    }

    let operations: [Operation]
    /// Every `pattern` of the document, compiled once.
    private let patterns: [String: NSRegularExpression]
    private let schemas: [String: Any]
    private let components: [String: Any]

    init(yaml: String) throws {
        guard let document = try Yams.load(yaml: yaml) as? [String: Any] else { throw ContractError.notADocument }
        let components = document["components"] as? [String: Any] ?? [:]
        self.components = components
        schemas = components["schemas"] as? [String: Any] ?? [:]
        var operations: [Operation] = []
        for (path, value) in (document["paths"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let item = value as? [String: Any] else { continue }
            let shared = item["parameters"] as? [Any] ?? []
            for method in ["get", "put", "post", "delete", "patch"] {
                guard let operation = item[method] as? [String: Any] else { continue }
                var parameters: [Parameter] = []
                for raw in shared + (operation["parameters"] as? [Any] ?? []) {
                    guard let parameter = Self.resolve(raw, in: components, section: "parameters"),
                        let name = parameter["name"] as? String, let location = parameter["in"] as? String
                    else { continue }
                    parameters.removeAll { $0.name == name && $0.location == location }
                    parameters.append(
                        Parameter(
                            name: name, location: location,
                            required: parameter["required"] as? Bool ?? (location == "path"),
                            schema: parameter["schema"] as? [String: Any] ?? [:]))
                }
                let requestBody = (operation["requestBody"] as? [String: Any]).flatMap {
                    Self.resolve($0, in: components, section: "requestBodies")
                }
                let json =
                    ((requestBody?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"]
                    as? [String: Any]
                operations.append(
                    Operation(
                        id: operation["operationId"] as? String ?? "\(method) \(path)", method: method.uppercased(),
                        segments: path.split(separator: "/").map(String.init), parameters: parameters, body: json,
                        bodyRequired: requestBody?["required"] as? Bool ?? false,
                        readCache: method == "get" && operation["x-read-cache"] as? Bool == true))
            }
        }
        self.operations = operations
        self.patterns = Self.patterns(in: document)
    }

    /// Every `pattern` string under `node`, compiled.
    private static func patterns(in node: Any) -> [String: NSRegularExpression] {
        var found: [String: NSRegularExpression] = [:]
        if let object = node as? [String: Any] {
            for (key, value) in object {
                if key == "pattern", let pattern = value as? String,
                    let regex = try? NSRegularExpression(pattern: pattern)
                {
                    found[pattern] = regex
                }
                found.merge(patterns(in: value)) { a, _ in a }
            }
        } else if let array = node as? [Any] {
            for value in array { found.merge(patterns(in: value)) { a, _ in a } }
        }
        return found
    }

    /// Whether `text` matches `pattern` (a pattern ICU cannot read is the spec's fault: it matches).
    func matches(_ pattern: String, _ text: String) -> Bool {
        guard let regex = patterns[pattern] else { return true }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// The bundled openapi.yaml (`Public/openapi.yaml`).
    static func bundled() throws -> ContractSpec {
        try ContractSpec(yaml: try String(contentsOfFile: try StaticFiles.bundled("openapi.yaml"), encoding: .utf8))
    }

    /// What the contract says of a method on a path.
    enum Match {
        /// The operation, with the path parameters it binds.
        case operation(Operation, [String: String])
        /// The path is a resource of the contract, without this method.
        case methodNotAllowed(allowed: [String])
        /// No resource of the contract lies there.
        case none
    }

    /// The operation for a method and a path. The resource is the most specific template that
    /// matches (`/movements/receipts` is a resource of its own, not `/movements/{movementId}`).
    func match(method: String, path: String) -> Match {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var candidates: [(Operation, [String: String], Int)] = []
        for operation in operations where operation.segments.count == parts.count {
            var bound: [String: String] = [:]
            var constants = 0
            var matches = true
            for (template, part) in zip(operation.segments, parts) {
                if template.hasPrefix("{") && template.hasSuffix("}") {
                    bound[String(template.dropFirst().dropLast())] = part.removingPercentEncoding ?? part
                } else if template == part {
                    constants += 1
                } else {
                    matches = false
                    break
                }
            }
            if matches { candidates.append((operation, bound, constants)) }
        }
        guard let specificity = candidates.map(\.2).max() else { return .none }
        let resource = candidates.filter { $0.2 == specificity }
        if let found = resource.first(where: { $0.0.method == method }) { return .operation(found.0, found.1) }
        return .methodNotAllowed(allowed: resource.map(\.0.method))
    }

    /// A schema with its `$ref` followed (`#/components/schemas/X`).
    func resolved(_ schema: [String: Any]) -> [String: Any] {
        var schema = schema
        var hops = 0
        while let ref = schema["$ref"] as? String, hops < 16 {
            guard let name = ref.split(separator: "/").last, let target = schemas[String(name)] as? [String: Any] else {
                return [:]
            }
            schema = target
            hops += 1
        }
        return schema
    }

    private static func resolve(_ raw: Any, in components: [String: Any], section: String) -> [String: Any]? {
        guard let object = raw as? [String: Any] else { return nil }
        guard let ref = object["$ref"] as? String else { return object }
        guard let name = ref.split(separator: "/").last else { return nil }
        return (components[section] as? [String: Any])?[String(name)] as? [String: Any]
    }
}

enum ContractError: Error {
    case notADocument
}
