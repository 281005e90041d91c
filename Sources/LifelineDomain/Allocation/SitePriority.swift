import Foundation

/// What kind of sampling area a site is in (R6.1: key sampling areas before fringe areas).
public enum SamplingAreaKind: String, Sendable, Codable, CaseIterable {
    case key
    case ordinary
    case fringe

    public var text: LocalizedText {
        switch self {
        case .key: .init(zh: "重点采样区域", en: "key sampling area")
        case .ordinary: .init(zh: "一般区域", en: "ordinary area")
        case .fringe: .init(zh: "边缘区域", en: "fringe area")
        }
    }

    /// The points the area adds to a line's priority (``PriorityRule``).
    public var priorityPoints: Int {
        switch self {
        case .key: 2
        case .ordinary: 1
        case .fringe: 0
        }
    }
}

/// How densely the people a site serves live (R6.1: dense before sparse).
public enum PopulationDensity: String, Sendable, Codable, CaseIterable {
    case dense
    case ordinary
    case sparse

    public var text: LocalizedText {
        switch self {
        case .dense: .init(zh: "人口密集", en: "dense population")
        case .ordinary: .init(zh: "一般", en: "ordinary density")
        case .sparse: .init(zh: "人口稀疏", en: "sparse population")
        }
    }

    /// The points the density adds to a line's priority (``PriorityRule``).
    public var priorityPoints: Int {
        switch self {
        case .dense: 2
        case .ordinary: 1
        case .sparse: 0
        }
    }
}

/// What kind of place a site is (R6.1: key government sites before commercial and remote ones).
public enum SiteKind: String, Sendable, Codable, CaseIterable {
    case keyGovernment = "key_government"
    case ordinary
    case commercial
    case remote

    public var text: LocalizedText {
        switch self {
        case .keyGovernment: .init(zh: "重点政府场所", en: "key government site")
        case .ordinary: .init(zh: "一般场所", en: "ordinary site")
        case .commercial: .init(zh: "商业场所", en: "commercial site")
        case .remote: .init(zh: "偏远地区", en: "remote area")
        }
    }

    /// The points the kind of site adds to a line's priority (``PriorityRule``). Commercial and
    /// remote sites score the same: R6.1 names them together after key government sites and ranks
    /// neither above the other, so Lifeline does not invent an order between them.
    public var priorityPoints: Int {
        switch self {
        case .keyGovernment: 2
        case .ordinary: 1
        case .commercial, .remote: 0
        }
    }
}

/// What a requesting site says about itself, from which its lines' priority is derived (R6.1).
public struct SiteAttributes: Sendable, Codable, Hashable {
    public var area: SamplingAreaKind
    public var density: PopulationDensity
    public var kind: SiteKind

    public init(area: SamplingAreaKind, density: PopulationDensity, kind: SiteKind) {
        self.area = area
        self.density = density
        self.kind = kind
    }

    /// The most favoured site: a key government site in a dense key sampling area.
    public static let best = SiteAttributes(area: .key, density: .dense, kind: .keyGovernment)
    /// The least favoured site: a remote site in a sparse fringe area.
    public static let worst = SiteAttributes(area: .fringe, density: .sparse, kind: .remote)

    /// The points of the three site rules together (0–6).
    public var priorityPoints: Int { area.priorityPoints + density.priorityPoints + kind.priorityPoints }
}

extension WorkPost {
    /// The points the post adds to a line's priority (``PriorityRule``): staff at the
    /// sampling-table, sample-transport and waste-handling posts come before general posts and
    /// peripheral helpers (R6.1's personnel priority).
    public var priorityPoints: Int { self == .general ? 0 : 2 }
}

/// A line's priority class and how it was reached, for the allocation engine and its explanation.
public struct PriorityDerivation: Sendable, Codable, Hashable {
    /// The class the allocation engine uses.
    public var priority: RequestPriority
    /// Every rule that counted, in the order applied, then the outcome: what an explanation shows.
    public var reasons: [LocalizedText]
    /// Whether an officer set the class by hand instead of the rules.
    public var overridden: Bool
    /// The officer's reason when ``overridden``.
    public var overrideReason: String?

    public init(
        priority: RequestPriority, reasons: [LocalizedText], overridden: Bool = false, overrideReason: String? = nil
    ) {
        self.priority = priority
        self.reasons = reasons
        self.overridden = overridden
        self.overrideReason = overrideReason
    }
}

