import LifelineDomain
import Testing

/// A supply request's life (R5.1): the complete status × action matrix.
@Suite struct DispatchRequestStatusTests {
    /// Every allowed move; all other (status, action) pairs must be refused.
    static let allowed: [RequestStatus: [RequestAction: RequestStatus]] = [
        .draft: [.submit: .submitted],
        .submitted: [.withdraw: .withdrawn, .approve: .approved, .reject: .rejected, .cancel: .cancelled],
        .approved: [.fulfil: .fulfilled, .cancel: .cancelled],
    ]

    @Test(arguments: RequestStatus.allCases)
    func everyMoveFrom(_ status: RequestStatus) throws {
        for action in [RequestAction.submit, .withdraw, .approve, .reject, .cancel, .fulfil] {
            if let next = Self.allowed[status]?[action] {
                #expect(try status.applying(action) == next, "\(status) + \(action)")
            } else {
                let error = #expect(throws: LifelineError.self, "\(status) + \(action)") { try status.applying(action) }
                #expect(error?.code == .invalidTransition)
                #expect(error?.localizedParameters["entity"]?.zh == "需求申请")
                #expect(error?.localizedParameters["from"] == status.text)
            }
        }
    }

    @Test func draftsAreDeletedNotWithdrawn() {
        #expect(throws: LifelineError.self) { try RequestStatus.draft.applying(.withdraw) }
    }

    @Test func finishedRequestsAreFinal() {
        for status in [RequestStatus.rejected, .withdrawn, .fulfilled, .cancelled] {
            for action in [RequestAction.submit, .withdraw, .approve, .reject, .cancel, .fulfil] {
                #expect(throws: LifelineError.self) { try status.applying(action) }
            }
        }
    }

    @Test func approvingAWithdrawnRequestReadsWell() {
        let error = #expect(throws: LifelineError.self) { try RequestStatus.withdrawn.applying(.approve) }
        #expect(error?.message(.zh) == "需求申请不能从“已撤回”变为“已批准”")
        #expect(error?.message(.en) == "request cannot go from withdrawn to approved")
    }

    @Test func anApprovedRequestSettlesByItsOrders() {
        #expect(RequestStatus.approved.settled(byOrders: [.delivered, .delivered]) == .fulfilled)
        #expect(
            RequestStatus.approved.settled(byOrders: [.delivered, .cancelled]) == .fulfilled,
            "what was delivered fulfils it")
        #expect(
            RequestStatus.approved.settled(byOrders: [.cancelled, .cancelled]) == .submitted,
            "back to the approver's inbox")
        #expect(RequestStatus.approved.settled(byOrders: [.cancelled, .departed]) == .approved)
        #expect(RequestStatus.approved.settled(byOrders: [.issued]) == .approved)
        #expect(RequestStatus.approved.settled(byOrders: []) == .approved, "no orders yet: nothing to settle")
        for status in RequestStatus.allCases where status != .approved {
            #expect(status.settled(byOrders: [.cancelled]) == status)
            #expect(status.settled(byOrders: [.delivered]) == status)
        }
    }

    @Test func theHappyPath() throws {
        var status = RequestStatus.draft
        for action in [RequestAction.submit, .approve, .fulfil] { status = try status.applying(action) }
        #expect(status == .fulfilled)
    }

    @Test func textsAndPriorities() {
        #expect(RequestStatus.allCases.map(\.text.zh) == ["草稿", "已提交", "已批准", "已驳回", "已撤回", "已完成", "已取消"])
        #expect(RequestPriority.allCases.map(\.rawValue) == [0, 1, 2], "the allocation engine's priority classes")
        #expect(RequestPriority.allCases.map(\.text.zh) == ["紧急", "优先", "一般"])
        #expect(RequestPriority.allCases.map(\.text.en) == ["critical", "high", "normal"])
        #expect(RequestPriority(rawValue: 0) == .critical)
        #expect(RequestPriority(rawValue: 3) == nil)
    }
}
