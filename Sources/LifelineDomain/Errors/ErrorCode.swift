import Foundation

/// The stable codes of every error Lifeline reports to people and to other systems.
///
/// A code never changes meaning once released: clients branch on it. The message shown next to it
/// is localized from ``message(_:)``; parameters in braces are filled from ``LifelineError/parameters``.
public enum ErrorCode: String, Sendable, CaseIterable, Codable {
    // Input
    case required = "input.required"
    case invalidValue = "input.invalid"
    case tooLong = "input.too_long"
    case outOfRange = "input.out_of_range"
    case quantityNotPositive = "input.quantity_not_positive"
    case malformedBody = "input.malformed_body"
    case wrongType = "input.wrong_type"
    case payloadTooLarge = "input.payload_too_large"
    case invalidDate = "input.invalid_date"
    case duplicate = "input.duplicate"
    case valueTooLarge = "value.too_large"
    // Lookup
    case notFound = "resource.not_found"
    case referenceNotFound = "resource.reference_not_found"
    case routeNotFound = "route.not_found"
    case methodNotAllowed = "route.method_not_allowed"
    // Access
    case unauthenticated = "auth.unauthenticated"
    case invalidCredentials = "auth.invalid_credentials"
    case forbidden = "auth.forbidden"
    case outOfScope = "auth.out_of_scope"
    case csrfMismatch = "auth.csrf_mismatch"
    // Stock
    case insufficientStock = "stock.insufficient"
    case lotExpired = "stock.lot_expired"
    case lotNotAvailable = "stock.lot_not_available"
    case lotItemMismatch = "stock.lot_item_mismatch"
    case sameDepot = "stock.same_depot"
    case storageMismatch = "stock.storage_mismatch"
    case invalidTransition = "state.invalid_transition"
    case writeOffSamePerson = "stock.write_off_same_person"
    // Dispatch authority (R5.2, R5.3)
    case selfApproval = "dispatch.self_approval"
    case countyDispatchFrozen = "dispatch.county_frozen"
    case approvalTierRequired = "dispatch.approval_tier_required"
    case ownSupplyFirst = "dispatch.own_supply_first"
    case nothingToApprove = "allocation.nothing_to_approve"
    case recoveryExceedsAccepted = "dispatch.recovery_exceeds_accepted"
    // Reserve plans (R3)
    case planSelfApproval = "plans.self_approval"
    case planNeedsLevelAbove = "plans.level_above"
    case planRevisionOpen = "plans.revision_open"
    case stocktakeSamePerson = "stocktake.same_person"
    case stocktakeUncounted = "stocktake.uncounted"
    case exchangeUnequal = "exchange.unequal_value"
    case enterpriseRevoked = "agreement.enterprise_revoked"
    case periodNotOver = "subsidy.period_not_over"
    case kitShortComponent = "kit.short_component"
    case standardSelfApproval = "standard.self_approval"
    // Retries and conflicts
    case idempotencyKeyReused = "idempotency.key_reused"
    case idempotencyKeyMissing = "idempotency.key_missing"
    case conflict = "state.conflict"
    // Files
    case importFailed = "import.failed"
    case importEncoding = "import.encoding"
    case fileUnreadable = "file.unreadable"
    case fileUnwritable = "file.unwritable"
    // Stored data
    case unknownStoredValue = "data.unknown_stored_value"
    // Anything else
    case internalError = "server.internal"

    /// The message template in `language`; `{field}` and other names in braces are filled in.
    public func message(_ language: Language) -> String {
        Self.templates[self]?(language) ?? rawValue
    }

