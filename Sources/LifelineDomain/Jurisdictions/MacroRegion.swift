import Foundation

/// One of the five macro-regions (片区) of regional mutual aid, with its member provinces and the two
/// provinces that lead it (R1.1, R8.4).
///
/// The assignment is reference data shipped as `macro-regions.csv` (see ADR 0004); this type only
/// carries and checks it.
public struct MacroRegion: Sendable, Hashable, Codable {
    public var code: String
    public var name: LocalizedText
    public var members: [JurisdictionCode]
    public var leads: [JurisdictionCode]

    public init(code: String, name: LocalizedText, members: [JurisdictionCode], leads: [JurisdictionCode]) {
        self.code = code
        self.name = name
        self.members = members
        self.leads = leads
    }

    /// Checks that the regions partition the given provinces and that each has exactly two leads
    /// among its members.
    public static func validate(_ regions: [MacroRegion], provinces: Set<JurisdictionCode>) throws(LifelineError) {
        var seen: Set<JurisdictionCode> = []
        for region in regions {
            guard region.leads.count == 2, Set(region.leads).isSubset(of: Set(region.members)) else {
                throw .invalid("leads", "\(region.code): two lead provinces among the members are required")
            }
            for member in region.members {
                guard member.level == .province, provinces.contains(member) else {
                    throw .invalid("members", "\(region.code): \(member) is not a known province")
                }
                guard seen.insert(member).inserted else {
                    throw .invalid("members", "\(member) belongs to more than one macro-region")
                }
            }
        }
        let missing = provinces.subtracting(seen)
        guard missing.isEmpty else {
            throw .invalid(
                "members", "provinces in no macro-region: \(missing.sorted().map(\.rawValue).joined(separator: ","))")
        }
    }
}
