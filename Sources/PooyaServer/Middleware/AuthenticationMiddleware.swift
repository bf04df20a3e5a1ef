import Hummingbird
import PooyaIssuer

/// Finds the client key of `Authorization: Bearer KEY` (or, on `GET /v1/sms/inbound` only, of a `key` query parameter:
/// Kannel's `get-url` cannot send a header, and folds a long basic-authentication header into an invalid request) and
/// makes it ``Authorization/client`` for the request, and the actor its changes are audited under. The public
/// operations, the pages (`/pages/…`) and the console (`/admin`) go on without looking at the header; every other request without a valid key
/// (none, unknown or revoked) is refused with 401 here, before its body is read. Scopes are checked by each operation.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = PooyaRequestContext

    /// The operations that need no key: the authenticator's handshake (its offer and its request), the clock, the
    /// receipts' public keys, the probes, and delivery reports (whose URL names an unguessable message id).
    static var publicRoutes: Set<String> {
        [
            "POST /v1/tokens", "POST /v1/token-offers", "GET /v1/time", "GET /v1/receipts/keys", "GET /healthz",
            "GET /readyz", "GET /metrics", "GET /v1/sms/deliveries",
        ]
    }

    /// The handshake's two steps, limited per source address (a high bound against floods: each ticket's own attempt
    /// budget is what limits guessing, and many phones share one address behind a carrier's NAT).
    static var handshakeRoutes: Set<String> { ["POST /v1/tokens", "POST /v1/token-offers"] }

    let keys: ClientKeys
    let limiters: RateLimiters

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let route = "\(request.method) \(request.uri.path)"
        // A page's address is its own capability (PageAddress), and the console signs its staff in itself: neither
        // takes a client key.
        let path = request.uri.path
        if Self.publicRoutes.contains(route) || path.hasPrefix("/pages/") || path == "/admin"
            || path.hasPrefix("/admin/")
        {
            if Self.handshakeRoutes.contains(route) {
                try await RateLimiters.check(limiters.handshakeAddress, ClientAddressMiddleware.current ?? "unknown")
            }
            return try await next(request, context)
        }
        let secret: String? =
            if let header = request.headers[.authorization] {
                header.hasPrefix("Bearer ") ? String(header.dropFirst(7)) : nil
            } else if route == "GET /v1/sms/inbound" {
                request.uri.queryParameters["key"].map(String.init)
            } else {
                nil
            }
        guard let secret, let client = try await keys.authenticate(secret) else { throw Problem.unauthenticated }
        context.notes.clientKeyID = client.id
        if let wait = limiters.clientKey.acquire(client.id) { throw Problem.rateLimited(retryAfter: wait) }
        return try await Authorization.$client.withValue(client) {
            try await AuditActor.$current.withValue(.clientKey(id: client.id)) { try await next(request, context) }
        }
    }
}

/// Reads at most ``limit`` bytes of a request body; a larger one is refused with 413 before any decoding.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    /// 64 KiB: the largest documented request is well under 2 KiB.
    static var limit: Int { 64 * 1024 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var request = request
        _ = try await request.collectBody(upTo: Self.limit)
        return try await next(request, context)
    }
}
