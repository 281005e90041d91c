import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// The moves an actor may make on a request now, as the calls that make them decide.
public struct RequestActions: Sendable, Hashable {
    /// Submit the draft, withdraw the submitted request (the requesting side).
    public var submit: Bool
    public var withdraw: Bool
    /// Start a new draft from its lines (the requesting side).
    public var copy: Bool
    /// Approve or reject it (the deciding office at the level in force, never its author).
    public var decide: Bool
    /// Complete the paperwork of a request executed first (the approving office).
    public var paperwork: Bool

    public init(submit: Bool, withdraw: Bool, copy: Bool, decide: Bool, paperwork: Bool) {
        self.submit = submit
        self.withdraw = withdraw
        self.copy = copy
        self.decide = decide
        self.paperwork = paperwork
    }
}

extension DispatchService {
    /// What `actor` may do to the request now, for the console's buttons: each answer runs the check
    /// of the call that does it (the same permission, party, office and status), so the page never
    /// offers what the service would refuse, nor hides what it would accept.
    public func requestActions(_ id: UUID, for actor: Actor) async throws -> RequestActions {
        let record = try await request(id, for: actor, on: database)
        let status = try Stored.value(RequestStatus.self, record.status, column: "supply_requests.status")
        func passes(_ check: () async throws -> Void) async -> Bool {
            do {
                try await check()
                return true
            } catch { return false }
        }
        let requester = await passes {
            try AccessPolicy.require(.requestSupplies, actor)
            _ = try await requestingUnit(record.unitID, for: actor, on: database)
        }
        let decider = await passes {
            try AccessPolicy.require(.approveDispatch, actor)
            _ = try status.applying(.approve)
            try await requireDecider(record, actor, on: database)
        }
        return RequestActions(
            submit: requester && (try? status.applying(.submit)) != nil,
            withdraw: requester && (try? status.applying(.withdraw)) != nil,
            copy: requester, decide: decider, paperwork: await passes { try requirePaperworkDue(record, actor) })
    }
}
