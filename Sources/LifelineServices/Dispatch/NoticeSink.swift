import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore

/// Where this instance's committed dispatch notices go (the server's hub of live streams).
///
/// On PostgreSQL a notice travels as `pg_notify` inside the writing transaction, so it is sent if and
/// only if the transaction commits and reaches every instance listening (the writer included) —
/// nothing is delivered locally. On SQLite there is one instance: the notice is delivered locally
/// after the commit.
public struct NoticeSink: Sendable {
    public var deliver: @Sendable (DispatchNotice) -> Void

    public init(deliver: @escaping @Sendable (DispatchNotice) -> Void) { self.deliver = deliver }

    public static let discard = NoticeSink { _ in }

    /// The PostgreSQL channel instances LISTEN on.
    public static let channel = "lifeline_dispatch"
}

extension Capability {
    /// Sends the notices with the transaction on PostgreSQL (see ``NoticeSink``).
    func announce(_ notices: [DispatchNotice], on tx: any Database) async throws {
        guard store.engine == .postgres else { return }
        for notice in notices {
            let payload = Self.json(notice)
            try await tx.sql().raw("SELECT pg_notify(\(bind: NoticeSink.channel), \(bind: payload))").run()
        }
    }

    /// Delivers committed notices on this instance when there is no database channel (SQLite).
    func deliverLocally(_ notices: [DispatchNotice]) {
        guard store.engine != .postgres else { return }
        for notice in notices { self.notices.deliver(notice) }
    }
}

extension Audited {
    /// The output, after delivering the notices locally where the database does not carry them.
    func delivered(by services: some Capability) -> Output {
        services.deliverLocally(notices)
        return output
    }
}
