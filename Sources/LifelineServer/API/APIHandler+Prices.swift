import Foundation
import LifelineDomain
import LifelineServices
import OpenAPIRuntime

/// Market prices per item (ADR 0026).
extension APIHandler {
    func listItemPrices(_ input: Operations.ListItemPrices.Input) async throws -> Operations.ListItemPrices.Output {
        let actor = try RequestContext.requireActor()
        let page = try await services.reference.prices(
            try Convert.uuid(input.path.itemId, field: "itemId"), page: Convert.page(input.query.page, input.query.per),
            for: actor)
        return .ok(.init(body: .json(try Convert.output(PageBody(page)))))
    }

    func setItemPrice(_ input: Operations.SetItemPrice.Input) async throws -> Operations.SetItemPrice.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.reference.setPrice(
            try Convert.uuid(input.path.itemId, field: "itemId"), try Convert.input(body),
            key: input.headers.idempotencyKey, by: actor)
        return .created(.init(body: .json(try Convert.output(view))))
    }
}
