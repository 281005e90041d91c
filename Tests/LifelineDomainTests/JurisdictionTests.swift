import LifelineDomain
import Testing

@Suite struct JurisdictionTests {
    @Test(arguments: [
        ("520000000000", "52", JurisdictionLevel.province),
        ("520100000000", "5201", .city),
        ("520102000000", "520102", .county),
        ("520102001000", "520102001", .township),
        ("429004", "429004", .county),
    ])
    func readsAdministrativeCodes(adcode: String, short: String, level: JurisdictionLevel) throws {
        let code = try #require(JurisdictionCode(adcode: adcode))
        #expect(code.rawValue == short)
        #expect(code.level == level)
        #expect(code.adcode12.hasPrefix(short))
    }

    @Test(arguments: ["", "abc", "12345", "000000000000", "52010200000x"])
    func rejectsMalformedCodes(adcode: String) {
        #expect(JurisdictionCode(adcode: adcode) == nil)
    }

    @Test func pathRunsFromTheNation() throws {
        let county = try #require(JurisdictionCode(rawValue: "520102"))
        #expect(county.path.rawValue == "CN/52/5201/520102")
        #expect(JurisdictionPath(rawValue: "CN/52/5201/520102") == county.path)
        #expect(JurisdictionPath(rawValue: "CN/52/5301") == nil, "a city must lie in its province")
        #expect(JurisdictionPath(rawValue: "52/5201") == nil, "a path starts at the nation")
    }

    @Test func scopeContainsItsSubtreeOnly() throws {
        let guiyang = try #require(JurisdictionPath(rawValue: "CN/52/5201"))
        let nanming = try #require(JurisdictionPath(rawValue: "CN/52/5201/520102"))
        let zunyi = try #require(JurisdictionPath(rawValue: "CN/52/5203"))
        #expect(guiyang.contains(nanming))
        #expect(guiyang.contains(guiyang))
        #expect(!guiyang.contains(zunyi))
        #expect(!nanming.contains(guiyang))
        #expect(JurisdictionPath.nation.contains(zunyi))
        #expect(nanming.commonAncestor(with: zunyi).rawValue == "CN/52")
    }

    @Test func macroRegionsMustPartitionProvinces() throws {
        let a = try #require(JurisdictionCode(rawValue: "52"))
        let b = try #require(JurisdictionCode(rawValue: "53"))
        let ok = MacroRegion(code: "SW", name: .init(zh: "西南", en: "Southwest"), members: [a, b], leads: [a, b])
        try MacroRegion.validate([ok], provinces: [a, b])
        let oneLead = MacroRegion(code: "SW", name: ok.name, members: [a, b], leads: [a])
        #expect(throws: LifelineError.self) { try MacroRegion.validate([oneLead], provinces: [a, b]) }
        #expect(throws: LifelineError.self) {
            try MacroRegion.validate([ok], provinces: [a, b, .init(rawValue: "54")!])
        }
    }

    @Test func distanceBetweenGuiyangAndZunyi() {
        let guiyang = GeoPoint(longitude: 106.630153, latitude: 26.647661)
        let zunyi = GeoPoint(longitude: 106.927389, latitude: 27.725654)
        let km = guiyang.distanceKilometres(to: zunyi)
        #expect(km > 115 && km < 130)
    }
}
