import Foundation
import LifelineDomain

/// Checks a value against a JSON Schema of openapi.yaml (the keywords the contract uses: type,
/// enum, const, ranges, lengths, pattern, format, items, required, properties,
/// additionalProperties, dependentRequired, allOf/anyOf/oneOf/not), and says what is wrong in a
/// ``LifelineError`` naming the field (`lines[2].quantity`). One rule beyond the schema holds for
/// every string: no NUL character (PostgreSQL cannot store it; SQLite would cut the text there).
struct SchemaValidator {
    let spec: ContractSpec

    func validate(_ value: JSONValue, _ schema: [String: Any], at field: String) throws(LifelineError) {
        let schema = spec.resolved(schema)
        if case .string(let text) = value, text.unicodeScalars.contains("\u{0}") {
            throw LifelineError.invalid(field, "contains a NUL character (U+0000)")
        }
        try checkType(value, schema, at: field)
        if let options = schema["enum"] as? [Any] {
            guard options.contains(where: { JSONValue(yaml: $0).map(value.sameValue(as:)) ?? false }) else {
                throw LifelineError.invalid(field, "one of " + options.map { "\($0)" }.joined(separator: ", "))
            }
        }
        if let constant = schema["const"], !(JSONValue(yaml: constant).map(value.sameValue(as:)) ?? false) {
            throw LifelineError.invalid(field, "must be \(constant)")
        }
        switch value {
        case .integer, .number: try checkNumber(value, schema, at: field)
        case .string(let text): try checkString(text, schema, at: field)
        case .array(let items): try checkArray(items, schema, at: field)
        case .object(let members): try checkObject(members, schema, at: field)
        case .null, .bool: break
        }
        try checkCombinations(value, schema, at: field)
    }

    // MARK: Keywords

    private func checkType(_ value: JSONValue, _ schema: [String: Any], at field: String) throws(LifelineError) {
        var allowed: [String] = []
        if let one = schema["type"] as? String { allowed = [one] }
        if let many = schema["type"] as? [Any] { allowed = many.compactMap { $0 as? String } }
        guard !allowed.isEmpty else { return }
        if schema["nullable"] as? Bool == true { allowed.append("null") }
        guard value.typeNames.isDisjoint(with: allowed) else { return }
        let expected = allowed.filter { $0 != "null" }.joined(separator: " or ")
        throw LifelineError(.wrongType, field: field, ["expected": expected.isEmpty ? "null" : expected])
    }

    private func checkNumber(_ value: JSONValue, _ schema: [String: Any], at field: String) throws(LifelineError) {
        guard let number = value.numberValue else { return }
        let minimum = Self.number(schema["minimum"])
        let maximum = Self.number(schema["maximum"])
        let exclusiveMinimum = Self.number(schema["exclusiveMinimum"])
        let exclusiveMaximum = Self.number(schema["exclusiveMaximum"])
        let low = minimum.map { number < $0 } ?? false || exclusiveMinimum.map { number <= $0 } ?? false
        let high = maximum.map { number > $0 } ?? false || exclusiveMaximum.map { number >= $0 } ?? false
        if low || high {
            throw LifelineError(
                .outOfRange, field: field,
                [
                    "min": Self.text(minimum ?? exclusiveMinimum), "max": Self.text(maximum ?? exclusiveMaximum),
                ])
        }
        if case .number(let double) = value, !double.isFinite {
            throw LifelineError.invalid(field, "not a finite number")
        }
    }

    private func checkString(_ text: String, _ schema: [String: Any], at field: String) throws(LifelineError) {
        let length = text.unicodeScalars.count
        if let max = schema["maxLength"] as? Int, length > max {
            throw LifelineError(.tooLong, field: field, ["max": String(max)])
        }
        if let min = schema["minLength"] as? Int, length < min {
            if min == 1 { throw LifelineError.required(field) }
            throw LifelineError.invalid(field, "at least \(min) characters")
        }
        if let pattern = schema["pattern"] as? String, !spec.matches(pattern, text) {
            throw LifelineError.invalid(field, "must match \(pattern)")
        }
        switch schema["format"] as? String {
        case "uuid": if UUID(uuidString: text) == nil { throw LifelineError.invalid(field, "not a UUID") }
        // Any RFC 3339 full-date passes the contract; the use case refuses years Lifeline does not
        // keep (before 1900, after 2999) with a 409 naming the field.
        case "date": if !Day.isWellFormed(text) { throw LifelineError(.invalidDate, field: field) }
        case "date-time":
            if ContractDates.parse(text) == nil { throw LifelineError.invalid(field, "not a date and time (RFC 3339)") }
        default: break
        }
    }

