import Foundation
import LifelineDomain
import LifelineServices
import OpenAPIRuntime

/// Stocktakes (R4.5).
extension APIHandler {
    struct StocktakeStart: Codable {
        var depotId: UUID
        var limitFen: Int?
    }

    struct StocktakeCountsInput: Codable {
        var counts: [StocktakeCount]
    }

    struct StocktakeTagsInput: Codable {
        struct Tag: Codable {
            var epc: String
            var lotId: UUID
        }
        var tags: [Tag]
    }

    struct StocktakeActInput: Codable {
        var action: StocktakeAction
        var note: String?
    }

    func listStocktakes(_ input: Operations.ListStocktakes.Input) async throws -> Operations.ListStocktakes.Output {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let page = try await services.stock.stocktakes(
            depotID: try Convert.uuid(q.depotId, field: "depotId"),
            page: Convert.page(q.page, q.per, q.sort?.rawValue), for: actor)
        return .ok(.init(body: .json(try Convert.output(PageBody(page)))))
    }

    func startStocktake(_ input: Operations.StartStocktake.Input) async throws -> Operations.StartStocktake.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let start: StocktakeStart = try Convert.input(body)
        let view = try await services.stock.startStocktake(depotID: start.depotId, limitFen: start.limitFen, by: actor)
        return .created(.init(body: .json(try Convert.output(view))))
    }

    func getStocktake(_ input: Operations.GetStocktake.Input) async throws -> Operations.GetStocktake.Output {
        let actor = try RequestContext.requireActor()
        let view = try await services.stock.stocktake(
            try Convert.uuid(input.path.stocktakeId, field: "stocktakeId"), for: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func recordStocktakeCounts(_ input: Operations.RecordStocktakeCounts.Input) async throws
        -> Operations.RecordStocktakeCounts.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let counts: StocktakeCountsInput = try Convert.input(body)
        let view = try await services.stock.recordCounts(
            try Convert.uuid(input.path.stocktakeId, field: "stocktakeId"), counts.counts, by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func recordStocktakeTags(_ input: Operations.RecordStocktakeTags.Input) async throws
        -> Operations.RecordStocktakeTags.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let tags: StocktakeTagsInput = try Convert.input(body)
        let view = try await services.stock.recordTags(
            try Convert.uuid(input.path.stocktakeId, field: "stocktakeId"), tags.tags.map { ($0.epc, $0.lotId) },
            by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func actOnStocktake(_ input: Operations.ActOnStocktake.Input) async throws -> Operations.ActOnStocktake.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let act: StocktakeActInput = try Convert.input(body)
        let view = try await services.stock.actOnStocktake(
            try Convert.uuid(input.path.stocktakeId, field: "stocktakeId"), act.action, note: act.note, by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }
}
