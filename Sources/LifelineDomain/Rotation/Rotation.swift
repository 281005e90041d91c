import Foundation

/// The windows of rotation (R4.3), in days before expiry: a lot is watched from the first, rotated from
/// the second, rotated urgently from the last. Rotating well before expiry leaves the receiving
/// institutions time to use the goods, so that the reserve is renewed instead of written off.
public struct RotationWindows: Sendable, Hashable, Codable {
    public var first: Int
    public var second: Int
    public var last: Int

    public init(first: Int = 180, second: Int = 90, last: Int = 30) {
        self.first = first
        self.second = second
        self.last = last
    }

    /// The windows when first > second > last ≥ 1 and first ≤ 3650 (ten years); else an error naming
    /// `windows`.
    @discardableResult
    public func validated() throws(LifelineError) -> RotationWindows {
        guard first <= 3650, first > second, second > last, last >= 1 else {
            throw LifelineError.invalid(
                "windows", "days with 3650 ≥ first > second > last ≥ 1: got \(first), \(second), \(last)")
        }
        return self
    }
}

/// How urgently a lot must be rotated.
public enum RotationUrgency: String, Sendable, Codable, CaseIterable {
    /// Within the first window (180 days): plan its rotation.
    case watch
    /// Within the second window (90 days): rotate it now.
    case rotate
    /// Within the last window (30 days): rotate it before anything else.
    case urgent
    /// Past its expiry: only a write-off is left.
    case expired

    public var text: LocalizedText {
        switch self {
        case .watch: .init(zh: "关注", en: "Watch")
        case .rotate: .init(zh: "待轮换", en: "Rotate")
        case .urgent: .init(zh: "紧急轮换", en: "Urgent")
        case .expired: .init(zh: "已过期", en: "Expired")
        }
    }

    /// The urgency of a lot `daysToExpiry` days before expiry (0 = expires today, still usable), or `nil`
    /// when it lies beyond the first window.
    public static func urgency(daysToExpiry: Int, windows: RotationWindows) -> RotationUrgency? {
        if daysToExpiry < 0 { return .expired }
        if daysToExpiry <= windows.last { return .urgent }
        if daysToExpiry <= windows.second { return .rotate }
        if daysToExpiry <= windows.first { return .watch }
        return nil
    }
}

/// A lot the rotation planner may move out.
public struct RotationLot: Sendable, Hashable {
    public var lotID: UUID
    public var itemCode: String
    public var quantity: Int
    public var expiry: Day
    public var unitCostFen: Int

    public init(lotID: UUID, itemCode: String, quantity: Int, expiry: Day, unitCostFen: Int) {
        self.lotID = lotID
        self.itemCode = itemCode
        self.quantity = quantity
        self.expiry = expiry
        self.unitCostFen = unitCostFen
    }
}

/// What is left of an institution's yearly purchase quota for an item: rotated stock issued to it
/// replaces a purchase it would have made anyway, so it never receives more than that.
public struct RotationQuota: Sendable, Hashable {
    public var institutionID: UUID
    public var itemCode: String
    public var remaining: Int

    public init(institutionID: UUID, itemCode: String, remaining: Int) {
        self.institutionID = institutionID
        self.itemCode = itemCode
        self.remaining = remaining
    }
}

/// The kinds of step of a rotation plan.
public enum RotationStepKind: String, Sendable, Codable, CaseIterable {
    case issue, sale
    case writeOff = "write_off"
    case purchase

    public var text: LocalizedText {
        switch self {
        case .issue: .init(zh: "调拨使用", en: "Issue to institution")
        case .sale: .init(zh: "出售", en: "Sale")
        case .writeOff: .init(zh: "报废", en: "Write-off")
        case .purchase: .init(zh: "补充采购", en: "Replacement purchase")
        }
    }
}

/// One step of a rotation plan: `lotID` for the steps that move a lot out, `institutionID` for issues.
public struct RotationStep: Sendable, Hashable, Codable {
    public var kind: RotationStepKind
    public var lotID: UUID?
    public var itemCode: String
    public var institutionID: UUID?
    public var quantity: Int

    public init(kind: RotationStepKind, lotID: UUID?, itemCode: String, institutionID: UUID?, quantity: Int) {
        self.kind = kind
        self.lotID = lotID
        self.itemCode = itemCode
        self.institutionID = institutionID
        self.quantity = quantity
    }
}

/// The rotation plan of R4.3 ("先进先出、轮换在先、报废在后": in first, rotate next, write off last).
public enum RotationPlanner {
    /// Plans the rotation of the lots within the second window or nearer, earliest expiry first (ties by
    /// lot ID):
    ///
    /// - a lot not yet expired is issued to the institutions with quota left for its item — the one with
    ///   the most left first (ties by ID), never beyond a quota, quotas consumed across lots —, so that
    ///   the goods are used rather than sold;
    /// - what is left of it is sold when `allowSale`, else stays unplanned (an officer decides);
    /// - an expired lot is written off whole, after every rotation;
    /// - each item rotated out is bought again, as much as left by issue, sale and write-off, so that
    ///   the reserve keeps its norm (items by code).
    ///
    /// The steps come as issues, sales, write-offs, purchases.
    public static func plan(
        lots: [RotationLot], quotas: [RotationQuota], today: Day, windows: RotationWindows, allowSale: Bool
    ) -> [RotationStep] {
        let due =
            lots
            .filter { $0.quantity > 0 && today.days(until: $0.expiry) <= windows.second }
            .sorted { ($0.expiry, $0.lotID.uuidString) < ($1.expiry, $1.lotID.uuidString) }
        var left = quotas.filter { $0.remaining > 0 }
        var issues: [RotationStep] = []
        var sales: [RotationStep] = []
        var writeOffs: [RotationStep] = []
        for lot in due {
            guard lot.expiry >= today else {
                writeOffs.append(step(.writeOff, lot, quantity: lot.quantity))
                continue
            }
            var unplanned = lot.quantity
            let takers = left.indices.filter { left[$0].itemCode == lot.itemCode && left[$0].remaining > 0 }.sorted {
                a, b in
                left[a].remaining != left[b].remaining
                    ? left[a].remaining > left[b].remaining
                    : left[a].institutionID.uuidString < left[b].institutionID.uuidString
            }
            for index in takers where unplanned > 0 {
                let quantity = min(unplanned, left[index].remaining)
                issues.append(step(.issue, lot, institution: left[index].institutionID, quantity: quantity))
                left[index].remaining -= quantity
                unplanned -= quantity
            }
            if unplanned > 0 && allowSale {
                sales.append(step(.sale, lot, quantity: unplanned))
            }
        }
        var rotatedOut: [String: Int] = [:]
        for moved in issues + sales + writeOffs {
            rotatedOut[moved.itemCode] = FullWidth.sum(rotatedOut[moved.itemCode, default: 0], moved.quantity)
        }
        let purchases = rotatedOut.sorted { $0.key < $1.key }.map {
            RotationStep(kind: .purchase, lotID: nil, itemCode: $0.key, institutionID: nil, quantity: $0.value)
        }
        return issues + sales + writeOffs + purchases
    }

    private static func step(
        _ kind: RotationStepKind, _ lot: RotationLot, institution: UUID? = nil, quantity: Int
    ) -> RotationStep {
        RotationStep(
            kind: kind, lotID: lot.lotID, itemCode: lot.itemCode, institutionID: institution, quantity: quantity)
    }
}
