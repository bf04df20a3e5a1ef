import Hummingbird
import Logging

/// Logs each request once answered, with Hummingbird's request id: its method, its route template (never the raw
/// path, which may hold an id a person typed), the status, the time taken and the id of the client key that made it.
/// Never its query (Kannel's callbacks carry a key, a phone number and a text there), its headers (keys) or its body
/// (card numbers, codes).
///
/// At `info`, except a refusal (4xx) of a request made without a client key: anyone can send those as fast as the
/// network allows (junk delivery reports, handshakes, unauthenticated calls), so they are logged at `debug` and
/// counted in the metrics (`pooya_http_requests_total` by status), not written to the log one line each.
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
        let keyID = context.notes.clientKeyID
        if let keyID { metadata["pooya.client_key"] = "\(keyID)" }
        let anonymousRefusal = keyID == nil && response.status.kind == .clientError
        context.logger.log(level: anonymousRefusal ? .debug : .info, "Request", metadata: metadata)
        return response
    }
}
