import Foundation
import LifelineDomain
import Testing

/// Priority derived from the sites (R6.1): legacy requests keep their class, the best and worst
/// sites, monotonicity over every site and post, posts before general lines, and overrides.
@Suite struct SitePriorityTests {
    static let posts: [WorkPost] = [.samplingTable, .sampleTransport, .wasteHandling]

    /// Every site Lifeline can describe.
    static let sites: [SiteAttributes] = SamplingAreaKind.allCases.flatMap { area in
        PopulationDensity.allCases.flatMap { density in
            SiteKind.allCases.map { SiteAttributes(area: area, density: density, kind: $0) }
        }
    }

    static func error(_ body: () throws -> Void) -> LifelineError? {
        do {
            try body()
            return nil
        } catch {
            return error as? LifelineError
        }
    }

    /// The class's rank, higher for a class served first.
    static func rank(_ site: SiteAttributes, _ post: WorkPost) -> Int {
        2 - PriorityRule.derive(site: site, post: post, stated: .normal).priority.rawValue
    }

    @Test func aRequestWithoutSiteAttributesKeepsItsClass() {
        for stated in RequestPriority.allCases {
            for post in WorkPost.allCases {
                let derived = PriorityRule.derive(site: nil, post: post, stated: stated)
                #expect(derived.priority == stated, "\(stated) \(post)")
                #expect(!derived.overridden && derived.overrideReason == nil)
                #expect(derived.reasons.count == 1)
                #expect(derived.reasons.first?.en.contains("no site attributes") == true)
                #expect(derived.reasons.first?.zh.contains("未填写场所属性") == true)
            }
        }
    }

    @Test func theBestSitesPostsAreCriticalAndTheWorstSitesGeneralLinesNormal() {
        for post in Self.posts {
            let best = PriorityRule.derive(site: .best, post: post, stated: .normal)
            #expect(best.priority == .critical, "\(post)")
        }
        #expect(PriorityRule.derive(site: .worst, post: .general, stated: .critical).priority == .normal)
        // The site decides, not the stated class.
        #expect(PriorityRule.derive(site: .best, post: .general, stated: .normal).priority == .high)
        #expect(PriorityRule.derive(site: .worst, post: .samplingTable, stated: .critical).priority == .normal)
        let ordinary = SiteAttributes(area: .ordinary, density: .ordinary, kind: .ordinary)
        #expect(PriorityRule.derive(site: ordinary, post: .general, stated: .normal).priority == .high)
    }

