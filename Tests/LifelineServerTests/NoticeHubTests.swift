import Foundation
import LifelineDomain
import LifelineServices
import Testing

@testable import LifelineServer

/// The hub behind the live streams: notices reach the streams that may see them, and a stream
/// whose reader went away is dropped.
@Suite struct NoticeHubTests {
    static let county = Actor(
        userID: UUID(), username: "c", role: .supplyOfficer, scope: JurisdictionPath(rawValue: "CN/52/5201/520102")!)
    static let other = Actor(
        userID: UUID(), username: "o", role: .supplyOfficer, scope: JurisdictionPath(rawValue: "CN/52/5201/520103")!)

    @Test func noticesReachOnlyTheStreamsThatMaySeeThemAndClosedStreamsAreDropped() async throws {
        let hub = NoticeHub()
        let notice = DispatchNotice(
            kind: "order.issued", orderId: UUID(), requestId: nil, number: "DP-520102-20261124-0001", units: [],
            paths: ["CN/52/5201/520102"], at: Date())
        // Each reader owns its stream, as a server-sent-event response does.
        let reader = Task { () -> String? in
            for await received in hub.subscribe(Self.county) { return received.number }
            return nil
        }
        let outsider = Task { () -> Bool in
            for await _ in hub.subscribe(Self.other) { return true }
            return false
        }
        for _ in 0..<50 where hub.subscriberCount < 2 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(hub.subscriberCount == 2)
        hub.publish(notice)
        #expect(await reader.value == "DP-520102-20261124-0001")
        outsider.cancel()
        #expect(await outsider.value == false, "the other county's stream saw nothing")
        // Both readers are gone: the hub forgets their streams.
        for _ in 0..<50 where hub.subscriberCount > 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(hub.subscriberCount == 0)
    }
}
