import HTTPTypes
import Hummingbird
import OpenAPIRuntime
import PooyaAPI

/// The operations served on the management listener only — metrics and the probes, which a Prometheus server and
/// a load balancer or orchestrator read on loopback or a private network — and the filter that hands the generated
/// handlers to one listener or the other.
enum ManagementRoutes {
    /// The paths of the management operations, as openapi.yaml names them.
    static let paths: Set<String> = ["/metrics", "/healthz", "/readyz"]

    /// A transport that registers only the operations `keep` accepts by path, and passes them to `router`.
    struct Filter<Inner: ServerTransport>: ServerTransport {
        let inner: Inner
        let keep: @Sendable (String) -> Bool

        func register(
            _ handler:
                @Sendable @escaping (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (
                    HTTPResponse, HTTPBody?
                ),
            method: HTTPRequest.Method,
            path: String
        ) throws {
            guard keep(path) else { return }
            try inner.register(handler, method: method, path: path)
        }
    }

    /// `router`, to which only the public operations are registered.
    static func publicOnly<Inner: ServerTransport>(_ router: Inner) -> Filter<Inner> {
        Filter(inner: router) { !paths.contains($0) }
    }

    /// `router`, to which only the management operations are registered.
    static func managementOnly<Inner: ServerTransport>(_ router: Inner) -> Filter<Inner> {
        Filter(inner: router) { paths.contains($0) }
    }
}
