import Foundation
import LifelineDomain
import LifelineServices
import OpenAPIRuntime

/// Oversight (R11): the cold chain, weekly reports and quality inspections.
extension APIHandler {
    struct WeekBody: Codable {
        var week: String?
    }

    func ingestTemperatures(_ input: Operations.IngestTemperatures.Input) async throws
        -> Operations.IngestTemperatures.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let result = try await services.reserves.ingestTemperatures(try Convert.input(body), by: actor)
        return .ok(.init(body: .json(try Convert.output(result))))
    }

    func listExcursions(_ input: Operations.ListExcursions.Input) async throws -> Operations.ListExcursions.Output {
        let actor = try RequestContext.requireActor()
        let page = try await services.reserves.excursions(
            page: Convert.page(input.query.page, input.query.per), for: actor)
        return .ok(.init(body: .json(try Convert.output(PageBody(page)))))
    }

    func decideExcursion(_ input: Operations.DecideExcursion.Input) async throws -> Operations.DecideExcursion.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.reserves.decideExcursion(
            try Convert.uuid(input.path.excursionId, field: "excursionId"), try Convert.input(body), by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func listWeeklyReports(_ input: Operations.ListWeeklyReports.Input) async throws
        -> Operations.ListWeeklyReports.Output
    {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let page = try await services.reserves.weeklyReports(
            week: try Self.day(q.week, field: "week"), page: Convert.page(q.page, q.per), for: actor)
        return .ok(.init(body: .json(try Convert.output(PageBody(page)))))
    }

    func compileWeeklyReports(_ input: Operations.CompileWeeklyReports.Input) async throws
        -> Operations.CompileWeeklyReports.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let week: WeekBody = try Convert.input(body)
        let compiled = try await services.reserves.compileWeeklyReports(
            week: try Self.day(week.week, field: "week"), by: actor)
        return .ok(.init(body: .json(.init(compiled: compiled))))
    }

    func confirmWeeklyReport(_ input: Operations.ConfirmWeeklyReport.Input) async throws
        -> Operations.ConfirmWeeklyReport.Output
    {
        let actor = try RequestContext.requireActor()
        let view = try await services.reserves.confirmWeeklyReport(
            try Convert.uuid(input.path.reportId, field: "reportId"), by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func listInspections(_ input: Operations.ListInspections.Input) async throws -> Operations.ListInspections.Output {
        let actor = try RequestContext.requireActor()
        let page = try await services.reserves.inspections(
            page: Convert.page(input.query.page, input.query.per), for: actor)
        return .ok(.init(body: .json(try Convert.output(PageBody(page)))))
    }

    func planInspection(_ input: Operations.PlanInspection.Input) async throws -> Operations.PlanInspection.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.reserves.planInspection(try Convert.input(body), by: actor)
        return .created(.init(body: .json(try Convert.output(view))))
    }

    func completeInspection(_ input: Operations.CompleteInspection.Input) async throws
        -> Operations.CompleteInspection.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.reserves.completeInspection(
            try Convert.uuid(input.path.inspectionId, field: "inspectionId"), try Convert.input(body), by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func getDailyReport(_ input: Operations.GetDailyReport.Input) async throws -> Operations.GetDailyReport.Output {
        let actor = try RequestContext.requireActor()
        let report = try await services.reserves.dailyReport(
            day: try Self.day(input.query.day, field: "day"), for: actor)
        return .ok(.init(body: .json(try Convert.output(report))))
    }

    /// A day the contract passed as `format: date`, or an error naming `field`.
    static func day(_ text: String?, field: String) throws -> Day? {
        guard let text else { return nil }
        guard let day = Day(iso: text) else { throw LifelineError(.invalidDate, field: field) }
        return day
    }
}
