import Foundation

/// How a sampling point's staff on one shift divide into posts (seed 001; Lifeline's reading, ADR 0038).
///
/// The protected posts are counted from the tables and points, never from the staff figure:
/// - table staff = tables × ``staffPerTable`` (a sampler and a registrar);
/// - sample handlers = points × ``sampleHandlersPerPoint``;
/// - waste handlers = points × ``wasteHandlersPerPoint``;
/// - general posts = whatever the staff per point leaves, never below 0.
///
/// So a low staff figure shrinks the general posts, never the protected ones; a figure below the
/// protected posts is shown (``MassTestingPosts/protectedPostsExceedStaffGiven``) and planned at the
/// protected posts' size. With Guiyang's 8 782 points, 20 865 tables and 11.4 staff per point:
/// 100 115 staff = 41 730 at tables + 8 782 sample handlers + 8 782 waste handlers + 40 821 general.
public struct MassTestingStaffing: Sendable, Codable, Hashable {
    public var staffPerTable: Int
    public var sampleHandlersPerPoint: Int
    public var wasteHandlersPerPoint: Int

    public init(staffPerTable: Int, sampleHandlersPerPoint: Int, wasteHandlersPerPoint: Int) {
        self.staffPerTable = staffPerTable
        self.sampleHandlersPerPoint = sampleHandlersPerPoint
        self.wasteHandlersPerPoint = wasteHandlersPerPoint
    }

    /// Two at each table, one sample handler and one waste handler per point.
    public static let seed001 = MassTestingStaffing(
        staffPerTable: 2, sampleHandlersPerPoint: 1, wasteHandlersPerPoint: 1)

    /// The most people of one post per table or per point.
    public static let largestPerPost = 20

    /// Checks the three figures, naming the field under `prefix` (`staffing.staffPerTable`): at least
    /// one person per table, 0–20 handlers per point.
    public func validated(field prefix: String = "staffing") throws(LifelineError) -> MassTestingStaffing {
        let max = String(Self.largestPerPost)
        guard (1...Self.largestPerPost).contains(staffPerTable) else {
            throw LifelineError(.outOfRange, field: "\(prefix).staffPerTable", ["min": "1", "max": max])
        }
        guard (0...Self.largestPerPost).contains(sampleHandlersPerPoint) else {
            throw LifelineError(.outOfRange, field: "\(prefix).sampleHandlersPerPoint", ["min": "0", "max": max])
        }
        guard (0...Self.largestPerPost).contains(wasteHandlersPerPoint) else {
            throw LifelineError(.outOfRange, field: "\(prefix).wasteHandlersPerPoint", ["min": "0", "max": max])
        }
        return self
    }

    /// The posts of `points` points with `tables` tables on one shift, `staffPerPoint` people per
    /// point (rounded up once, over all the points: 8 782 × 11.4 = 100 114.8 → 100 115), plus
    /// `peripheralHelpers`. Meant for validated inputs (``MassTestingInput/validated()``); others give
    /// figures clamped to 0…2⁶⁰ rather than a trap.
    public func posts(
        points: Int, tables: Int, staffPerPoint: Decimal, peripheralHelpers: Int = 0
    ) -> MassTestingPosts {
        let points = Swift.max(0, points)
        let exact = MassTestingDecimal.roundedUp(Decimal(points) * staffPerPoint)
        let given =
            exact.isNaN || exact <= 0 ? 0 : NSDecimalNumber(decimal: Swift.min(exact, Decimal(Self.ceiling))).intValue
        let tableStaff = Self.product(tables, staffPerTable)
        let sampleHandlers = Self.product(points, sampleHandlersPerPoint)
        let wasteHandlers = Self.product(points, wasteHandlersPerPoint)
        let protected = Swift.min(Self.ceiling, tableStaff + sampleHandlers + wasteHandlers)
        return MassTestingPosts(
            staffGiven: given, tableStaff: tableStaff, sampleHandlers: sampleHandlers, wasteHandlers: wasteHandlers,
            general: Swift.max(0, given - protected),
            peripheralHelpers: Swift.min(Self.ceiling, Swift.max(0, peripheralHelpers)))
    }

    /// Where clamped figures stop: 2⁶⁰, so that sums of all five posts still fit.
    private static let ceiling = 1 << 60

    /// `a × b` for counts, clamped to 0…2⁶⁰.
    private static func product(_ a: Int, _ b: Int) -> Int {
        let (value, overflow) = Swift.max(0, a).multipliedReportingOverflow(by: Swift.max(0, b))
        return overflow ? ceiling : Swift.min(ceiling, value)
    }
}

/// People on one shift, by post: what the kits are counted from.
public struct MassTestingPosts: Sendable, Codable, Hashable {
    /// Points × staff per point, rounded up: the staff the input asked for at the points.
    public var staffGiven: Int
    public var tableStaff: Int
    public var sampleHandlers: Int
    public var wasteHandlers: Int
    public var general: Int
    public var peripheralHelpers: Int

    public init(
        staffGiven: Int, tableStaff: Int, sampleHandlers: Int, wasteHandlers: Int, general: Int, peripheralHelpers: Int
    ) {
        self.staffGiven = staffGiven
        self.tableStaff = tableStaff
        self.sampleHandlers = sampleHandlers
        self.wasteHandlers = wasteHandlers
        self.general = general
        self.peripheralHelpers = peripheralHelpers
    }

    public static let zero = MassTestingPosts(
        staffGiven: 0, tableStaff: 0, sampleHandlers: 0, wasteHandlers: 0, general: 0, peripheralHelpers: 0)

    /// The people of `post`.
    public func count(_ post: MassTestingPost) -> Int {
        switch post {
        case .tableStaff: tableStaff
        case .sampleHandler: sampleHandlers
        case .wasteHandler: wasteHandlers
        case .general: general
        case .peripheralHelper: peripheralHelpers
        }
    }

    /// People at the points' posts (at least ``staffGiven``, more when the protected posts need more).
    public var atPoints: Int { tableStaff + sampleHandlers + wasteHandlers + general }

    /// Everyone supported on a shift: the points' posts and the peripheral helpers.
    public var total: Int { atPoints + peripheralHelpers }

    /// Whether the tables and points need more protected staff than the staff per point gives.
    public var protectedPostsExceedStaffGiven: Bool { tableStaff + sampleHandlers + wasteHandlers > staffGiven }

    /// The people wearing the `level` kit on a shift.
    public func wearers(of level: ProtectionLevel) -> Int {
        MassTestingPost.allCases.reduce(0) { $0 + ($1.protection == level ? count($1) : 0) }
    }

    public static func + (a: MassTestingPosts, b: MassTestingPosts) -> MassTestingPosts {
        MassTestingPosts(
            staffGiven: a.staffGiven + b.staffGiven, tableStaff: a.tableStaff + b.tableStaff,
            sampleHandlers: a.sampleHandlers + b.sampleHandlers, wasteHandlers: a.wasteHandlers + b.wasteHandlers,
            general: a.general + b.general, peripheralHelpers: a.peripheralHelpers + b.peripheralHelpers)
    }
}
