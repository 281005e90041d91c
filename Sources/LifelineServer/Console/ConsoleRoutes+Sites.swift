import Foundation
import LifelineDomain
import Vapor

/// The site attributes R6.1 ranks by (ADR 0039), as the console's forms ask for them: three selects
/// (`siteArea`, `siteDensity`, `siteKind`), all three or none.
extension ConsoleRoutes {
    struct SiteOptions: Encodable {
        var areas: [Option]
        var densities: [Option]
        var kinds: [Option]
    }

    static func siteOptions(_ selected: SiteAttributes?, language: Language) -> SiteOptions {
        SiteOptions(
            areas: SamplingAreaKind.allCases.map {
                Option(value: $0.rawValue, label: $0.text(language), selected: selected?.area == $0)
            },
            densities: PopulationDensity.allCases.map {
                Option(value: $0.rawValue, label: $0.text(language), selected: selected?.density == $0)
            },
            kinds: SiteKind.allCases.map {
                Option(value: $0.rawValue, label: $0.text(language), selected: selected?.kind == $0)
            })
    }

    /// The attributes a form gave, nil when it gave none; a partial choice names the missing select.
    static func site(from form: [String: String]) throws(LifelineError) -> SiteAttributes? {
        func value(_ name: String) -> String? {
            form[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        let (area, density, kind) = (value("siteArea"), value("siteDensity"), value("siteKind"))
        guard area != nil || density != nil || kind != nil else { return nil }
        guard let area else { throw LifelineError.required("site.area") }
        guard let density else { throw LifelineError.required("site.density") }
        guard let kind else { throw LifelineError.required("site.kind") }
        guard let a = SamplingAreaKind(rawValue: area) else { throw LifelineError.invalid("site.area", area) }
        guard let d = PopulationDensity(rawValue: density) else {
            throw LifelineError.invalid("site.density", density)
        }
        guard let k = SiteKind(rawValue: kind) else { throw LifelineError.invalid("site.kind", kind) }
        return SiteAttributes(area: a, density: d, kind: k)
    }

    /// "重点采样区域 · 人口密集 · 重点政府场所", or "—".
    static func siteLabel(_ site: SiteAttributes?, language: Language) -> String {
        guard let site else { return "—" }
        return [site.area.text(language), site.density.text(language), site.kind.text(language)]
            .joined(separator: " · ")
    }
}
