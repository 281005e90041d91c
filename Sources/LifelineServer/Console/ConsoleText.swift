import LifelineDomain

/// Every label of the console in Chinese and English. Templates read them as `t.key`.
enum ConsoleText {
    static func table(_ language: Language) -> [String: String] {
        language == .zh ? zh : en
    }

    static let entries: [(String, String, String)] = [
        ("appName", "生命线 · 卫生应急物资保障平台", "Lifeline · Health Emergency Supplies"),
        ("appShort", "生命线", "Lifeline"),
        ("settings", "运行参数", "Settings"),
        (
            "settingsHint", "调度时限、运输时限和近效期天数等均为可改的默认值（需求原文数值）；保存后立即对所有实例生效，并记入审计。",
            """
            Dispatch and transport limits and the near-expiry window are defaults from the requirements that an \
            office may change; a change applies on every instance at once and is audited.
            """
        ),
        ("configuration", "启动配置", "Configuration"),
        (
            "configurationHint", "本实例启动时从环境变量读取的配置（口令已隐去）；运行参数以上表保存的值为准。",
            """
            What this instance read from its environment at start-up (passwords hidden); the limits above \
            override the starting values.
            """
        ),
        ("settingVariable", "变量", "Variable"), ("settingValue", "值", "Value"), ("settingSource", "来源", "Source"),
        ("fromEnvironment", "环境变量", "environment"), ("byDefault", "默认值", "default"),
        ("switchLanguage", "English", "中文"),
        ("signIn", "登录", "Sign in"), ("signOut", "退出", "Sign out"), ("username", "用户名", "User name"),
        ("password", "密码", "Password"), ("signInTitle", "登录生命线", "Sign in to Lifeline"),
        (
            "signInHint", "使用管理员分配的账号登录；演示账号在运行 lifeline demo 时打印。",
            "Use the account your administrator gave you; demo accounts are printed by lifeline demo."
        ),
        ("dashboard", "仪表盘", "Dashboard"), ("jurisdictions", "行政区划", "Jurisdictions"), ("depots", "储备库", "Depots"),
        ("stock", "批次库存", "Stock by lot"), ("movements", "出入库记录", "Movements"), ("catalogue", "储备目录", "Catalogue"),
        ("units", "单位", "Units"), ("receive", "入库", "Receive"), ("issue", "出库", "Issue"),
        ("transfer", "调拨", "Transfer"),
        ("adjust", "盘点调整", "Adjust"), ("writeOff", "报废核销", "Write off"), ("returnStock", "退回入库", "Return"),
        // Institution reserves (R3.7)
        ("institutionReserves", "医疗机构自储", "Institution reserves"),
        (
            "institutionReservesHint", "医疗机构按满负荷 30 天用量自储；其中 20 天用量为保底，不被调用，超出部分可供调配（审批与智能分配按此扣留）。用量取近 30 天出库。",
            """
            Institutions keep 30 days of full-load use; 20 days of it are never drawn by others, the rest may \
            be (approval and allocation hold the floor back). Use is the last 30 days' issues.
            """
        ),
        ("institution", "医疗机构", "Institution"), ("usedIn30Days", "近 30 天用量", "Used in 30 days"),
        ("requirement30", "30 天需求", "30-day requirement"), ("floor20", "20 天保底", "20-day floor"),
        ("surplus", "可调配", "Drawable surplus"),
        ("noInstitutionReserves", "辖区内医疗机构暂无自储库存。", "No institution stock in your area."),
        // Raw materials (R3.6)
        ("rawMaterials", "原材料储备", "Raw materials"),
        ("activationHours", "启动时间（小时）", "Activation (h)"),
        ("agreementKind", "储备方式", "Mode"),
        ("agreementLines", "协议物资（每行：编码 数量）", "Items (one per line: code quantity)"),
        ("agreementTerms", "协议内容", "Terms"),
        ("splitOverCounties", "按常住人口拆分到下级区县（每个区县一个采样区域）", "Split over the counties by population (one area each)"),
        ("planAreas", "采样区域", "Areas"),
        ("fleetCheckCounty", "核验运力的县（区）编码", "County code for the fleet check"),
        ("checkFleet", "核验首轮运力（2 小时）", "Check the first round against the fleet (2 h)"),
        ("registeredVehicle", "登记车辆", "Registered vehicle"),
        ("planBKits", "方案B：基础包与增量包", "Plan B: base and increment kits"),
        (
            "planBKitsHint", "按现行标准生成：每个采样点（含 1 张采样台）一个基础包，每增加 1 张采样台一个增量包；保存为 PLANB-BASE / PLANB-INC 的新版本",
            """
            From the standard in force: one base kit per point with one table, one increment kit per \
            extra table; stored as the next versions of PLANB-BASE and PLANB-INC
            """
        ),
        ("planBBaseItem", "基础包物资编码", "Base kit's item code"),
        ("planBIncrementItem", "增量包物资编码", "Increment kit's item code"), ("generatePlanB", "生成", "Generate"),
        ("gridAndRound", "网格与轮次", "Grid and round"), ("siteAttributes", "站点属性", "Site attributes"),
        (
            "siteAttributesHint", "按 R6.1 排序：重点采样区域、人口密集、重点政府场所优先；在本网点提交的申请沿用",
            """
            R6.1 ranks by them: key areas, dense population and key government sites first; \
            requests for the point inherit them
            """
        ),
        ("siteArea", "采样区域", "Sampling area"), ("siteDensity", "人口密度", "Population density"),
        ("siteKind", "场所类型", "Site kind"), ("siteAndRound", "网格、轮次与站点", "Grid, round and site"),
        (
            "siteAndRoundHint", "全员核酸检测：第 1 轮按首轮时限计时；回收的可重复使用物资下一轮不再发往同一网格；站点属性与岗位决定优先级",
            """
            Mass testing: round 1 runs on the first-round clock; recovered reusables skip the same \
            grid next round; the site and the post set the priority
            """
        ),
        ("skippedLots", "拣货时跳过的批次", "Lots passed over at picking"), ("roundNumber", "轮次", "Round"),
        ("createRequestsFromPlan", "按测算生成物资申请", "Create requests from the plan"),
        (
            "createRequestsHint", "每个区域、每一轮生成一张申请（网格 = 区域编码），按岗位拆分明细；可重复使用物资只在第 1 轮申请",
            """
            One request per area and round (grid = area code), lines split by post; reusables are \
            asked for in round 1 only
            """
        ),
        ("createRequests", "生成申请（草稿）", "Create draft requests"),
        ("createAndAllocate", "生成并提交，测算分配", "Create, submit and plan allocation"),
        ("priorityOverrides", "人工调整优先级", "Override priorities"),
        (
            "priorityOverridesHint", "默认按站点属性与岗位确定优先级（R6.1）；调整须填写理由，理由写入每条分配说明",
            """
            By default the site and the post set the class (R6.1); an override needs a reason, \
            shown in every line's explanation
            """
        ),
        ("fromSites", "按站点与岗位", "From the site and post"), ("overrideReason", "调整理由", "Reason"),
        // Transport register and fleet check (#12 item 7, ADR 0040)
        ("transport", "转运能力底数", "Transport capacity"),
        (
            "transportHint",
            """
            各县登记承运车辆（车牌、载重、容积、冷链、驾驶员及电话）和县级储备库到各保障网点的单程时间；首轮物资须在 2 小时内\
            由县级库送达保障网点。核验按体积进行：目录只有体积，尚无重量。
            """,
            """
            Each county registers its carriers' vehicles (plate, payload, load space, cold chain, driver and phone) \
            and the one-way minutes from its depots to its distribution points; round 1 must reach the points \
            from the county depot within 2 hours. The check is by volume: the catalogue has volumes, not weights.
            """
        ),
        ("transportCounty", "县（区）代码", "County code"),
        ("showCounty", "查看", "Show"),
        ("allCountiesInScope", "辖区全部", "All in scope"),
        ("registeredVehicles", "登记车辆", "Registered vehicles"),
        ("plate", "车牌号", "Plate"),
        ("payloadKg", "载重（千克）", "Payload (kg)"),
        ("loadSpaceM3", "容积（m³）", "Load space (m³)"),
        ("coldChainVehicle", "冷链", "Cold chain"),
        ("vehicleDriver", "驾驶员", "Driver"),
        ("driverPhone", "联系电话", "Phone"),
        ("inService", "在用", "In service"),
        ("outOfService", "停用", "Out of service"),
        ("editVehicle", "修改", "Edit"),
        ("saveVehicleTitle", "登记或修改车辆（按车牌号）", "Register or edit a vehicle (by plate)"),
        ("noVehicles", "尚未登记车辆。", "No vehicles registered yet."),
        ("transportRoutes", "转运路线（县级库 → 保障网点）", "Routes (county depot → distribution point)"),
        ("routeMinutes", "单程（分钟）", "One way (min)"),
        ("routeKm", "里程（公里）", "Road (km)"),
        ("overLimit", "超过时限", "over the limit"),
        ("saveRouteTitle", "登记或修改路线（同一库与网点只有一条）", "Register or edit a route (one per depot and point)"),
        ("noRoutes", "尚未登记转运路线。", "No routes registered yet."),
        (
            "noPointsForRoutes", "本范围尚无保障网点：请先在“物资保障网点”页登记，再登记路线。",
            "No distribution points here: register them on the distribution points page first."
        ),
        ("distributionPoint", "保障网点", "Distribution point"),
        ("fleetCheck", "首轮转运能力核验", "Fleet check for round 1"),
        (
            "fleetCheckHint",
            """
            按当前测算标准计算第 1 轮物资体积，按各网点保障的采样点数分摊，由本县在用车辆在时限内往返运送（每车趟数 = \
            ⌊(时限 − 单程) ÷ 2 单程⌋ + 1）。
            """,
            """
            Round 1's volume under the standard in force, shared among the points by the sampling points each \
            serves, carried by the county's vehicles in service shuttling within the limit (loads per vehicle = \
            ⌊(limit − leg) ÷ 2 legs⌋ + 1).
            """
        ),
        ("runFleetCheck", "核验", "Check"),
        (
            "fleetFits", "登记车辆可在时限内将首轮物资送达全部保障网点。",
            "The registered fleet brings round 1 to every distribution point within the limit."
        ),
        ("fleetShort", "运力不足：", "The fleet falls short: "),
        ("firstRoundLoad", "首轮体积（m³）", "Round 1 load (m³)"),
        ("carriedInTime", "时限内运量（m³）", "Carried in time (m³)"),
        ("missingM3", "缺口（m³）", "Missing (m³)"),
        ("unreachableM3", "其中无可用路线（m³）", "Of which no usable route (m³)"),
        ("moreVehicles", "还需车辆（中位容积）", "More vehicles (median size)"),
        (
            "noVehiclesToSize", "本县尚无在用车辆，无法估算还需多少车辆。",
            "No vehicle in service in the county to size the shortfall by."
        ),
        (
            "noPointsInCounty", "本县尚未登记保障网点，首轮物资无处可送。",
            "The county has no distribution points to deliver round 1 to."
        ),
        ("unknownVolume", "目录无体积、未计入的物资：", "Not counted (no volume in the catalogue): "),
        ("pointLoad", "分摊体积（m³）", "Load (m³)"),
        ("tripsPerVehicle", "每车趟数", "Loads per vehicle"),
        ("assignedVehicles", "派车", "Vehicles"),
        ("noRoute", "无路线", "no route"),
        ("spareVehicles", "富余车辆", "Spare vehicles"),
        ("limitMinutes", "时限（分钟）", "Limit (min)"),
        ("standardVersion", "测算标准", "Standard"),
        ("longitude", "经度", "Longitude"), ("latitude", "纬度", "Latitude"),
        ("distributionPoints", "物资保障网点", "Distribution points"),
        (
            "distributionPointsHint",
            """
            打包执行原则：保障采样点 ≤10 个自行确定；11–30 个至少打包 5 个点位；31–50 个打包率 ≥2\
            0%；超过 50 个 ≥40%。主要城区网点超过 6 个的首轮物资下沉至网点；县级库到网点转运不超过 2 小\
            时。
            """,
            """
            Pre-packing: ≤ 10 points served — the point decides; 11–30 — at least 5 points' worth; 31–50 — ≥ 20 \
            %; over 50 — ≥ 40 %. A district with more than 6 points keeps the first round at the points; the \
            county depot reaches each within 2 hours.
            """
        ),
        ("servedPoints", "保障采样点", "Points served"),
        ("prePackedPoints", "已打包点位", "Points packed"),
        ("minimumPrePacked", "至少打包", "Packed at least"),
        ("firstRoundSinks", "首轮下沉", "First round sinks"),
        ("countyDepot", "县级库", "County depot"),
        ("legHours", "转运时长（小时）", "Leg (h)"),
        ("belowRule", "未达标", "below the rule"),
        ("noDistributionPoints", "尚未登记保障网点", "No distribution points yet"),
        ("approveStandard", "批准", "Approve"),
        ("massTestingStandards", "核酸检测物资标准", "Mass-testing standards"),
        ("inForce", "当前使用", "In force"),
        ("itemClasses", "物资类别", "Classes"),
        (
            "approveStandardConfirm",
            "批准后该版本自生效日起用于测算。确定批准？",
            "Once approved, this version is used from its effective day. Approve?"
        ),
        (
            "noStoredStandards",
            "尚未导入标准，测算使用种子文件 001 的内置标准。",
            "No standard imported: the planner uses seed 001's built-in one."
        ),
        (
            "importStandard",
            "导入新版本（CSV，先下载当前标准修改）",
            "Import a new version (CSV — start from the current one)"
        ),
        ("importDraft", "导入为待审批版本", "Import as a draft"),
        (
            "kitsHint",
            "物资包定义为带版本的物料清单，组包按先到期先出扣减组件批次，包的效期取最早到期的组件。方案 A：按防护级别打包，消毒用品另行打包；方案 B：每个采样点一个基础包（含一个采样台），每增加一个采样台增配一个增量包。",
            """
            Kit definitions are versioned bills of materials; assembly takes components \
            first-expiry-first-out and a kit expires with its earliest component. Plan A: kits by \
            protection level, disinfection items packed apart; Plan B: one base kit per sampling point with \
            one table, one increment kit per extra table.
            """
        ),
        ("kitDefinitions", "物资包定义", "Kit definitions"),
        ("protectionLevel", "防护级别（标签颜色）", "Protection level (label colour)"),
        ("kitItem", "包物资编码", "Kit item code"),
        ("components", "组成（编码 × 数量）", "Components (code × quantity)"),
        ("packingList", "装箱清单", "Packing list"),
        ("noKitDefinitions", "尚无物资包定义。", "No kit definitions yet."),
        ("defineKit", "定义物资包（同一编码即生成新版本）", "Define a kit (the same code makes a new version)"),
        ("nameZh", "中文名称", "Name (Chinese)"),
        ("nameEn", "英文名称", "Name (English)"),
        ("kitComponentsInput", "组成物资（每行：编码 数量）", "Components (one per line: code quantity)"),
        ("kitWork", "组包与拆包记录", "Kit assembly and disassembly"),
        ("kitDefinition", "物资包", "Kit"),
        ("kitCount", "包数", "Kits"),
        ("assembleKits", "组包", "Assemble kits"),
        ("kitAssembly", "组包", "Assembly"),
        ("kitDisassembly", "拆包", "Disassembly"),
        ("disassembleKits", "拆包", "Take apart"),
        (
            "disassembleKitsConfirm",
            "拆包后组件退回原批次，确定拆包？",
            "The components go back to the lots they came from. Take these kits apart?"
        ),
        ("kitExpiry", "包效期", "Kit expiry"),
        ("componentLots", "组件批次（批号 ×数量）", "Component lots (batch ×qty)"),
        ("noKitWork", "尚无组包记录。", "No kits assembled yet."),
        ("printPackingList", "打印装箱清单", "Print packing list"),
        ("packedCheck", "已装", "Packed"),
        ("packedApart", "另装", "Packed apart"),
        ("planA", "方案 A：", "Plan A:"),
        (
            "planANote",
            "按防护级别打包，包外贴对应颜色标签；消毒用品不装入本包，另行打包。",
            """
            Kits by protection level, labelled in the level's colour; disinfection items are not put in \
            this bag but packed apart.
            """
        ),
        ("planB", "方案 B：", "Plan B:"),
        (
            "planBNote",
            "每个采样点配一个基础包（含一个采样台的物资），每增加一个采样台增配一个增量包。",
            "One base kit per sampling point (supplies for one table), plus one increment kit for each extra table."
        ),
        ("packedBy", "装包人", "Packed by"),
        ("checkedBy", "核对人", "Checked by"),
        (
            "massTestingPlannerHint",
            """
            按种子文件 001 的标准：采样台人员二级防护（采样）、医废处置二级防护（医废）、其余一级防护；可复用物资只计首轮；\
            市级 50%（另加本级份额 5% 冗余）、区级 50%，医废与消杀物资全部在区级；首次申领覆盖前 2 轮。
            """,
            """
            Seed 001's standard: table staff wear level-2 sample kits, waste handlers level-2 waste kits, the rest \
            level 1; reusables count in round 1 only; city 50 % (+5 % on its share), districts 50 %, waste and \
            disinfection all at district level; the first request covers rounds 1–2.
            """
        ),
        ("massTestingPlanner", "全员核酸检测物资测算", "Mass-testing planner"),
        ("guiyangExample", "贵阳示例（8 782 个采样点）", "The Guiyang example (8 782 points)"),
        ("samplingTables", "采样台", "Sampling tables"),
        ("staffPerPoint", "每点每班人员", "Staff per point per shift"),
        ("populationTested", "每轮检测人数", "People tested a round"),
        ("calculate", "测算", "Calculate"),
        ("postsPerShift", "每班岗位", "Posts a shift"),
        ("tableStaff", "采样台", "Table"),
        ("sampleHandlers", "样本转运", "Samples"),
        ("wasteHandlers", "医废处置", "Waste"),
        ("generalPosts", "一般岗位", "General"),
        ("peripheralHelpers", "外围协助", "Helpers"),
        ("districtOnly", "区级保障", "district level"),
        ("round", "第", "Round"),
        ("classesCovered", "库存可完全保障的物资类别数", "Classes fully covered by stock in reach"),
        ("stockInReach", "辖区可用库存", "Stock in reach"),
        ("roundsCovered", "可保障轮次", "Rounds covered"),
        ("firstRequest", "首次申领", "First request"),
        ("cityShare", "市级", "City"),
        ("districtShare", "区级", "Districts"),
        ("toRequest", "需申领", "To request"),
        ("dailyReport", "应急日报", "Daily report"),
        ("holder", "储备主体", "Held by"),
        ("governmentDepots", "政府储备库", "Government depots"),
        ("receivedToday", "当日入库", "In"),
        ("issuedToday", "当日出库", "Out"),
        ("onHandEndOfDay", "日末库存", "On hand at day's end"),
        ("coverageByItem", "储备保障率（按物资）", "Coverage by item"),
        ("plansBelowAlert", "低于预警线的计划", "Plans below alert"),
        ("worstJurisdiction", "最差辖区", "Worst jurisdiction"),
        ("forwardGaps", "前置库覆盖盲区", "Counties beyond forward reach"),
        ("forwardGapsNote", "距所有前置库超过 50 公里或 4 小时", "beyond 50 km or 4 h of every forward depot"),
        ("county", "县（区）", "County"),
        ("nearestForwardDepot", "最近前置库", "Nearest forward depot"),
        ("kilometres", "距离（公里）", "Distance (km)"),
        ("drivingHours", "车程（小时）", "Driving (h)"),
        (
            "noForwardGaps", "辖区内各县均在前置库 50 公里 / 4 小时范围内。",
            "Every county in your area is within 50 km / 4 h of a forward depot."
        ),
        ("forwardGapsShown", "显示最远的 {shown} 个（共 {total} 个）", "The {shown} farthest of {total}"),
        ("officeDefault", "本级参数", "office's"),
        ("planProposals", "计划调整建议", "Proposed plan changes"),
        (
            "decideProposalConfirm", "采纳后将生成计划新版本草稿（须上级审批）；不采纳须说明理由。确定？",
            "Accepting drafts the plan's next version (approved above); rejecting needs a reason. Go on?"
        ),
        ("acceptProposal", "采纳", "Accept"),
        ("rejectProposal", "不采纳", "Reject"),
        ("allowSale", "无配额部分允许出售", "Sell what no quota takes"),
        ("buyer", "买方", "Buyer"),
        ("documents", "生成单据：", "Documents:"),
        ("executeRotation", "执行轮换", "Execute"),
        (
            "executeRotationConfirm", "执行后将按计划出库、出售并提交报废申请（须另一人审批）。确定执行？",
            "This posts the issues and sales and requests the write-offs (a second person approves them). Execute?"
        ),
        ("noQuotas", "尚未设置年度采购配额", "No purchase quotas set"),
        ("noRotationPlans", "尚无轮换计划", "No rotation plans yet"),
        ("nothingToRotate", "没有需要轮换的批次", "Nothing to rotate"),
        ("proposeRotation", "生成轮换计划", "Propose a rotation plan"),
        ("purchaseQuotas", "医疗机构年度采购配额", "Institutions' yearly purchase quotas"),
        ("quota", "配额", "Quota"),
        ("remaining", "剩余", "Remaining"),
        ("reserveParameters", "储备参数", "Reserve parameters"),
        ("rotation", "轮换更新", "Rotation"),
        (
            "rotationHint",
            "“先进先出、轮换在先、报废在后”：近效期批次先在医疗机构年度采购配额内调拨使用，其余可出售，过期的提交两人审批报废，并按轮出数量建议补充采购。预警窗口 180/90/30 天可在储备参数中调整。",
            """
            In first, rotate next, write off last: near-expiry lots go first to institutions within their yearly \
            purchase quotas, the rest may be sold, expired lots are written off by two people, and what leaves \
            is bought again. The 180/90/30-day windows are reserve parameters.
            """
        ),
        ("salePricePercent", "售价（成本 %）", "Sale price (% of cost)"),
        ("used", "已用", "Used"),
        (
            "parametersHint", "本级未设置时沿用上级，再无则用种子文件默认值（口罩 15 天、防护服 30 天、80% 预警线、15/30/25/30 分级、180/90/30 天轮换窗口）。修改留痕。",
            """
            A jurisdiction without its own uses the nearest office above, else the seed's defaults (masks 15 \
            days, suits 30 days, 80 % threshold, 15/30/25/30 tiers, 180/90/30-day windows). Changes are audited.
            """
        ),
        ("parametersSource", "设置来源：", "Set by:"),
        ("seedDefaults", "种子文件默认值", "The seed's defaults"),
        ("maskDailyUsePerPerson", "口罩 人均日用量", "Masks a resident a day"),
        ("maskDays", "口罩 储备天数", "Mask days"),
        ("suitDailyUsePerBed", "防护服 床均日用量", "Suits a bed a day"),
        ("suitDays", "防护服 储备天数", "Suit days"),
        ("level2BedsPerThousand", "二级以上床位 / 千人", "Level-2+ beds per 1 000"),
        ("peakDays", "峰值储备天数", "Peak days"),
        ("consumptionMonths", "消耗基数月数", "Months of consumption"),
        ("tierNation", "国家级 %", "Nation %"),
        ("tierProvince", "省级 %", "Province %"),
        ("tierCity", "市级 %", "City %"),
        ("tierCounty", "县级 %", "County %"),
        ("windowFirst", "关注窗口（天）", "Watch window (days)"),
        ("windowSecond", "轮换窗口（天）", "Rotate window (days)"),
        ("windowLast", "紧急窗口（天）", "Urgent window (days)"),
        ("enterpriseUnit", "企业", "Enterprise"),
        ("otherItems", "另有 {count} 种物资", "{count} other items"),
        ("agreements", "协议储备", "Agreements"),
        (
            "agreementsHint", "企业协议储备、产能储备与技术储备：企业代储库存在协议数量以内计入本辖区保障率；到期或撤销后不再计入。动用后须由企业补足（待补）。",
            """
            Storage, capacity and technology reserves: stock an enterprise holds counts for the jurisdiction up \
            to the contract; an expired or revoked agreement counts nothing. What is drawn must be bought back.
            """
        ),
        ("capacityRetention", "产能保持补贴", "Capacity retention"),
        ("closePeriod", "结算本期", "Close period"),
        (
            "closePeriodConfirm", "结算后补贴金额将按台账固定，不能再更改。确定结算？",
            "Closing fixes the statements from the ledger; they cannot change afterwards. Close?"
        ),
        ("compileWeeklyReports", "生成本周周报", "Compile this week's reports"),
        ("complete", "完成", "Complete"),
        (
            "completeInspectionConfirm", "确认抽检结论？撤销承储资格将立即撤销该企业全部有效协议。",
            "Record this outcome? Revocation revokes all of the enterprise's active agreements at once."
        ),
        ("condemn", "判定不合格", "Condemn"),
        ("confirm", "确认", "Confirm"),
        ("dailyOutputPerLine", "单线日产量", "Output per line a day"),
        (
            "decideExcursionConfirm", "处置后将解除或转为隔离该温区冻结的批次。确定？",
            "This releases or quarantines the zone's held lots. Go on?"
        ),
        ("endDay", "截止日期", "End"),
        ("fail", "不合格", "Fail"),
        ("finding", "处理结论", "Finding"),
        ("findingNone", "无", "None"),
        ("findingNotice", "整改通知", "Notice"),
        ("findingRecovery", "追回补贴", "Subsidy recovery"),
        ("findingRevocation", "撤销承储资格", "Revoke storage status"),
        ("heldLots", "冻结批次", "Held lots"),
        ("inspections", "质量抽检", "Quality inspections"),
        ("late", "逾期", "Late"),
        ("leadDays", "投产周期（天）", "Lead time (days)"),
        ("limits", "温区限值", "Zone limits"),
        ("managementFee", "管理费", "Management fee"),
        ("measured", "超限读数", "Out-of-limit readings"),
        ("newAgreement", "签订协议", "New agreement"),
        ("noAgreements", "尚无储备协议", "No agreements yet"),
        ("noExcursions", "没有温度超限记录", "No temperature excursions"),
        ("noInspections", "尚无抽检计划", "No inspections yet"),
        ("noStatements", "本期没有应补贴的企业", "No enterprise is owed a subsidy for this period"),
        ("noSubsidyPeriods", "尚无结算期", "No subsidy periods yet"),
        ("noWeeklyReports", "尚无周报", "No weekly reports yet"),
        ("openPeriod", "新建结算期", "Open a period"),
        ("outcome", "结论", "Outcome"),
        ("oversight", "储备监管", "Oversight"),
        (
            "oversightHint",
            "承储企业每周四报送周报（由台账与协议自动生成，企业确认，逾期标出并预警）；质量抽检按计划抽样，结论可整改、追回补贴或撤销承储资格；冷链温区读数超限时冻结该温区批次，待检查员处置。",
            """
            Storage enterprises report every Thursday (compiled from the ledger and agreements, confirmed by the \
            enterprise, late ones flagged and alerted); inspections sample lots and may lead to a notice, a \
            subsidy recovery or revocation; a cold-chain zone out of limits holds its lots until an inspector \
            decides.
            """
        ),
        ("pass", "合格", "Pass"),
        ("period", "期限", "Period"),
        ("planInspection", "新建抽检计划", "Plan an inspection"),
        ("plannedDay", "计划日期", "Planned"),
        ("productCode", "产品编码", "Product code"),
        ("productionLines", "生产线", "Lines"),
        ("purchaseValue", "入库金额", "Purchases"),
        ("readings", "读数", "Readings"),
        ("recoveryAmount", "追回金额（元）", "Recovery (CNY)"),
        ("redundancyPercent", "冗余 %", "Redundancy %"),
        ("release", "放行", "Release"),
        ("reportLines", "库存 / 协议 / 产能", "Stock / contract / capacity"),
        ("reservesMenu", "储备管理", "Reserves"),
        ("result", "检验结果", "Result"),
        ("revoke", "撤销", "Revoke"),
        ("revokeAgreementConfirm", "撤销后该协议库存不再计入保障率。确定撤销？", "A revoked agreement counts nothing from now on. Revoke?"),
        ("sampledLots", "抽检批次", "Sampled lots"),
        ("signAgreement", "签订", "Sign"),
        ("startDay", "起始日期", "Start"),
        ("storageSubsidy", "储备补贴", "Storage subsidy"),
        ("subsidies", "补贴结算", "Subsidies"),
        (
            "subsidiesHint",
            "储备补贴按储备价值年 7% 逐日计算（以协议数量为限），管理费为入库金额的 2.5%，产能保持补贴为冗余产能年折旧的 50%；金额以分计，可由台账复算，导出 CSV 供财务对账。",
            """
            Storage subsidy 7 % a year of the stored value, day by day (up to the contract); management fee 2.5 \
            % of purchases; capacity retention 50 % of the redundant capacity's yearly depreciation — in fen, \
            reproducible from the ledger, exported as CSV for finance.
            """
        ),
        ("subsidyRates", "费率", "Rates"),
        ("technologyDescription", "技术储备内容", "Technology kept"),
        ("week", "周（周四）", "Week (Thursday)"),
        ("weeklyReports", "承储企业周报", "Weekly reports"),
        ("yearlyDepreciation", "冗余产能年折旧（元）", "Yearly depreciation (CNY)"),
        (
            "rawMaterialsHint", "8 类关键原材料白名单：库存低于 3 个月用量时建议政府收储（差额标出并进入预警中心）；长期协议价格波动不超过 ±15%。",
            """
            The eight whitelisted raw materials: under three months of use a government purchase is proposed \
            (the quantity is shown and raised in the alert centre); agreed prices may move ±15 %.
            """
        ),
        ("rawMaterial", "原材料", "Material"), ("stockOnHand", "库存", "Stock"), ("monthlyUse", "月用量", "Monthly use"),
        ("coverMonths", "可用月数", "Months of cover"), ("proposedPurchase", "建议收储", "Proposed purchase"),
        ("suppliers", "白名单供应商", "Whitelisted suppliers"), ("supplier", "供应商", "Supplier"),
        ("agreedPrice", "协议价（元）", "Agreed price (CNY)"), ("latestPrice", "最新报价（元）", "Latest quote (CNY)"),
        ("noSuppliers", "尚无供应商。", "No suppliers yet."), ("addSupplier", "添加供应商", "Add supplier"),
        // Exchanges (R4.4)
        ("exchanges", "物资置换", "Exchanges"), ("exchange", "置换单", "Exchange"),
        (
            "exchangesHint", "本辖区提出近效期批次，对方以等值批次应答（按当日市场价计价，允许相差默认 2%）；双方物资保障专员分别批准后，两边的调拨在同一事务中完成。",
            """
            Offer near-expiry lots; the other jurisdiction answers with lots of equal value (market price of the \
            day, 2 % tolerance by default); once an officer of each side approves, both legs move as transfers in \
            one transaction.
            """
        ),
        ("offerExchange", "提出置换", "Offer an exchange"), ("offeringJurisdiction", "本方区划代码", "Our jurisdiction"),
        ("counterpartJurisdiction", "对方区划代码", "Other jurisdiction"),
        ("exchangeReceivingDepot", "接收储备库", "Receiving depot"),
        ("tolerancePercent", "价值容差 %", "Tolerance %"), ("exchangeSides", "双方", "Sides"),
        ("offeredValue", "提出方价值", "Offered value"), ("answeredValue", "应答方价值", "Answered value"),
        ("offeredBy", "提出人", "Offered by"), ("answeredBy", "应答人", "Answered by"), ("approvedBy", "已批准", "Approved by"),
        ("noExchanges", "尚无置换单。", "No exchanges yet."), ("noLotsToGive", "没有可置换的批次。", "No lots to give."),
        ("approveForMySide", "代表本方批准", "Approve for my side"),
        (
            "approveExchangeConfirm", "确定代表本方批准？双方都批准后立即调拨。",
            "Approve for your side? Both legs move once both sides approve."
        ),
        ("rejectExchangeConfirm", "确定拒绝该置换？", "Reject this exchange?"), ("cancelExchange", "取消置换", "Cancel"),
        ("cancelExchangeConfirm", "确定取消该置换？", "Cancel this exchange?"),
        ("offeredLeg", "提出方交付", "Offered"), ("answeredLeg", "应答方交付", "Answered"),
        ("notAnsweredYet", "对方尚未应答。", "Not answered yet."),
        ("answerExchange", "以等值批次应答", "Answer with lots of equal value"),
        // Stocktakes (R4.5)
        ("stocktakes", "盘点", "Stocktakes"), ("stockControl", "库存管控", "Stock control"),
        (
            "stocktakesHint", "开始盘点时冻结该库的账面批次；盘点期间的出入库计入“期间变动”，不会丢失或重复。差异须填写原因，金额超过限额须由提交人以外的人员复核后生成调整单。",
            """
            Starting a count freezes the depot's lots as booked; movements during the count are added as \
            "moved since", never lost or counted twice. Every difference needs a reason; differences worth more \
            than the limit are approved by another person before they become adjustments.
            """
        ),
        ("stocktakeLimit", "复核限额（元）", "Approval limit (CNY)"), ("startStocktake", "开始盘点", "Start a count"),
        ("startedBy", "发起人", "Started by"), ("differenceValue", "差异金额", "Difference value"),
        ("noStocktakes", "尚无盘点记录。", "No stocktakes yet."), ("stocktakeSheet", "盘点表", "Stocktake sheet"),
        ("submittedBy", "提交人", "Submitted by"), ("countedLines", "已盘", "Counted"),
        ("downloadSheet", "下载盘点表 CSV", "Download sheet (CSV)"), ("printSheet", "打印盘点表", "Print the sheet"),
        ("countOnPhone", "手机录入", "Count on a phone"), ("uploadCounts", "上传盘点结果", "Upload counts"),
        ("submitStocktake", "提交盘点", "Submit the count"),
        ("submitStocktakeConfirm", "提交后不能再修改数量，确定提交？", "Counts cannot change once submitted. Submit?"),
        ("cancelStocktake", "取消盘点", "Cancel the count"),
        ("cancelStocktakeConfirm", "确定取消本次盘点？（不产生任何调整）", "Cancel this count? (nothing is adjusted)"),
        ("approveAdjustments", "批准调整", "Approve the adjustments"),
        ("approveStocktakeConfirm", "确定按差异生成调整单？", "Post the differences as adjustments?"),
        ("rejectStocktakeConfirm", "确定驳回本次盘点？", "Reject this count?"),
        ("frozenQuantity", "账面（冻结）", "Booked (frozen)"), ("movedSince", "期间变动", "Moved since"),
        ("countedQuantity", "实盘数量", "Counted"), ("difference", "差异", "Difference"),
        ("emptySheet", "该库没有在库批次。", "The depot holds no stock."),
        (
            "countHint", "逐批输入实盘数量，可多次保存；有差异时填写原因。",
            "Enter what is on the shelf lot by lot; save as often as you like; explain any difference."
        ),
        ("differenceReason", "差异原因（有差异时必填）", "Reason for a difference (required if any)"),
        ("saveCounts", "保存", "Save"),
        // Alert centre (#11)
        ("alertCentre", "预警中心", "Alerts"),
        (
            "alertsHint", "本辖区及下级的全部预警：储备低于预警线、近效期、已过期。确认时须填写处理意见；原因消除后，下次刷新（每 10 分钟）自动关闭。",
            """
            Every alert in your area and below: reserves under the threshold, lots near or past expiry. \
            Acknowledge with a comment; an alert closes at the next refresh (every 10 minutes) once its cause is gone.
            """
        ),
        ("alertKind", "类型", "Kind"), ("alertMessage", "内容", "Alert"), ("raisedAt", "发出时间", "Raised"),
        ("acknowledgement", "确认", "Acknowledgement"), ("acknowledgeAlert", "确认", "Acknowledge"),
        ("comment", "处理意见", "Comment"), ("closedAt", "关闭于", "closed"), ("noAlerts", "没有预警。", "No alerts."),
        ("refreshAlerts", "立即刷新", "Refresh now"), ("liveAlerts", "未关闭", "Live"),
        // Reserve plans (R3)
        (
            "plansHint", "储备计划由本级编制、上一级审批（编制人不能审批自己的计划）；每个物资的储备定额按公式计算并保留计算依据，库存低于定额的预警比例（默认 80%）时告警。",
            """
            A plan is drafted by its jurisdiction and approved by the level above (never by its author); each \
            item's norm is worked out by a formula whose inputs are kept; stock below the alert share of the norm \
            (80 % by default) raises an alert.
            """
        ),
        ("newPlan", "编制新计划", "New plan"), ("jurisdictionCode", "行政区划代码", "Jurisdiction code"),
        ("planTitle", "计划名称", "Title"),
        ("coverageByJurisdiction", "储备保障率（按辖区，最差物资）", "Coverage by jurisdiction (worst item)"),
        ("worstItem", "最差物资", "Worst item"),
        ("alertPercent", "预警比例 %", "Alert below %"), ("createDraft", "创建草稿", "Create draft"),
        ("version", "版本", "Version"), ("author", "编制人", "Author"), ("createdAt", "创建时间", "Created"),
        ("noPlans", "尚无储备计划。", "No reserve plans yet."), ("catalogueVersion", "目录版本", "Catalogue version"),
        ("submitPlan", "提交审批", "Submit for approval"),
        ("submitPlanConfirm", "提交后不能再修改定额，确定提交？", "Once submitted the norms cannot change. Submit?"),
        ("approveReservePlan", "批准", "Approve"),
        ("approveReservePlanConfirm", "确定批准该储备计划？", "Approve this reserve plan?"),
        ("rejectPlanConfirm", "确定退回该计划？", "Send this plan back?"),
        ("revisePlan", "修订（新版本）", "Revise (new version)"),
        ("revisePlanConfirm", "将以当前定额起草新版本，确定？", "Draft a new version from these norms?"),
        ("norms", "储备定额", "Norms"), ("normBasis", "测算依据", "Basis"), ("working", "计算过程", "Working"),
        ("norm", "定额", "Norm"),
        ("remove", "删除", "Remove"), ("removeNormConfirm", "确定删除该物资的定额？", "Remove this item's norm?"),
        ("noNorms", "尚未设定定额。", "No norms yet."), ("setNorm", "设定定额", "Set a norm"),
        (
            "normFormsHint", "按一种依据设定某物资的定额（已有定额将被替换）；默认值来自需求原文：口罩按常住人口每人每日 0.2 只、15 天，防护服按二级以上医疗机构床位每床每日 1.6 套、30 天。",
            """
            Set an item's norm by one basis (an existing norm is replaced). Defaults come from the requirements: \
            masks 0.2 a resident a day for 15 days; protective suits 1.6 a level-2+ bed a day for 30 days.
            """
        ),
        ("basisPopulation", "常住人口 × 每人每日用量 × 天数", "Residents × daily use per person × days"),
        ("basisBeds", "二级以上床位 × 每床每日用量 × 天数", "Level-2+ beds × daily use per bed × days"),
        ("basisPeakDay", "高峰日用量 × 天数", "Peak-day use × days"),
        ("basisConsumption", "近三年月均消耗 × 月数 × 人口增长系数 × 疾病谱系数", "Mean monthly use × months × growth × disease mix"),
        ("residents", "常住人口", "Residents"), ("dailyUsePerPerson", "每人每日用量", "Daily use per person"),
        ("days", "天数", "Days"), ("dailyUsePerBed", "每床每日用量", "Daily use per bed"),
        ("peakDailyUse", "高峰日用量", "Peak-day use"),
        ("monthlyConsumption", "各月消耗量（逗号分隔，最多 36 个月）", "Monthly use, comma-separated (up to 36 months)"),
        ("monthsOfCover", "储备月数", "Months of cover"), ("populationGrowth", "人口增长系数", "Population growth factor"),
        ("diseaseMix", "疾病谱系数", "Disease-mix factor"),
        ("coverage", "保障率", "Coverage"), ("alertBelow", "预警线", "alert below"),
        ("daysOfCover", "可保障天数", "Days of cover"),
        ("comingSoon", "即将上线", "Coming"), ("reserves", "储备计划", "Reserve plans"), ("requests", "需求申请", "Requests"),
        ("dispatch", "调度指令", "Dispatch"), ("allocation", "智能分配", "Allocation"), ("kits", "打包管理", "Kits"),
        ("money", "资金结算", "Money"), ("forecast", "需求预测", "Forecast"), ("drills", "应急演练", "Drills"),
        ("audit", "审计日志", "Audit trail"),
        ("stockValue", "库存价值", "Stock value"), ("stockQuantity", "库存数量", "Units on hand"), ("lotCount", "批次数", "Lots"),
        ("nearExpiry", "近效期批次", "Near-expiry lots"), ("expired", "已过期批次", "Expired lots"),
        ("available", "可用", "Available"), ("onHand", "在库", "On hand"), ("reserved", "预留", "Reserved"),
        ("held", "冻结", "Held"),
        ("valueByCategory", "按类别的库存价值（元）", "Stock value by category (CNY)"),
        ("byJurisdiction", "按辖区汇总", "By jurisdiction"), ("depotMap", "储备库分布", "Depot locations"),
        ("mapNote", "按经纬度绘制，无底图", "Drawn from coordinates, no base map"),
        ("chartMissing", "图表脚本未安装（libjs-chart.js），以下为表格。", "Chart script not installed (libjs-chart.js); table below."),
        ("mapMissing", "地图脚本未安装（libjs-leaflet），以下为表格。", "Map script not installed (libjs-leaflet); table below."),
        ("category", "类别", "Category"), ("value", "价值（元）", "Value (CNY)"), ("quantity", "数量", "Quantity"),
        ("code", "编码", "Code"), ("name", "名称", "Name"), ("level", "级别", "Level"), ("population", "常住人口", "Population"),
        ("children", "下级", "Children"), ("coordinates", "经纬度", "Coordinates"), ("save", "保存", "Save"),
        ("cancel", "取消", "Cancel"),
        ("search", "查询", "Search"), ("filter", "筛选", "Filter"), ("all", "全部", "All"), ("actions", "操作", "Actions"),
        ("details", "详情", "Details"), ("back", "返回", "Back"), ("up", "上一级", "Up"),
        ("jurisdiction", "行政区划", "Jurisdiction"), ("operator", "运营方", "Operator"), ("zones", "温区", "Zones"),
        ("area", "面积（㎡）", "Area (m²)"), ("volume", "容积（m³）", "Volume (m³)"), ("coldChain", "冷链（m³）", "Cold chain (m³)"),
        ("forward", "前置库", "Forward depot"), ("address", "地址", "Address"), ("newDepot", "新建储备库", "New depot"),
        ("depot", "储备库", "Depot"), ("item", "物资", "Item"), ("batch", "批号", "Batch"),
        ("manufacturer", "生产企业", "Manufacturer"),
        ("productionDate", "生产日期", "Production date"), ("expiryDate", "有效期至", "Expiry date"),
        ("status", "状态", "Status"),
        ("expiry", "效期", "Expiry"), ("lot", "批次", "Lot"), ("unitCost", "单价（元）", "Unit cost (CNY)"),
        ("inspection", "验收结论", "Inspection"), ("note", "备注", "Note"), ("reason", "原因", "Reason"),
        ("recipient", "领用单位", "Receiving unit"), ("fromDepot", "调出库", "From depot"), ("toDepot", "调入库", "To depot"),
        (
            "fefoHint", "不指定批次时按先到期先出（FEFO）自动选批，过期、冻结、隔离批次不会出库。",
            """
            Without a lot, lots are picked first-expiry-first-out; expired, held and quarantined lots are never \
            issued.
            """
        ),
        ("adjustHint", "正数为盘盈，负数为盘亏；必须填写原因。", "Positive for a surplus, negative for a shortage; a reason is required."),
        (
            "writeOffConfirm", "我确认申请核销以上数量（须经另一人审批后核销）",
            "I confirm requesting this write-off (a second person must approve it)"
        ),
        ("document", "单据号", "Document"), ("kind", "类型", "Kind"), ("time", "时间", "Time"), ("actor", "经办人", "By"),
        ("change", "变动", "Change"), ("submit", "提交", "Submit"), ("saved", "已保存", "Saved"),
        ("done", "操作成功，单据号：", "Done. Document number: "), ("noRows", "暂无数据", "Nothing here yet"),
        ("page", "第 {page} / {pages} 页，共 {total} 条", "Page {page} of {pages}, {total} rows"),
        ("prev", "上一页", "Previous"), ("next", "下一页", "Next"), ("expiringWithin", "效期内天数", "Expiring within (days)"),
        ("chooseLot", "（按 FEFO 自动选批）", "(pick by FEFO)"), ("choose", "请选择", "Choose"),
        ("reserveClass", "储备类别", "Reserve class"), ("unit", "计量单位", "Unit"),
        ("shelfLife", "保质期（天）", "Shelf life (days)"),
        ("storage", "储存条件", "Storage"), ("reusable", "可复用", "Reusable"), ("price", "单价（元）", "Price (CNY)"),
        ("spec", "规格", "Specification"), ("versions", "目录版本", "Catalogue versions"), ("items", "物资", "Items"),
        ("unitKind", "单位类型", "Kind"), ("grade", "等级", "Grade"), ("beds", "床位", "Beds"), ("vehicles", "车辆", "Vehicles"),
        ("qualification", "资质", "Qualification"), ("role", "角色", "Role"), ("scope", "管辖范围", "Scope"),
        ("changeStatus", "变更状态", "Change status"), ("comingTitle", "该功能正在建设中", "This capability is being built"),
        (
            "comingBody", "导航中已列出平台的全部能力；此模块将在后续版本上线。",
            "The navigation lists every capability of the platform; this one arrives in a later release."
        ),
        ("errorTitle", "出错了", "Something went wrong"), ("yes", "是", "Yes"), ("no", "否", "No"),
        ("lotsOfDepot", "该库批次", "Lots in this depot"), ("stockOfDepot", "库存汇总", "Stock summary"),
        ("yuan", "元", "CNY"), ("enterprise", "企业代储", "Enterprise-held"), ("government", "政府自储", "Government"),
        ("fresh", "正常", "Fresh"), ("watch", "关注", "Watch"), ("nearBand", "近效期", "Near expiry"),
        ("expiredBand", "已过期", "Expired"),
        ("noExpiry", "无有效期", "No expiry"), ("legend", "效期图例", "Expiry legend"),
        ("populationHint", "用于口罩等按人口测算的储备定额", "Used by per-capita reserve norms such as masks"),
        ("scopeNote", "仅显示您管辖范围内的数据", "Only data within your jurisdiction is shown"),
        ("reference", "基础数据", "Reference"), ("pin", "固定", "Pin"), ("total", "合计", "total"),
        ("resolve", "按固定行重新求解", "Solve again around the pinned lines"),
        (
            "pinHint", "勾选“固定”并可修改数量：这些行按调度员意见先行分配，其余由算法重新求解；批准时一并生效。",
            """
            Tick “Pin” and change the quantity if needed: pinned lines are allocated as given, the engine plans \
            the rest; approval includes them.
            """
        ), ("byParty", "按单位汇总（元）", "By party (CNY)"), ("party", "单位", "Party"),
        ("drawnAmount", "调用应付", "Owed for stock drawn"), ("buybackAmount", "回购补库义务", "Buy-back obligation"),
        ("claimsAgainst", "被索赔", "Claims against"), ("receivable", "应收", "Receivable"),
        ("photo", "照片（可选，破损或短少时拍照）", "Photo (optional, of damage or shortage)"),
        ("receivingDepot", "入库到本单位储备库（生成调拨令）", "Stock a reserve depot of the unit (allocation order)"),
        ("consumeOnSite", "不入库，现场使用（调配令）", "Used on site (deployment order)"), ("trackingMap", "运输地图", "Tracking map"),
        ("recovery", "回收入库（消毒后）", "Recover (after disinfection)"), ("grid", "网格", "Grid"),
        ("disinfected", "已消毒", "Disinfected"), ("recover", "回收", "Recover"), ("openOrders", "在途及待执行指令", "Open orders"),
        ("post", "岗位", "Post"),
        (
            "substitutesAllowed", "现场条件允许降级替代（医废处置、样本转运、采样台岗位除外）",
            "Site allows a lowered-standard substitute (never for waste handling, sample transport, sampling tables)"
        ), ("runPlan", "生成分配方案", "Compute the plan"),
        ("fairness", "同级公平（最大最小满足率）", "Fairness within a class (max-min fill rate)"),
        ("approvePlan", "批准方案并下达调度指令", "Approve the plan and issue orders"),
        ("approvePlanConfirm", "确认按此方案批准全部申请？", "Approve every request by this plan?"),
        (
            "planIntro", "对管辖范围内全部待审批申请求解：优先级→来源层级（本级→机构富余→县际→省级）→先到期先出→车程限制，逐行说明依据。",
            """
            Solves every request waiting in your inbox: priority → source tier (own → institutions' surplus → \
            other counties → province) → first expiry first out → travel-time limit, every line explained.
            """
        ),
        ("fillByPriority", "按优先级满足率", "Fill rate by priority"),
        ("fillByJurisdiction", "按辖区满足率", "Fill rate by jurisdiction"),
        ("flows", "调运流向", "Flows"), ("unmet", "未满足需求", "Unmet demand"), ("rule", "分配依据", "Why"),
        ("tier", "来源层级", "Source tier"),
        ("substituteMark", "替代", "substitute"), ("fillRate", "满足率", "Fill rate"),
        ("liveCount", "当前 {n} 条（实时刷新）", "{n} rows (live)"),
        ("incidents", "应急事件", "Events"), ("declare", "宣布应急响应", "Declare an event"), ("title", "标题", "Title"),
        ("responseLevel", "响应级别", "Response level"), ("raise", "调整级别", "Change level"),
        ("endIncident", "结束响应", "End the event"),
        ("endConfirm", "确认结束该应急响应？结束后不可恢复。", "End this event? This cannot be undone."),
        ("timeline", "时间线", "Timeline"), ("declaredAt", "宣布时间", "Declared"), ("active", "响应中", "Active"),
        ("noIncident", "当前无应急响应（日常调度）", "No event in force (daily dispatch)"),
        ("requestsInbox", "待审批", "To decide"), ("myRequests", "申请列表", "Requests"),
        ("newRequest", "新建申请", "New request"),
        ("number", "编号", "Number"), ("requester", "申请单位", "Requesting unit"), ("priority", "优先级", "Priority"),
        ("neededBy", "需求时间", "Needed by"), ("deliveryPlace", "送达地点", "Delivery place"),
        ("justification", "申请理由", "Justification"),
        ("lines", "物资明细", "Lines"), ("addLine", "其他需求行（须填原因）", "Other needs (reason required)"),
        ("massTesting", "全员核酸检测需求（可选）", "Mass testing (optional)"), ("samplingPoints", "采样点数", "Sampling points"),
        ("tables", "采样台数", "Tables"), ("staffPerTable", "每台人员", "Staff per table"), ("rounds", "轮次", "Rounds"),
        ("redundancy", "冗余比例", "Redundancy"),
        (
            "massTestingHint", "按每台、每人、每点的消耗标准折算为物资数量，另加冗余。",
            "Converted into item quantities by the per-table, per-staff and per-point standard, plus redundancy."
        ),
        ("saveDraft", "保存草稿", "Save draft"), ("submitRequest", "提交申请", "Submit"), ("withdraw", "撤回", "Withdraw"),
        ("copyRequest", "复制为新申请", "Copy into a new draft"), ("approve", "批准并下达调度指令", "Approve and issue orders"),
        ("reject", "驳回", "Reject"), ("rejectReason", "驳回理由", "Reason for rejection"),
        ("availability", "可调库存（按距离排序，先到期先出）", "Available stock (nearest first, FEFO)"), ("distance", "距离", "Distance"),
        ("travelTime", "车程", "Travel time"), ("free", "可用", "Free"), ("allowed", "可调", "In reach"),
        ("carrier", "承运单位", "Carrier"),
        ("vehicle", "车辆", "Vehicle"),
        ("executeFirst", "先执行后补手续（Ⅲ级及以上）", "Execute first, paperwork later (level III and above)"),
        ("borderHandover", "经交界收集点无接触交接", "Contactless handover at a border collection point"),
        (
            "autoPick", "不指定来源时，按距离由近及远、先到期先出自动选批。",
            "Without sources, the nearest depots in reach are used, first-expiry-first-out."
        ),
        ("sourceDepot", "来源储备库", "Source depot"), ("orders", "调度指令", "Dispatch orders"),
        ("approvedQuantity", "已批准", "Approved"),
        (
            "partlyApproved", "部分满足：标黄的物资批准数量少于申请数量，缺口需另行调拨或重新申请。",
            """
            Partly covered: the highlighted lines were approved for less than requested; the gap needs another \
            source or a new request.
            """
        ), ("decision", "审批意见", "Decision"),
        ("approver", "审批层级", "Approving level"), ("paperworkDue", "补手续期限", "Paperwork due"),
        ("paperworkDone", "手续已补", "Paperwork done"),
        ("completePaperwork", "标记手续已补齐", "Mark paperwork complete"),
        ("dispatchBoard", "调度看板", "Dispatch"), ("live", "实时推送已连接", "Live"), ("offline", "实时推送未连接", "Not live"),
        ("newOrders", "新指令", "new"), ("orderKind", "指令类型", "Order"), ("receiver", "接收单位", "Receiver"),
        ("eta", "预计到达", "ETA"),
        ("alerts", "预警", "Alerts"), ("acknowledge", "确认接收", "Acknowledge"), ("pick", "拣货", "Pick"),
        ("load", "装车", "Load"),
        ("depart", "出发", "Depart"), ("checkpoint", "途经检查点", "Checkpoint"), ("arrive", "到达", "Arrive"),
        ("cancelOrder", "取消指令", "Cancel order"),
        ("cancelConfirm", "确认取消该调度指令？预留库存将释放。", "Cancel this order? Its reserved stock is released."),
        ("tracking", "运输跟踪", "Tracking"), ("print", "打印调拨单", "Print dispatch note"),
        ("sign", "签收", "Sign for delivery"),
        ("accepted", "实收", "Accepted"), ("short", "短少", "Short"), ("damaged", "破损", "Damaged"),
        ("signAll", "确认签收", "Confirm signature"),
        (
            "signHint", "逐行填写实收、短少、破损数量，三者之和须等于发运数量；短少与破损向发货方索赔。",
            """
            For each line enter accepted, short and damaged; they must add up to the quantity shipped. Shortages \
            and damage become claims on the shipper.
            """
        ),
        ("signed", "已签收", "Signed"), ("charges", "费用结算", "Charges"), ("payer", "付款方", "Payer"),
        ("payee", "收款方", "Payee"),
        ("amount", "金额（元）", "Amount (CNY)"), ("chargeKind_charge", "调用付费", "Charge (who draws pays)"),
        ("chargeKind_buyback", "企业回购补库", "Buy-back obligation"), ("chargeKind_claim", "短少破损索赔", "Shortage claim"),
        ("alert_unacknowledged", "超时未确认", "Not acknowledged in time"),
        ("alert_late", "预计晚于需求时间", "ETA after needed-by"),
        ("alert_legOverdue", "运输超时", "Leg over its limit"),
        ("alert_firstRoundOverdue", "首轮物资超时", "First-round supplies late"),
        ("alert_paperworkOverdue", "补手续逾期", "Paperwork overdue"),
        ("signatures", "签字", "Signatures"), ("shipper", "发货人", "Shipper"), ("driver", "承运人", "Carrier"),
        ("consignee", "收货人", "Consignee"),
        ("routeMap", "运输路线", "Route"), ("policyRules", "调度规则", "Dispatch rules"), ("report", "响应报告", "Response report"),
        ("downloadCSV", "下载 CSV", "Download CSV"), ("requested", "申请", "Requested"), ("approvedQty", "批准", "Approved"),
        ("shipped", "发运", "Shipped"), ("received", "实收", "Received"), ("returned", "回收", "Returned"),
        ("step", "环节", "Step"),
        ("priceHistory", "市场价格记录", "Market price history"), ("effectiveFrom", "生效日期", "Effective from"),
        ("priceToday", "今日市场价", "Market price today"), ("cataloguePrice", "目录价", "Catalogue price"),
        ("priceSource_history", "价格记录", "Price history"), ("priceSource_catalogue", "目录价", "Catalogue price"),
        ("superseded", "已被同日更正取代", "superseded"), ("enteredBy", "录入人", "Entered by"),
        ("addPrice", "录入市场价", "Add a market price"),
        ("noPrices", "尚无价格记录，调拨按目录价计费。", "No price points yet: transfers are charged at the catalogue price."),
        (
            "priceHint", "价格自生效日期起适用，直至更晚的生效日期。调用付费按货物出库当日适用的价格计算，当日无记录时按目录价。同一生效日期再次录入视为更正，以后录入的为准。",
            """
            A price applies from its day until a later one takes effect. Deliveries are charged at the price in \
            force on the day the goods left the depot, or the catalogue price if none is. A second entry for the \
            same day corrects the first.
            """
        ),
        (
            "priceEditors", "市场价格由省级及以上的目录管理人员录入。",
            "Market prices are entered by catalogue editors at province level or above."
        ),
        // Write-offs need a second person (R4.3, ADR 0025).
        ("writeOffs", "报废核销", "Write-offs"), ("requestedBy", "申请人", "Requested by"), ("decidedBy", "审批人", "Decided by"),
        (
            "writeOffRequested", "已提交报废核销申请，待另一人审批；审批前该数量冻结，仍在库。单据号：",
            """
            Write-off requested: it awaits a second person's approval; until then the units are held, still on \
            hand. Number: 
            """
        ),
        (
            "writeOffHint", "报废核销须经第二人审批：由储备库所在辖区的物资保障专员或管理员审批，申请人本人不能审批。申请后该数量冻结（仍在库），批准后核销出账，驳回则解冻。",
            """
            A write-off needs a second person: a supply officer or administrator of the depot's jurisdiction \
            approves it, never the requester. Until then the units are held (still on hand); approval writes them \
            off, rejection releases them.
            """
        ),
        ("approveWriteOff", "批准核销", "Approve write-off"),
        (
            "approveWriteOffConfirm", "确认批准？批准后该数量从账上核销，不可撤销。",
            "Approve? The units leave the books; this cannot be undone."
        ),
        ("rejectWriteOffConfirm", "确认驳回？冻结的数量将恢复可用。", "Reject? The held units become free again."),
        ("pendingWriteOff", "待核销", "Pending write-off"),
    ]

    private static let zh: [String: String] = Dictionary(uniqueKeysWithValues: entries.map { ($0.0, $0.1) })
    private static let en: [String: String] = Dictionary(uniqueKeysWithValues: entries.map { ($0.0, $0.2) })
}
