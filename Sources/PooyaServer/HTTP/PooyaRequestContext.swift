public import Hummingbird
import NIOCore
import Synchronization

/// The request context of the service: Hummingbird's core context, the address the request came from (for the
/// per-address limit on the handshake; the router test framework has no socket, so its address is nil), and what the
/// middleware learn on the way in that the request log reports on the way out.
public struct PooyaRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address, without the port.
    public let remoteAddress: String?
    /// Shared by every copy of this context: the authentication middleware writes, the request log reads.
    let notes = RequestNotes()

    /// Makes the context for a request arriving on `source`'s channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }
}

/// What the request log reports about a request beyond its method, route and status: the id of the client key that
/// made it (never the key). A reference, because middleware pass the context on by value.
final class RequestNotes: Sendable {
    private let keyID = Mutex<String?>(nil)

    /// The id of the client key the request was authenticated with, once it is known.
    var clientKeyID: String? {
        get { keyID.withLock { $0 } }
        set { keyID.withLock { $0 = newValue } }
    }
}
