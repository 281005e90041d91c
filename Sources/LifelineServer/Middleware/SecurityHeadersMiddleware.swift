import Vapor

/// Sends the browser's second line of defence on every response: a Content-Security-Policy that
/// runs only scripts and styles served as files from this site, and headers against MIME sniffing,
/// leaking addresses in `Referer` and being framed (ADR 0021).
///
/// The first line is that data never becomes markup (Leaf's `#(...)`, ``EmbeddedJSON``, text
/// nodes in `console.js`); with this policy a place that was missed still cannot run a script:
/// inline `<script>` blocks, `on…=` attributes, `javascript:` links, `style=` attributes and
/// `<style>` elements are all refused. `<script type="application/json">` data blocks are not
/// scripts and are unaffected; Leaflet, Chart.js and Bootstrap set `element.style` from script,
/// which the policy allows.
///
/// Registered first, so error pages and problem documents (made by ``ProblemMiddleware``, inside
/// it) carry the headers too.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    /// The policy, one directive per entry.
    static let contentSecurityPolicy = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        // data: for Bootstrap's inline SVG icons (select arrows, checks, the menu button); blob: for
        // a photo shown before it is uploaded (the signing page may add a preview).
        "img-src 'self' data: blob:",
        "connect-src 'self'",  // fetch of the board's rows, the event stream
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")

    static let headers: [(String, String)] = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
    ]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        for (name, value) in Self.headers {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        return response
    }
}
