import Foundation
import LifelineDomain
import LifelineServices
import Testing

/// Helpers the reserve tests share.

/// Runs `body` and expects a ``LifelineError`` with `code` (and `field`, when given).
func expectLifelineError<T>(
    _ code: ErrorCode, field: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> T
) async {
    do {
        _ = try await body()
        Issue.record("expected \(code.rawValue), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as LifelineError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        if let field { #expect(error.field == field, "\(error)", sourceLocation: sourceLocation) }
    } catch {
        Issue.record("expected \(code.rawValue), got \(error)", sourceLocation: sourceLocation)
    }
}

/// An item's catalogue code, which agreements, quotas and plans name.
func itemCode(_ services: Services, _ item: UUID) async throws -> String {
    try await services.reference.item(item, for: .system).definition.code
}
