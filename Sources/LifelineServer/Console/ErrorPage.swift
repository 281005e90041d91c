import LifelineDomain
import Vapor

/// The console's error page: the localized message and the error code, with the right status.
enum ErrorPage {
    struct Body: Encodable {
        var message: String
        var code: String
        var status: Int
    }

    static func render(_ error: LifelineError, status: HTTPResponseStatus, on request: Request) async throws -> Response
    {
        let body = Body(
            message: error.message(request.consoleLanguage), code: error.code.rawValue, status: Int(status.code))
        let response: Response
        do {
            response = try await Console.render("error", title: "errorTitle", nav: "", body: body, on: request)
        } catch {
            // The templates themselves failed: still say what went wrong, in plain HTML.
            request.logger.error("error page failed to render", metadata: ["error": "\(error)"])
            let text = body.message.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
                of: "<", with: "&lt;")
            response = Response(
                status: status, headers: ["Content-Type": "text/html; charset=utf-8"],
                body: .init(
                    string: "<!doctype html><meta charset=utf-8><title>Lifeline</title><p>\(text) (\(body.code))</p>"))
        }
        response.status = status
        return response
    }
}
