import Foundation
import LifelineDomain
import LifelineServices
import OpenAPIRuntime

/// Exchanges between regions (R4.4).
extension APIHandler {
    struct ExchangeActInput: Codable {
        var action: ExchangeAction
        var note: String?
    }

    func listExchanges(_ input: Operations.ListExchanges.Input) async throws -> Operations.ListExchanges.Output {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let page = try await services.stock.exchanges(page: Convert.page(q.page, q.per, q.sort?.rawValue), for: actor)
        return .ok(.init(body: .json(try Convert.output(PageBody(page)))))
    }

    func offerExchange(_ input: Operations.OfferExchange.Input) async throws -> Operations.OfferExchange.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.stock.offerExchange(try Convert.input(body), by: actor)
        return .created(.init(body: .json(try Convert.output(view))))
    }

    func getExchange(_ input: Operations.GetExchange.Input) async throws -> Operations.GetExchange.Output {
        let actor = try RequestContext.requireActor()
        let view = try await services.stock.exchange(
            try Convert.uuid(input.path.exchangeId, field: "exchangeId"), for: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func answerExchange(_ input: Operations.AnswerExchange.Input) async throws -> Operations.AnswerExchange.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.stock.answerExchange(
            try Convert.uuid(input.path.exchangeId, field: "exchangeId"), try Convert.input(body), by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func actOnExchange(_ input: Operations.ActOnExchange.Input) async throws -> Operations.ActOnExchange.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let act: ExchangeActInput = try Convert.input(body)
        let view = try await services.stock.actOnExchange(
            try Convert.uuid(input.path.exchangeId, field: "exchangeId"), act.action, note: act.note, by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }
}
