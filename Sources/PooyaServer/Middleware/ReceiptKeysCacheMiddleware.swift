import HTTPTypes
import Hummingbird

/// Lets a switch keep the receipts' key set a minute: `GET /v1/receipts/keys` answers with
/// `Cache-Control: public, max-age=60`. A rotated key signs only once a node is reloaded, so a kept set never lacks
/// a key for long, and a switch that meets an unknown `kid` fetches the set again. (Set here, not through the
/// generated server, which would percent-encode the header's value.)
struct ReceiptKeysCacheMiddleware<Context: RequestContext>: RouterMiddleware {
    /// What the header says.
    static var value: String { "public, max-age=60" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        if request.method == .get, request.uri.path == "/v1/receipts/keys", response.status == .ok {
            response.headers[.cacheControl] = Self.value
        }
        return response
    }
}
