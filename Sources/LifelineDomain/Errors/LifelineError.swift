import Foundation

/// An error Lifeline reports to a person or a client: a stable ``ErrorCode``, the offending field
/// when there is one, and the values its message needs.
///
/// Every module throws this one type for anything a user can cause, so that one middleware can map
/// it to a problem document and one console helper can show it next to the field.
///
///     throw LifelineError(.quantityNotPositive, field: "quantity")
public struct LifelineError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: ErrorCode
    /// The request field at fault, in the API's spelling (`quantity`, `lines[2].lotId`).
    public var field: String?
    /// Values for the message template, e.g. `["available": "3", "requested": "5"]`.
    public var parameters: [String: String]
    /// Values that read differently per language (an entity's name, a status).
    public var localizedParameters: [String: LocalizedText]

    public init(
        _ code: ErrorCode, field: String? = nil, _ parameters: [String: String] = [:],
        localized: [String: LocalizedText] = [:]
    ) {
        self.code = code
        self.field = field
        self.parameters = parameters
        self.localizedParameters = localized
    }

    /// The message in `language`, with the field shown by its localized label.
    public func message(_ language: Language) -> String {
        var text = code.message(language)
        var values = parameters
        for (name, value) in localizedParameters { values[name] = value(language) }
        if let field { values["field"] = FieldLabels.label(for: field, language) }
        for (name, value) in values {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }

    public var description: String { "\(code.rawValue)\(field.map { " [\($0)]" } ?? ""): \(message(.en))" }

    // Convenience constructors for the errors thrown most often.

    public static func required(_ field: String) -> LifelineError { .init(.required, field: field) }

    public static func invalid(_ field: String, _ reason: String) -> LifelineError {
        .init(.invalidValue, field: field, ["reason": reason])
    }

    public static func notFound(_ entity: EntityName, _ id: String) -> LifelineError {
        .init(.notFound, ["id": id], localized: ["entity": entity.text])
    }

    public static func unknownReference(_ field: String, _ entity: EntityName, _ id: String) -> LifelineError {
        .init(.referenceNotFound, field: field, ["id": id], localized: ["entity": entity.text])
    }

    public static func forbidden(_ action: String) -> LifelineError { .init(.forbidden, ["action": action]) }

    public static func outOfScope(_ entity: EntityName) -> LifelineError {
        .init(.outOfScope, localized: ["entity": entity.text])
    }
}

/// Names of the things errors talk about. Raw values are English; ``label(_:)`` localizes.
public enum EntityName: String, Sendable, CaseIterable {
    case jurisdiction, unit, item
    case catalogueVersion = "catalogue version"
    case depot, lot, movement, user, token
    case request, order, incident, vehicle
    /// A write-off request (报废核销单, R4.3).
    case writeOff = "write-off"
    /// A CSV import as a whole (its audit event summarises the rows).
    case csvImport = "import"
    /// The limits an administrator may change while Lifeline runs.
    case settings
    /// A reserve plan (储备计划, R3).
    case plan = "reserve plan"
    /// An alert of the alert centre.
    case alert
    /// A stocktake (盘点单, R4.5).
    case stocktake
    /// An exchange between two jurisdictions (物资置换, R4.4).
    case exchange
    /// A storage, capacity or technology reserve agreement (R3.5).
    case agreement
    /// A subsidy period (补贴结算期, R9.2).
    case subsidyPeriod = "subsidy period"
    /// A temperature excursion of a depot zone (R11.3).
    case excursion = "temperature excursion"
    /// A storage enterprise's weekly report (R11.1).
    case weeklyReport = "weekly report"
    /// A quality inspection (R11.2).
    case inspection
    /// A rotation plan (轮换计划, R4.3).
    case rotationPlan = "rotation plan"
    /// A proposal to change a reserve plan (定额调整建议).
    case proposal = "plan proposal"
    /// A stored mass-testing standard (R7.2).
    case standard = "mass-testing standard"
    /// A distribution point (保障网点, R7.3).
    case distributionPoint = "distribution point"
    /// A route from a county depot to a distribution point (转运路线, #12 item 7).
    case transportRoute = "transport route"

    public var text: LocalizedText { .init(zh: label(.zh), en: label(.en)) }

    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.jurisdiction, .zh): "行政区划"
        case (.unit, .zh): "单位"
        case (.item, .zh): "物资"
        case (.catalogueVersion, .zh): "目录版本"
        case (.depot, .zh): "储备库"
        case (.lot, .zh): "批次"
        case (.movement, .zh): "出入库记录"
        case (.user, .zh): "用户"
        case (.token, .zh): "令牌"
        case (.request, .zh): "需求申请"
        case (.order, .zh): "调度指令"
        case (.incident, .zh): "应急事件"
        case (.vehicle, .zh): "车辆"
        case (.settings, .zh): "运行参数"
        case (.plan, .zh): "储备计划"
        case (.alert, .zh): "预警"
        case (.stocktake, .zh): "盘点单"
        case (.exchange, .zh): "置换单"
        case (.agreement, .zh): "储备协议"
        case (.subsidyPeriod, .zh): "补贴结算期"
        case (.excursion, .zh): "温度超限记录"
        case (.weeklyReport, .zh): "周报"
        case (.inspection, .zh): "质量抽检"
        case (.rotationPlan, .zh): "轮换计划"
        case (.proposal, .zh): "计划调整建议"
        case (.standard, .zh): "核酸检测物资标准"
        case (.distributionPoint, .zh): "保障网点"
        case (.transportRoute, .zh): "转运路线"
        case (.csvImport, .zh): "导入文件"
        case (.writeOff, .zh): "报废核销单"
        case (_, .en): rawValue
        }
    }
}
