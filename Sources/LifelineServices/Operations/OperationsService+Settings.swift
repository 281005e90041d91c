import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

extension OperationsService {
    /// The kind of the notice that tells every instance to reload the stored settings.
    public static let settingsChangedNotice = "settings.changed"
    static let settingsKey = "limits"

    /// The limits in force, for the console's settings page.
    public func currentSettings(for actor: Actor) throws(LifelineError) -> Settings {
        try AccessPolicy.require(.manageUsers, actor)
        return settings
    }

    /// Stores new limits (R5.4, R5.5, R4.3, R5.2: every figure of the seeds is a default an office
    /// may change): an administrator whose scope is a province or wider, audited with before and
    /// after; this instance uses them at once, every other instance on the notice that follows.
    @discardableResult
    public func updateSettings(_ new: Settings, by actor: Actor) async throws -> Settings {
        try AccessPolicy.require(.manageUsers, actor)
        guard actor.scope.level <= .province else {
            throw LifelineError(.forbidden, localized: ["action": Permission.manageUsers.text])
        }
        var new = try new.validated()
        new.maxPageSize = settings.maxPageSize  // a configuration value, not a limit of the work
        let before = settings
        let now = clock.now()
        let notice = DispatchNotice(
            kind: Self.settingsChangedNotice, orderId: nil, requestId: nil, number: "", units: [], paths: [], at: now)
        let stored = new
        try await store.write { tx in
            let record =
                try await StoredSettingRecord.find(Self.settingsKey, on: tx)
                ?? StoredSettingRecord(key: Self.settingsKey, value: "{}", updatedAtMs: 0, updatedByName: "")
            record.value = Self.json(stored)
            record.updatedAtMs = now.milliseconds
            record.updatedByName = actor.username
            try await record.save(on: tx)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "settings.update", by: actor, entity: .settings, id: Self.settingsKey, path: actor.scope,
                        before: before, after: stored)
                ], at: now, on: tx)
            try await announce([notice], on: tx)
        }
        settings = stored
        deliverLocally([notice])
        return stored
    }

    /// Reads the stored limits over the configuration's (at start-up, and when another instance
    /// changed them). Without stored limits the configuration's are in force.
    public func reloadSettings() async throws {
        guard let record = try await StoredSettingRecord.find(Self.settingsKey, on: database) else {
            settings = settingsBox.defaults
            return
        }
        var stored = try ServiceJSON.decoder.decode(Settings.self, from: Data(record.value.utf8))
        stored.maxPageSize = settingsBox.defaults.maxPageSize
        settings = stored
    }
}
