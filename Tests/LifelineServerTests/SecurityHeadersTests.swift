import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing
import Vapor
import VaporTesting

@testable import LifelineServer

/// Stored cross-site scripting (ADR 0021): every answer carries the Content-Security-Policy, data
/// embedded for page scripts cannot end its script block, and no page holds inline script or style.
@Suite struct SecurityHeadersTests {
    static let expected: [(String, String)] = [
        (
            "Content-Security-Policy",
            """
            default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src \
            'self'; object-src 'none'; 
            """
                + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        ),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
    ]

    static func expectHeaders(
        _ response: TestingHTTPResponse, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (name, value) in expected {
            #expect(response.headers[name] == [value], "\(what): \(name)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func everyConsolePageAndAPIAnswerCarriesThePolicy(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            var anonymous = ConsoleSession(app: app)
            Self.expectHeaders(try await anonymous.get("/login"), "sign-in page")
            Self.expectHeaders(try await anonymous.get("/"), "redirect to sign-in")
            Self.expectHeaders(try await anonymous.get("/static/console.js"), "script file")
            Self.expectHeaders(try await anonymous.get("/healthz"), "health")
            var session = try await ConsoleSession.signIn(app, "officer.city")
            let pages = [
                "/", "/depots", "/depots/\(w.nanming.uuidString)", "/depots/new", "/stock", "/movements",
                "/movements/receive",
                "/catalogue", "/units", "/jurisdictions", "/incidents", "/requests", "/requests/new", "/dispatch",
                "/dispatch/rows",
                "/tracking", "/allocation", "/charges", "/coming/money", "/kits", "/transport",
                "/transport?county=520102&points=20&tables=40&staffPerPoint=11.4&rounds=2", "/no-such-page",
            ]
            for path in pages {
                let page = try await session.get(path)
                #expect(page.status == (path == "/no-such-page" ? .notFound : .ok), "\(path): \(page.status)")
                Self.expectHeaders(page, path)
                // No inline script or handler reaches a page: every <script> has a src or carries JSON.
                let scripts = page.text.components(separatedBy: "<script").dropFirst()
                for script in scripts {
                    #expect(
                        script.hasPrefix(" src=") || script.hasPrefix(" type=\"application/json\""),
                        "\(path): <script\(script.prefix(40))")
                }
                #expect(
                    page.text.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil,
                    "\(path) has an inline handler")
                #expect(!page.text.contains(" style="), "\(path) has a style attribute")
            }
            let bad = try await session.post(
                "/movements/issue", form: ["lotId": w.lot.uuidString, "quantity": "0", "_key": "h1"])
            #expect(bad.status == .badRequest)
            Self.expectHeaders(bad, "form error")

            let bearer: HTTPHeaders = ["Authorization": "Bearer \(w.token("officer.city"))"]
            for path in ["/api/v1/depots", "/api/v1/me", "/api/v1/no-such-thing", "/openapi.yaml"] {
                let response = try await app.testing().sendRequest(.GET, path, headers: bearer)
                Self.expectHeaders(response, path)
            }
            let refused = try await app.testing().sendRequest(.GET, "/api/v1/depots")
            #expect(refused.status == .unauthorized)
            Self.expectHeaders(refused, "refused API call")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theDashboardsEmbeddedJSONCannotCloseItsScriptBlock(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            _ = try await World.build(services)
            let name = "</script><script>window.__pwned=2</script><!--\u{2028}&x"
            _ = try await services.reference.createDepot(
                DepotProfile(
                    code: "XSS-1", name: name, jurisdiction: JurisdictionCode(rawValue: "520102")!,
                    operatorKind: .government,
                    location: GeoPoint(longitude: 106.70, latitude: 26.55), areaM2: 10, volumeM3: 10,
                    zones: [.ambient]),
                by: .system)
            var session = try await ConsoleSession.signIn(app, "officer.city")
            let dashboard = try await session.get("/")
            #expect(dashboard.status == .ok)
            #expect(!dashboard.text.contains("<script>window.__pwned"), "the name never appears as markup")
            // (JSONEncoder also writes `/` as `\/`.)
            #expect(
                dashboard.text.contains(
                    #"\u003c\/script\u003e\u003cscript\u003ewindow.__pwned=2\u003c\/script\u003e\u003c!--\u2028\u0026x"#
                ))
            #expect(
                dashboard.text.contains("&lt;/script&gt;&lt;script&gt;window.__pwned=2"),
                "the depot table shows the name as text")
            // The map block still reads back as the name.
            let block = try #require(
                dashboard.text.components(separatedBy: #"<script type="application/json" id="map-data">"#).dropFirst()
                    .first?
                    .components(separatedBy: "</script>").first)
            struct Point: Decodable { var name: String }
            let points = try JSONDecoder().decode([Point].self, from: Data(block.utf8))
            #expect(points.contains { $0.name == name })
        }
    }

    @Test func embeddedJSONEscapesWhatAnHTMLParserReadsAndDecodesToTheSameText() throws {
        let text = "<img src=x onerror=\"window.__pwned=1\"> </script> & > \u{2028}\u{2029} 口罩 \\ \""
        let json = EmbeddedJSON(["name": text]).text
        for raw in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
            #expect(
                !json.contains(raw), "\(raw.unicodeScalars.first.map { String($0.value, radix: 16) } ?? "") is escaped")
        }
        #expect(json.contains(#"\u003cimg"#))
        #expect(try JSONDecoder().decode([String: String].self, from: Data(json.utf8)) == ["name": text])
        #expect(EmbeddedJSON.escape(#"{"a":"x"}"#) == #"{"a":"x"}"#, "nothing else changes")
    }

    /// The console's templates and script, read from the source tree: no inline script, handler or
    /// style, `#unsafeHTML` only for JSON data blocks, and Leaflet given elements, never strings.
    @Test func theSourcesHoldNoInlineScriptStyleOrHTMLFromStrings() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Sources/LifelineServer")
        let views = root.appendingPathComponent("Views")
        let files = try FileManager.default.contentsOfDirectory(atPath: views.path).filter { $0.hasSuffix(".leaf") }
        #expect(files.count > 20)
        for file in files {
            let text = try String(contentsOf: views.appendingPathComponent(file), encoding: .utf8)
            #expect(text.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil, "\(file): inline handler")
            #expect(!text.contains("style="), "\(file): style attribute")
            #expect(!text.contains("<style"), "\(file): style element")
            let uses = text.components(separatedBy: "#unsafeHTML(").count - 1
            let dataBlocks = text.matches(
                of: #/<script type="application/json" id="[a-z-]+">#unsafeHTML\(body\.[A-Za-z]+\)</script>/#
            ).count
            #expect(uses == dataBlocks, "\(file): #unsafeHTML outside a JSON data block")
        }
        let script = try String(contentsOf: root.appendingPathComponent("Public/console.js"), encoding: .utf8)
        for forbidden in ["insertAdjacentHTML", "outerHTML", "document.write", "eval(", "new Function"] {
            #expect(!script.contains(forbidden), "console.js uses \(forbidden)")
        }
        #expect(script.components(separatedBy: ".innerHTML").count == 2, "one innerHTML: the board's own escaped rows")
        #expect(
            script.range(of: #"bind(Tooltip|Popup)\((?!LifelineDOM\.label\()"#, options: .regularExpression) == nil,
            "Leaflet tooltips and popups get elements built from text")
    }
}
