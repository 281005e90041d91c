import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

extension AlertsService {
    /// Finds every cause now and reconciles the live alerts with them, in one transaction: new
    /// causes raise alerts, gone causes close theirs, changed figures update the message. On
    /// PostgreSQL concurrent refreshes (two instances' sweeps) take turns on an advisory lock.
    @discardableResult
    public func refresh() async throws -> AlertRefresh {
        // The quarter's norm adjustments and catalogue revisions are proposed on the same schedule.
        try await reserves.proposePlanChanges()
        let found =
            try await coverageCauses() + lotCauses() + reserves.rawMaterialCauses() + reserves.excursionCauses()
            + reserves.weeklyReportCauses() + orderCauses()
        let now = clock.now()
        return try await store.write { tx in
            if store.engine == .postgres {
                try await tx.sql().raw("SELECT pg_advisory_xact_lock(\(bind: Self.refreshLock))").run()
            }
            let live = try await AlertRecord.query(on: tx)
                .filter(\.$status ~~ [AlertStatus.open.rawValue, AlertStatus.acknowledged.rawValue]).all()
            let byKey = Dictionary(live.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            let plan = AlertReconciliation(
                found: found, live: byKey.mapValues { LocalizedText(zh: $0.messageZh, en: $0.messageEn) })
            for cause in plan.raise {
                let record = AlertRecord(status: AlertStatus.open.rawValue)
                record.id = ids.next()
                record.kind = cause.kind.rawValue
                record.key = cause.key
                record.path = cause.path.rawValue
                record.messageZh = cause.message.zh
                record.messageEn = cause.message.en
                record.raisedAtMs = now.milliseconds
                try await record.create(on: tx)
            }
            for cause in plan.update {
                guard let record = byKey[cause.key] else { continue }
                record.messageZh = cause.message.zh
                record.messageEn = cause.message.en
                try await record.update(on: tx)
            }
            for key in plan.close {
                guard let id = byKey[key]?.id, let locked = try await AlertRecord.lockForChange(id, on: tx),
                    locked.record.status != AlertStatus.closed.rawValue
                else { continue }
                try await transition(locked, to: AlertStatus.closed.rawValue, entity: .alert, on: tx)
                locked.record.closedAtMs = now.milliseconds
                try await locked.record.update(on: tx)
            }
            return AlertRefresh(
                raised: plan.raise.count, closed: plan.close.count, updated: plan.update.count,
                live: live.count + plan.raise.count - plan.close.count)
        }
    }

    /// The advisory lock refreshes take turns on (PostgreSQL).
    static let refreshLock = 0x4C49_4645_414C_5254  // "LIFEALRT"

    /// The dispatch alerts (R5.4) in the centre too: open orders escalated for want of an
    /// acknowledgement, and open orders whose arrival estimate is after their needed-by time. Seen
    /// by the receiver's area and the levels above (the escalation itself goes to the approver's).
    func orderCauses() async throws -> [AlertCondition] {
        let open = DispatchOrderStatus.allCases.filter(\.isOpen).map(\.rawValue)
        let orders = try await DispatchOrderRecord.query(on: database).filter(\.$status ~~ open).all()
        var causes: [AlertCondition] = []
        for order in orders {
            let path = try Stored.value(
                JurisdictionPath.self, order.receiverPath, column: "dispatch_orders.receiver_path")
            if order.escalatedAtMs != nil, order.status == DispatchOrderStatus.issued.rawValue {
                causes.append(
                    AlertCondition(
                        kind: .orderUnacknowledged, subject: order.number, path: path,
                        message: LocalizedText(
                            zh: "调度指令 \(order.number) 超过确认时限未确认，已上报上一级",
                            en: "Order \(order.number) was not acknowledged in time and went to the level above")))
            }
            if let eta = order.etaMs, eta > order.neededByMs {
                let late = (eta - order.neededByMs) / 60_000
                causes.append(
                    AlertCondition(
                        kind: .orderLate, subject: order.number, path: path,
                        message: LocalizedText(
                            zh: "调度指令 \(order.number) 预计晚到 \(late) 分钟",
                            en: "Order \(order.number) is expected \(late) minutes after it is needed")))
            }
        }
        return causes
    }

    /// Every approved plan's norms below its threshold.
    func coverageCauses() async throws -> [AlertCondition] {
        let plans = try await ReservePlanRecord.query(on: database)
            .filter(\.$status == ReservePlanStatus.approved.rawValue).all()
        var causes: [AlertCondition] = []
        for plan in plans {
            let id = try plan.requireID()
            let coverage = try await reserves.coverage(id, for: .system)
            let name = try await JurisdictionRecord.find(plan.jurisdictionCode, on: database)?.name ?? ""
            for row in coverage.rows where row.belowAlert {
                let percent = row.percent.map(String.init) ?? "0"
                causes.append(
                    AlertCondition(
                        kind: .coverageBelow, subject: "\(id.uuidString):\(row.itemId.uuidString)",
                        path: try plan.jurisdictionPath,
                        message: LocalizedText(
                            zh: """
                                \(name)（\(plan.jurisdictionCode)）\(row.itemCode) \(row.itemNameZh) 保障率 \(percent)%\
                                （在库 \(row.onHand) / 定额 \(row.norm) \(row.unitZh)），低于预警线 \(plan.alertPercent)%
                                """,
                            en: """
                                \(name) (\(plan.jurisdictionCode)) \(row.itemCode) \(row.itemNameEn) \
                                covered \(percent) % (\(row.onHand) of \(row.norm) \(row.unitEn)), \
                                below \(plan.alertPercent) %
                                """)))
            }
        }
        return causes
    }

    /// Lots with stock past their expiry, or within the rotation windows of their office (R4.3: 180 /
    /// 90 / 30 days by default, ``RotationUrgency``): the message says which window and what to do.
    func lotCauses() async throws -> [AlertCondition] {
        let today = self.today
        let windowsOf = try await reserves.parametersResolver(on: database)
        // The widest first window of any office bounds the query (and the configured near-expiry days).
        let stored = try await StoredSettingRecord.query(on: database).filter(\.$id >= "reserve-parameters:")
            .filter(\.$id < "reserve-parameters;").all()
        let widest = try stored.map {
            try JSONDecoder().decode(OfficeParameters.self, from: Data($0.value.utf8)).rotation.first
        }.reduce(max(RotationWindows().first, settings.nearExpiryDays), max)
        let near = today.adding(days: widest).iso
        let rows = try await database.sql().raw(
            """
            SELECT l.id, l.path, l.batch_no, l.expiry_date, l.on_hand, l.status, i.code, i.name_zh, i.name_en, \
            i.unit_zh, i.unit_en, d.name AS depot FROM lots l JOIN items i ON i.id = l.item_id \
            JOIN depots d ON d.id = l.depot_id \
            WHERE l.on_hand > 0 AND l.expiry_date IS NOT NULL AND l.expiry_date <= \(bind: near) \
            ORDER BY l.expiry_date, l.id
            """
        ).all()
        return try rows.compactMap { row in
            let expiry = try row.decode(column: "expiry_date", as: String.self)
            let status = try row.decode(column: "status", as: String.self)
            let path = try Stored.value(
                JurisdictionPath.self, try row.decode(column: "path", as: String.self), column: "lots.path")
            let days = today.days(until: Day(iso: expiry) ?? today)
            let expired = expiry < today.iso || status == LotStatus.expired.rawValue
            guard expired || RotationUrgency.urgency(daysToExpiry: days, windows: windowsOf(path).rotation) != nil
            else { return nil }
            let stage = RotationUrgency.urgency(daysToExpiry: days, windows: windowsOf(path).rotation) ?? .watch
            let batch = try row.decode(column: "batch_no", as: String.self)
            let code = try row.decode(column: "code", as: String.self)
            let onHand = try row.decode(column: "on_hand", as: Int.self)
            let depot = try row.decode(column: "depot", as: String.self)
            let zh = "\(depot) \(code) \(try row.decode(column: "name_zh", as: String.self)) 批号 \(batch)"
            let en = "\(depot) \(code) \(try row.decode(column: "name_en", as: String.self)) batch \(batch)"
            let unitZh = try row.decode(column: "unit_zh", as: String.self)
            let unitEn = try row.decode(column: "unit_en", as: String.self)
            return AlertCondition(
                kind: expired ? .expired : .nearExpiry, subject: try row.decode(column: "id", as: UUID.self).uuidString,
                path: path,
                message: expired
                    ? LocalizedText(
                        zh: "\(zh) 已于 \(expiry) 过期，仍在库 \(onHand) \(unitZh)，请两人审批报废核销",
                        en: "\(en) expired on \(expiry) with \(onHand) \(unitEn) on hand: write it off (two people)")
                    : LocalizedText(
                        zh: "【\(stage.text.zh)】\(zh) 将于 \(expiry) 到期（\(days) 天），在库 \(onHand) \(unitZh)，请安排轮换",
                        en: """
                            [\(stage.text.en)] \(en) expires on \(expiry) (\(days) days) with \(onHand) \(unitEn) \
                            on hand: rotate it
                            """))
        }
    }
}