    @Test func theReasonsNameEveryRuleAndTheTotal() {
        let derived = PriorityRule.derive(site: .best, post: .wasteHandling, stated: .normal)
        #expect(
            derived.reasons.map(\.en) == [
                "key sampling area (+2)", "dense population (+2)", "key government site (+2)",
                "staff at post: waste handling (+2)", "8 points: critical",
            ])
        #expect(derived.reasons.first?.zh == "重点采样区域（+2）")
        #expect(derived.reasons.last?.zh == "合计 8 分：紧急")
        let worst = PriorityRule.derive(site: .worst, post: .general, stated: .normal)
        #expect(worst.reasons.map(\.zh).contains("偏远地区（+0）"))
        #expect(worst.reasons.map(\.en).contains("general post or peripheral helper (+0)"))
        #expect(!derived.overridden && derived.overrideReason == nil)
    }

    @Test func theTableOfPointsIsAsDocumented() {
        #expect(SamplingAreaKind.allCases.map(\.priorityPoints) == [2, 1, 0])
        #expect(PopulationDensity.allCases.map(\.priorityPoints) == [2, 1, 0])
        #expect(SiteKind.allCases.map(\.priorityPoints) == [2, 1, 0, 0])
        #expect(WorkPost.allCases.map(\.priorityPoints) == [2, 2, 2, 0])
        #expect(
            (0...8).map { PriorityRule.priority(points: $0) } == [
                .normal, .normal, .normal, .high, .high, .high, .high, .critical, .critical,
            ])
        #expect(SiteKind.keyGovernment.rawValue == "key_government")
        #expect(SiteKind.remote.text == LocalizedText(zh: "偏远地区", en: "remote area"))
        #expect(SamplingAreaKind.key.text.zh == "重点采样区域" && PopulationDensity.sparse.text.zh == "人口稀疏")
    }

    /// Improving any one attribute one step never lowers the class, for every site and post.
    @Test func improvingAnAttributeNeverLowersTheClass() {
        let areas: [SamplingAreaKind] = [.fringe, .ordinary, .key]
        let densities: [PopulationDensity] = [.sparse, .ordinary, .dense]
        let kinds: [SiteKind] = [.remote, .commercial, .ordinary, .keyGovernment]
        #expect(Self.sites.count == 36)
        var checked = 0
        for site in Self.sites {
            for post in WorkPost.allCases {
                let rank = Self.rank(site, post)
                var better: [SiteAttributes] = []
                if let next = areas.firstIndex(of: site.area).map({ $0 + 1 }), next < areas.count {
                    better.append(SiteAttributes(area: areas[next], density: site.density, kind: site.kind))
                }
                if let next = densities.firstIndex(of: site.density).map({ $0 + 1 }), next < densities.count {
                    better.append(SiteAttributes(area: site.area, density: densities[next], kind: site.kind))
                }
                if let next = kinds.firstIndex(of: site.kind).map({ $0 + 1 }), next < kinds.count {
                    better.append(SiteAttributes(area: site.area, density: site.density, kind: kinds[next]))
                }
                for improved in better {
                    #expect(Self.rank(improved, post) >= rank, "\(site) → \(improved), \(post)")
                    checked += 1
                }
            }
        }
        #expect(checked == 4 * (2 * 3 * 4 + 3 * 2 * 4 + 3 * 3 * 3))
        // Commercial and remote sites rank alike (R6.1 names them together).
        for site in Self.sites where site.kind == .remote {
            var commercial = site
            commercial.kind = .commercial
            for post in WorkPost.allCases { #expect(Self.rank(site, post) == Self.rank(commercial, post)) }
        }
    }

    @Test func staffAtPostsAreNeverBelowGeneralLinesAtTheSameSite() {
        for site in Self.sites {
            let general = Self.rank(site, .general)
            for post in Self.posts {
                #expect(Self.rank(site, post) >= general, "\(site) \(post)")
            }
        }
        // And a post is what lifts a line to critical: no general line is.
        #expect(Self.sites.allSatisfy { Self.rank($0, .general) < 2 })
    }

    @Test func anOverrideWinsAndIsFlaggedWithItsReason() {
        let reason = "市指挥部指定为重点保障点位"
        for priority in RequestPriority.allCases {
            for site in [SiteAttributes.best, .worst, nil] {
                let derived = PriorityRule.derive(
                    site: site, post: .general, stated: .normal, override: (priority, reason: reason))
                #expect(derived.priority == priority)
                #expect(derived.overridden)
                #expect(derived.overrideReason == reason)
                #expect(derived.reasons.last?.zh == "人工调整为\(priority.text.zh)：\(reason)")
                #expect(derived.reasons.last?.en == "overridden to \(priority.text.en): \(reason)")
                // The rules' own reasons stay, so the explanation shows what was overridden.
                #expect(derived.reasons.count == (site == nil ? 2 : 6))
            }
        }
    }

    @Test func anOverrideReasonIsRequiredShortAndPrintable() throws {
        #expect(try PriorityRule.validateOverride(reason: "  指挥部指定  ", field: "overrideReason") == "指挥部指定")
        #expect(try PriorityRule.validateOverride(reason: String(repeating: "急", count: 500)).count == 500)
        let missing = Self.error { try PriorityRule.validateOverride(reason: nil, field: "lines[0].overrideReason") }
        #expect(missing == .required("lines[0].overrideReason"))
        #expect(
            Self.error { try PriorityRule.validateOverride(reason: " \n ", field: "reason") } == .required("reason"))
        let long = Self.error {
            try PriorityRule.validateOverride(reason: String(repeating: "a", count: 501), field: "reason")
        }
        #expect(long?.code == .tooLong && long?.field == "reason")
        let nul = Self.error { try PriorityRule.validateOverride(reason: "a\u{0}b", field: "reason") }
        #expect(nul?.code == .invalidValue && nul?.field == "reason")
    }

    @Test func siteAttributesRoundTripAsJSON() throws {
        let site = SiteAttributes(area: .fringe, density: .dense, kind: .keyGovernment)
        let data = try JSONEncoder().encode(site)
        #expect(try JSONDecoder().decode(SiteAttributes.self, from: data) == site)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"key_government\"") && text.contains("\"fringe\""))
    }
}
