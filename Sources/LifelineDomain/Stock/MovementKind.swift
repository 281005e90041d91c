/// The kinds of append-only stock movement (R4.2). Each row records its effect on the lot's three
/// balances; `lifeline verify` sums those effects and compares them with the balances.
public enum MovementKind: String, Sendable, Codable, CaseIterable {
    /// 入库 — receipt into a depot, after acceptance inspection.
    case receipt
    /// 出库 — issue to a using unit.
    case issue
    /// 调出 — the leaving half of a transfer between depots.
    case transferOut = "transfer_out"
    /// 调入 — the arriving half of a transfer.
    case transferIn = "transfer_in"
    /// 盘点调整 — adjustment after a count, with a reason; signed.
    case adjustment
    /// 报废核销 — write-off of expired or damaged stock.
    case writeOff = "write_off"
    /// 退回/回收 — units returned to the depot (recovered reusable items, unused stock).
    case `return`
    /// 打包 — component units taken into kits (R7.1).
    case kitAssembly = "kit_assembly"
    /// 预留 — units promised to a dispatch order.
    case reserve
    /// 释放预留 — a promise withdrawn (rejection, cancellation).
    case release
    /// 冻结 — units set aside from issue.
    case hold
    /// 解冻 — held units made issuable again.
    case unhold
    /// 出售 — near-expiry stock sold in rotation (R4.3), with buyer, price and proceeds on record.
    case sale
    /// 组包产出 — kits made (into the kit's lot), or components recovered when kits are taken apart.
    case kitOutput = "kit_output"
    /// 拆包 — kits taken apart (out of the kit's lot).
    case kitDisassembly = "kit_disassembly"

    public var text: LocalizedText {
        switch self {
        case .receipt: .init(zh: "入库", en: "Receipt")
        case .issue: .init(zh: "出库", en: "Issue")
        case .transferOut: .init(zh: "调出", en: "Transfer out")
        case .transferIn: .init(zh: "调入", en: "Transfer in")
        case .adjustment: .init(zh: "盘点调整", en: "Adjustment")
        case .writeOff: .init(zh: "报废核销", en: "Write-off")
        case .return: .init(zh: "退回入库", en: "Return")
        case .kitAssembly: .init(zh: "打包", en: "Kit assembly")
        case .reserve: .init(zh: "预留", en: "Reserve")
        case .release: .init(zh: "释放预留", en: "Release")
        case .hold: .init(zh: "冻结", en: "Hold")
        case .unhold: .init(zh: "解冻", en: "Unhold")
        case .sale: .init(zh: "轮换出售", en: "Sale")
        case .kitOutput: .init(zh: "组包产出", en: "Kit output")
        case .kitDisassembly: .init(zh: "拆包", en: "Kit disassembly")
        }
    }

    /// The effect of moving `quantity` units (always positive, except a signed adjustment) of this kind.
    ///
    /// `fromReservation` says an issue or transfer consumes units reserved earlier for an order;
    /// `fromHold` says the units leave from those held — an approved write-off takes the units its
    /// request held (R4.3), in one movement.
    public func effect(quantity: Int, fromReservation: Bool = false, fromHold: Bool = false) -> BalanceEffect {
        switch self {
        case .receipt, .transferIn, .return, .kitOutput: BalanceEffect(onHand: quantity)
        case .issue, .transferOut, .kitAssembly, .writeOff, .sale, .kitDisassembly:
            BalanceEffect(onHand: -quantity, reserved: fromReservation ? -quantity : 0, held: fromHold ? -quantity : 0)
        case .adjustment: BalanceEffect(onHand: quantity)
        case .reserve: BalanceEffect(reserved: quantity)
        case .release: BalanceEffect(reserved: -quantity)
        case .hold: BalanceEffect(held: quantity)
        case .unhold: BalanceEffect(held: -quantity)
        }
    }

    /// Whether the movement takes units that must be free (not reserved, not held).
    public var consumesFreeStock: Bool {
        switch self {
        case .issue, .transferOut, .kitAssembly, .reserve, .hold, .sale, .kitDisassembly: true
        default: false
        }
    }
}

/// A change to a lot's three balances. Invariant kept by every movement:
/// `0 ≤ reserved`, `0 ≤ held`, `reserved + held ≤ onHand`.
public struct BalanceEffect: Sendable, Hashable, Codable {
    public var onHand: Int
    public var reserved: Int
    public var held: Int

    public init(onHand: Int = 0, reserved: Int = 0, held: Int = 0) {
        self.onHand = onHand
        self.reserved = reserved
        self.held = held
    }

    public static let zero = BalanceEffect()

    public static func + (lhs: BalanceEffect, rhs: BalanceEffect) -> BalanceEffect {
        BalanceEffect(onHand: lhs.onHand + rhs.onHand, reserved: lhs.reserved + rhs.reserved, held: lhs.held + rhs.held)
    }
}

/// A lot's balances.
public struct Balance: Sendable, Hashable, Codable {
    public var onHand: Int
    public var reserved: Int
    public var held: Int

    public init(onHand: Int, reserved: Int = 0, held: Int = 0) {
        self.onHand = onHand
        self.reserved = reserved
        self.held = held
    }

    /// Units that may be promised or issued now.
    public var free: Int { onHand - reserved - held }

    public var isConsistent: Bool { reserved >= 0 && held >= 0 && reserved + held <= onHand }

    /// Applies an effect, refusing one that would break the invariant.
    public func applying(_ effect: BalanceEffect) throws(LifelineError) -> Balance {
        let next = Balance(
            onHand: onHand + effect.onHand, reserved: reserved + effect.reserved, held: held + effect.held)
        guard next.isConsistent else {
            let requested = -(effect.onHand - effect.reserved - effect.held)
            throw LifelineError(
                .insufficientStock, ["available": String(free), "requested": String(max(requested, 0))])
        }
        return next
    }
}
