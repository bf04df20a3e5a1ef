import Hummingbird
import Logging

/// Logs each request once answered, at `info`, with Hummingbird's request id: its method, its route template (never
/// the raw path, which may hold an id a person typed), the status, the time taken and the id of the client key that
/// made it. Never its query (Kannel's callbacks carry a key, a phone number and a text there), its headers (keys) or
/// its body (card numbers, codes).
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = PooyaRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15
        var metadata: Logger.Metadata = [
            "hb.request.method": "\(request.method)", "hb.request.route": "\(context.endpointPath ?? "unmatched")",
            "http.status": "\(response.status.code)",
            "http.duration_ms": "\((milliseconds * 10).rounded() / 10)",
        ]
        if let keyID = context.notes.clientKeyID { metadata["pooya.client_key"] = "\(keyID)" }
        context.logger.info("Request", metadata: metadata)
        return response
    }
}
