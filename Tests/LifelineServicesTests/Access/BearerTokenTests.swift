import FluentKit
import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import Testing

/// A bearer token is looked up on every API request, with nothing cached: it names its user's
/// actor exactly, and an unknown, expired or revoked token, or one of a disabled user, names no one
/// from the next request on.
@Suite struct BearerTokenTests {
    @Test(arguments: TestDatabase.allCases)
    func aTokenNamesItsActorUntilItExpiresIsRevokedOrItsUserIsDisabled(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            #expect(try await services.access.actor(bearer: w.token("officer.a")) == w.officerA)
            #expect(
                try await services.access.actor(bearer: w.token("operator")) == w.operatorActor,
                "a unit-bound actor keeps its unit")
            #expect(w.operatorActor.unitID == w.enterprise)
            #expect(try await services.access.actor(bearer: "ll_unknown") == nil)

            // World's tokens are valid for 30 days.
            let later = LifelineServices.Services(
                store: services.store, clock: .fixed(testNow.addingTimeInterval(31 * 86_400)), ids: services.ids,
                passwords: services.passwords, settings: services.settings)
            #expect(try await later.access.actor(bearer: w.token("officer.a")) == nil, "expired")
            #expect(try await services.access.actor(bearer: w.token("officer.a")) == w.officerA)

            try await APITokenRecord.query(on: services.database).filter(\.$user.$id == w.officerA.userID).set(
                \.$revoked, to: true
            ).update()
            #expect(try await services.access.actor(bearer: w.token("officer.a")) == nil, "revoked")

            try await UserRecord.query(on: services.database).filter(\.$id == w.officerB.userID).set(
                \.$active, to: false
            ).update()
            #expect(try await services.access.actor(bearer: w.token("officer.b")) == nil, "user disabled")
            #expect(
                try await services.access.actor(bearer: w.token("officer.city")) == w.cityOfficer,
                "the others are untouched")
        }
    }
}
