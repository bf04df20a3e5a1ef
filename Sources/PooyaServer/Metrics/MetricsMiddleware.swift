import Hummingbird

/// Counts requests by method, route template and status, and times them. Outermost, so problems count too.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = PooyaRequestContext

    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        metrics.request(
            method: request.method.rawValue,
            route: context.endpointPath ?? "unmatched",
            status: response.status.code,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        )
        return response
    }
}
