import Foundation
import LifelineDomain
import LifelineServices
import OpenAPIRuntime

/// The transport register and the fleet check (#12 item 7, ADR 0040).
extension APIHandler {
    func listVehicles(_ input: Operations.ListVehicles.Input) async throws -> Operations.ListVehicles.Output {
        let actor = try RequestContext.requireActor()
        let vehicles = try await services.dispatch.vehicles(countyCode: input.query.countyCode, for: actor)
        return .ok(.init(body: .json(try Convert.output(vehicles))))
    }

    func saveVehicle(_ input: Operations.SaveVehicle.Input) async throws -> Operations.SaveVehicle.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.dispatch.saveVehicle(try Convert.input(body), by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func listTransportRoutes(_ input: Operations.ListTransportRoutes.Input) async throws
        -> Operations.ListTransportRoutes.Output
    {
        let actor = try RequestContext.requireActor()
        let routes = try await services.dispatch.transportRoutes(countyCode: input.query.countyCode, for: actor)
        return .ok(.init(body: .json(try Convert.output(routes))))
    }

    func saveTransportRoute(_ input: Operations.SaveTransportRoute.Input) async throws
        -> Operations.SaveTransportRoute.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.dispatch.saveTransportRoute(try Convert.input(body), by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    /// The plan's figures are read as GET /api/v1/mass-testing/plan reads them.
    func checkFleet(_ input: Operations.CheckFleet.Input) async throws -> Operations.CheckFleet.Output {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let plan = try await massTestingInput(
            example: q.example?.rawValue, points: q.points, tables: q.tables, staffPerPoint: q.staffPerPoint,
            rounds: q.rounds, shifts: q.shifts, population: q.population, splitOver: q.splitOver, for: actor)
        let view = try await services.dispatch.fleetCheck(plan, countyCode: q.countyCode, for: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }
}
