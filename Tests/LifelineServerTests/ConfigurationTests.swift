import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import Testing

@testable import LifelineServer

/// One typed configuration read once (issue #6), and the limits an administrator changes while
/// Lifeline runs: stored, audited, in force at once, and reloaded by every instance.
@Suite struct ConfigurationTests {
    @Test func theEnvironmentIsReadIntoOneValueWithoutSecretsInItsPrintout() throws {
        let configuration = try Configuration(environment: [
            "DATABASE_URL": "postgres://lifeline:s3cret@db.example:5432/lifeline",
            "LIFELINE_ACK_MINUTES": "5, 15, 30, 60, 90",
            "LIFELINE_LEG_HOURS": "1.5,4,5", "LIFELINE_DAILY_DISPATCH_CITIES": "5201",
        ])
        let settings = configuration.settings
        #expect(settings.dispatchPolicy.acknowledgementLimit(at: .levelI) == 5)
        #expect(settings.dispatchPolicy.acknowledgementLimit(at: nil) == 90)
        #expect(settings.transport.countyDepotToPointHours == 1.5)
        #expect(settings.dispatchPolicy.paperworkDeadlineHours == [24, 48, 72, 0])
        #expect(settings.dispatchPolicy.dailyDispatchDelegatedCities == ["5201"])
        #expect(configuration.database.engine == .postgres)
        let printed = configuration.entries.map { "\($0.name)=\($0.value) (\($0.source))" }
        #expect(!printed.joined().contains("s3cret"), "the password is not printed")
        #expect(printed.contains("LIFELINE_VENDOR_DIR=/usr/share/javascript (default)"))
        #expect(printed.contains("LIFELINE_LEG_HOURS=1.5,4,5 (environment)"))
        let error = #expect(throws: LifelineError.self) {
            try Configuration(environment: ["LIFELINE_ACK_MINUTES": "10,20"])
        }
        #expect(error?.field == "LIFELINE_ACK_MINUTES")
        #expect(throws: LifelineError.self) {
            try Configuration(environment: ["LIFELINE_DAILY_DISPATCH_CITIES": "520102"])
        }
        #expect(throws: LifelineError.self) { try Configuration(environment: ["DATABASE_URL": "mysql://x"]) }
    }

    @Test(arguments: TestDatabase.allCases)
    func anAdministratorChangesALimitWhileRunningAndItIsAuditedAndInForce(_ engine: TestDatabase) async throws {
        try await withApp(engine) { _, services in
            let w = try await World.build(services)
            var changed = services.settings
            changed.dispatchPolicy.acknowledgementMinutes = [5, 20, 30, 60]
            changed.dispatchPolicy.dailyDispatchDelegatedCities = ["5201"]
            // A county officer may not; an administrator of a county may not either (the limits are the deployment's).
            await #expect(throws: LifelineError.self) {
                try await services.operations.updateSettings(changed, by: w.officerA)
            }
            var invalid = changed
            invalid.transport.firstRoundHours = -1
            await #expect(throws: LifelineError.self) {
                try await services.operations.updateSettings(invalid, by: .system)
            }
            #expect(
                services.settings.dispatchPolicy.acknowledgementMinutes == [10, 20, 30, 60],
                "refused changes change nothing")
            try await services.operations.updateSettings(changed, by: .system)
            #expect(services.settings.dispatchPolicy.acknowledgementLimit(at: .levelI) == 5)
            // In force at once: the county now decides its daily dispatch.
            let decision = DispatchAuthority.decide(
                DispatchQuestion(
                    requester: JurisdictionCode(rawValue: "520102")!.path,
                    sources: [JurisdictionCode(rawValue: "520102")!.path],
                    level: nil), settings: services.settings.dispatchPolicy)
            #expect(decision.tier == .county)
            // Another instance (a fresh Services over the same database, with the configuration's
            // values) reads them on reload, which the change's notice triggers.
            let other = Services(store: services.store, clock: services.clock, passwords: services.passwords)
            #expect(other.settings.dispatchPolicy.acknowledgementMinutes == [10, 20, 30, 60])
            try await other.operations.reloadSettings()
            #expect(other.settings.dispatchPolicy.acknowledgementMinutes == [5, 20, 30, 60])
            let audit = try await services.access.auditEntries(
                entity: "settings", entityID: nil, page: PageRequest(), for: .system)
            #expect(audit.items.map(\.action) == ["settings.update"])
        }
    }

    @Test func theConsoleSettingsPageChangesALimitAndNamesABadField() async throws {
        try await withApp(.sqlite) { app, services in
            _ = try await World.build(services)
            _ = try await services.access.createUser(
                NewUser(
                    username: "admin.cfg", displayName: "a", password: World.password, role: .administrator,
                    jurisdiction: "CN"), by: .system)
            var session = try await ConsoleSession.signIn(app, "admin.cfg")
            let page = try await session.get("/settings")
            #expect(page.status == .ok)
            var form = ConsoleRoutes.formValues(services.settings)
            form["ackI"] = "ten"
            let bad = try await session.post("/settings", form: form)
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("is-invalid"))
            #expect(services.settings.dispatchPolicy.acknowledgementMinutes[0] == 10)
            form["ackI"] = "7"
            let good = try await session.post("/settings", form: form)
            #expect(good.status == .seeOther)
            #expect(services.settings.dispatchPolicy.acknowledgementMinutes[0] == 7)
            var officer = try await ConsoleSession.signIn(app, "officer.city")
            #expect(try await officer.get("/settings").status == .forbidden)
        }
    }
}
