import Foundation
import HTTPTypes
import Hummingbird

/// The address a request came from, as the handshake's per-address limit and the audit of unknown activations see
/// it: the peer's — or, only when the peer is one of the configured trusted proxies (a load balancer, a reverse
/// proxy), the right-most address in `X-Forwarded-For` that is not itself a trusted proxy. Anyone can write that
/// header, so an untrusted peer's is ignored, and so is a malformed one.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = PooyaRequestContext

    /// The proxies whose `X-Forwarded-For` is believed, by IP address.
    let trustedProxies: Set<String>

    /// The address of the request this task serves, once this middleware has run.
    @TaskLocal static var current: String?

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let address = Self.clientAddress(
            peer: context.remoteAddress,
            forwardedFor: request.headers[values: Self.forwardedFor],
            trustedProxies: trustedProxies
        )
        return try await Self.$current.withValue(address) { try await next(request, context) }
    }

    /// The client's address from the peer's and the `X-Forwarded-For` headers' values.
    static func clientAddress(peer: String?, forwardedFor: [String], trustedProxies: Set<String>) -> String? {
        guard let peer, trustedProxies.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        guard !hops.isEmpty, hops.allSatisfy(ServerSettings.isIPAddress) else { return peer }
        return hops.last { !trustedProxies.contains($0) } ?? hops.first ?? peer
    }
}
