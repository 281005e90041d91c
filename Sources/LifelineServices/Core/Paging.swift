import FluentKit
import Foundation
import LifelineDomain

/// Which page of a list to return, and in which order.
public struct PageRequest: Sendable, Hashable {
    public var page: Int
    public var per: Int
    /// A sort key from the list's own whitelist; a leading `-` sorts descending.
    public var sort: String?

    public init(page: Int = 1, per: Int = 50, sort: String? = nil) {
        self.page = page
        self.per = per
        self.sort = sort
    }

    /// Checks page and size against the settings.
    public func validated(maxPer: Int) throws(LifelineError) -> PageRequest {
        guard page >= 1, page <= 1_000_000 else {
            throw LifelineError(.outOfRange, field: "page", ["min": "1", "max": "1000000"])
        }
        guard (1...maxPer).contains(per) else {
            throw LifelineError(.outOfRange, field: "per", ["min": "1", "max": String(maxPer)])
        }
        return self
    }

    public var offset: Int { (page - 1) * per }

    /// Resolves the sort key against `allowed` (key → column); unknown keys are an error naming `sort`.
    public func sortKey(allowed: [String], default fallback: String) throws(LifelineError) -> (
        key: String, descending: Bool
    ) {
        guard let sort, !sort.isEmpty else {
            return fallback.hasPrefix("-") ? (String(fallback.dropFirst()), true) : (fallback, false)
        }
        let descending = sort.hasPrefix("-")
        let key = descending ? String(sort.dropFirst()) : sort
        guard allowed.contains(key) else {
            throw .invalid("sort", "one of \(allowed.flatMap { [$0, "-" + $0] }.joined(separator: ", "))")
        }
        return (key, descending)
    }
}

/// One page of a list, with the total so clients can draw pagination.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var page: Int
    public var per: Int
    public var total: Int

    public init(items: [Item], page: Int, per: Int, total: Int) {
        self.items = items
        self.page = page
        self.per = per
        self.total = total
    }

    public var pageCount: Int { max(1, (total + per - 1) / per) }

    public func map<T: Sendable>(_ transform: (Item) throws -> T) rethrows -> Page<T> {
        Page<T>(items: try items.map(transform), page: page, per: per, total: total)
    }
}

extension QueryBuilder {
    /// Counts, then fetches one page in SQL (never in memory).
    func paginate(_ request: PageRequest) async throws -> Page<Model> {
        let total = try await self.copy().count()
        let items = try await self.range(request.offset..<(request.offset + request.per)).all()
        return Page(items: items, page: request.page, per: request.per, total: total)
    }

    /// Restricts to rows whose `path` lies in the subtree `scope`.
    @discardableResult
    func within(_ scope: JurisdictionPath, path: KeyPath<Model, FieldProperty<Model, String>>) -> Self {
        if scope == .nation { return self }
        return self.group(.or) { group in
            group.filter(path == scope.rawValue).filter(path, .custom("LIKE"), scope.sqlDescendantPattern)
        }
    }

    /// ``within(_:path:)`` for an optional path column (rows without a path never match).
    @discardableResult
    func within(_ scope: JurisdictionPath, path: KeyPath<Model, OptionalFieldProperty<Model, String>>) -> Self {
        if scope == .nation { return self.filter(path != nil) }
        return self.group(.or) { group in
            group.filter(path == scope.rawValue).filter(path, .custom("LIKE"), scope.sqlDescendantPattern)
        }
    }
}
