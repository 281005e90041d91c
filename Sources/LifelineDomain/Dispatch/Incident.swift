/// Whether an emergency event is in force.
public enum IncidentStatus: String, Sendable, Codable, CaseIterable {
    case active, ended

    public var text: LocalizedText {
        switch self {
        case .active: .init(zh: "响应中", en: "active")
        case .ended: .init(zh: "已结束", en: "ended")
        }
    }
}

/// A change on an event's timeline (R5.3): an event is declared once at a level, may be raised or
/// lowered while active, and ends once.
public enum IncidentChange: Sendable, Equatable {
    /// Start the response at a level; only a new event can be declared (see ``IncidentState/declared(_:)``).
    case declare(ResponseLevel)
    /// Raise or lower the level of an active event.
    case changeLevel(ResponseLevel)
    /// Stand the response down.
    case end
}

/// An event's status and level, and the changes allowed from it.
public struct IncidentState: Sendable, Equatable {
    public var status: IncidentStatus
    public var level: ResponseLevel

    /// A state as stored; new events start with ``declared(_:)``.
    public init(status: IncidentStatus, level: ResponseLevel) {
        self.status = status
        self.level = level
    }

    /// The state of a newly declared event: active at `level`.
    public static func declared(_ level: ResponseLevel) -> IncidentState {
        IncidentState(status: .active, level: level)
    }

    /// The state after `change`; an ended event changes no more, a level change must change the level,
    /// and an existing event is not declared again. A refusal is `state.invalid_transition` naming the
    /// event (应急事件), where it stands (its level, or 已结束) and what was asked.
    public func applying(_ change: IncidentChange) throws(LifelineError) -> IncidentState {
        switch (status, change) {
        case (.active, .changeLevel(let next)) where next != level: return IncidentState(status: .active, level: next)
        case (.active, .end): return IncidentState(status: .ended, level: level)
        default:
            let to: LocalizedText =
                switch change {
                case .declare(let l), .changeLevel(let l): l.text
                case .end: IncidentStatus.ended.text
                }
            throw LifelineError(
                .invalidTransition,
                localized: [
                    "entity": EntityName.incident.text, "from": status == .ended ? status.text : level.text, "to": to,
                ])
        }
    }

    /// The level in force where several active events cover one jurisdiction: the most severe; nil
    /// when none does (daily dispatch).
    public static func levelInForce(_ levels: [ResponseLevel]) -> ResponseLevel? {
        levels.min { $0.rawValue < $1.rawValue }
    }
}
