import FluentKit
import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import OpenAPIRuntime

extension APIHandler {
    func createToken(_ input: Operations.CreateToken.Input) async throws -> Operations.CreateToken.Output {
        guard case .json(let body) = input.body else {
            throw LifelineError(.malformedBody, field: "body", ["reason": "JSON expected"])
        }
        let actor = try await services.access.authenticate(username: body.username, password: body.password)
        let token = try await services.access.issueToken(
            name: body.name ?? "api", validForDays: body.validForDays ?? 90, for: actor)
        return .created(.init(body: .json(.init(token: token.token, expiresAt: token.expiresAt))))
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let actor = try RequestContext.requireActor()
        return .ok(
            .init(
                body: .json(
                    .init(
                        id: actor.userID.uuidString, username: actor.username,
                        role: try Convert.enum(actor.role, field: "role"),
                        scope: actor.scope.rawValue, unitId: actor.unitID?.uuidString))))
    }

    func listUsers(_ input: Operations.ListUsers.Input) async throws -> Operations.ListUsers.Output {
        let actor = try RequestContext.requireActor()
        let page = try await services.access.users(page: Convert.page(input.query.page, input.query.per), for: actor)
        return .ok(
            .init(
                body: .json(
                    .init(items: try page.items.map(Self.user), page: page.page, per: page.per, total: page.total))))
    }

    func createUser(_ input: Operations.CreateUser.Input) async throws -> Operations.CreateUser.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else {
            throw LifelineError(.malformedBody, field: "body", ["reason": "JSON expected"])
        }
        let user = try await services.access.createUser(
            NewUser(
                username: body.username, displayName: body.displayName, password: body.password,
                role: try Convert.enum(body.role, field: "role"), jurisdiction: body.jurisdiction,
                unitId: try Convert.uuid(body.unitId, field: "unitId")), by: actor)
        return .created(.init(body: .json(try Self.user(user))))
    }

    func listAuditEntries(_ input: Operations.ListAuditEntries.Input) async throws -> Operations.ListAuditEntries.Output
    {
        let actor = try RequestContext.requireActor()
        let page = try await services.access.auditEntries(
            entity: input.query.entity, entityID: input.query.entityId,
            page: Convert.page(input.query.page, input.query.per), for: actor)
        let items = page.items.map {
            Components.Schemas.AuditEntry(
                id: $0.id, chain: $0.chain, sequence: $0.sequence, at: $0.at, actor: $0.actor, action: $0.action,
                entity: $0.entity,
                entityId: $0.entityID, path: $0.path, before: $0.before, after: $0.after, hash: $0.hash)
        }
        return .ok(.init(body: .json(.init(items: items, page: page.page, per: page.per, total: page.total))))
    }

    static func user(_ u: UserView) throws -> Components.Schemas.User {
        .init(
            id: u.id.uuidString, username: u.username, displayName: u.displayName,
            role: try Convert.enum(u.role, field: "role"),
            scope: u.scope, unitId: u.unitId?.uuidString, active: u.active)
    }
}
