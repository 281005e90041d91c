import Foundation
import LifelineDomain

/// Conversions between Lifeline's own Codable views/inputs and the generated OpenAPI types, through
/// JSON: both sides spell the same field names (the spec is written from the views), so one generic
/// round trip replaces hundreds of lines of field-by-field copying. A decoding failure on input
/// names the field at fault.
extension Convert {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// A service result as the generated response type.
    static func output<From: Encodable, To: Decodable>(_ value: From, as type: To.Type = To.self) throws -> To {
        try decoder.decode(To.self, from: encoder.encode(value))
    }

    /// A generated request body as the service's input type; type errors name the field.
    static func input<From: Encodable, To: Decodable>(_ value: From, as type: To.Type = To.self) throws -> To {
        let data = try encoder.encode(value)
        do {
            return try decoder.decode(To.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw LifelineError.invalid(fieldName(context.codingPath), context.debugDescription)
        } catch let DecodingError.typeMismatch(_, context) {
            throw LifelineError.invalid(fieldName(context.codingPath), context.debugDescription)
        } catch let DecodingError.keyNotFound(key, context) {
            throw LifelineError.required(fieldName(context.codingPath + [key]))
        } catch let DecodingError.valueNotFound(_, context) {
            throw LifelineError.required(fieldName(context.codingPath))
        }
    }

    /// `lines[2].itemId` from a coding path.
    static func fieldName(_ path: [any CodingKey]) -> String {
        var name = ""
        for key in path {
            if let index = key.intValue {
                name += "[\(index)]"
            } else {
                name += (name.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return name.isEmpty ? "body" : name
    }
}
