import Foundation

/// The chain of jurisdictions from the nation down to one place, written `CN/52/5201/520102`.
///
/// Every row that belongs to a place carries its path; a user's scope is a path too, and a row is in
/// scope when the scope path is a prefix of the row's path (``contains(_:)``). The string form is
/// what the database stores and filters on with `path = scope OR path LIKE scope || '/%'`.
public struct JurisdictionPath: Hashable, Sendable, Codable, CustomStringConvertible, RawRepresentable {
    public let codes: [JurisdictionCode]

    public static let nation = JurisdictionPath(codes: [.nation])

    public init(codes: [JurisdictionCode]) {
        precondition(!codes.isEmpty, "a path has at least the nation")
        self.codes = codes
    }

    /// Parses `CN/52/5201`; every step must be a valid code one level below the previous one.
    public init?(rawValue: String) {
        let parts = rawValue.split(separator: "/").map(String.init)
        var codes: [JurisdictionCode] = []
        for part in parts {
            guard let code = JurisdictionCode(rawValue: part) else { return nil }
            if let last = codes.last, code.parent != last { return nil }
            codes.append(code)
        }
        guard codes.first == .nation else { return nil }
        self.codes = codes
    }

    public var rawValue: String { codes.map(\.rawValue).joined(separator: "/") }
    public var description: String { rawValue }

    /// The jurisdiction this path leads to.
    public var code: JurisdictionCode { codes[codes.count - 1] }
    public var level: JurisdictionLevel { code.level }

    /// Whether `other` lies at or below this path: the rule behind every scope check.
    public func contains(_ other: JurisdictionPath) -> Bool {
        other.codes.count >= codes.count && Array(other.codes.prefix(codes.count)) == codes
    }

    /// The ancestor of this path at `level`, if the path reaches that deep.
    public func ancestor(at level: JurisdictionLevel) -> JurisdictionCode? {
        codes.first { $0.level == level }
    }

    /// The deepest jurisdiction both paths lie in: where an approval between them must be decided.
    public func commonAncestor(with other: JurisdictionPath) -> JurisdictionPath {
        var shared: [JurisdictionCode] = []
        for (a, b) in zip(codes, other.codes) where a == b { shared.append(a) }
        return JurisdictionPath(codes: shared.isEmpty ? [.nation] : shared)
    }
}

extension JurisdictionPath {
    /// This path cut at `level` (paths run nation → province → city → county → township, one code a
    /// level); a path above `level` is itself. The county of a township, the city of a county.
    public func truncated(to level: JurisdictionLevel) -> JurisdictionPath {
        JurisdictionPath(codes: Array(codes.prefix(level.depth + 1)))
    }
}
