import Hummingbird

/// Answers a request whose path is one of the API's, but whose method is not, with 405 and `Allow` (RFC 9110
/// §15.5.6) instead of the router's 404: the client then knows the address is right and the method is wrong.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Each route's path, split into components (`nil` for a `{parameter}`), with the methods it takes.
    let paths: [(components: [Substring?], methods: [String])]

    /// The table for `routes`, as the router lists them (`/v1/cards/{cardId}` or `/v1/cards/:cardId`).
    init(routes: [(path: String, method: String)]) {
        let grouped = Dictionary(grouping: routes, by: \.path)
        paths = grouped.map { path, routes in
            let components = path.split(separator: "/").map { component -> Substring? in
                component.hasPrefix(":") || component.hasPrefix("{") ? nil : component
            }
            return (components, routes.map(\.method).sorted())
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let components = request.uri.path.split(separator: "/")
        let matching = paths.filter { path in
            path.components.count == components.count
                && zip(path.components, components).allSatisfy { $0 == nil || $0 == $1 }
        }
        let methods = Set(matching.flatMap(\.methods))
        if !methods.isEmpty, !methods.contains(request.method.rawValue) {
            throw Problem.methodNotAllowed(allow: methods.sorted())
        }
        return try await next(request, context)
    }
}
