public import Hummingbird
import NIOCore

/// The request context of the service: Hummingbird's core context and the address the request came from (for the
/// per-address limit on the handshake). The router test framework has no socket; its address is nil.
public struct PooyaRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address, without the port.
    public let remoteAddress: String?

    /// Makes the context for a request arriving on `source`'s channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }
}
