import LifelineDomain
import LifelineServices
import Vapor

/// 运行参数 Settings: the configuration this instance read at start-up (read-only, no secrets) and
/// the limits an administrator may change while Lifeline runs — stored, audited, and in force on
/// every instance at once (issue #6).
extension ConsoleRoutes {
    struct SettingsBody: Encodable {
        var configuration: [ConfigurationRow]
        var fields: [SettingsField]
        var errors: [String: String]
        var canEdit: Bool
    }

    struct ConfigurationRow: Encodable {
        var name: String
        var value: String
        var source: String
    }

    /// One editable limit: its form name, label, value and the range it takes.
    struct SettingsField: Encodable {
        var name: String
        var label: String
        var value: String
        var hint: String
        var error: String?
    }

    func settingsPage(_ request: Request) async throws -> Response {
        let actor = try request.actor
        let current = try services.operations.currentSettings(for: actor)
        return try await renderSettings(request, values: Self.formValues(current), errors: [:], status: .ok)
    }

    func renderSettings(
        _ request: Request, values: [String: String], errors: [String: String], status: HTTPResponseStatus
    ) async throws
        -> Response
    {
        let actor = try request.actor
        let language = request.consoleLanguage
        let t = ConsoleText.table(language)
        let fields = Self.fieldNames.map { name, zh, en, hint in
            SettingsField(
                name: name, label: language == .zh ? zh : en, value: values[name] ?? "", hint: hint, error: errors[name]
            )
        }
        let configuration = (request.application.lifelineConfiguration?.entries ?? []).map {
            ConfigurationRow(
                name: $0.name, value: $0.value,
                source: $0.source == "environment" ? (t["fromEnvironment"] ?? $0.source) : (t["byDefault"] ?? $0.source)
            )
        }
        let body = SettingsBody(
            configuration: configuration, fields: fields, errors: errors,
            canEdit: actor.role == .administrator && actor.scope.level <= .province)
        let response = try await Console.render("settings", title: "settings", nav: "settings", body: body, on: request)
        response.status = status
        return response
    }

    func saveSettings(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let actor = try request.actor
        var values: [String: String] = [:]
        for (name, _, _, _) in Self.fieldNames {
            values[name] = (try? request.content.get(String.self, at: name)) ?? ""
        }
        do {
            let parsed = try Self.settings(from: values, base: try services.operations.currentSettings(for: actor))
            try await services.operations.updateSettings(parsed, by: actor)
            return request.redirect(
                to: "/settings?done=" + (ConsoleText.table(request.consoleLanguage)["settings"] ?? "settings"),
                redirectType: .normal)
        } catch let error as LifelineError where error.field != nil && error.code != .forbidden {
            return try await renderSettings(
                request, values: values, errors: [error.field ?? "form": error.message(request.consoleLanguage)],
                status: .badRequest)
        }
    }

    /// The form's fields: name, Chinese and English label, the range it takes.
    static let fieldNames: [(String, String, String, String)] = [
        ("ackI", "Ⅰ级确认时限（分钟）", "Acknowledge at level I (min)", "1–10000"),
        ("ackII", "Ⅱ级确认时限（分钟）", "Acknowledge at level II (min)", "1–10000"),
        ("ackIII", "Ⅲ级确认时限（分钟）", "Acknowledge at level III (min)", "1–10000"),
        ("ackIV", "Ⅳ级确认时限（分钟）", "Acknowledge at level IV (min)", "1–10000"),
        ("ackDaily", "日常调度确认时限（分钟）", "Acknowledge in daily dispatch (min)", "1–10000"),
        ("paperworkI", "Ⅰ级补手续时限（小时，0=不允许先执行）", "Paperwork at level I (h, 0 = no execute-first)", "0–10000"),
        ("paperworkII", "Ⅱ级补手续时限（小时）", "Paperwork at level II (h)", "0–10000"),
        ("paperworkIII", "Ⅲ级补手续时限（小时）", "Paperwork at level III (h)", "0–10000"),
        ("paperworkIV", "Ⅳ级补手续时限（小时）", "Paperwork at level IV (h)", "0–10000"),
        ("countyDepotToPointHours", "县级库→保障网点时限（小时）", "County depot → point (h)", "0.1–240"),
        ("forwardDepotHours", "前置库覆盖时限（小时）", "Forward depot reach (h)", "0.1–240"),
        ("forwardDepotRadiusKm", "前置库覆盖半径（公里）", "Forward depot radius (km)", "1–1000"),
        ("firstRoundHours", "首轮物资到位时限（小时）", "First-round supplies (h)", "0.1–240"),
        ("roadFactor", "道路系数", "Road factor", "1–5"),
        ("speedKmh", "车速（公里/小时）", "Speed (km/h)", "5–200"),
        ("nearExpiryDays", "近效期天数", "Near expiry (days)", "1–3650"),
        (
            "dailyDispatchDelegatedCities", "已授权县级日常调度的城市（编码，逗号分隔）",
            "Cities delegating daily dispatch (codes, comma-separated)", "5201,5203"
        ),
    ]

