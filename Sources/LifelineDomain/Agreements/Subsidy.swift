import Foundation

/// The rates of storage subsidies (R9.2, seed: 储备补贴按储备物资价值的 7 %/年, 管理费按采购价值的 2.5 %,
/// 产能保持补贴按冗余产能年折旧的 50 %), as integers an office may edit: the two money rates in per mille
/// (7 % = 70 ‰, 2.5 % = 25 ‰) so that 2.5 % needs no fraction, the retention share in percent.
public struct SubsidyRates: Sendable, Hashable, Codable {
    /// Storage subsidy a year, per mille of the stored value.
    public var storagePermille: Int
    /// Management fee, per mille of the purchase value (once, not a year).
    public var managementPermille: Int
    /// Capacity retention, percent of the redundant capacity's yearly depreciation.
    public var capacityRetentionPercent: Int

    public init(storagePermille: Int = 70, managementPermille: Int = 25, capacityRetentionPercent: Int = 50) {
        self.storagePermille = storagePermille
        self.managementPermille = managementPermille
        self.capacityRetentionPercent = capacityRetentionPercent
    }

    /// The rates when each lies in its range (0–1000 ‰, 0–100 %); else an error naming the rate.
    @discardableResult
    public func validated() throws(LifelineError) -> SubsidyRates {
        guard (0...1000).contains(storagePermille) else {
            throw LifelineError.invalid("storagePermille", "0 to 1000 per mille")
        }
        guard (0...1000).contains(managementPermille) else {
            throw LifelineError.invalid("managementPermille", "0 to 1000 per mille")
        }
        guard (0...100).contains(capacityRetentionPercent) else {
            throw LifelineError.invalid("capacityRetentionPercent", "0 to 100 %")
        }
        return self
    }
}

/// The kinds of line of a subsidy statement.
public enum SubsidyLineKind: String, Sendable, Codable, CaseIterable {
    case storage
    case management
    case capacityRetention = "capacity_retention"

    public var text: LocalizedText {
        switch self {
        case .storage: .init(zh: "储备补贴", en: "Storage subsidy")
        case .management: .init(zh: "管理费", en: "Management fee")
        case .capacityRetention: .init(zh: "产能保持补贴", en: "Capacity retention")
        }
    }
}

/// One line of a subsidy statement: what it is paid on (`basisFen`), what is paid, and how it was worked
/// out in both languages, so that an enterprise can check it by hand.
public struct SubsidyStatementLine: Sendable, Hashable, Codable {
    public var kind: SubsidyLineKind
    /// Storage: the mean stored value over the period; management: the purchase value; capacity
    /// retention: the yearly depreciation.
    public var basisFen: Int
    public var amountFen: Int
    public var note: String

    public init(kind: SubsidyLineKind, basisFen: Int, amountFen: Int, note: String) {
        self.kind = kind
        self.basisFen = basisFen
        self.amountFen = amountFen
        self.note = note
    }
}

/// Whether a subsidy period is still being accrued or has been settled (and may no longer change).
public enum SubsidyPeriodStatus: String, Sendable, Codable, CaseIterable {
    case open, closed

    public var text: LocalizedText {
        switch self {
        case .open: .init(zh: "未结算", en: "Open")
        case .closed: .init(zh: "已结算", en: "Closed")
        }
    }
}

/// The storage subsidies of R9.2, in whole fen. Every amount is rounded half up once, at the end, and
/// worked out in full width: value-days reach about 10^18 fen·days and their product with a rate does
/// not fit in 64 bits.
public enum SubsidyCalculator {
    /// The storage subsidy on `valueDaysFen`, the sum over the period's days of the value stored that day
    /// (fen·days): weighting by day pays for stock as long as it was actually held, not for the stock on
    /// one closing date. valueDays × per mille / (1000 × days in the year). A `daysInYear` outside 1–366
    /// gives 0.
    public static func storageFen(valueDaysFen: Int, rates: SubsidyRates, daysInYear: Int = 365) -> Int {
        guard (1...366).contains(daysInYear) else { return 0 }
        return FullWidth.ratio([valueDaysFen, rates.storagePermille], over: 1000 * daysInYear, roundingHalfUp: true)
    }

    /// The management fee: the purchase value × per mille / 1000.
    public static func managementFen(purchaseValueFen: Int, rates: SubsidyRates) -> Int {
        FullWidth.ratio([purchaseValueFen, rates.managementPermille], over: 1000, roundingHalfUp: true)
    }

    /// The capacity-retention subsidy for `periodDays`: the yearly depreciation of the redundant capacity
    /// × percent / 100 × periodDays / daysInYear. A `daysInYear` outside 1–366 gives 0.
    public static func capacityRetentionFen(
        yearlyDepreciationFen: Int, periodDays: Int, rates: SubsidyRates, daysInYear: Int = 365
    ) -> Int {
        guard (1...366).contains(daysInYear) else { return 0 }
        return FullWidth.ratio(
            [yearlyDepreciationFen, rates.capacityRetentionPercent, periodDays], over: 100 * daysInYear,
            roundingHalfUp: true)
    }

