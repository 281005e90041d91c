import Foundation
import LifelineDomain
import Testing

/// R6.2's order of sources, one rule for every path (issue #6): own stock → institutions' surplus
/// above 20 days → other counties → the city → the province → beyond (the nation, mutual aid);
/// what no source covers is procurement. Below level III own supply comes first (R5.3).
@Suite struct SourceOrderTests {
    static func path(_ raw: String) -> JurisdictionPath { JurisdictionPath(rawValue: raw)! }
    static let requester = path("CN/52/5201/520102")
    static let hospital = UUID()
    static let other = UUID()

    static func rank(_ depot: String, owner: UUID? = nil, institution: Bool = false) -> SourceRank {
        SourceOrder.rank(
            DepotSource(path: path(depot), owner: owner ?? other, operator: nil, ownedByInstitution: institution),
            for: requester, unit: hospital)
    }

    @Test func everyKindOfDepotHasItsPlace() {
        #expect(Self.rank("CN/52/5201/520102") == .ownStock, "a depot of the requester's county")
        #expect(
            Self.rank("CN/52/5201/520103", owner: Self.hospital) == .ownStock,
            "the requester's own depot, wherever it is")
        #expect(Self.rank("CN/52/5201/520102", institution: true) == .institutionSurplus, "a local institution's stock")
        #expect(
            Self.rank("CN/52/5201/520103", institution: true) == .otherCounties,
            "an institution elsewhere ranks by place")
        #expect(Self.rank("CN/52/5201/520103") == .otherCounties)
        #expect(Self.rank("CN/52/5201") == .city, "the city's reserve")
        #expect(Self.rank("CN/52/5203/520302") == .province, "another city of the province")
        #expect(Self.rank("CN/52") == .province, "the province's reserve")
        #expect(Self.rank("CN/53/5301/530102") == .beyond, "another province")
        #expect(SourceRank.allCases == SourceRank.allCases.sorted(), "declared in R6.2's order")
    }

    @Test func ownSupplyComesFirstBelowLevelIIIOnly() {
        #expect(SourceOrder.ownSupplyFirst(at: nil))
        #expect(SourceOrder.ownSupplyFirst(at: .levelIV))
        #expect(!SourceOrder.ownSupplyFirst(at: .levelIII))
        #expect(!SourceOrder.ownSupplyFirst(at: .levelI))
        #expect(
            SourceRank.ownStock.isLocal && SourceRank.institutionSurplus.isLocal && !SourceRank.otherCounties.isLocal)
    }

    @Test func depotsAreTakenByRankThenByDistance() {
        let depots = [
            ("far own", SourceRank.ownStock, 30.0), ("near city", .city, 2.0), ("near own", .ownStock, 5.0),
            ("province", .province, 1.0),
        ]
        let order = SourceOrder.ordered(depots, rank: \.1, distance: \.2).map(\.0)
        #expect(order == ["near own", "far own", "near city", "province"])
    }

    @Test func theCountyOfAPathIsOneCut() {
        #expect(Self.path("CN/52/5201/520102/520102001").truncated(to: .county) == Self.requester)
        #expect(Self.path("CN/52/5201").truncated(to: .county) == Self.path("CN/52/5201"), "above a county: itself")
    }
}
