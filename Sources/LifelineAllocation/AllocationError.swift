// swift-format-ignore-file: AlwaysUseLowerCamelCase

// The solver keeps the notation of docs/allocation.md (K items, D depots, S sites, L lots).
/// Why a problem or solution file (or an in-memory problem) was rejected.
///
/// `field` names the column or value (`lots.depot`, `penalty`, `format`, …) and `index` the
/// row (0-based) when the error concerns one row, so that the server can localise the message;
/// `description` is an English sentence such as
/// `lots.depot[17]: depot index 512 out of range 0..<500`.
public struct AllocationFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The file could not be read or written.
        case io
        /// Not well-formed JSON; `field` is the column being read (if any), `index` the row
        /// inside it (if any), and the message gives the byte offset.
        case syntax
        /// The `format` string is missing or not the expected one.
        case wrongFormat
        /// A required table, column or value is absent.
        case missingField
        /// A value has the wrong JSON type (e.g. a string where a number is required, a
        /// fractional number where an integer is required).
        case wrongType
        /// The columns of one table have different lengths (`field` names the column that
        /// differs from the table's first column; for `penalty`, `index` is the short row).
        case raggedColumns
        /// An index refers to a row that does not exist.
        case indexOutOfRange
        /// A quantity, cost or volume is negative where it must not be.
        case negative
        /// A value is outside its allowed range (priority class, zero volume, too large, …).
        case invalidValue
        /// A second row for the same (site, item) demand or the same (depot, site) arc.
        case duplicate
        /// Demand tranches inconsistent with their demand row.
        case invalidTranche
    }

    public var kind: Kind
    /// The field, e.g. `lots.depot`; empty for whole-file errors.
    public var field: String
    /// The 0-based row index within `field`, when the error concerns one row.
    public var index: Int?
    /// English explanation without the field prefix, e.g. `depot index 512 out of range 0..<500`.
    public var message: String

    public init(_ kind: Kind, field: String, index: Int? = nil, _ message: String) {
        self.kind = kind
        self.field = field
        self.index = index
        self.message = message
    }

    public var description: String {
        switch kind {
        case .missingField:
            return "missing field \(field)"
        default:
            var where_ = field
            if let index { where_ += "[\(index)]" }
            return where_.isEmpty ? message : "\(where_): \(message)"
        }
    }
}
