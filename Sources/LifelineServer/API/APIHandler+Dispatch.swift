import Foundation
import LifelineDomain
import LifelineServices
import OpenAPIRuntime

/// The dispatch loop's operations (R5): incidents, requests, approval, orders, tracking, signing, charges.
extension APIHandler {
    func listIncidents(_ input: Operations.ListIncidents.Input) async throws -> Operations.ListIncidents.Output {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let page = try await services.dispatch.incidents(
            activeOnly: q.active ?? false, page: Convert.page(q.page, q.per), for: actor)
        return .ok(.init(body: .json(try Convert.output(PageBody(page)))))
    }

    func declareIncident(_ input: Operations.DeclareIncident.Input) async throws -> Operations.DeclareIncident.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.dispatch.declareIncident(
            try Convert.input(body), key: input.headers.idempotencyKey, by: actor)
        return .created(.init(body: .json(try Convert.output(view))))
    }

    func getIncident(_ input: Operations.GetIncident.Input) async throws -> Operations.GetIncident.Output {
        let actor = try RequestContext.requireActor()
        let view = try await services.dispatch.incident(
            try Convert.uuid(input.path.incidentId, field: "incidentId"), for: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func changeIncident(_ input: Operations.ChangeIncident.Input) async throws -> Operations.ChangeIncident.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.dispatch.changeIncident(
            try Convert.uuid(input.path.incidentId, field: "incidentId"), try Convert.input(body),
            key: input.headers.idempotencyKey, by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func getResponseReport(_ input: Operations.GetResponseReport.Input) async throws
        -> Operations.GetResponseReport.Output
    {
        let actor = try RequestContext.requireActor()
        let report = try await services.dispatch.responseReport(
            try Convert.uuid(input.path.incidentId, field: "incidentId"), for: actor)
        return .ok(.init(body: .json(try Convert.output(report))))
    }

    func listRequests(_ input: Operations.ListRequests.Input) async throws -> Operations.ListRequests.Output {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let status: RequestStatus? = try Convert.enum(q.status, field: "status")
        let page = try await services.dispatch.requests(
            RequestFilter(status: status, toDecide: q.toDecide ?? false),
            page: Convert.page(q.page, q.per, q.sort?.rawValue), for: actor)
        return .ok(.init(body: .json(try Convert.output(PageBody(page)))))
    }

    func createRequest(_ input: Operations.CreateRequest.Input) async throws -> Operations.CreateRequest.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.dispatch.createRequest(
            try Convert.input(body), key: input.headers.idempotencyKey, by: actor)
        return .created(.init(body: .json(try Convert.output(view))))
    }

    func getRequest(_ input: Operations.GetRequest.Input) async throws -> Operations.GetRequest.Output {
        let actor = try RequestContext.requireActor()
        let view = try await services.dispatch.request(
            try Convert.uuid(input.path.requestId, field: "requestId"), for: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func actOnRequest(_ input: Operations.ActOnRequest.Input) async throws -> Operations.ActOnRequest.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let id = try Convert.uuid(input.path.requestId, field: "requestId")
        let key = input.headers.idempotencyKey
        let view: RequestView
        switch body.action {
        case .submit: view = try await services.dispatch.changeRequest(id, .submit, key: key, by: actor)
        case .withdraw: view = try await services.dispatch.changeRequest(id, .withdraw, key: key, by: actor)
        case .reject: view = try await services.dispatch.rejectRequest(id, note: body.note, key: key, by: actor)
        case .paperwork: view = try await services.dispatch.completePaperwork(id, key: key, by: actor)
        case .copy:
            guard let neededBy = body.neededBy else { throw LifelineError.required("neededBy") }
            view = try await services.dispatch.copyRequest(id, neededBy: neededBy, key: key, by: actor)
        }
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func getAvailability(_ input: Operations.GetAvailability.Input) async throws -> Operations.GetAvailability.Output {
        let actor = try RequestContext.requireActor()
        let views = try await services.dispatch.availability(
            for: try Convert.uuid(input.path.requestId, field: "requestId"), by: actor)
        return .ok(.init(body: .json(try Convert.output(views))))
    }

    func approveRequest(_ input: Operations.ApproveRequest.Input) async throws -> Operations.ApproveRequest.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let approval = ApprovalInput(
            lines: try body.lines.map {
                try $0.enumerated().map { index, line in
                    ApprovalLineInput(
                        itemId: try Convert.uuid(line.itemId, field: "lines[\(index)].itemId"),
                        depotId: try Convert.uuid(line.depotId, field: "lines[\(index)].depotId"),
                        quantity: line.quantity)
                }
            },
            carrierUnitId: try Convert.uuid(body.carrierUnitId, field: "carrierUnitId"), vehicle: body.vehicle,
            vehicleId: try Convert.uuid(body.vehicleId, field: "vehicleId"), executeFirst: body.executeFirst ?? false,
            borderHandover: body.borderHandover ?? false, note: body.note)
        let view = try await services.dispatch.approveRequest(
            try Convert.uuid(input.path.requestId, field: "requestId"), approval,
            key: input.headers.idempotencyKey, by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func listOrders(_ input: Operations.ListOrders.Input) async throws -> Operations.ListOrders.Output {
        let actor = try RequestContext.requireActor()
        let q = input.query
        let filter = OrderFilter(
            openOnly: q.open ?? false, requestId: try Convert.uuid(q.requestId, field: "requestId"))
        let page = try await services.dispatch.orders(
            filter, page: Convert.page(q.page, q.per, q.sort?.rawValue), for: actor)
        return .ok(.init(body: .json(try Convert.output(PageBody(page)))))
    }

    func getOrder(_ input: Operations.GetOrder.Input) async throws -> Operations.GetOrder.Output {
        let actor = try RequestContext.requireActor()
        let view = try await services.dispatch.order(try Convert.uuid(input.path.orderId, field: "orderId"), for: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func trackOrder(_ input: Operations.TrackOrder.Input) async throws -> Operations.TrackOrder.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let view = try await services.dispatch.track(
            try Convert.uuid(input.path.orderId, field: "orderId"), try Convert.input(body),
            key: input.headers.idempotencyKey, by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func signOrder(_ input: Operations.SignOrder.Input) async throws -> Operations.SignOrder.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let sign = SignInput(
            lines: try body.lines.enumerated().map { index, line in
                SignLineInput(
                    lineId: try Convert.uuid(line.lineId, field: "lines[\(index)].lineId"), accepted: line.accepted,
                    short: line.short ?? 0, damaged: line.damaged ?? 0, note: line.note,
                    photo: try line.photo.map { text throws(LifelineError) in
                        guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
                            throw LifelineError.invalid("lines[\(index)].photo", "base64 expected")
                        }
                        return data
                    })
            })
        let view = try await services.dispatch.sign(
            try Convert.uuid(input.path.orderId, field: "orderId"), sign, key: input.headers.idempotencyKey, by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func getDeliveryPhoto(_ input: Operations.GetDeliveryPhoto.Input) async throws -> Operations.GetDeliveryPhoto.Output
    {
        let actor = try RequestContext.requireActor()
        let photo = try await services.dispatch.deliveryPhoto(
            order: try Convert.uuid(input.path.orderId, field: "orderId"),
            line: try Convert.uuid(input.path.lineId, field: "lineId"), for: actor)
        let body = HTTPBody(photo.bytes)
        switch photo.contentType {
        case "image/png": return .ok(.init(body: .png(body)))
        case "image/webp": return .ok(.init(body: .imageWebp(body)))
        default: return .ok(.init(body: .jpeg(body)))
        }
    }

    func recoverOrder(_ input: Operations.RecoverOrder.Input) async throws -> Operations.RecoverOrder.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let lines: [RecoveryInput] = try Convert.input(body.lines)
        let view = try await services.dispatch.recover(
            try Convert.uuid(input.path.orderId, field: "orderId"), lines, key: input.headers.idempotencyKey,
            by: actor)
        return .ok(.init(body: .json(try Convert.output(view))))
    }

    func listCharges(_ input: Operations.ListCharges.Input) async throws -> Operations.ListCharges.Output {
        let actor = try RequestContext.requireActor()
        let page = try await services.dispatch.charges(
            page: Convert.page(input.query.page, input.query.per), for: actor)
        return .ok(.init(body: .json(try Convert.output(PageBody(page)))))
    }

    func listChargeTotals(_ input: Operations.ListChargeTotals.Input) async throws -> Operations.ListChargeTotals.Output
    {
        let actor = try RequestContext.requireActor()
        return .ok(.init(body: .json(try Convert.output(try await services.dispatch.chargeTotals(for: actor)))))
    }

    static var jsonExpected: LifelineError { LifelineError(.malformedBody, field: "body", ["reason": "JSON expected"]) }
}

/// A page in the shape every list endpoint returns.
struct PageBody<Item: Encodable & Sendable>: Encodable {
    var items: [Item]
    var page: Int
    var per: Int
    var total: Int

    init(_ page: Page<Item>) {
        items = page.items
        self.page = page.page
        per = page.per
        total = page.total
    }
}

/// The allocation engine's plans (R6).
extension APIHandler {
    func planAllocation(_ input: Operations.PlanAllocation.Input) async throws -> Operations.PlanAllocation.Output {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let plan = try await services.allocation.allocationPlan(
            try Self.planInput(body), for: actor, language: RequestContext.language)
        return .ok(.init(body: .json(try Convert.output(plan))))
    }

    func approveAllocationPlan(_ input: Operations.ApproveAllocationPlan.Input) async throws
        -> Operations.ApproveAllocationPlan.Output
    {
        let actor = try RequestContext.requireActor()
        guard case .json(let body) = input.body else { throw Self.jsonExpected }
        let plan = try await services.allocation.approveAllocationPlan(
            try Self.planInput(body), key: input.headers.idempotencyKey, for: actor,
            language: RequestContext.language)
        return .ok(.init(body: .json(try Convert.output(plan))))
    }

    static func planInput(_ body: Components.Schemas.AllocationPlanInput) throws -> AllocationPlanInput {
        AllocationPlanInput(
            requestIds: try body.requestIds.map {
                try $0.enumerated().map { index, id in try Convert.uuid(id, field: "requestIds[\(index)]") }
            },
            fairness: body.fairness ?? false,
            pins: try (body.pins ?? []).enumerated().map { index, pin in
                AllocationPin(
                    requestId: try Convert.uuid(pin.requestId, field: "pins[\(index)].requestId"),
                    itemId: try Convert.uuid(pin.itemId, field: "pins[\(index)].itemId"),
                    depotId: try Convert.uuid(pin.depotId, field: "pins[\(index)].depotId"), quantity: pin.quantity)
            },
            overrides: try (body.overrides ?? []).enumerated().map { index, override in
                AllocationPriorityOverride(
                    requestId: try Convert.uuid(override.requestId, field: "overrides[\(index)].requestId"),
                    priority: try Convert.input(override.priority),
                    reason: override.reason)
            })
    }
}