    private func checkArray(_ items: [JSONValue], _ schema: [String: Any], at field: String) throws(LifelineError) {
        let min = schema["minItems"] as? Int
        let max = schema["maxItems"] as? Int
        if let min, items.count < min {
            if min == 1, items.isEmpty { throw LifelineError.required(field) }
            throw LifelineError(.outOfRange, field: field, ["min": String(min), "max": max.map(String.init) ?? "—"])
        }
        if let max, items.count > max {
            throw LifelineError(.outOfRange, field: field, ["min": String(min ?? 0), "max": String(max)])
        }
        if schema["uniqueItems"] as? Bool == true {
            for (index, item) in items.enumerated() where items[..<index].contains(where: { $0.sameValue(as: item) }) {
                throw LifelineError(.duplicate, field: "\(field)[\(index)]", ["value": "\(item)"])
            }
        }
        if let itemSchema = schema["items"] as? [String: Any] {
            for (index, item) in items.enumerated() { try validate(item, itemSchema, at: "\(field)[\(index)]") }
        }
        if let contains = schema["contains"] as? [String: Any] {
            let matching = items.indices.filter { (try? validate(items[$0], contains, at: field)) != nil }
            let least = schema["minContains"] as? Int ?? 1
            if matching.count < least {
                throw LifelineError.invalid(
                    field, (schema["description"] as? String) ?? "at least \(least) items of the required form")
            }
            if let most = schema["maxContains"] as? Int, matching.count > most,
                let extra = matching.dropFirst(most).first
            {
                throw LifelineError.invalid(
                    "\(field)[\(extra)]", (schema["description"] as? String) ?? "at most \(most) such items")
            }
        }
    }

    private func checkObject(_ members: [String: JSONValue], _ schema: [String: Any], at field: String)
        throws(LifelineError)
    {
        func name(_ key: String) -> String { field == "body" ? key : "\(field).\(key)" }
        for key in (schema["required"] as? [Any] ?? []).compactMap({ $0 as? String }) where members[key] == nil {
            throw LifelineError.required(name(key))
        }
        if let dependent = schema["dependentRequired"] as? [String: Any] {
            for (key, needs) in dependent.sorted(by: { $0.key < $1.key }) where members[key] != nil {
                for need in (needs as? [Any] ?? []).compactMap({ $0 as? String }) where members[need] == nil {
                    throw LifelineError.required(name(need))
                }
            }
        }
        let properties = schema["properties"] as? [String: Any] ?? [:]
        for key in members.keys.sorted() {
            guard let value = members[key] else { continue }
            if let property = properties[key] as? [String: Any] {
                try validate(value, property, at: name(key))
            } else if schema["additionalProperties"] as? Bool == false {
                throw LifelineError.invalid(name(key), "not a field of this request")
            } else if let extra = schema["additionalProperties"] as? [String: Any] {
                try validate(value, extra, at: name(key))
            } else if case .string(let text) = value, text.unicodeScalars.contains("\u{0}") {
                throw LifelineError.invalid(name(key), "contains a NUL character (U+0000)")
            }
        }
    }

    private func checkCombinations(_ value: JSONValue, _ schema: [String: Any], at field: String) throws(LifelineError)
    {
        for part in schema["allOf"] as? [Any] ?? [] {
            if let part = part as? [String: Any] { try validate(value, part, at: field) }
        }
        if let options = (schema["anyOf"] as? [Any])?.compactMap({ $0 as? [String: Any] }), !options.isEmpty {
            var first: LifelineError?
            for option in options {
                do {
                    try validate(value, option, at: field)
                    first = nil
                    break
                } catch {
                    first = first ?? error
                }
            }
            if let first { throw first }
        }
        if let discriminator = schema["discriminator"] as? [String: Any],
            let property = discriminator["propertyName"] as? String,
            let mapping = discriminator["mapping"] as? [String: String], case .object(let members) = value
        {
            // The client named its form: hold the value to that form alone, so that an error names
            // the field of the form meant (`formula.days`), not of another.
            let name = field == "body" ? property : "\(field).\(property)"
            guard let tag = members[property] else { throw LifelineError.required(name) }
            guard case .string(let key) = tag, let reference = mapping[key] else {
                throw LifelineError.invalid(name, "one of \(mapping.keys.sorted().joined(separator: ", "))")
            }
            try validate(value, ["$ref": reference], at: field)
            return
        }
        if let options = (schema["oneOf"] as? [Any])?.compactMap({ $0 as? [String: Any] }), !options.isEmpty {
            var errors: [LifelineError] = []
            for option in options {
                do { try validate(value, option, at: field) } catch { errors.append(error) }
            }
            let passed = options.count - errors.count
            if passed == 0 {
                throw Self.mostSpecific(errors) ?? LifelineError.invalid(field, "matches none of the allowed forms")
            }
            if passed > 1 { throw LifelineError.invalid(field, "matches more than one of the allowed forms") }
        }
        if let not = schema["not"] as? [String: Any], (try? validate(value, not, at: field)) != nil {
            throw LifelineError.invalid(field, (not["description"] as? String) ?? "a value this field does not take")
        }
    }

    // MARK: Helpers

    /// Of the errors of `oneOf`'s branches, the one that went deepest into the value (the branch
    /// the client most likely meant).
    private static func mostSpecific(_ errors: [LifelineError]) -> LifelineError? {
        errors.max { ($0.field?.count ?? 0) < ($1.field?.count ?? 0) }
    }

    static func number(_ raw: Any?) -> Double? {
        switch raw {
        case let value as Int: Double(value)
        case let value as Double: value
        default: nil
        }
    }

    static func text(_ value: Double?) -> String {
        guard let value else { return "—" }
        return value.rounded() == value && abs(value) < 1e18 ? String(Int(value)) : String(value)
    }
}
