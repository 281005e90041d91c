import Foundation

/// Localized labels for request fields, so that an error reads "数量 必须是正整数" in Chinese and
/// still names the API field (`quantity`) that a client developer looks for.
enum FieldLabels {
    static func label(for field: String, _ language: Language) -> String {
        // `lines[2].quantity` → label of `quantity`, keeping the path for the client.
        let leaf = field.split(separator: ".").last.map(String.init) ?? field
        let bare = leaf.split(separator: "[").first.map(String.init) ?? leaf
        guard language == .zh, let zh = chinese[bare] ?? chinese[camelCase(bare)] else { return field }
        return "\(zh)（\(field)）"
    }

    /// `expiry_date` → `expiryDate`: CSV columns are labelled like the API fields they fill.
    static func camelCase(_ column: String) -> String {
        let parts = column.split(separator: "_")
        guard let first = parts.first, parts.count > 1 else { return column }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    private static let chinese: [String: String] = [
        "quantity": "数量", "lotId": "批次", "itemId": "物资", "depotId": "储备库", "toDepotId": "调入库",
        "fromDepotId": "调出库", "code": "编码", "name": "名称", "nameZh": "中文名称", "nameEn": "英文名称",
        "category": "类别", "baseUnit": "计量单位", "unitZh": "计量单位", "unitEn": "英文计量单位",
        "shelfLifeDays": "保质期（天）", "storage": "储存条件", "batchNo": "批号", "manufacturer": "生产企业",
        "productionDate": "生产日期", "expiryDate": "有效期至", "reason": "原因", "inspection": "验收结论",
        "jurisdiction": "行政区划", "jurisdictionCode": "行政区划", "population": "常住人口", "kind": "类型",
        "hospitalGrade": "医院等级", "beds": "床位数", "qualification": "资质", "vehicles": "车辆数",
        "longitude": "经度", "latitude": "纬度", "areaM2": "面积（平方米）", "volumeM3": "容积（立方米）",
        "temperatureZones": "温区", "operatorKind": "运营方", "ownerUnitId": "所有单位", "operatorUnitId": "运营单位",
        "username": "用户名", "password": "密码", "role": "角色", "scope": "管辖范围", "unitId": "单位",
        "page": "页码", "per": "每页条数", "sort": "排序", "status": "状态", "unitPriceFen": "单价（分）",
        "volumeCm3": "体积（立方厘米）", "reserveClass": "储备类别", "title": "标题", "itemIds": "物资清单",
        "Idempotency-Key": "幂等键", "body": "请求内容", "address": "地址", "capacityM3": "冷链容量（立方米）",
        // Dispatch and allocation (R5, R6).
        "level": "响应级别", "jurisdictions": "涉及区划", "action": "操作", "lines": "物资明细", "note": "备注",
        "neededBy": "需用时间", "deliveryPlace": "送达地点", "justification": "申请理由", "priority": "优先级",
        "post": "岗位", "receivingDepotId": "接收储备库", "substitutesAllowed": "允许替代", "executeFirst": "先执行后补手续",
        "carrierUnitId": "承运单位", "vehicle": "车辆", "orderId": "调令", "lineId": "明细行", "accepted": "实收数量",
        "short": "短少数量", "damaged": "破损数量", "photo": "照片", "disinfected": "已消毒数量", "grid": "网格",
        "requestId": "申请单", "requestIds": "申请单", "pins": "锁定分配",
        "samplingPoints": "采样点数", "tables": "采样台数", "staffPerTable": "每台人员数", "rounds": "检测轮次",
        "redundancy": "冗余比例",
        // Rounds, sites, plans and kits (#12).
        "round": "轮次", "vehicleId": "登记车辆", "overrides": "优先级调整", "area": "采样区域", "density": "人口密度",
        "site": "站点属性", "staffPerPointPerShift": "每点每班人员数", "baseKitItemCode": "基础包物资",
        "incrementKitItemCode": "增量包物资", "kitItemCode": "物资包物资", "areaCodes": "区域", "areas": "区域",
        "peoplePerTablePerShift": "每台每班受检人数", "standard": "标准",
        // Transport register (#12 item 7).
        "plate": "车牌号", "payloadKg": "载重（千克）", "coldChain": "冷链", "driver": "驾驶员", "phone": "联系电话",
        "countyCode": "县（市、区）", "minutes": "单程时间（分钟）", "km": "里程（公里）", "distributionPointId": "保障网点",
        "points": "采样点数", "staffPerPoint": "每点每班人员数", "shifts": "班次",
        // Write-offs (R4.3).
        "writeOffId": "核销单", "approve": "审批结论",
        // CSV import columns (snake_case columns are looked up as camelCase).
        "depotCode": "储备库编码", "itemCode": "物资编码", "unitCostFen": "单位成本（分）", "reference": "入库凭证号",
        "operatorUnit": "运营单位", "ownerUnit": "所有单位", "zones": "温区", "coldChainM3": "冷链容积（立方米）",
        "isForward": "前置库", "file": "文件",
    ]
}
