import Hummingbird

/// Makes the origin page addresses are made on (``PageSettings/origin(requestHost:)``) known to the API's
/// operations, which see no `Host` header, for the request this task serves.
struct PageOriginMiddleware: RouterMiddleware {
    typealias Context = PooyaRequestContext

    /// The page settings.
    let settings: PageSettings

    /// The origin of the request this task serves, once this middleware has run.
    @TaskLocal static var current: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let origin = settings.origin(requestHost: request.head.authority)
        return try await Self.$current.withValue(origin) { try await next(request, context) }
    }
}
