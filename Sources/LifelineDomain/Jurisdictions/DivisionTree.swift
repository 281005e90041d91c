import Foundation

/// Builds the jurisdiction tree from GB/T 2260 rows (code, name, longitude, latitude), as published
/// in `cn-adcodes.csv` (see ADR 0004).
///
/// Decisions, applied in this order:
/// - the nation `CN` is added as the root;
/// - county-level `市辖区` rows (e.g. `520101`) are administrative placeholders without a territory
///   of their own and are dropped;
/// - city-level placeholders (`市辖区`, `县`, `省直辖县级行政区划`) are kept as parents of their
///   counties, named with their province in front (`北京市市辖区`);
/// - a missing coordinate is the mean of the children's, else the parent's.
public enum DivisionTree {
    public struct Row: Sendable {
        public var adcode: String
        public var name: String
        public var longitude: Double?
        public var latitude: Double?

        public init(adcode: String, name: String, longitude: Double?, latitude: Double?) {
            self.adcode = adcode
            self.name = name
            self.longitude = longitude
            self.latitude = latitude
        }
    }

    public static let nationName = "中华人民共和国"
    static let nationLocation = GeoPoint(longitude: 104.195397, latitude: 35.86166)
    static let placeholderNames: Set<String> = ["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"]

    /// The jurisdictions, parents before children, or an error naming the first bad row.
    public static func build(_ rows: [Row]) throws(LifelineError) -> [Jurisdiction] {
        var byCode: [JurisdictionCode: Jurisdiction] = [
            .nation: Jurisdiction(code: .nation, name: nationName, location: nationLocation)
        ]
        for (index, row) in rows.enumerated() {
            guard let code = JurisdictionCode(adcode: row.adcode) else {
                throw LifelineError(.importFailed, ["row": String(index + 2), "reason": "bad code \(row.adcode)"])
            }
            if code.level == .county && row.name == "市辖区" { continue }
            let location: GeoPoint? =
                if let lon = row.longitude, let lat = row.latitude { GeoPoint(longitude: lon, latitude: lat) } else {
                    nil
                }
            byCode[code] = Jurisdiction(code: code, name: row.name, location: location)
        }
        for code in byCode.keys where code.level == .city {
            guard let name = byCode[code]?.name, placeholderNames.contains(name),
                let province = code.parent.flatMap({ byCode[$0] })
            else { continue }
            byCode[code]?.name = province.name + name
        }
        let sorted = byCode.keys.sorted { ($0.level.depth, $0.rawValue) < ($1.level.depth, $1.rawValue) }
        for code in sorted where code != .nation {
            guard let parent = code.parent, byCode[parent] != nil else {
                throw LifelineError(.importFailed, ["row": code.rawValue, "reason": "no parent for \(code.rawValue)"])
            }
        }
        // Fill coordinates bottom-up from children, then top-down from parents.
        var children: [JurisdictionCode: [JurisdictionCode]] = [:]
        for code in sorted { if let parent = code.parent { children[parent, default: []].append(code) } }
        for code in sorted.reversed() where byCode[code]?.location == nil {
            let points = (children[code] ?? []).compactMap { byCode[$0]?.location }
            guard !points.isEmpty else { continue }
            let lon = points.map(\.longitude).reduce(0, +) / Double(points.count)
            let lat = points.map(\.latitude).reduce(0, +) / Double(points.count)
            byCode[code]?.location = GeoPoint(longitude: lon, latitude: lat)
        }
        for code in sorted where byCode[code]?.location == nil {
            let inherited = code.parent.flatMap { byCode[$0]?.location }
            byCode[code]?.location = inherited
        }
        return sorted.compactMap { byCode[$0] }
    }

    /// Reads the rows of the `adcode,name,longitude,latitude` CSV.
    public static func rows(from table: CSVTable) throws(LifelineError) -> [Row] {
        let code = try table.column("adcode")
        let name = try table.column("name")
        let lon = try table.column("longitude")
        let lat = try table.column("latitude")
        return table.rows.map {
            Row(adcode: $0[code], name: $0[name], longitude: Double($0[lon]), latitude: Double($0[lat]))
        }
    }
}