    /// The value-days of one lot over `period`: its on-hand quantity is a step function — each entry holds
    /// from its day until the next entry's day, the last one to the period's end, and nothing is held
    /// before the first —, and the result is Σ over the period's days of quantity × unit cost. Entries are
    /// expected sorted by day (they are sorted again, keeping the order of entries of the same day, the
    /// last of which holds). Negative quantities count as 0; a sum beyond `Int.max` saturates.
    public static func valueDays(balances: [(from: Day, quantity: Int)], unitCostFen: Int, period: ClosedRange<Day>)
        -> Int
    {
        let steps = balances.enumerated().sorted { ($0.element.from, $0.offset) < ($1.element.from, $1.offset) }
            .map(\.element)
        var total = 0
        for (index, step) in steps.enumerated() {
            let from = max(step.from, period.lowerBound)
            let through =
                index + 1 < steps.count
                ? min(steps[index + 1].from.adding(days: -1), period.upperBound)
                : period.upperBound
            guard from <= through else { continue }
            let days = from.days(until: through) + 1
            let value = FullWidth.ratio([step.quantity, days, unitCostFen], over: 1, roundingHalfUp: false)
            total = FullWidth.sum(total, value)
        }
        return total
    }

    /// The statement of a period: a line for each subsidy whose basis is above 0 (a storage agreement has no
    /// capacity line, a capacity agreement no storage lines), in the order storage, management, capacity
    /// retention.
    public static func statement(
        valueDaysFen: Int, purchaseValueFen: Int, yearlyDepreciationFen: Int, periodDays: Int, rates: SubsidyRates,
        daysInYear: Int = 365
    ) -> [SubsidyStatementLine] {
        var lines: [SubsidyStatementLine] = []
        if valueDaysFen > 0, periodDays > 0 {
            let storage = percent(permille: rates.storagePermille)
            lines.append(
                SubsidyStatementLine(
                    kind: .storage,
                    basisFen: FullWidth.ratio([valueDaysFen], over: periodDays, roundingHalfUp: true),
                    amountFen: storageFen(valueDaysFen: valueDaysFen, rates: rates, daysInYear: daysInYear),
                    note: "按 \(periodDays) 天日均储备价值，年 \(storage) / "
                        + "\(storage) a year on the mean stored value of \(periodDays) days"))
        }
        if purchaseValueFen > 0 {
            let management = percent(permille: rates.managementPermille)
            lines.append(
                SubsidyStatementLine(
                    kind: .management, basisFen: purchaseValueFen,
                    amountFen: managementFen(purchaseValueFen: purchaseValueFen, rates: rates),
                    note: "采购价值的 \(management) / \(management) of the purchase value"))
        }
        if yearlyDepreciationFen > 0, periodDays > 0 {
            let share = "\(rates.capacityRetentionPercent) %"
            lines.append(
                SubsidyStatementLine(
                    kind: .capacityRetention, basisFen: yearlyDepreciationFen,
                    amountFen: capacityRetentionFen(
                        yearlyDepreciationFen: yearlyDepreciationFen, periodDays: periodDays, rates: rates,
                        daysInYear: daysInYear),
                    note: "冗余产能年折旧的 \(share)，计 \(periodDays)/\(daysInYear) 年 / "
                        + "\(share) of the redundant capacity's yearly depreciation, \(periodDays)/\(daysInYear) year"
                ))
        }
        return lines
    }

    /// The statement's total (saturating at `Int.max`).
    public static func totalFen(_ lines: [SubsidyStatementLine]) -> Int {
        lines.reduce(0) { FullWidth.sum($0, $1.amountFen) }
    }

    /// `70` → `7 %`, `25` → `2.5 %`.
    private static func percent(permille: Int) -> String {
        let tenths = permille % 10
        return "\(permille / 10)" + (tenths == 0 ? "" : ".\(abs(tenths))") + " %"
    }
}

/// Whole-number arithmetic on money and quantities that must neither trap nor lose precision: products
/// of up to three 64-bit factors are kept in 128 bits (`multipliedFullWidth`) and divided back
/// (`dividingFullWidth`), and results beyond `Int.max` saturate there.
enum FullWidth {
    private typealias Wide = (high: UInt, low: UInt)

    /// Π `factors` / `divisor`, rounded down or half up. Any factor below 1 or a divisor below 1 gives 0.
    static func ratio(_ factors: [Int], over divisor: Int, roundingHalfUp: Bool) -> Int {
        guard divisor > 0, factors.allSatisfy({ $0 > 0 }) else { return 0 }
        var product: Wide = (0, 1)
        for factor in factors {
            let low = product.low.multipliedFullWidth(by: UInt(factor))
            let high = product.high.multipliedFullWidth(by: UInt(factor))
            let (middle, carry) = high.low.addingReportingOverflow(low.high)
            // Beyond 128 bits, the quotient by a 64-bit divisor is beyond Int.max.
            guard high.high == 0, !carry else { return Int.max }
            product = (middle, low.low)
        }
        if roundingHalfUp {
            // ⌊(n + ⌊d / 2⌋) / d⌋ is n / d rounded half up.
            let (low, carry) = product.low.addingReportingOverflow(UInt(divisor / 2))
            let (high, overflow) = product.high.addingReportingOverflow(carry ? 1 : 0)
            guard !overflow else { return Int.max }
            product = (high, low)
        }
        let (quotientHigh, remainderHigh) = product.high.quotientAndRemainder(dividingBy: UInt(divisor))
        let quotientLow = UInt(divisor).dividingFullWidth((remainderHigh, product.low)).quotient
        return quotientHigh == 0 ? Int(clamping: quotientLow) : Int.max
    }

    /// `a + b`, saturating at `Int.max` (and `Int.min`).
    static func sum(_ a: Int, _ b: Int) -> Int {
        let (total, overflow) = a.addingReportingOverflow(b)
        guard overflow else { return total }
        return b > 0 ? Int.max : Int.min
    }
}
