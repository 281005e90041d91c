import Foundation

/// The three dispatch orders of R5.3 (ADR 0013).
public enum DispatchOrderKind: String, Sendable, Codable, CaseIterable {
    /// 调拨令 — stock moves between reserve depots; the receiver is a depot.
    case allocation
    /// 调配令 — reserve stock goes to a using unit and is consumed there.
    case deployment
    /// 配送令 — a carrier's instruction to carry an allocation or deployment order's goods.
    case delivery

    public var prefix: String {
        switch self {
        case .allocation: "DB"
        case .deployment: "DP"
        case .delivery: "PS"
        }
    }

    public var text: LocalizedText {
        switch self {
        case .allocation: .init(zh: "调拨令", en: "Allocation order")
        case .deployment: .init(zh: "调配令", en: "Deployment order")
        case .delivery: .init(zh: "配送令", en: "Delivery order")
        }
    }
}

/// Where a dispatch order stands.
public enum DispatchOrderStatus: String, Sendable, Codable, CaseIterable {
    case issued, acknowledged, picked, loaded, departed, arrived, delivered, cancelled

    public var text: LocalizedText {
        switch self {
        case .issued: .init(zh: "已下达", en: "issued")
        case .acknowledged: .init(zh: "已确认", en: "acknowledged")
        case .picked: .init(zh: "已拣货", en: "picked")
        case .loaded: .init(zh: "已装车", en: "loaded")
        case .departed: .init(zh: "已出发", en: "departed")
        case .arrived: .init(zh: "已到达", en: "arrived")
        case .delivered: .init(zh: "已签收", en: "delivered")
        case .cancelled: .init(zh: "已取消", en: "cancelled")
        }
    }

    /// Not delivered and not cancelled.
    public var isOpen: Bool { self != .delivered && self != .cancelled }

    /// The picked lots are still reserved in the depot (the goods have not left).
    public var holdsReservation: Bool { [.issued, .acknowledged, .picked, .loaded].contains(self) }

    /// The status after `action`; anything out of order ("sign before arrival", "sign twice",
    /// "depart before loading") is `state.invalid_transition`.
    public func applying(_ action: DispatchOrderAction) throws(LifelineError) -> DispatchOrderStatus {
        switch (self, action) {
        case (.issued, .acknowledge): return .acknowledged
        case (.acknowledged, .pick): return .picked
        case (.picked, .load): return .loaded
        case (.loaded, .depart): return .departed
        case (.departed, .checkpoint): return .departed
        case (.departed, .arrive): return .arrived
        case (.arrived, .sign): return .delivered
        case (.issued, .cancel), (.acknowledged, .cancel), (.picked, .cancel): return .cancelled
        default:
            throw LifelineError(
                .invalidTransition, localized: ["entity": EntityName.order.text, "from": text, "to": action.text])
        }
    }
}

/// What the executing units and the receiver do to an order (R5.4, R5.6).
public enum DispatchOrderAction: String, Sendable, Codable, CaseIterable {
    case acknowledge, pick, load, depart, checkpoint, arrive, sign, cancel

    public var text: LocalizedText {
        switch self {
        case .acknowledge: .init(zh: "确认接收", en: "acknowledge")
        case .pick: .init(zh: "拣货", en: "pick")
        case .load: .init(zh: "装车", en: "load")
        case .depart: .init(zh: "出发", en: "depart")
        case .checkpoint: .init(zh: "途经检查点", en: "checkpoint")
        case .arrive: .init(zh: "到达", en: "arrive")
        case .sign: .init(zh: "签收", en: "sign")
        case .cancel: .init(zh: "取消", en: "cancel")
        }
    }
}

/// The two executing units of an order (R5.4): the operator of the source depot and the carrier.
public enum ExecutingParty: String, Sendable, Hashable, CaseIterable {
    case depot, carrier

    /// The parties `unit` is on an order with this depot operator and carrier (both, for an
    /// enterprise that carries its own goods; none for an outsider).
    public static func of(_ unit: UUID?, depotOperator: UUID?, carrier: UUID?) -> Set<ExecutingParty> {
        guard let unit else { return [] }
        var parties: Set<ExecutingParty> = []
        if unit == depotOperator { parties.insert(.depot) }
        if unit == carrier { parties.insert(.carrier) }
        return parties
    }
}

extension DispatchOrderAction {
    /// Who performs this step: the depot picks and loads; the carrier departs, passes checkpoints
    /// and arrives — the depot itself when the order has no carrier (own transport); either
    /// acknowledges the order it was sent. Signing is the receiver's and cancelling the approver's,
    /// so neither executing party does them.
    public func performers(orderHasCarrier: Bool) -> Set<ExecutingParty> {
        switch self {
        case .acknowledge: [.depot, .carrier]
        case .pick, .load: [.depot]
        case .depart, .checkpoint, .arrive: orderHasCarrier ? [.carrier] : [.depot]
        case .sign, .cancel: []
        }
    }

    /// Whether `unit` takes this step on an order with this depot operator and carrier.
    public func isPerformed(byUnit unit: UUID?, depotOperator: UUID?, carrier: UUID?) -> Bool {
        !ExecutingParty.of(unit, depotOperator: depotOperator, carrier: carrier).isDisjoint(
            with: performers(orderHasCarrier: carrier != nil))
    }

    /// The executing steps, in the order an order goes through them.
    public static let executingSteps: [DispatchOrderAction] = [
        .acknowledge, .pick, .load, .depart, .checkpoint, .arrive,
    ]
}
