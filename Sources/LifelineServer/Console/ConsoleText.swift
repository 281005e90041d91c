import LifelineDomain

/// Every label of the console in Chinese and English. Templates read them as `t.key`.
enum ConsoleText {
    static func table(_ language: Language) -> [String: String] {
        language == .zh ? zh : en
    }

    private static let entries: [(String, String, String)] = [
        ("appName", "生命线 · 卫生应急物资保障平台", "Lifeline · Health Emergency Supplies"),
        ("appShort", "生命线", "Lifeline"),
        ("switchLanguage", "English", "中文"),
        ("signIn", "登录", "Sign in"), ("signOut", "退出", "Sign out"), ("username", "用户名", "User name"),
        ("password", "密码", "Password"), ("signInTitle", "登录生命线", "Sign in to Lifeline"),
        ("signInHint", "使用管理员分配的账号登录；演示账号在运行 lifeline demo 时打印。",
         "Use the account your administrator gave you; demo accounts are printed by lifeline demo."),
        ("dashboard", "仪表盘", "Dashboard"), ("jurisdictions", "行政区划", "Jurisdictions"), ("depots", "储备库", "Depots"),
        ("stock", "批次库存", "Stock by lot"), ("movements", "出入库记录", "Movements"), ("catalogue", "储备目录", "Catalogue"),
        ("units", "单位", "Units"), ("receive", "入库", "Receive"), ("issue", "出库", "Issue"), ("transfer", "调拨", "Transfer"),
        ("adjust", "盘点调整", "Adjust"), ("writeOff", "报废核销", "Write off"), ("returnStock", "退回入库", "Return"),
        ("comingSoon", "即将上线", "Coming"), ("reserves", "储备计划", "Reserve plans"), ("requests", "需求申请", "Requests"),
        ("dispatch", "调度指令", "Dispatch"), ("allocation", "智能分配", "Allocation"), ("kits", "打包管理", "Kits"),
        ("money", "资金结算", "Money"), ("forecast", "需求预测", "Forecast"), ("drills", "应急演练", "Drills"),
        ("audit", "审计日志", "Audit trail"),
        ("stockValue", "库存价值", "Stock value"), ("stockQuantity", "库存数量", "Units on hand"), ("lotCount", "批次数", "Lots"),
        ("nearExpiry", "近效期批次", "Near-expiry lots"), ("expired", "已过期批次", "Expired lots"),
        ("available", "可用", "Available"), ("onHand", "在库", "On hand"), ("reserved", "预留", "Reserved"), ("held", "冻结", "Held"),
        ("valueByCategory", "按类别的库存价值（元）", "Stock value by category (CNY)"),
        ("byJurisdiction", "按辖区汇总", "By jurisdiction"), ("depotMap", "储备库分布", "Depot locations"),
        ("mapNote", "按经纬度绘制，无底图", "Drawn from coordinates, no base map"),
        ("chartMissing", "图表脚本未安装（libjs-chart.js），以下为表格。", "Chart script not installed (libjs-chart.js); table below."),
        ("mapMissing", "地图脚本未安装（libjs-leaflet），以下为表格。", "Map script not installed (libjs-leaflet); table below."),
        ("category", "类别", "Category"), ("value", "价值（元）", "Value (CNY)"), ("quantity", "数量", "Quantity"),
        ("code", "编码", "Code"), ("name", "名称", "Name"), ("level", "级别", "Level"), ("population", "常住人口", "Population"),
        ("children", "下级", "Children"), ("coordinates", "经纬度", "Coordinates"), ("save", "保存", "Save"), ("cancel", "取消", "Cancel"),
        ("search", "查询", "Search"), ("filter", "筛选", "Filter"), ("all", "全部", "All"), ("actions", "操作", "Actions"),
        ("details", "详情", "Details"), ("back", "返回", "Back"), ("up", "上一级", "Up"),
        ("jurisdiction", "行政区划", "Jurisdiction"), ("operator", "运营方", "Operator"), ("zones", "温区", "Zones"),
        ("area", "面积（㎡）", "Area (m²)"), ("volume", "容积（m³）", "Volume (m³)"), ("coldChain", "冷链（m³）", "Cold chain (m³)"),
        ("forward", "前置库", "Forward depot"), ("address", "地址", "Address"), ("newDepot", "新建储备库", "New depot"),
        ("depot", "储备库", "Depot"), ("item", "物资", "Item"), ("batch", "批号", "Batch"), ("manufacturer", "生产企业", "Manufacturer"),
        ("productionDate", "生产日期", "Production date"), ("expiryDate", "有效期至", "Expiry date"), ("status", "状态", "Status"),
        ("expiry", "效期", "Expiry"), ("lot", "批次", "Lot"), ("unitCost", "单价（元）", "Unit cost (CNY)"),
        ("inspection", "验收结论", "Inspection"), ("note", "备注", "Note"), ("reason", "原因", "Reason"),
        ("recipient", "领用单位", "Receiving unit"), ("fromDepot", "调出库", "From depot"), ("toDepot", "调入库", "To depot"),
        ("fefoHint", "不指定批次时按先到期先出（FEFO）自动选批，过期、冻结、隔离批次不会出库。",
         "Without a lot, lots are picked first-expiry-first-out; expired, held and quarantined lots are never issued."),
        ("adjustHint", "正数为盘盈，负数为盘亏；必须填写原因。", "Positive for a surplus, negative for a shortage; a reason is required."),
        ("writeOffConfirm", "我确认核销以上数量，此操作不可撤销", "I confirm writing off this quantity; this cannot be undone"),
        ("document", "单据号", "Document"), ("kind", "类型", "Kind"), ("time", "时间", "Time"), ("actor", "经办人", "By"),
        ("change", "变动", "Change"), ("submit", "提交", "Submit"), ("saved", "已保存", "Saved"),
        ("done", "操作成功，单据号：", "Done. Document number: "), ("noRows", "暂无数据", "Nothing here yet"),
        ("page", "第 {page} / {pages} 页，共 {total} 条", "Page {page} of {pages}, {total} rows"),
        ("prev", "上一页", "Previous"), ("next", "下一页", "Next"), ("expiringWithin", "效期内天数", "Expiring within (days)"),
        ("chooseLot", "（按 FEFO 自动选批）", "(pick by FEFO)"), ("choose", "请选择", "Choose"),
        ("reserveClass", "储备类别", "Reserve class"), ("unit", "计量单位", "Unit"), ("shelfLife", "保质期（天）", "Shelf life (days)"),
        ("storage", "储存条件", "Storage"), ("reusable", "可复用", "Reusable"), ("price", "单价（元）", "Price (CNY)"),
        ("spec", "规格", "Specification"), ("versions", "目录版本", "Catalogue versions"), ("items", "物资", "Items"),
        ("unitKind", "单位类型", "Kind"), ("grade", "等级", "Grade"), ("beds", "床位", "Beds"), ("vehicles", "车辆", "Vehicles"),
        ("qualification", "资质", "Qualification"), ("role", "角色", "Role"), ("scope", "管辖范围", "Scope"),
        ("changeStatus", "变更状态", "Change status"), ("comingTitle", "该功能正在建设中", "This capability is being built"),
        ("comingBody", "导航中已列出平台的全部能力；此模块将在后续版本上线。", "The navigation lists every capability of the platform; this one arrives in a later release."),
        ("errorTitle", "出错了", "Something went wrong"), ("yes", "是", "Yes"), ("no", "否", "No"),
        ("lotsOfDepot", "该库批次", "Lots in this depot"), ("stockOfDepot", "库存汇总", "Stock summary"),
        ("yuan", "元", "CNY"), ("enterprise", "企业代储", "Enterprise-held"), ("government", "政府自储", "Government"),
        ("fresh", "正常", "Fresh"), ("watch", "关注", "Watch"), ("nearBand", "近效期", "Near expiry"), ("expiredBand", "已过期", "Expired"),
        ("noExpiry", "无有效期", "No expiry"), ("legend", "效期图例", "Expiry legend"),
        ("populationHint", "用于口罩等按人口测算的储备定额", "Used by per-capita reserve norms such as masks"),
        ("scopeNote", "仅显示您管辖范围内的数据", "Only data within your jurisdiction is shown"),
    ]

    private static let zh: [String: String] = Dictionary(uniqueKeysWithValues: entries.map { ($0.0, $0.1) })
    private static let en: [String: String] = Dictionary(uniqueKeysWithValues: entries.map { ($0.0, $0.2) })
}
