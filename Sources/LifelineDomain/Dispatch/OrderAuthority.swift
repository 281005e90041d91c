import Foundation

/// The parties and state of an order that decide who may move it: its status and kind, the areas
/// of its depot, receiver and approver, and the units that operate the depot, carry and receive.
public struct OrderParties: Sendable, Hashable {
    public var kind: DispatchOrderKind
    public var status: DispatchOrderStatus
    public var depotPath: JurisdictionPath
    public var receiverPath: JurisdictionPath
    public var approverPath: JurisdictionPath
    public var depotOperator: UUID?
    public var carrier: UUID?
    public var receiver: UUID?

    public init(
        kind: DispatchOrderKind, status: DispatchOrderStatus, depotPath: JurisdictionPath,
        receiverPath: JurisdictionPath,
        approverPath: JurisdictionPath, depotOperator: UUID?, carrier: UUID?, receiver: UUID?
    ) {
        self.kind = kind
        self.status = status
        self.depotPath = depotPath
        self.receiverPath = receiverPath
        self.approverPath = approverPath
        self.depotOperator = depotOperator
        self.carrier = carrier
        self.receiver = receiver
    }
}

/// Who may take which step on an order now (R5.4, R5.6): the one answer the service enforces and the
/// console shows, so that a button is never offered that the service would refuse.
///
/// - Executing steps (acknowledge … arrive): the executing party's unit — the depot's warehouse
///   steps, the carrier's road steps (ExecutingParty) — or an officer over the depot.
/// - Cancel: an officer over the approving office, before loading (releases the reservations).
/// - Sign: the receiving unit, or an officer over the receiver, once the goods arrived; never a
///   delivery order (its goods are signed on the order it carries).
public enum OrderAuthority {
    /// Throws unless `actor` may take `action` on `order` now: the role's permission, the actor's
    /// part in the order, then the status.
    public static func check(_ action: DispatchOrderAction, on order: OrderParties, by actor: Actor)
        throws(LifelineError)
    {
        switch action {
        case .cancel:
            try AccessPolicy.require(.approveDispatch, actor)
            guard !actor.role.isUnitBound, actor.scope.contains(order.approverPath) else { throw .outOfScope(.order) }
        case .sign:
            try AccessPolicy.require(.signDelivery, actor)
            guard order.kind != .delivery else {
                throw LifelineError.invalid("orderId", "sign the allocation or deployment order the delivery carries")
            }
            guard ScopeFilter(actor).admits(paths: [order.receiverPath], units: [order.receiver]) else {
                throw .outOfScope(.order)
            }
            guard order.status == .arrived else {
                throw LifelineError(
                    .invalidTransition,
                    localized: [
                        "entity": EntityName.order.text, "from": order.status.text,
                        "to": DispatchOrderStatus.delivered.text,
                    ])
            }
            return
        case .acknowledge, .pick, .load, .depart, .checkpoint, .arrive:
            try requireExecutingParty(action, on: order, by: actor)
        }
        _ = try order.status.applying(action)
    }

    /// Throws unless `actor` may record reusable items coming back from a delivered order (R4.6): the
    /// depot's side, as for its warehouse steps, since the items go back into the depot's lots.
    public static func checkRecovery(on order: OrderParties, by actor: Actor) throws(LifelineError) {
        try requireExecutingParty(.pick, on: order, by: actor)
        guard order.status == .delivered else {
            throw LifelineError(
                .invalidTransition,
                localized: [
                    "entity": EntityName.order.text, "from": order.status.text,
                    "to": .init(zh: "回收", en: "recovered"),
                ])
        }
    }

    /// The executing side: the depot's operator for warehouse steps, the carrier for the road (R5.4),
    /// or an officer over the depot.
    private static func requireExecutingParty(_ action: DispatchOrderAction, on order: OrderParties, by actor: Actor)
        throws(LifelineError)
    {
        try AccessPolicy.require(.executeDispatch, actor)
        if actor.role.isUnitBound {
            guard !ExecutingParty.of(actor.unitID, depotOperator: order.depotOperator, carrier: order.carrier).isEmpty
            else {
                throw .outOfScope(.order)
            }
            guard action.isPerformed(byUnit: actor.unitID, depotOperator: order.depotOperator, carrier: order.carrier)
            else {
                throw LifelineError(.forbidden, localized: ["action": action.text])
            }
        } else {
            guard actor.scope.contains(order.depotPath) else { throw .outOfScope(.order) }
        }
    }

    /// Whether ``check(_:on:by:)`` lets `actor` take `action` now.
    public static func allows(_ action: DispatchOrderAction, on order: OrderParties, by actor: Actor) -> Bool {
        (try? check(action, on: order, by: actor)) != nil
    }

    /// What `actor` may do to `order` now, for the console and the API's next steps.
    public static func actions(on order: OrderParties, by actor: Actor) -> OrderActions {
        OrderActions(
            steps: DispatchOrderAction.executingSteps.filter { allows($0, on: order, by: actor) },
            cancel: allows(.cancel, on: order, by: actor), sign: allows(.sign, on: order, by: actor),
            recover: (try? checkRecovery(on: order, by: actor)) != nil)
    }
}

/// The moves an actor may make on an order now (``OrderAuthority/actions(on:by:)``).
public struct OrderActions: Sendable, Hashable {
    /// Executing steps, in the order an order goes through them.
    public var steps: [DispatchOrderAction]
    public var cancel: Bool
    public var sign: Bool
    /// Recording reusable items that came back (``OrderAuthority/checkRecovery(on:by:)``).
    public var recover: Bool

    public init(steps: [DispatchOrderAction], cancel: Bool, sign: Bool, recover: Bool) {
        self.steps = steps
        self.cancel = cancel
        self.sign = sign
        self.recover = recover
    }
}
