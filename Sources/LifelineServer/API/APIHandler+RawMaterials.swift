import Foundation
import LifelineDomain
import LifelineServices
import OpenAPIRuntime

/// Raw materials (R3.6).
extension APIHandler {
    struct RawMaterialInput: Codable {
        var jurisdictionCode: String
        var stock: Int
        var monthlyUse: Int
    }

    func listRawMaterials(_ input: Operations.ListRawMaterials.Input) async throws
        -> Operations.ListRawMaterials.Output
    {
        let actor = try RequestContext.requireActor()
        let rows = try await services.reserves.rawMaterials(in: input.query.jurisdiction, for: actor)
        return .ok(.init(body: .json(try Convert.output(rows))))
    }

    func setRawMaterial(_ input: Operations.SetRawMaterial.Input) async throws -> Operations.SetRawMaterial.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let set: RawMaterialInput = try Convert.input(body)
        guard let material = RawMaterialClass(rawValue: input.path.material.rawValue) else {
            throw LifelineError.invalid("material", RawMaterialClass.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let view = try await services.reserves.setRawMaterial(
            material, in: set.jurisdictionCode, stock: set.stock, monthlyUse: set.monthlyUse, by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func listRawMaterialSuppliers(_ input: Operations.ListRawMaterialSuppliers.Input) async throws
        -> Operations.ListRawMaterialSuppliers.Output
    {
        let actor = try RequestContext.requireActor()
        return .ok(.init(body: .json(try Convert.output(try await services.reserves.rawMaterialSuppliers(for: actor)))))
    }

    func addRawMaterialSupplier(_ input: Operations.AddRawMaterialSupplier.Input) async throws
        -> Operations.AddRawMaterialSupplier.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.reserves.addRawMaterialSupplier(try Convert.input(body), by: actor)
        return .created(.init(body: .json(try Convert.output(view))))
    }
}
