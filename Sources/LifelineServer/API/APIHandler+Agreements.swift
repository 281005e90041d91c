import Foundation
import LifelineDomain
import LifelineServices
import OpenAPIRuntime

/// Reserve modes and their subsidies (R3.5, R9.2).
extension APIHandler {
    struct ReasonBody: Codable {
        var reason: String?
    }

    func listAgreements(_ input: Operations.ListAgreements.Input) async throws -> Operations.ListAgreements.Output {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let filter = AgreementFilter(
            kind: q.kind.flatMap { AgreementKind(rawValue: $0.rawValue) },
            status: q.status.flatMap { AgreementStatus(rawValue: $0.rawValue) })
        let page = try await services.reserves.agreements(
            filter, page: Convert.page(q.page, q.per, q.sort?.rawValue), for: actor)
        return .ok(.init(body: .json(try Convert.output(PageBody(page)))))
    }

    func createAgreement(_ input: Operations.CreateAgreement.Input) async throws -> Operations.CreateAgreement.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.reserves.createAgreement(try Convert.input(body), by: actor)
        return .created(.init(body: .json(try Convert.output(view))))
    }

    func getAgreement(_ input: Operations.GetAgreement.Input) async throws -> Operations.GetAgreement.Output {
        let actor = try RequestContext.requireActor()
        let view = try await services.reserves.agreement(
            try Convert.uuid(input.path.agreementId, field: "agreementId"), for: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func revokeAgreement(_ input: Operations.RevokeAgreement.Input) async throws -> Operations.RevokeAgreement.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let reason: ReasonBody = try Convert.input(body)
        let view = try await services.reserves.revokeAgreement(
            try Convert.uuid(input.path.agreementId, field: "agreementId"), reason: reason.reason, by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func listSubsidyPeriods(_ input: Operations.ListSubsidyPeriods.Input) async throws
        -> Operations.ListSubsidyPeriods.Output
    {
        let actor = try RequestContext.requireActor()
        let page = try await services.reserves.subsidyPeriods(
            page: Convert.page(input.query.page, input.query.per), for: actor)
        return .ok(.init(body: .json(try Convert.output(PageBody(page)))))
    }

    func createSubsidyPeriod(_ input: Operations.CreateSubsidyPeriod.Input) async throws
        -> Operations.CreateSubsidyPeriod.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.reserves.createSubsidyPeriod(try Convert.input(body), by: actor)
        return .created(.init(body: .json(try Convert.output(view))))
    }

    func getSubsidyReport(_ input: Operations.GetSubsidyReport.Input) async throws
        -> Operations.GetSubsidyReport.Output
    {
        let actor = try RequestContext.requireActor()
        let report = try await services.reserves.subsidyStatements(
            try Convert.uuid(input.path.periodId, field: "periodId"), for: actor)
        return .ok(.init(body: .json(try Convert.output(report))))
    }

    func closeSubsidyPeriod(_ input: Operations.CloseSubsidyPeriod.Input) async throws
        -> Operations.CloseSubsidyPeriod.Output
    {
        let actor = try RequestContext.requireActor()
        let report = try await services.reserves.closeSubsidyPeriod(
            try Convert.uuid(input.path.periodId, field: "periodId"), by: actor)
        return .ok(.init(body: .json(try Convert.output(report))))
    }
}
