import Foundation
import LifelineDomain
import LifelineServices
import Vapor

/// 原材料储备 (R3.6): the eight whitelisted materials of a jurisdiction and their suppliers.
extension ConsoleRoutes {
    struct RawMaterialsBody: Encodable {
        var jurisdiction: String
        var rows: [RawMaterialRow]
        var suppliers: [SupplierRow]
        var materials: [Option]
        var mayEdit: Bool
    }

    struct RawMaterialRow: Encodable {
        var material: String
        var label: String
        var unit: String
        var stock: Int
        var monthlyUse: Int
        var months: String
        var proposal: String
        var low: Bool
    }

    struct SupplierRow: Encodable {
        var material: String
        var name: String
        var agreed: String
        var latest: String
        var withinBand: Bool
    }

    func rawMaterialsPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let language = request.consoleLanguage
        let code = request.query[String.self, at: "jurisdiction"] ?? actor.scope.codes.last?.rawValue ?? "CN"
        let rows = try await services.reserves.rawMaterials(in: code, for: actor)
        let suppliers = try await services.reserves.rawMaterialSuppliers(for: actor)
        let body = RawMaterialsBody(
            jurisdiction: code,
            rows: rows.map { r in
                RawMaterialRow(
                    material: r.material.rawValue, label: r.material.text(language),
                    unit: language == .en ? r.unitEn : r.unitZh, stock: r.stock, monthlyUse: r.monthlyUse,
                    months: r.monthsOfCoverTenths.map { "\($0 / 10).\($0 % 10)" } ?? "—",
                    proposal: r.proposedPurchase > 0 ? Format.number(r.proposedPurchase) : "",
                    low: r.proposedPurchase > 0)
            },
            suppliers: suppliers.map { s in
                SupplierRow(
                    material: s.material.text(language), name: s.name, agreed: Format.money(fen: s.agreedPriceFen),
                    latest: s.latestPriceFen.map { Format.money(fen: $0) } ?? "—", withinBand: s.withinBand)
            },
            materials: RawMaterialClass.allCases.map {
                Option(value: $0.rawValue, label: $0.text(language), selected: false)
            },
            mayEdit: actor.role.permits(.managePlans) && !actor.role.isUnitBound)
        return try await Console.render(
            "raw-materials", title: "rawMaterials", nav: "reserves", body: body, on: request)
    }

    func setRawMaterial(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        guard let material = form["material"].flatMap(RawMaterialClass.init(rawValue:)) else {
            throw LifelineError.required("material")
        }
        func int(_ name: String) throws -> Int {
            guard let value = form[name].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
                throw LifelineError.invalid(name, "a whole number")
            }
            return value
        }
        let code = form["jurisdictionCode"] ?? ""
        _ = try await services.reserves.setRawMaterial(
            material, in: code, stock: try int("stock"), monthlyUse: try int("monthlyUse"), by: try request.actor)
        return request.redirect(to: "/raw-materials?jurisdiction=\(code)&done=✓")
    }

    func addRawMaterialSupplier(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode([String: String].self)
        guard let material = form["material"].flatMap(RawMaterialClass.init(rawValue:)) else {
            throw LifelineError.required("material")
        }
        func fen(_ name: String) throws -> Int? {
            guard let text = form[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            guard let yuan = Decimal(string: text) else { throw LifelineError.invalid(name, "an amount in CNY") }
            return NSDecimalNumber(decimal: yuan * 100).intValue
        }
        guard let agreed = try fen("agreedYuan") else { throw LifelineError.required("agreedYuan") }
        _ = try await services.reserves.addRawMaterialSupplier(
            NewRawMaterialSupplier(
                material: material, name: form["name"] ?? "", agreedPriceFen: agreed,
                latestPriceFen: try fen("latestYuan")), by: try request.actor)
        return request.redirect(to: "/raw-materials?done=✓")
    }
}