/// R6.1's priority rules when stock is short, turned into the allocation engine's three classes.
///
/// A line with site attributes scores points by four rules, added up; the total picks the class.
/// The stated class is not used then: the site decides, and an officer who disagrees overrides.
///
/// | rule (R6.1) | points |
/// |---|---|
/// | sampling area: key / ordinary / fringe | 2 / 1 / 0 |
/// | population: dense / ordinary / sparse | 2 / 1 / 0 |
/// | site: key government / ordinary / commercial / remote | 2 / 1 / 0 / 0 |
/// | post: sampling table, sample transport, waste handling / general or peripheral helper | 2 / 0 |
///
/// | total | class |
/// |---|---|
/// | 7–8 | critical (0) |
/// | 3–6 | high (1) |
/// | 0–2 | normal (2) |
///
/// Why this shape:
/// - points only add, so improving any one attribute (fringe → ordinary → key, sparse → ordinary →
///   dense, remote = commercial → ordinary → key government) or moving a line to a post never
///   lowers the class;
/// - a post line is never below a general line at the same site; the best site's post lines are
///   critical (8), the worst site's general lines normal (0);
/// - critical needs a post (a general line scores at most 6): when stock is short, the staff at
///   the protected posts of the favoured sites are served first;
/// - commercial and remote sites score alike: R6.1 puts key government sites before both and
///   ranks neither above the other.
///
/// Without site attributes (requests from before sites were described) the requester's class is
/// kept. An override wins over both and is flagged with its reason; validate the reason first
/// with ``validateOverride(reason:field:)``.
public enum PriorityRule {
    /// The fewest points for a critical line.
    public static let criticalFrom = 7
    /// The fewest points for a high line.
    public static let highFrom = 3
    /// The longest override reason.
    public static let largestOverrideReason = 500

    /// The class for a line at `site` for `post`; `stated` is the requester's class, kept only when
    /// the site is not described; `override` is an officer's class and reason, which wins.
    public static func derive(
        site: SiteAttributes?, post: WorkPost, stated: RequestPriority,
        override: (RequestPriority, reason: String)? = nil
    ) -> PriorityDerivation {
        var derivation = rules(site: site, post: post, stated: stated)
        if let override {
            let (priority, reason) = (override.0, override.reason)
            derivation.reasons.append(
                LocalizedText(
                    zh: "人工调整为\(priority.text.zh)：\(reason)", en: "overridden to \(priority.text.en): \(reason)"))
            derivation.priority = priority
            derivation.overridden = true
            derivation.overrideReason = reason
        }
        return derivation
    }

    /// The class a total of `points` gives.
    public static func priority(points: Int) -> RequestPriority {
        switch points {
        case criticalFrom...: .critical
        case highFrom...: .high
        default: .normal
        }
    }

    /// Checks an override's reason, naming `field`: required, at most 500 characters, no control
    /// character such as NUL. Returns it trimmed.
    @discardableResult
    public static func validateOverride(
        reason: String?, field: String = "overrideReason"
    ) throws(LifelineError) -> String {
        try Text.required(reason, field: field, max: largestOverrideReason)
    }

    /// The rules without an override.
    private static func rules(site: SiteAttributes?, post: WorkPost, stated: RequestPriority) -> PriorityDerivation {
        guard let site else {
            return PriorityDerivation(
                priority: stated,
                reasons: [
                    LocalizedText(
                        zh: "未填写场所属性，沿用申请人所选等级（\(stated.text.zh)）",
                        en: "no site attributes: the requester's class (\(stated.text.en)) is kept")
                ])
        }
        let postText =
            post == .general
            ? LocalizedText(zh: "一般岗位或外围协助人员", en: "general post or peripheral helper")
            : LocalizedText(zh: "在岗人员：\(post.text.zh)", en: "staff at post: \(post.text.en)")
        let parts: [(LocalizedText, Int)] = [
            (site.area.text, site.area.priorityPoints),
            (site.density.text, site.density.priorityPoints),
            (site.kind.text, site.kind.priorityPoints),
            (postText, post.priorityPoints),
        ]
        let total = parts.reduce(0) { $0 + $1.1 }
        let priority = priority(points: total)
        var reasons = parts.map { part in
            LocalizedText(zh: "\(part.0.zh)（+\(part.1)）", en: "\(part.0.en) (+\(part.1))")
        }
        reasons.append(
            LocalizedText(zh: "合计 \(total) 分：\(priority.text.zh)", en: "\(total) points: \(priority.text.en)"))
        return PriorityDerivation(priority: priority, reasons: reasons)
    }
}
