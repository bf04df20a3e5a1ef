public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOCore
import NIOSSL
public import Logging
public import ServiceLifecycle
import OpenAPIHummingbird
import OpenAPIRuntime
import PooyaAPI
public import PooyaIssuer

/// Where and how the service listens.
public struct ServerSettings: Sendable {
    /// The address to bind, `127.0.0.1` by default.
    public var host: String
    /// The port, 8080 by default; 0 picks a free one.
    public var port: Int
    /// HTTPS instead of HTTP: the PEM files of the certificate chain and of its private key.
    public var tls: (certificatePath: String, keyPath: String)?
    /// The proxies (by IP address) whose `X-Forwarded-For` names the client; none by default.
    public var trustedProxies: Set<String>
    /// How many connections, and how long a client may take to send a request or stay idle.
    public var connections = ConnectionLimits()

    /// Collects the settings.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        tls: (certificatePath: String, keyPath: String)? = nil,
        trustedProxies: Set<String> = []
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.trustedProxies = trustedProxies
    }

    /// Whether `text` is an IPv4 or IPv6 address, as ``trustedProxies`` holds them.
    public static func isIPAddress(_ text: String) -> Bool {
        (try? SocketAddress(ipAddress: text, port: 0)) != nil
    }
}

/// The router of the whole API: problem rendering, body limit, the client's address (`X-Forwarded-For` believed
/// from `trustedProxies` only) and authentication around the handlers generated from openapi.yaml. Tests use it
/// in-process; ``buildApplication(api:keys:settings:services:logger:onListening:)`` serves it.
public func buildRouter(api: IssuerAPI, keys: ClientKeys, trustedProxies: Set<String> = []) throws
    -> Router<PooyaRequestContext>
{
    let router = Router(context: PooyaRequestContext.self)
    router.add(middleware: MetricsMiddleware(metrics: api.metrics))
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ProblemMiddleware())
    let scratch = Router(context: PooyaRequestContext.self)
    try api.registerHandlers(on: scratch)
    router.add(
        middleware: MethodNotAllowedMiddleware(routes: scratch.routes.map { ("\($0.path)", $0.method.rawValue) })
    )
    router.add(middleware: BodyLimitMiddleware())
    router.add(middleware: ClientAddressMiddleware(trustedProxies: trustedProxies))
    router.add(middleware: AuthenticationMiddleware(keys: keys, limiters: api.limiters))
    router.add(middleware: InboundSMSTextMiddleware())
    try api.registerHandlers(
        on: router,
        configuration: .init(jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes])
    )
    return router
}

/// The service, ready to run (as a swift-service-lifecycle `Service`, stopping gracefully on SIGTERM and SIGINT), over
/// HTTPS when the settings name a certificate, with the settings' connection limits and timeouts. `onListening` is told the port once the server listens (the one
/// picked, when the setting is 0). `services` run beside the server and stop with it (the SMS dispatcher).
///
/// - Throws: when the certificate or key cannot be read.
public func buildApplication(
    api: IssuerAPI,
    keys: ClientKeys,
    settings: ServerSettings,
    services: [any Service] = [],
    logger: Logger,
    onListening: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let count = ConnectionCount()
    let limits = settings.connections
    let http1 = HTTPServerBuilder.http1(
        configuration: .init(additionalChannelHandlers: [ConnectionGuard(limits: limits, count: count)])
    )
    let server: HTTPServerBuilder =
        if let tls = settings.tls {
            try .tls(
                http1,
                tlsConfiguration: .makeServerConfiguration(
                    certificateChain: try NIOSSLCertificate.fromPEMFile(tls.certificatePath).map { .certificate($0) },
                    privateKey: .privateKey(try NIOSSLPrivateKey(file: tls.keyPath, format: .pem))
                )
            )
        } else {
            http1
        }
    return Application(
        router: try buildRouter(api: api, keys: keys, trustedProxies: settings.trustedProxies),
        server: server,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "pooya"),
        services: services,
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? settings.port) },
        logger: logger
    )
}