    private static let templates: [ErrorCode: LocalizedText] = [
        .required: .init(zh: "缺少必填项：{field}", en: "{field} is required"),
        .invalidValue: .init(zh: "{field} 的值无效：{reason}", en: "{field} is invalid: {reason}"),
        .tooLong: .init(zh: "{field} 过长（最多 {max} 个字符）", en: "{field} is too long (at most {max} characters)"),
        .outOfRange: .init(zh: "{field} 超出范围（{min} 至 {max}）", en: "{field} is out of range ({min} to {max})"),
        .quantityNotPositive: .init(zh: "{field} 必须是正整数", en: "{field} must be a positive whole number"),
        .malformedBody: .init(zh: "请求内容不是有效的 JSON：{reason}", en: "The request body is not valid JSON: {reason}"),
        .wrongType: .init(zh: "{field} 的类型错误，应为 {expected}", en: "{field} has the wrong type; expected {expected}"),
        .payloadTooLarge: .init(zh: "请求内容过大（上限 {max}）", en: "The request body is too large (limit {max})"),
        .invalidDate: .init(zh: "{field} 不是有效日期（格式 YYYY-MM-DD）", en: "{field} is not a valid date (YYYY-MM-DD)"),
        .valueTooLarge: .init(
            zh: "{field} 合计超出可表示的范围（最大 {max} 分），请按更小的范围查询",
            en: "The total of {field} exceeds what can be reported (at most {max} fen); query a smaller range"),
        .duplicate: .init(zh: "{field} 已存在：{value}", en: "{field} already exists: {value}"),
        .notFound: .init(zh: "未找到{entity}：{id}", en: "{entity} not found: {id}"),
        .referenceNotFound: .init(zh: "{field} 引用的{entity}不存在：{id}", en: "{field} refers to an unknown {entity}: {id}"),
        .routeNotFound: .init(zh: "没有这个地址：{path}", en: "No such address: {path}"),
        .methodNotAllowed: .init(zh: "{path} 不支持 {method} 方法", en: "{path} does not allow {method}"),
        .unauthenticated: .init(zh: "请先登录", en: "Please sign in first"),
        .invalidCredentials: .init(zh: "用户名或密码错误", en: "Wrong user name or password"),
        .forbidden: .init(zh: "您的角色无权执行此操作：{action}", en: "Your role may not do this: {action}"),
        .outOfScope: .init(zh: "该{entity}不在您的管辖范围内", en: "This {entity} is outside your jurisdiction"),
        .csrfMismatch: .init(zh: "表单已过期，请刷新页面后重试", en: "The form has expired; reload the page and try again"),
        .insufficientStock: .init(
            zh: "库存不足：可用 {available}，需要 {requested}",
            en: "Insufficient stock: {available} available, {requested} requested"),
        .lotExpired: .init(
            zh: "批次 {lot} 已过期（有效期至 {expiry}），不能出库", en: "Lot {lot} expired on {expiry} and cannot be issued"),
        .lotNotAvailable: .init(zh: "批次 {lot} 当前状态为{status}，不能出库", en: "Lot {lot} is {status} and cannot be issued"),
        .lotItemMismatch: .init(zh: "批次 {lot} 不是物资 {item}", en: "Lot {lot} does not hold item {item}"),
        .sameDepot: .init(zh: "调出库和调入库不能相同", en: "The source and destination depot must differ"),
        .storageMismatch: .init(
            zh: "储备库 {depot} 没有 {storage} 温区，不能存放该物资", en: "Depot {depot} has no {storage} zone for this item"),
        .invalidTransition: .init(zh: "{entity}不能从“{from}”变为“{to}”", en: "{entity} cannot go from {from} to {to}"),
        .writeOffSamePerson: .init(
            zh: "报废核销须由另一人审批，不能审批自己提出的核销",
            en: "A write-off needs a second person: you cannot decide a write-off you requested"),
        .selfApproval: .init(zh: "不能审批自己提交的申请", en: "You cannot approve your own request"),
        .planSelfApproval: .init(zh: "不能审批自己编制的储备计划", en: "You cannot approve a reserve plan you drafted"),
        .exchangeUnequal: .init(
            zh: "置换双方价值不等：提出方 {offered} 分，应答方 {answered} 分（允许相差 {tolerance}%）",
            en: """
                The two sides differ in value: offered {offered} fen, answered {answered} fen \
                (tolerance {tolerance} %)
                """),
        .enterpriseRevoked: .init(
            zh: "{enterprise} 的承储资格已被撤销，不能签订新协议",
            en: "{enterprise} has lost its storage status and may sign no new agreement"),
        .standardSelfApproval: .init(
            zh: "核酸检测物资标准须由导入人以外的人员审批", en: "A standard is approved by someone other than who imported it"),
        .kitShortComponent: .init(
            zh: "组包物料不足：{item} 需要 {needed}，可用 {available}（最多可组 {kits} 包），未做任何出入库",
            en: "Short of {item}: {needed} needed, {available} free (at most {kits} kits); nothing was moved"),
        .periodNotOver: .init(
            zh: "结算期至 {end} 结束，之后才能结算", en: "The period ends on {end}; it can be closed after that day"),
        .stocktakeSamePerson: .init(
            zh: "盘点差异须由提交人以外的人员复核", en: "Another person than the one who submitted must approve the differences"),
        .stocktakeUncounted: .init(
            zh: "还有 {count} 个批次未盘点（如 {batch}）", en: "{count} lots are not counted yet (e.g. {batch})"),
        .planRevisionOpen: .init(
            zh: "该计划已有版本 {version} 正在编制", en: "Version {version} of this plan is already being drafted"),
        .planNeedsLevelAbove: .init(
            zh: "储备计划须由上一级审批", en: "A reserve plan is approved by the level above its jurisdiction"),
        .countyDispatchFrozen: .init(
            zh: "Ⅰ级响应期间县级调度权冻结，由市级调度", en: "At level I the county's dispatch right is frozen; the city dispatches"),
        .approvalTierRequired: .init(zh: "此调度须由{tier}审批", en: "This dispatch must be approved at {tier} level"),
        .ownSupplyFirst: .init(
            zh: "Ⅲ级以下应先使用本县（区）库存：{item} 本地尚有 {available} 可用",
            en: "Below level III the county's own stock comes first: {available} of {item} are still free locally"),
        .nothingToApprove: .init(
            zh: "方案中没有待批准的需求申请（可能已被他人批准）",
            en: "The plan has no submitted request to approve (another approver may have approved them)"),
        .recoveryExceedsAccepted: .init(
            zh: "{field} 超过可回收数量：该行签收 {accepted}，已回收 {recovered}，最多还可回收 {max}",
            en:
                """
                {field} exceeds what may still come back: {accepted} accepted, {recovered} recovered, at most \
                {max} more
                """
        ),
        .idempotencyKeyReused: .init(
            zh: "幂等键 {key} 已用于另一个不同的请求", en: "Idempotency key {key} was already used for a different request"),
        .idempotencyKeyMissing: .init(zh: "缺少 Idempotency-Key 请求头", en: "The Idempotency-Key header is required"),
        .conflict: .init(zh: "操作冲突：{reason}", en: "Conflict: {reason}"),
        .importFailed: .init(zh: "导入失败，第 {row} 行：{reason}", en: "Import failed at row {row}: {reason}"),
        .importEncoding: .init(
            zh: "文件不是 UTF-8 编码，无法读取（第 {row} 行起）：看起来是{encoding}。请在 Excel 中点“另存为”，保存类型选“CSV UTF-8（逗号分隔）(*.csv)”，然后重新导入。",
            en:
                """
                The file is not UTF-8 and cannot be read (from line {row}): it looks like {encoding}. In Excel \
                choose Save As, type \"CSV UTF-8 (Comma delimited) (*.csv)\", and import it again.
                """
        ),
        .fileUnreadable: .init(
            zh: "无法读取文件 {path}：文件不存在或没有读取权限", en: "Cannot read the file {path}: it does not exist or may not be read"),
        .fileUnwritable: .init(
            zh: "无法写入文件 {path}：目录不存在或没有写入权限",
            en: "Cannot write the file {path}: its folder does not exist or may not be written"),
        .unknownStoredValue: .init(
            zh: "数据库 {column} 中的值“{value}”不是已知的{type}；数据可能已被改动，请运行 lifeline verify",
            en:
                """
                The stored value '{value}' of {column} is not a known {type}; the data may have been altered: run \
                lifeline verify
                """
        ),
        .internalError: .init(zh: "服务器内部错误，请稍后重试（编号 {ref}）", en: "Internal server error; please retry (ref {ref})"),
    ]
}
