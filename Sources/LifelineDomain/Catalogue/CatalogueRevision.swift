/// The rule for revising the reserve catalogue (R2.2): a revision never edits a published version,
/// it creates the next one from the item master, with the items it keeps, adds and drops.
public struct CatalogueRevision: Sendable, Hashable {
    public var title: String
    public var itemCodes: [String]

    public init(title: String, itemCodes: [String]) {
        self.title = title
        self.itemCodes = itemCodes
    }

    /// Checks the revision: a title, at least one item, no duplicates.
    public func validated() throws(LifelineError) -> CatalogueRevision {
        let title = try Text.required(title, field: "title", max: 200)
        guard !itemCodes.isEmpty else { throw .required("itemIds") }
        var seen: Set<String> = []
        for code in itemCodes where !seen.insert(code).inserted {
            throw LifelineError(.duplicate, field: "itemIds", ["value": code])
        }
        return CatalogueRevision(title: title, itemCodes: itemCodes)
    }

    /// The number the next version gets.
    public static func nextVersionNumber(after latest: Int?) -> Int { (latest ?? 0) + 1 }
}
