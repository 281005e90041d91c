import Foundation

/// The mass-testing standard (全员核酸检测服务人员物资保障标准, seed 001, R7): one entry per item
/// class, saying what a kit worn, a table, a point or a person tested needs in a round, which items
/// are reusable and which the districts hold in full.
///
/// A standard is data: an office edits it in the console, exports it and imports it as CSV
/// (``csv()``, ``init(csv:)``), and it is in force from ``effectiveFrom`` once an officer approved it.
/// ``seed001`` is Lifeline's reading of the seed (ADR 0038); ``MassTestingPlanner`` turns a standard
/// and a ``MassTestingInput`` into demand per item, round and area.
public struct MassTestingStandard: Sendable, Codable, Hashable {
    /// The version as the office names it (`2022-1`); 1–40 characters.
    public var version: String
    /// The first day the standard is in force, nil while it is a draft.
    public var effectiveFrom: Day?
    /// The officer who approved it, nil while it is a draft.
    public var approvedBy: String?
    /// One entry per item class, in the order plans list them.
    public var entries: [MassTestingStandardEntry]

    public init(
        version: String, effectiveFrom: Day? = nil, approvedBy: String? = nil, entries: [MassTestingStandardEntry]
    ) {
        self.version = version
        self.effectiveFrom = effectiveFrom
        self.approvedBy = approvedBy
        self.entries = entries
    }

    /// The most entries a standard may hold (the seed has 27 classes).
    public static let largestEntryCount = 100

    /// The entry of `itemClass`, if any.
    public func entry(_ itemClass: String) -> MassTestingStandardEntry? {
        entries.first { $0.itemClass == itemClass }
    }

    /// The item classes, in the standard's order.
    public var itemClasses: [String] { entries.map(\.itemClass) }

    /// What the `level` kit holds (R7.1): the entries counted per kit that name it.
    public func kit(_ level: ProtectionLevel) -> [MassTestingStandardEntry] {
        entries.filter { $0.basis == .perKit && $0.kits.contains(level) }
    }

    /// Trims and checks the standard and every entry; the first problem is thrown naming its field:
    /// `version`, `approvedBy`, `entries`, or an entry's field (`entries[3].quantity`). Item classes and
    /// catalogue codes are unique (one line per item in plans and requests).
    public func validated() throws(LifelineError) -> MassTestingStandard {
        var standard = self
        standard.version = try Text.required(version, field: "version", max: 40)
        standard.approvedBy = try Text.optional(approvedBy, field: "approvedBy", max: 60)
        guard !entries.isEmpty else { throw .required("entries") }
        guard entries.count <= Self.largestEntryCount else {
            throw LifelineError(.outOfRange, field: "entries", ["min": "1", "max": "\(Self.largestEntryCount)"])
        }
        var classes: Set<String> = []
        var codes: Set<String> = []
        for (index, entry) in entries.enumerated() {
            let checked = try entry.validated(field: "entries[\(index)]")
            guard classes.insert(checked.itemClass).inserted else {
                throw LifelineError(.duplicate, field: "entries[\(index)].itemClass", ["value": checked.itemClass])
            }
            if let code = checked.catalogueCode, !codes.insert(code).inserted {
                throw LifelineError(.duplicate, field: "entries[\(index)].catalogueCode", ["value": code])
            }
            standard.entries[index] = checked
        }
        return standard
    }
}
