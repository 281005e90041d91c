import Foundation
import LifelineDomain
import OpenAPIRuntime
import Vapor

/// An error as the API answers it: `application/problem+json` with a stable code, the field at
/// fault and a message in the request's language.
struct Problem: Content, Equatable {
    var type: String
    var title: String
    var status: Int
    var code: String
    var field: String?
    var message: String
    var detail: String?

    static let mediaType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])

    init(_ error: LifelineError, status: HTTPResponseStatus, language: Language) {
        self.type = "urn:lifeline:error:\(error.code.rawValue)"
        self.title = error.code.rawValue
        self.status = Int(status.code)
        self.code = error.code.rawValue
        self.field = error.field
        self.message = error.message(language)
        self.detail = nil
    }

    /// Maps any error to a Lifeline error and an HTTP status: Lifeline's own errors by their code,
    /// errors from request decoding to the field they name, everything else to a logged 500.
    static func classify(_ error: any Error, request: Request) -> (LifelineError, HTTPResponseStatus) {
        if let error = error as? LifelineError { return (error, status(for: error, request: request)) }
        if let error = error as? MethodNotAllowed {
            return (
                LifelineError(.methodNotAllowed, ["path": error.path, "method": error.method.rawValue]),
                .methodNotAllowed
            )
        }
        if let error = error as? ServerError {
            return classify(error.underlyingError, serverError: error, request: request)
        }
        if let error = error as? DecodingError { return classifyDecoding(error) }
        if let abort = error as? any AbortError {
            switch abort.status {
            case .payloadTooLarge:
                return (LifelineError(.payloadTooLarge, field: "body", ["max": "4 MiB"]), .payloadTooLarge)
            case .notFound: return (LifelineError(.routeNotFound, ["path": request.url.path]), .notFound)
            case .methodNotAllowed:
                return (
                    LifelineError(.methodNotAllowed, ["path": request.url.path, "method": request.method.rawValue]),
                    .methodNotAllowed
                )
            case .unauthorized: return (LifelineError(.unauthenticated), .unauthorized)
            case .badRequest, .unprocessableEntity, .unsupportedMediaType:
                return (LifelineError(.malformedBody, field: "body", ["reason": abort.reason]), .badRequest)
            default: break
            }
        }
        let reference = String(UUID().uuidString.prefix(8))
        request.logger.error(
            "unexpected error", metadata: ["ref": .string(reference), "error": .string(String(reflecting: error))])
        return (LifelineError(.internalError, ["ref": reference]), .internalServerError)
    }

    private static func classify(_ underlying: any Error, serverError: ServerError, request: Request) -> (
        LifelineError, HTTPResponseStatus
    ) {
        if underlying is LifelineError || underlying is DecodingError || underlying is any AbortError {
            return classify(underlying, request: request)
        }
        // The runtime's own parameter and body errors are described in text only.
        let cause = serverError.causeDescription + " " + String(describing: underlying)
        if let name = quoted(after: "parameter", in: cause) ?? quoted(after: "header field", in: cause) {
            if cause.contains("Missing") || cause.contains("missing") { return (.required(name), .badRequest) }
            return (LifelineError(.wrongType, field: name, ["expected": "a valid value"]), .badRequest)
        }
        if cause.contains("request body") || cause.contains("Content-Type") || cause.contains("content type") {
            return (LifelineError(.malformedBody, field: "body", ["reason": serverError.causeDescription]), .badRequest)
        }
        if cause.contains("decode") || cause.contains("Decode") || cause.contains("parse") {
            return (LifelineError(.malformedBody, field: "body", ["reason": serverError.causeDescription]), .badRequest)
        }
        let reference = String(UUID().uuidString.prefix(8))
        request.logger.error("unexpected error", metadata: ["ref": .string(reference), "error": .string(cause)])
        return (LifelineError(.internalError, ["ref": reference]), .internalServerError)
    }

    private static func quoted(after marker: String, in text: String) -> String? {
        guard let range = text.range(of: marker) else { return nil }
        let rest = text[range.upperBound...]
        guard let open = rest.firstIndex(where: { $0 == "'" || $0 == "\"" }) else { return nil }
        let quote = rest[open]
        let after = rest[rest.index(after: open)...]
        guard let close = after.firstIndex(of: quote) else { return nil }
        let name = String(after[..<close])
        return name.isEmpty ? nil : name
    }

    static func classifyDecoding(_ error: DecodingError) -> (LifelineError, HTTPResponseStatus) {
        func path(_ codingPath: [any CodingKey], _ extra: (any CodingKey)? = nil) -> String {
            var text = ""
            for key in codingPath + (extra.map { [$0] } ?? []) {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else if !key.stringValue.hasPrefix("value") || key.stringValue.count > 6 {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text.isEmpty ? "body" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return (.required(path(context.codingPath, key)), .badRequest)
        case .typeMismatch(let type, let context):
            return (
                LifelineError(.wrongType, field: path(context.codingPath), ["expected": expectedName(type)]),
                .badRequest
            )
        case .valueNotFound(let type, let context):
            return (
                LifelineError(.wrongType, field: path(context.codingPath), ["expected": expectedName(type)]),
                .badRequest
            )
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return (LifelineError(.malformedBody, field: "body", ["reason": context.debugDescription]), .badRequest)
            }
            return (
                LifelineError(.invalidValue, field: path(context.codingPath), ["reason": context.debugDescription]),
                .badRequest
            )
        @unknown default:
            return (LifelineError(.malformedBody, field: "body", ["reason": "\(error)"]), .badRequest)
        }
    }

    private static func expectedName(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.contains("Int") { return "integer" }
        if name.contains("Double") || name.contains("Float") { return "number" }
        if name.contains("Bool") { return "boolean" }
        if name.contains("String") { return "string" }
        if name.contains("Array") { return "array" }
        return "object"
    }

    /// The status of an API answer (ADR 0024): 400 when the request breaks the contract — which
    /// the contract check finds before any handler runs — and 409 when a request that met it is
    /// refused by a rule or by the data (a date before another, a quantity beyond what is left).
    static func status(for error: LifelineError, request: Request) -> HTTPResponseStatus {
        let status = status(for: error.code)
        guard request.storage[ContractChecked.self] == true, status == .badRequest, error.code != .malformedBody else {
            return status
        }
        return .conflict
    }

    static func status(for code: ErrorCode) -> HTTPResponseStatus {
        switch code {
        case .payloadTooLarge: .payloadTooLarge
        case .duplicate, .insufficientStock, .lotExpired, .lotNotAvailable, .invalidTransition, .conflict,
            .ownSupplyFirst, .nothingToApprove,
            .recoveryExceedsAccepted, .planRevisionOpen, .stocktakeUncounted, .exchangeUnequal, .lotItemMismatch,
            .storageMismatch, .enterpriseRevoked, .periodNotOver, .kitShortComponent,
            .idempotencyKeyReused,
            .valueTooLarge:
            .conflict
        case .notFound, .routeNotFound, .referenceNotFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .unauthenticated, .invalidCredentials: .unauthorized
        case .forbidden, .outOfScope, .csrfMismatch, .selfApproval, .countyDispatchFrozen, .approvalTierRequired,
            .planSelfApproval, .planNeedsLevelAbove, .stocktakeSamePerson, .standardSelfApproval:
            .forbidden
        case .writeOffSamePerson: .forbidden
        case .internalError, .unknownStoredValue: .internalServerError
        default: .badRequest
        }
    }
}
