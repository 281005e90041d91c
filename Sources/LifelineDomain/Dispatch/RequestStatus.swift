/// The life of a supply request (R5.1): drafted, submitted, then approved or rejected (or withdrawn
/// by the requester), and fulfilled once every order is signed for.
public enum RequestStatus: String, Sendable, Codable, CaseIterable {
    case draft, submitted, approved, rejected, withdrawn, fulfilled, cancelled

    public var text: LocalizedText {
        switch self {
        case .draft: .init(zh: "草稿", en: "draft")
        case .submitted: .init(zh: "已提交", en: "submitted")
        case .approved: .init(zh: "已批准", en: "approved")
        case .rejected: .init(zh: "已驳回", en: "rejected")
        case .withdrawn: .init(zh: "已撤回", en: "withdrawn")
        case .fulfilled: .init(zh: "已完成", en: "fulfilled")
        case .cancelled: .init(zh: "已取消", en: "cancelled")
        }
    }

    /// The status after `action`, or `state.invalid_transition` (approving a withdrawn request…).
    public func applying(_ action: RequestAction) throws(LifelineError) -> RequestStatus {
        switch (self, action) {
        case (.draft, .submit): return .submitted
        case (.submitted, .withdraw): return .withdrawn
        case (.submitted, .approve): return .approved
        case (.submitted, .reject): return .rejected
        case (.submitted, .cancel), (.approved, .cancel): return .cancelled
        case (.approved, .fulfil): return .fulfilled
        default:
            throw LifelineError(
                .invalidTransition,
                localized: ["entity": EntityName.request.text, "from": text, "to": action.target.text])
        }
    }
}

extension RequestStatus {
    /// What an approved request becomes when the state of its goods orders changes (R5.4, R5.6):
    /// fulfilled once every order still standing is delivered; back to submitted — the approver's
    /// inbox — once every order was cancelled, because nothing reached the requester and the need
    /// stands; otherwise unchanged. Any other status is left as it is.
    public func settled(byOrders orders: [DispatchOrderStatus]) -> RequestStatus {
        guard self == .approved, !orders.isEmpty else { return self }
        let standing = orders.filter { $0 != .cancelled }
        if standing.isEmpty { return .submitted }
        return standing.allSatisfy { $0 == .delivered } ? .fulfilled : self
    }
}

/// What can be done to a request.
public enum RequestAction: String, Sendable, Codable, CaseIterable {
    case submit, withdraw, approve, reject, cancel, fulfil

    /// The status the action leads to (for error messages).
    public var target: RequestStatus {
        switch self {
        case .submit: .submitted
        case .withdraw: .withdrawn
        case .approve: .approved
        case .reject: .rejected
        case .cancel: .cancelled
        case .fulfil: .fulfilled
        }
    }
}

/// A request's priority class — the allocation engine's 0/1/2 (R6.1).
public enum RequestPriority: Int, Sendable, Codable, CaseIterable {
    case critical = 0
    case high = 1
    case normal = 2

    public var text: LocalizedText {
        switch self {
        case .critical: .init(zh: "紧急", en: "critical")
        case .high: .init(zh: "优先", en: "high")
        case .normal: .init(zh: "一般", en: "normal")
        }
    }
}
