import Hummingbird
import Logging

/// Logs each request's method and path at `info`, with Hummingbird's request id: never its query (Kannel's callbacks
/// carry a key, a phone number and a text there), its headers (keys) or its body (card numbers, codes).
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        context.logger.info(
            "Request",
            metadata: [
                "hb.request.method": "\(request.method)", "hb.request.path": "\(request.uri.path)",
            ]
        )
        return try await next(request, context)
    }
}
