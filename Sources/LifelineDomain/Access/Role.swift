/// The roles of R12.2. A role is always bound to a jurisdiction subtree (officers, inspectors,
/// auditors) or to a unit (enterprise operators, requesters, carriers).
public enum Role: String, Sendable, Codable, CaseIterable {
    case administrator
    /// 物资保障专员 — plans, approves, dispatches within a jurisdiction.
    case supplyOfficer = "supply_officer"
    /// 承储企业操作员 — runs the depots its enterprise operates.
    case storageOperator = "storage_operator"
    /// 医疗机构申领人 — requests and receives for an institution.
    case medicalRequester = "medical_requester"
    /// 承运人 — executes transport.
    case carrier
    /// 市场监管检查员 — inspects quality; may hold or quarantine lots.
    case inspector
    /// 财务人员 — charges, subsidies, settlements.
    case financeOfficer = "finance_officer"
    /// 审计人员 — reads everything in scope, including the audit trail; changes nothing.
    case auditor

    /// Whether this role is bound to a unit rather than a jurisdiction subtree.
    public var isUnitBound: Bool {
        switch self {
        case .storageOperator, .medicalRequester, .carrier: true
        default: false
        }
    }

    /// The kind of unit a unit-bound role must belong to.
    public var requiredUnitKinds: Set<UnitKind> {
        switch self {
        case .storageOperator: [.storageEnterprise, .supplyOffice]
        case .medicalRequester: [.medicalInstitution, .testingSite, .supplyOffice]
        case .carrier: [.carrier]
        default: []
        }
    }

    public var text: LocalizedText {
        switch self {
        case .administrator: .init(zh: "系统管理员", en: "Administrator")
        case .supplyOfficer: .init(zh: "物资保障专员", en: "Supply officer")
        case .storageOperator: .init(zh: "承储企业操作员", en: "Storage operator")
        case .medicalRequester: .init(zh: "医疗机构申领人", en: "Medical requester")
        case .carrier: .init(zh: "承运人", en: "Carrier")
        case .inspector: .init(zh: "监管检查员", en: "Inspector")
        case .financeOfficer: .init(zh: "财务人员", en: "Finance officer")
        case .auditor: .init(zh: "审计人员", en: "Auditor")
        }
    }

    /// What the role may do (scope is checked separately by ``AccessPolicy``).
    public func permits(_ permission: Permission) -> Bool {
        switch (self, permission) {
        case (.administrator, _): true
        case (.supplyOfficer, .readStock), (.supplyOfficer, .moveStock), (.supplyOfficer, .manageDepots),
            (.supplyOfficer, .manageUnits), (.supplyOfficer, .editPopulation), (.supplyOfficer, .manageCatalogue),
            (.supplyOfficer, .changeLotStatus), (.supplyOfficer, .readReference), (.supplyOfficer, .manageIncidents),
            (.supplyOfficer, .requestSupplies), (.supplyOfficer, .approveDispatch), (.supplyOfficer, .readDispatch),
            (.supplyOfficer, .executeDispatch), (.supplyOfficer, .signDelivery), (.supplyOfficer, .readCharges),
            (.supplyOfficer, .approveWriteOff), (.supplyOfficer, .managePlans):
            true
        case (.storageOperator, .readDispatch), (.storageOperator, .executeDispatch), (.storageOperator, .signDelivery):
            true
        // Unit-bound parties read the charges their own unit pays or receives (R9.1: an enterprise's
        // buy-back obligations, an institution's drawings).
        case (.storageOperator, .readCharges), (.medicalRequester, .readCharges): true
        case (.medicalRequester, .requestSupplies), (.medicalRequester, .readDispatch),
            (.medicalRequester, .signDelivery):
            true
        case (.carrier, .readDispatch), (.carrier, .executeDispatch): true
        case (.inspector, .readDispatch), (.auditor, .readDispatch), (.auditor, .readCharges): true
        case (.financeOfficer, .readDispatch), (.financeOfficer, .readCharges): true
        case (.storageOperator, .readStock), (.storageOperator, .moveStock), (.storageOperator, .readReference): true
        case (.medicalRequester, .readStock), (.medicalRequester, .readReference): true
        case (.carrier, .readReference): true
        case (.inspector, .readStock), (.inspector, .changeLotStatus), (.inspector, .readReference): true
        case (.financeOfficer, .readStock), (.financeOfficer, .readReference): true
        case (.auditor, .readStock), (.auditor, .readAudit), (.auditor, .readReference): true
        default: false
        }
    }
}

/// Things a user may be allowed to do.
public enum Permission: String, Sendable, CaseIterable {
    /// Jurisdictions, units, items, catalogue versions: the shared reference data.
    case readReference
    case readStock
    /// Receive, issue, transfer, adjust, write off, return.
    case moveStock
    case manageDepots
    case manageUnits
    case editPopulation
    /// Items and catalogue versions. Also needs a province-or-above scope (``AccessPolicy``).
    case manageCatalogue
    /// Hold, quarantine, release a lot.
    case changeLotStatus
    case manageUsers
    case readAudit
    /// Declare, raise, lower and end emergency events (R5.3).
    case manageIncidents
    /// Draft and submit supply requests for one's unit or jurisdiction (R5.1).
    case requestSupplies
    /// Approve or reject requests and issue dispatch orders (R5.2).
    case approveDispatch
    /// See requests, dispatch orders and their tracking.
    case readDispatch
    /// Acknowledge, pick, load and carry dispatch orders (depot operators, carriers).
    case executeDispatch
    /// Sign for delivered lines (R5.6).
    case signDelivery
    /// See charges and buy-back obligations (R9.1).
    case readCharges
    /// Approve or reject another person's write-off (R4.3); also needs a scope containing the depot
    /// (``WriteOffPolicy``).
    case approveWriteOff
    /// Draft, submit, approve and revise reserve plans and their norms (R3); reading them needs
    /// ``readStock``.
    case managePlans

    public var text: LocalizedText {
        switch self {
        case .readReference: .init(zh: "查看基础数据", en: "read reference data")
        case .readStock: .init(zh: "查看库存", en: "read stock")
        case .moveStock: .init(zh: "出入库操作", en: "move stock")
        case .manageDepots: .init(zh: "管理储备库", en: "manage depots")
        case .manageUnits: .init(zh: "管理单位", en: "manage units")
        case .editPopulation: .init(zh: "维护常住人口", en: "edit population")
        case .manageCatalogue: .init(zh: "维护储备目录", en: "manage the catalogue")
        case .changeLotStatus: .init(zh: "变更批次状态", en: "change lot status")
        case .manageUsers: .init(zh: "管理用户", en: "manage users")
        case .readAudit: .init(zh: "查看审计日志", en: "read the audit trail")
        case .manageIncidents: .init(zh: "管理应急事件", en: "manage emergency events")
        case .requestSupplies: .init(zh: "提报物资需求", en: "request supplies")
        case .approveDispatch: .init(zh: "审批调度", en: "approve dispatch")
        case .readDispatch: .init(zh: "查看调度", en: "read dispatch")
        case .executeDispatch: .init(zh: "执行调度指令", en: "execute dispatch orders")
        case .signDelivery: .init(zh: "签收物资", en: "sign for deliveries")
        case .readCharges: .init(zh: "查看费用结算", en: "read charges")
        case .approveWriteOff: .init(zh: "审批报废核销", en: "approve write-offs")
        case .managePlans: .init(zh: "编制审批储备计划", en: "manage reserve plans")
        }
    }
}
