import FluentKit
import Foundation

extension Sequence where Element: Model, Element.IDValue == UUID {
    /// The rows by their id, for the batched views that read a page's related rows at once (a row
    /// without an id — never stored — is left out).
    public var byID: [UUID: Element] {
        Dictionary(compactMap { row in row.id.map { ($0, row) } }, uniquingKeysWith: { first, _ in first })
    }
}
