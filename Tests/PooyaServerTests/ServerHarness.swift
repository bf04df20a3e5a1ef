import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import OneTimePassword
import OpenAPIRuntime
import PooyaAPI
import PooyaIssuer
import PooyaKeyVault
import PooyaProtocol
import PooyaSQLite
import PooyaServer
import PooyaTesting
import Synchronization
import Testing

/// The service over an in-memory store, with a key per scope, and the generated client to call it with: every
/// response is decoded as openapi.yaml documents it, so an undocumented status or shape fails the test.
struct ServerHarness: Sendable {
    static let pan = "6104337800000018"
    static let mobile = "09121234567"

    let issuer: Issuer
    let keys: ClientKeys
    let clock: ManualClock
    let sms: RecordingSMSSender
    let dispatcher: SMSDispatchService
    let vault: MasterKeyRing
    let store: SQLiteStore
    let api: IssuerAPI
    let staff: StaffAccounts

    init(limits: RateLimits = RateLimits(), zoneKeys: [ZoneKey] = [], pages: PageSettings = PageSettings()) throws {
        store = try SQLiteStore.inMemory()
        clock = ManualClock()
        sms = RecordingSMSSender()
        vault = try TestKeys.randomVault(zoneKeys: zoneKeys)
        let metrics = ServiceMetrics()
        issuer = try Issuer(
            store: store,
            vault: vault,
            clock: clock,
            random: SeededRandomSource(seed: 7),
            webOTPHost: "pay.bank.ir"
        )
        dispatcher = SMSDispatchService(
            dispatcher: SMSDispatcher(outbox: store, gateway: sms, vault: vault, clock: clock),
            outbox: store,
            metrics: metrics,
            logger: Logger(label: "pooya-tests")
        )
        keys = ClientKeys(store: store, vault: vault, clock: clock)
        // A cheap scrypt: the tests sign in many times; the service's cost is StaffPassword's default.
        staff = StaffAccounts(store: store, vault: vault, clock: clock, password: StaffPassword(cost: 1 << 10))
        let store = self.store
        let clock = self.clock
        api = IssuerAPI(
            issuer: issuer,
            clock: clock,
            limits: limits,
            metrics: metrics,
            monotonicSeconds: { Double(clock.now()) },
            pages: pages,
            isReady: { (try? await store.pragmas()) != nil }
        )
    }

    /// A new key with `scopes`.
    func key(_ scopes: ClientScope...) async throws -> String {
        try await keys.create(name: "test", scopes: Set(scopes)).secret
    }

    /// Runs `body` with the generated client sending `key` (if any) and `language`, in-process or on a real socket.
    func withClient(
        key: String? = nil,
        language: String? = nil,
        live: Bool = false,
        trustedProxies: Set<String> = [],
        logger: Logger = Logger(label: "pooya-tests"),
        _ body: @Sendable (Client, any TestClientProtocol) async throws -> Void
    ) async throws {
        let app = Application(
            router: try buildRouter(api: api, keys: keys, staff: staff, trustedProxies: trustedProxies),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            logger: logger
        )
        try await app.test(live ? .live : .router) { testClient in
            let client = Client(
                serverURL: URL(string: "http://127.0.0.1")!,
                transport: TestClientTransport(client: testClient),
                middlewares: [HeaderMiddleware(key: key, language: language)]
            )
            try await body(client, testClient)
        }
    }

