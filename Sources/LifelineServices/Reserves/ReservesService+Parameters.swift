import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// The figures an office works with (R3.2–R3.4, R4.3): the seed's reserve parameters and rotation
/// windows are defaults; an office stores its own (audited), and a jurisdiction without its own
/// uses the nearest office above that has them.
extension ReservesService {
    static func parametersKey(_ code: String) -> String { "reserve-parameters:\(code)" }

    /// The parameters in force for a jurisdiction the actor reads, and where they were set.
    public func officeParameters(_ code: String, for actor: Actor) async throws -> OfficeParametersView {
        try AccessPolicy.require(.readStock, actor)
        let place = try await jurisdiction(code, on: database)
        let path = try place.jurisdictionPath
        guard !actor.role.isUnitBound, actor.scope.contains(path) || path.contains(actor.scope) else {
            throw LifelineError.outOfScope(.jurisdiction)
        }
        return try await effectiveParameters(path, on: database)
    }

    /// Stores a jurisdiction's own parameters (validated, audited), for an officer whose scope holds it.
    public func setOfficeParameters(_ code: String, _ parameters: OfficeParameters, by actor: Actor) async throws
        -> OfficeParametersView
    {
        try AccessPolicy.require(.managePlans, actor)
        _ = try parameters.reserve.validated()
        _ = try parameters.rotation.validated()
        let now = clock.now()
        return try await store.write { tx in
            let place = try await jurisdiction(code, on: tx)
            let path = try place.jurisdictionPath
            guard !actor.role.isUnitBound, actor.scope.contains(path) else {
                throw LifelineError.outOfScope(.jurisdiction)
            }
            let before = try await effectiveParameters(path, on: tx)
            let key = Self.parametersKey(place.code.rawValue)
            let value = String(decoding: try JSONEncoder.sorted.encode(parameters), as: UTF8.self)
            if let row = try await StoredSettingRecord.find(key, on: tx) {
                row.value = value
                row.updatedAtMs = now.milliseconds
                row.updatedByName = actor.username
                try await row.update(on: tx)
            } else {
                try await StoredSettingRecord(
                    key: key, value: value, updatedAtMs: now.milliseconds, updatedByName: actor.username
                ).create(on: tx)
            }
            let after = try await effectiveParameters(path, on: tx)
            try await AuditTrail.append(
                [
                    AuditEvent(
                        "reserve.parameters", by: actor, entity: .settings, id: key, path: path, before: before,
                        after: after)
                ], at: now, on: tx)
            return after
        }
    }

    /// Every office's stored parameters at once, resolved per path as ``effectiveParameters(_:on:)``
    /// does: for passes over many rows (the alert refresh's lots).
    func parametersResolver(on db: any Database) async throws -> @Sendable (JurisdictionPath) -> OfficeParameters {
        let rows = try await StoredSettingRecord.query(on: db).filter(\.$id >= "reserve-parameters:")
            .filter(\.$id < "reserve-parameters;").all()
        var stored: [String: OfficeParameters] = [:]
        for row in rows {
            guard let key = row.id, let code = key.split(separator: ":").last else { continue }
            stored[String(code)] = try JSONDecoder().decode(OfficeParameters.self, from: Data(row.value.utf8))
        }
        let found = stored
        return { path in
            for code in path.codes.reversed() { if let parameters = found[code.rawValue] { return parameters } }
            return OfficeParameters()
        }
    }

    /// The parameters of the nearest jurisdiction on `path` (itself first) that stored its own.
    func effectiveParameters(_ path: JurisdictionPath, on db: any Database) async throws -> OfficeParametersView {
        let codes = path.codes.map(\.rawValue)
        let rows = try await StoredSettingRecord.query(on: db).filter(\.$id ~~ codes.map(Self.parametersKey)).all()
        let byKey = Dictionary(rows.compactMap { row in row.id.map { ($0, row) } }, uniquingKeysWith: { a, _ in a })
        for code in codes.reversed() {
            guard let row = byKey[Self.parametersKey(code)] else { continue }
            let stored = try JSONDecoder().decode(OfficeParameters.self, from: Data(row.value.utf8))
            return OfficeParametersView(
                jurisdictionCode: codes.last ?? code, source: code, parameters: stored, updatedBy: row.updatedByName,
                updatedAt: Date(milliseconds: row.updatedAtMs))
        }
        return OfficeParametersView(
            jurisdictionCode: codes.last ?? "CN", source: nil, parameters: OfficeParameters(), updatedBy: nil,
            updatedAt: nil)
    }
}

/// An office's figures: the reserve norms' parameters and the rotation windows.
public struct OfficeParameters: Codable, Sendable, Hashable {
    public var reserve: ReserveParameters
    public var rotation: RotationWindows

    public init(reserve: ReserveParameters = ReserveParameters(), rotation: RotationWindows = RotationWindows()) {
        self.reserve = reserve
        self.rotation = rotation
    }
}

/// The parameters in force for a jurisdiction.
public struct OfficeParametersView: Codable, Sendable, Equatable {
    public var jurisdictionCode: String
    /// The jurisdiction that set them; absent: the seed's defaults.
    public var source: String?
    public var parameters: OfficeParameters
    public var updatedBy: String?
    public var updatedAt: Date?
}
