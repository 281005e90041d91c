import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO
import Vapor

/// This instance's live streams (R5.4): every open server-sent-event stream subscribes with its
/// actor, and each committed dispatch notice goes to the streams whose actor may see it.
///
/// Notices arrive from this instance's own writes (SQLite) or from PostgreSQL's LISTEN channel,
/// which carries every instance's commits (see ``NoticeSink``).
final class NoticeHub: Sendable {
    private struct Subscriber {
        var actor: Actor
        var continuation: AsyncStream<DispatchNotice>.Continuation
    }

    private let subscribers = NIOLockedValueBox<[UUID: Subscriber]>([:])
    /// Called with every notice this instance receives, whoever may see it (settings reloads).
    private let observers = NIOLockedValueBox<[@Sendable (DispatchNotice) -> Void]>([])

    /// Calls `observer` with every notice from now on.
    func observe(_ observer: @escaping @Sendable (DispatchNotice) -> Void) {
        observers.withLockedValue { $0.append(observer) }
    }

    /// A stream of notices visible to `actor`, until the caller stops listening.
    func subscribe(_ actor: Actor) -> AsyncStream<DispatchNotice> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<DispatchNotice>.makeStream(bufferingPolicy: .bufferingNewest(1000))
        subscribers.withLockedValue { $0[id] = Subscriber(actor: actor, continuation: continuation) }
        continuation.onTermination = { [subscribers] _ in _ = subscribers.withLockedValue { $0.removeValue(forKey: id) }
        }
        return stream
    }

    func publish(_ notice: DispatchNotice) {
        for observer in observers.withLockedValue({ $0 }) { observer(notice) }
        let targets = subscribers.withLockedValue { $0.values.filter { notice.isVisible(to: $0.actor) } }
        for target in targets { target.continuation.yield(notice) }
    }

    var subscriberCount: Int { subscribers.withLockedValue { $0.count } }

    /// Closes every stream (server shutdown).
    func finishAll() {
        let all = subscribers.withLockedValue { current in
            defer { current.removeAll() }
            return Array(current.values)
        }
        for subscriber in all { subscriber.continuation.finish() }
    }
}

/// Listens on PostgreSQL's notice channel and feeds the hub; reconnects after a lost connection.
struct NoticeListener: LifecycleHandler {
    let configuration: PostgresConnection.Configuration
    let hub: NoticeHub

    func didBootAsync(_ application: Application) async throws {
        let hub = self.hub
        let configuration = self.configuration
        let logger = application.logger
        let task = Task {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .millisecondsSince1970
            var attempt = 0
            while !Task.isCancelled {
                do {
                    let connection = try await PostgresConnection.connect(
                        configuration: configuration, id: 1, logger: logger)
                    attempt = 0
                    do {
                        try await connection.listen(on: NoticeSink.channel) { notifications in
                            for try await notification in notifications {
                                // A payload another program wrote in a shape we do not know is not ours to deliver.
                                if let notice = try? decoder.decode(
                                    DispatchNotice.self, from: Data(notification.payload.utf8))
                                {
                                    hub.publish(notice)
                                }
                            }
                        }
                    } catch {
                        try? await connection.close()
                        throw error
                    }
                    try? await connection.close()
                } catch {
                    if Task.isCancelled { break }
                    attempt += 1
                    logger.warning("notice listener lost its connection; reconnecting", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .milliseconds(min(5000, 200 * attempt)))
                }
            }
        }
        application.storage[ListenerTaskKey.self] = task
    }

    func shutdownAsync(_ application: Application) async {
        application.storage[ListenerTaskKey.self]?.cancel()
        hub.finishAll()
    }

    private struct ListenerTaskKey: StorageKey {
        typealias Value = Task<Void, Never>
    }
}

/// Serves a notice stream as server-sent events: one `event: notice` per notice, a comment every
/// 15 s so proxies keep the connection and a closed client is noticed — the first failed write
/// ends the response and unsubscribes it, even when no notice comes.
func eventStreamResponse(hub: NoticeHub, actor: Actor) -> Response {
    let headers: HTTPHeaders = [
        "Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no",
    ]
    return Response(
        status: .ok, headers: headers,
        body: .init(asyncStream: { writer in
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            let (frames, frameSink) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(1000))
            let notices = hub.subscribe(actor)
            let forward = Task {
                for await notice in notices {
                    let json = String(decoding: (try? encoder.encode(notice)) ?? Data("{}".utf8), as: UTF8.self)
                    frameSink.yield("event: notice\ndata: \(json)\n\n")
                }
                frameSink.finish()
            }
            let heartbeat = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(15))
                    frameSink.yield(": keep-alive\n\n")
                }
            }
            defer {
                forward.cancel()  // ends the hub subscription
                heartbeat.cancel()
                frameSink.finish()
            }
            // Vapor requires every stream to end with `.end` or `.error`, also when the client is gone.
            do {
                try await writer.write(.buffer(ByteBuffer(string: "retry: 2000\n: connected\n\n")))
                for await frame in frames {
                    try await writer.write(.buffer(ByteBuffer(string: frame)))
                }
                try? await writer.write(.end)
            } catch {
                try? await writer.write(.error(error))
            }
        }))
}