    /// Runs `body` with a client of the management listener's router (`/metrics`, `/healthz`, `/readyz`).
    func withManagementClient(_ body: @Sendable (Client, any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(
            router: try buildManagementRouter(api: api),
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
        try await app.test(.router) { testClient in
            let client = Client(
                serverURL: URL(string: "http://127.0.0.1")!,
                transport: TestClientTransport(client: testClient)
            )
            try await body(client, testClient)
        }
    }

    /// The metrics as the management listener renders them.
    func metrics() async throws -> String {
        let text = Mutex("")
        try await withManagementClient { client, _ in
            let rendered = try await String(collecting: try client.getMetrics().ok.body.plainText, upTo: 1 << 20)
            text.withLock { $0 = rendered }
        }
        return text.withLock { $0 }
    }

    /// Registers the test card through the API.
    func registerCard(_ client: Client) async throws {
        let output = try await client.registerCard(body: .json(.init(pan: Self.pan, mobile: Self.mobile)))
        _ = try output.ok
    }

    /// Activates the card's dynamic second PIN without an app, as an SMS-only cardholder does: an ATM activation,
    /// then the SMS part typed back on the ATM's screen (through the issuer, whatever the test's key may do).
    func activateWithoutApp(pan: String = Self.pan, mobile: String = Self.mobile) async throws {
        let activation = try await issuer.activate(
            ActivationRequest(
                card: issuer.reference(to: try PAN(parsing: pan)),
                mobile: try MobileNumber(parsing: mobile),
                kind: .second,
                channel: .atm
            )
        )
        _ = try await issuer.confirmActivation(serial: activation.serial.digits, smsPart: try await smsPart().digits)
    }

    /// Sends what the outbox holds, as the service's dispatcher would.
    @discardableResult
    func deliverSMS() async throws -> SMSDispatcher.Report {
        try await dispatcher.dispatchOnce()
    }

    /// The SMS part as the cardholder reads it from the last SMS, once the outbox is sent.
    func smsPart() async throws -> SMSPart {
        try await deliverSMS()
        let text = try #require(sms.messages.last?.text)
        return try SMSPart(parsing: try #require(text.firstMatch(of: /[0-9]{4}(-[0-9]{1,4}){6}/)).output.0)
    }

    /// Activates through the API, reads the SMS, and runs the authenticator's side of the handshake.
    func provision(_ client: Client) async throws -> ProvisionedToken {
        let activation = try await client.startActivation(
            body: .json(
                .init(
                    pan: Self.pan,
                    mobile: Self.mobile,
                    kind: .second,
                    channel: .atm
                )
            )
        ).created.body.json
        let code = ActivationCode(receipt: try ReceiptPart(parsing: activation.receiptCode), sms: try await smsPart())
        let handshake = ProvisioningClient(code: code)
        let answer = try await client.provisionToken(body: .json(.init(handshake.request))).created.body.json
        return try handshake.complete(with: answer.domain())
    }

    /// Registers the card, provisions its token, and returns a request paying 5,000 rials to merchant `m` in
    /// transaction `t1` with the token's current code.
    func approvableRequest(_ client: Client) async throws -> Components.Schemas.VerificationRequest {
        try await registerCard(client)
        let token = try await provision(client)
        return Components.Schemas.VerificationRequest(
            pan: Self.pan,
            code: try TokenGenerator(seed: token.seed, parameters: token.parameters).code(at: clock.now()),
            kind: .second,
            amount: 5_000,
            merchantId: "m",
            transactionId: "t1"
        )
    }
}

/// Sends the generated client's requests through Hummingbird's test client.
struct TestClientTransport: ClientTransport {
    let client: any TestClientProtocol

    func send(_ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String) async throws
        -> (HTTPResponse, HTTPBody?)
    {
        var buffer: ByteBuffer?
        if let body { buffer = ByteBuffer(bytes: try await Data(collecting: body, upTo: 1 << 20)) }
        let response = try await client.executeRequest(
            uri: request.path ?? "/",
            method: request.method,
            headers: request.headerFields,
            body: buffer
        )
        return (response.head, HTTPBody(Array(buffer: response.body)))
    }
}

/// Adds the client key and `Accept-Language` to every request.
struct HeaderMiddleware: ClientMiddleware {
    let key: String?
    let language: String?

    func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        baseURL: URL,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        if let key { request.headerFields[.authorization] = "Bearer \(key)" }
        if let language { request.headerFields[.acceptLanguage] = language }
        return try await next(request, body, baseURL)
    }
}

extension Components.Schemas.ProvisioningRequest {
    init(_ request: ProvisioningRequest) {
        self.init(
            version: request.version,
            lookupId: request.lookupID,
            clientPublicKey: Base64EncodedData(request.clientPublicKey),
            clientNonce: Base64EncodedData(request.clientNonce),
            proof: Base64EncodedData(request.proof)
        )
    }
}

extension Components.Schemas.ProvisioningResponse {
    func domain() throws -> ProvisioningResponse {
        ProvisioningResponse(
            serverPublicKey: Data(serverPublicKey.data),
            serverNonce: Data(serverNonce.data),
            parameters: TokenParameters(
                tokenID: parameters.tokenId,
                kind: parameters.kind == .first ? .first : .second,
                algorithm: try #require(OTPAlgorithm(rawValue: parameters.algorithm.rawValue)),
                digits: parameters.digits,
                period: parameters.period,
                maskedPAN: parameters.maskedPan,
                bank: parameters.bank
            ),
            confirmation: Data(confirmation.data)
        )
    }
}