    static func formValues(_ s: Settings) -> [String: String] {
        func number(_ value: Double) -> String { value.rounded() == value ? String(Int(value)) : String(value) }
        let ack = s.dispatchPolicy.acknowledgementMinutes
        let paper = s.dispatchPolicy.paperworkDeadlineHours
        var values: [String: String] = [
            "ackDaily": String(s.dispatchPolicy.dailyAcknowledgementMinutes),
            "countyDepotToPointHours": number(s.transport.countyDepotToPointHours),
            "forwardDepotHours": number(s.transport.forwardDepotHours),
            "forwardDepotRadiusKm": number(s.transport.forwardDepotRadiusKm),
            "firstRoundHours": number(s.transport.firstRoundHours), "roadFactor": number(s.transport.roadFactor),
            "speedKmh": number(s.transport.speedKmh), "nearExpiryDays": String(s.nearExpiryDays),
            "dailyDispatchDelegatedCities": s.dispatchPolicy.dailyDispatchDelegatedCities.sorted().joined(
                separator: ","),
        ]
        for (index, level) in ["I", "II", "III", "IV"].enumerated() {
            values["ack" + level] = ack.indices.contains(index) ? String(ack[index]) : ""
            values["paperwork" + level] = paper.indices.contains(index) ? String(paper[index]) : ""
        }
        return values
    }

    /// The settings the form says, over `base`; a field that is not a number is named.
    static func settings(from values: [String: String], base: Settings) throws(LifelineError) -> Settings {
        func number(_ name: String) throws(LifelineError) -> Double {
            guard let value = Double(values[name]?.trimmingCharacters(in: .whitespaces) ?? ""), value.isFinite else {
                throw LifelineError(.wrongType, field: name, ["expected": "number"])
            }
            return value
        }
        func whole(_ name: String) throws(LifelineError) -> Int {
            guard let value = Int(values[name]?.trimmingCharacters(in: .whitespaces) ?? "") else {
                throw LifelineError(.wrongType, field: name, ["expected": "integer"])
            }
            return value
        }
        var s = base
        var ack: [Int] = []
        var paper: [Int] = []
        for level in ["I", "II", "III", "IV"] {
            ack.append(try whole("ack" + level))
            paper.append(try whole("paperwork" + level))
        }
        s.dispatchPolicy.acknowledgementMinutes = ack
        s.dispatchPolicy.paperworkDeadlineHours = paper
        s.dispatchPolicy.dailyAcknowledgementMinutes = try whole("ackDaily")
        s.transport.countyDepotToPointHours = try number("countyDepotToPointHours")
        s.transport.forwardDepotHours = try number("forwardDepotHours")
        s.transport.forwardDepotRadiusKm = try number("forwardDepotRadiusKm")
        s.transport.firstRoundHours = try number("firstRoundHours")
        s.transport.roadFactor = try number("roadFactor")
        s.transport.speedKmh = try number("speedKmh")
        s.nearExpiryDays = try whole("nearExpiryDays")
        s.dispatchPolicy.dailyDispatchDelegatedCities = Set(
            (values["dailyDispatchDelegatedCities"] ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        return s
    }
}
