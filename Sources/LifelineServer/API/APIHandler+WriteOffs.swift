import Foundation
import LifelineDomain
import LifelineServices
import OpenAPIRuntime

/// Write-offs need a second person (R4.3, ADR 0025): the request holds the units, a decision
/// writes them off or releases them.
extension APIHandler {
    func writeOffStock(_ input: Operations.WriteOffStock.Input) async throws -> Operations.WriteOffStock.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.stock.requestWriteOff(
            try Convert.input(body), key: input.headers.idempotencyKey, by: actor)
        return .created(.init(body: .json(try Convert.output(view))))
    }

    func listWriteOffs(_ input: Operations.ListWriteOffs.Input) async throws -> Operations.ListWriteOffs.Output {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let filter = WriteOffFilter(
            status: try Convert.enum(q.status, field: "status"),
            lotIds: try Convert.uuid(q.lotId, field: "lotId").map { [$0] } ?? [],
            depotId: try Convert.uuid(q.depotId, field: "depotId"))
        let page = try await services.stock.writeOffs(
            filter, page: Convert.page(q.page, q.per, q.sort?.rawValue), for: actor)
        return .ok(.init(body: .json(try Convert.output(PageBody(page)))))
    }

    func getWriteOff(_ input: Operations.GetWriteOff.Input) async throws -> Operations.GetWriteOff.Output {
        let actor = try RequestContext.requireActor()
        let view = try await services.stock.writeOff(
            try Convert.uuid(input.path.writeOffId, field: "writeOffId"), for: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func decideWriteOff(_ input: Operations.DecideWriteOff.Input) async throws -> Operations.DecideWriteOff.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.stock.decideWriteOff(
            try Convert.uuid(input.path.writeOffId, field: "writeOffId"), try Convert.input(body),
            key: input.headers.idempotencyKey, by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }
}
