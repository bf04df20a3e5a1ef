import Hummingbird

/// Makes the request's `Host` known to the API's operations, which see no header, for the request this task serves:
/// the operations that make a page address turn it into the origin (``PageSettings/origin(requestHost:)``), and
/// only they, so no other request (a verification) pays for checking it.
struct PageOriginMiddleware: RouterMiddleware {
    typealias Context = PooyaRequestContext

    /// The `Host` (authority) of the request this task serves, as sent, once this middleware has run.
    @TaskLocal static var requestHost: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        try await Self.$requestHost.withValue(request.head.authority) { try await next(request, context) }
    }
}
