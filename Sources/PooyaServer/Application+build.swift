public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOCore
import NIOSSL
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
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
    /// Where `/metrics`, `/healthz` and `/readyz` are served: their own listener, on loopback by default (port 9464,
    /// the Prometheus exporters' convention), never on the public one.
    public var management = (host: "127.0.0.1", port: 9464)

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

/// The router of the public API: problem rendering, body limit, the client's address (`X-Forwarded-For` believed
/// from `trustedProxies` only) and authentication around the handlers generated from openapi.yaml — all but the
/// management operations (``buildManagementRouter(api:)``) — the pages under `/pages`, and with `staff`, the staff's
/// console under `/admin`. Tests use it in-process;
/// ``buildApplication(api:keys:settings:services:logger:onListening:)`` serves it.
public func buildRouter(
    api: IssuerAPI,
    keys: ClientKeys,
    staff: StaffAccounts? = nil,
    trustedProxies: Set<String> = []
) throws -> Router<PooyaRequestContext> {
    let router = Router(context: PooyaRequestContext.self)
    router.add(middleware: MetricsMiddleware(metrics: api.metrics))
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ProblemMiddleware())
    let scratch = Router(context: PooyaRequestContext.self)
    try api.registerHandlers(on: ManagementRoutes.publicOnly(scratch))
    router.add(
        middleware: MethodNotAllowedMiddleware(routes: scratch.routes.map { ("\($0.path)", $0.method.rawValue) })
    )
    router.add(middleware: BodyLimitMiddleware())
    router.add(middleware: ClientAddressMiddleware(trustedProxies: trustedProxies))
    router.add(middleware: AuthenticationMiddleware(keys: keys, limiters: api.limiters))
    router.add(middleware: InboundSMSTextMiddleware())
    router.add(middleware: ReceiptKeysCacheMiddleware())
    router.add(middleware: PageOriginMiddleware())
    try api.registerHandlers(
        on: VerificationRoute(inner: ManagementRoutes.publicOnly(router), router: router, api: api),
        configuration: .init(jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes])
    )
    let renderer = try PageRenderer(settings: api.pages)
    registerPages(on: router, api: api, renderer: renderer)
    if let staff { registerConsole(on: router, api: api, keys: keys, accounts: staff, renderer: renderer) }
    return router
}

/// The router of the management listener: `/metrics`, `/healthz` and `/readyz`, without keys, with problem
/// rendering. Nothing else is served there.
public func buildManagementRouter(api: IssuerAPI) throws -> Router<PooyaRequestContext> {
    let router = Router(context: PooyaRequestContext.self)
    router.add(middleware: ProblemMiddleware())
    let scratch = Router(context: PooyaRequestContext.self)
    try api.registerHandlers(on: ManagementRoutes.managementOnly(scratch))
    router.add(
        middleware: MethodNotAllowedMiddleware(routes: scratch.routes.map { ("\($0.path)", $0.method.rawValue) })
    )
    try api.registerHandlers(on: ManagementRoutes.managementOnly(router))
    return router
}

/// The service, ready to run (as a swift-service-lifecycle `Service`, stopping gracefully on SIGTERM and SIGINT): the
/// public API over HTTPS when the settings name a certificate, with the settings' connection limits and timeouts,
/// and beside it the management listener (``buildManagementRouter(api:)``). `onListening` and
/// `onManagementListening` are told each one's port once it listens (the one picked, when the setting is 0).
/// `services` run beside them and stop with them (the SMS dispatcher). With `staff`, the console (`/admin`) is served.
///
/// - Throws: when the certificate or key cannot be read. Running, ``ManagementPortInUse`` when the management port
///   is taken.
public func buildApplication(
    api: IssuerAPI,
    keys: ClientKeys,
    staff: StaffAccounts? = nil,
    settings: ServerSettings,
    services: [any Service] = [],
    logger: Logger,
    onListening: @escaping @Sendable (Int) async -> Void = { _ in },
    onManagementListening: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let limits = settings.connections
    let http1 = { (count: ConnectionCount) in
        HTTPServerBuilder.http1(
            configuration: .init(additionalChannelHandlers: [ConnectionGuard(limits: limits, count: count)])
        )
    }
    let server: HTTPServerBuilder =
        if let tls = settings.tls {
            try .tls(
                http1(ConnectionCount()),
                tlsConfiguration: .makeServerConfiguration(
                    certificateChain: try NIOSSLCertificate.fromPEMFile(tls.certificatePath).map { .certificate($0) },
                    privateKey: .privateKey(try NIOSSLPrivateKey(file: tls.keyPath, format: .pem))
                )
            )
        } else {
            http1(ConnectionCount())
        }
    let management = ManagementListener(
        application: Application(
            router: try buildManagementRouter(api: api),
            server: http1(ConnectionCount()),
            configuration: .init(
                address: .hostname(settings.management.host, port: settings.management.port),
                serverName: "pooya"
            ),
            onServerRunning: { channel in await onManagementListening(channel.localAddress?.port ?? 0) },
            logger: logger
        ),
        address: "\(settings.management.host):\(settings.management.port)"
    )
    return Application(
        router: try buildRouter(api: api, keys: keys, staff: staff, trustedProxies: settings.trustedProxies),
        server: server,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "pooya"),
        services: services + [management],
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? settings.port) },
        logger: logger
    )
}

/// The management listener could not listen: its address is in use.
public struct ManagementPortInUse: Error, CustomStringConvertible {
    /// The host and port it was to listen on.
    public let address: String

    /// Says which address, and what to do.
    public var description: String {
        "cannot listen on \(address) for metrics and probes: the port is in use; set management.port (0 for any)"
    }
}

/// Runs the management application beside the public one, telling a taken port apart from the public one's.
private struct ManagementListener<Management: ApplicationProtocol>: Service {
    let application: Management
    let address: String

    func run() async throws {
        do { try await application.run() } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw ManagementPortInUse(address: address)
        }
    }
}
