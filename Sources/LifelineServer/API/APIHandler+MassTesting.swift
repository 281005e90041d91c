import Foundation
import LifelineDomain
import LifelineServices
import OpenAPIRuntime

/// The mass-testing planner (R7.4, ADR 0038).
extension APIHandler {
    /// What the API answers: the plan's totals per class and round, not the per-area lines.
    struct MassTestingPlanBody: Codable {
        struct Total: Codable {
            var itemClass: String
            var itemCode: String
            var round: Int
            var quantity: Int
            var city: Int
            var districts: Int
        }
        struct Request: Codable {
            var itemClass: String
            var itemCode: String
            var quantity: Int
            var city: Int
            var districts: Int
        }
        struct Coverage: Codable {
            var itemClass: String
            var itemCode: String
            var stockInReach: Int
            var percentByRound: [Int]
            var roundsCovered: Int
            var firstRequestNeed: Int
            var toRequest: Int
        }
        var standardVersion: String
        var posts: MassTestingPosts
        var rounds: [Int]
        var items: [MassTestingItemView]
        var totals: [Total]
        var firstRequestRounds: Int
        var firstRequest: [Request]
        var coverage: [Coverage]
        var areas: [Area]
        var lines: [Line]

        struct Area: Codable {
            var code: String
            var name: String
            var points: Int
            var tables: Int
            var populationTested: Int
            var populationEstimated: Bool
            var posts: Int
        }
        struct Line: Codable {
            var itemClass: String
            var itemCode: String
            var round: Int
            var areaCode: String
            var quantity: Int
            var city: Int
            var districts: Int
        }

        init(_ view: MassTestingPlanView) {
            let plan = view.plan
            standardVersion = plan.standardVersion
            posts = plan.posts
            rounds = plan.rounds.map(\.number)
            items = view.items
            totals = plan.totals.map {
                Total(
                    itemClass: $0.itemClass, itemCode: $0.itemCode, round: $0.round, quantity: $0.quantity,
                    city: $0.city, districts: $0.districts)
            }
            firstRequestRounds = plan.firstRequestRounds
            firstRequest = plan.firstRequest.map {
                Request(
                    itemClass: $0.itemClass, itemCode: $0.itemCode, quantity: $0.quantity, city: $0.city,
                    districts: $0.districts)
            }
            coverage = view.coverage.map {
                Coverage(
                    itemClass: $0.itemClass, itemCode: $0.catalogueCode ?? $0.itemClass, stockInReach: $0.stockInReach,
                    percentByRound: $0.percentByRound, roundsCovered: $0.roundsCovered,
                    firstRequestNeed: $0.firstRequestNeed, toRequest: $0.toRequest)
            }
            areas = plan.areas.map {
                Area(
                    code: $0.code, name: $0.name, points: $0.points, tables: $0.tables,
                    populationTested: $0.populationTested, populationEstimated: $0.populationEstimated,
                    posts: $0.posts.total)
            }
            lines = plan.lines.map {
                Line(
                    itemClass: $0.itemClass, itemCode: $0.itemCode, round: $0.round, areaCode: $0.areaCode,
                    quantity: $0.quantity, city: $0.city, districts: $0.districts)
            }
        }
    }

    func planMassTesting(_ input: Operations.PlanMassTesting.Input) async throws -> Operations.PlanMassTesting.Output {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let plan = try await massTestingInput(
            example: q.example?.rawValue, points: q.points, tables: q.tables, staffPerPoint: q.staffPerPoint,
            rounds: q.rounds, shifts: q.shifts, population: q.population, splitOver: q.splitOver, for: actor)
        let view = try await services.dispatch.massTestingPlan(plan, for: actor)
        return .ok(.init(body: .json(try Convert.output(MassTestingPlanBody(view)))))
    }

    /// A planner's input from the query (the planner and the fleet check), split over the
    /// jurisdictions below `splitOver` when given.
    func massTestingInput(
        example: String?, points: Int?, tables: Int?, staffPerPoint: Double?, rounds: Int?, shifts: Int?,
        population: Int?, splitOver: String?, for actor: Actor
    ) async throws -> MassTestingInput {
        try await services.dispatch.splitMassTestingInput(
            try Self.massTestingInput(
                example: example, points: points, tables: tables, staffPerPoint: staffPerPoint, rounds: rounds,
                shifts: shifts, population: population), over: splitOver, for: actor)
    }

    /// A built-in example, or points, tables, staff per point and rounds (shifts and population optional).
    static func massTestingInput(
        example: String?, points: Int?, tables: Int?, staffPerPoint: Double?, rounds: Int?, shifts: Int?,
        population: Int?
    ) throws -> MassTestingInput {
        if let example {
            guard let found = MassTestingInput.examples[example] else {
                throw LifelineError.invalid("example", MassTestingInput.examples.keys.sorted().joined(separator: ", "))
            }
            return found
        }
        guard let points else { throw LifelineError.required("points") }
        guard let tables else { throw LifelineError.required("tables") }
        guard let staff = staffPerPoint else { throw LifelineError.required("staffPerPoint") }
        guard let rounds else { throw LifelineError.required("rounds") }
        return MassTestingInput(
            points: points, tables: tables, staffPerPointPerShift: Decimal(string: String(staff)) ?? Decimal(staff),
            rounds: rounds, populationTested: population, shifts: shifts ?? 1)
    }

    struct StandardImportBody: Codable {
        var csv: String
    }

    func listMassTestingStandards(_ input: Operations.ListMassTestingStandards.Input) async throws
        -> Operations.ListMassTestingStandards.Output
    {
        let actor = try RequestContext.requireActor()
        return .ok(.init(body: .json(try Convert.output(try await services.dispatch.massTestingStandards(for: actor)))))
    }

    func importMassTestingStandard(_ input: Operations.ImportMassTestingStandard.Input) async throws
        -> Operations.ImportMassTestingStandard.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let upload: StandardImportBody = try Convert.input(body)
        let view = try await services.dispatch.importMassTestingStandard(csv: upload.csv, by: actor)
        return .created(.init(body: .json(try Convert.output(view))))
    }

    func approveMassTestingStandard(_ input: Operations.ApproveMassTestingStandard.Input) async throws
        -> Operations.ApproveMassTestingStandard.Output
    {
        let actor = try RequestContext.requireActor()
        let view = try await services.dispatch.approveMassTestingStandard(
            try Convert.uuid(input.path.standardId, field: "standardId"), by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }
}

extension APIHandler {
    func createMassTestingRequests(_ input: Operations.CreateMassTestingRequests.Input) async throws
        -> Operations.CreateMassTestingRequests.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.dispatch.createMassTestingRequests(
            try Convert.input(body), key: input.headers.idempotencyKey, by: actor)
        return .created(.init(body: .json(try Convert.output(view))))
    }
}
