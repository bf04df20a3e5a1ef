import Hummingbird

/// Answers a request whose path is one of the API's, but whose method is not, with 405 and `Allow` (RFC 9110
/// §15.5.6) instead of the router's 404: the client then knows the address is right and the method is wrong.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The methods of each route without parameters, by path: most requests (a verification) are answered by one
    /// lookup here.
    let staticPaths: [String: Set<String>]
    /// Each route with parameters, split into components (`nil` for a `{parameter}`), with the methods it takes.
    let paths: [(components: [Substring?], methods: [String])]

    /// The table for `routes`, as the router lists them (`/v1/cards/{cardId}` or `/v1/cards/:cardId`).
    init(routes: [(path: String, method: String)]) {
        let grouped = Dictionary(grouping: routes, by: \.path)
        let isParameter = { (component: Substring) in component.hasPrefix(":") || component.hasPrefix("{") }
        let fixed = grouped.filter { path, _ in !path.split(separator: "/").contains(where: isParameter) }
        staticPaths = fixed.mapValues { Set($0.map(\.method)) }
        paths = grouped.filter { path, _ in fixed[path] == nil }.map { path, routes in
            let components = path.split(separator: "/").map { isParameter($0) ? nil : $0 }
            return (components, routes.map(\.method).sorted())
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if let methods = staticPaths[request.uri.path] {
            guard methods.contains(request.method.rawValue) else {
                throw Problem.methodNotAllowed(allow: methods.sorted())
            }
            return try await next(request, context)
        }
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
