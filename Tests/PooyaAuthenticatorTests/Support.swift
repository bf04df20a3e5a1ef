import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OneTimePassword
import PooyaAuthenticator
import PooyaIssuer
import PooyaProtocol
import PooyaSQLite
import PooyaServer
import PooyaTesting
import Synchronization

/// A fast key derivation for tests (HKDF; the terminal authenticator uses scrypt). `cost` stands in for strength.
struct TestKeyDerivation: PasswordKeyDerivation {
    var cost = 2

    func newParameters() -> KDFParameters {
        KDFParameters(
            algorithm: "test-hkdf",
            salt: SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) },
            cost: cost
        )
    }

    func needsUpgrade(_ parameters: KDFParameters) -> Bool { parameters.cost < cost }

    func key(password: String, parameters: KDFParameters) throws -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(password.utf8)),
            salt: parameters.salt,
            info: Data("cost \(parameters.cost)".utf8),
            outputByteCount: 32
        )
    }
}

extension TemporaryFolder {
    /// Where the tests keep their vault.
    var vaultPath: String { url.appendingPathComponent("tokens.vault").path }
}

/// The issuer's service in-process, and a connection to it that goes through its router like HTTP would.
struct IssuerUnderTest: Sendable {
    static let pan = "6104337800000018"
    let issuer: Issuer
    let clock: ManualClock
    let sms: RecordingSMSSender
    let dispatcher: SMSDispatcher
    let api: IssuerAPI
    let keys: ClientKeys

    init(policy: IssuerPolicy = IssuerPolicy()) throws {
        let store = try SQLiteStore.inMemory()
        clock = ManualClock()
        sms = RecordingSMSSender()
        let vault = try TestKeys.randomVault()
        issuer = try Issuer(policy: policy, store: store, vault: vault, clock: clock)
        dispatcher = SMSDispatcher(outbox: store, gateway: sms, vault: vault, clock: clock)
        keys = ClientKeys(store: store, vault: vault, clock: clock)
        let clock = self.clock
        api = IssuerAPI(
            issuer: issuer,
            clock: clock,
            metrics: ServiceMetrics(),
            monotonicSeconds: { Double(clock.now()) },
            isReady: { true }
        )
    }

    /// Registers the card and starts an internet-bank activation: what the screen shows, and the SMS part as the SMS
    /// shows it.
    func activate(_ kind: PINKind = .second) async throws -> (screen: ActivationResult, sms: String) {
        _ = try await issuer.registerCard(pan: PAN(parsing: Self.pan), mobile: MobileNumber(parsing: "09121234567"))
        let result = try await issuer.activate(
            ActivationRequest(
                card: issuer.reference(to: PAN(parsing: Self.pan)),
                mobile: MobileNumber(parsing: "09121234567"),
                kind: kind,
                channel: .internetBank
            )
        )
        _ = try await dispatcher.dispatchDue()
        let text = sms.messages.last?.text ?? ""
        let grouped = text.firstMatch(of: /[0-9]{4}(-[0-9]{1,4}){6}/).map { String($0.output.0) } ?? ""
        return (result, grouped)
    }

    func verify(_ code: String, amount: Int64 = 1_000, transaction: String = UUID().uuidString) async throws
        -> VerificationDecision
    {
        try await issuer.verify(
            VerificationRequest(
                card: issuer.reference(to: PAN(parsing: Self.pan)),
                pin: .dynamicCode(PresentedCode(typed: code)),
                kind: .second,
                amount: amount,
                merchantID: "m",
                transactionID: transaction
            )
        ).decision
    }

    /// A new vault in `folder` (password `hello1234`) holding the token of the activation whose parts are `screen` and
    /// `sms`, added over `connection` at `now` (the phone's clock; the issuer's by default).
    func vaultWithToken(
        _ screen: ActivationResult,
        _ sms: String,
        in folder: TemporaryFolder,
        over connection: RouterConnection,
        now: Int64? = nil
    ) async throws -> (vault: Vault, token: StoredToken) {
        var vault = try Vault.create(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
        let token = try await Authenticator.addToken(
            .parts(receipt: screen.receipt.digits, sms: sms),
            connection: connection,
            to: &vault,
            now: now ?? clock.now()
        )
        return (vault, token)
    }

    /// Runs `body` with a connection that sends through the service's router.
    func withConnection(_ body: @Sendable (RouterConnection) async throws -> Void) async throws {
        let app = Application(router: try buildRouter(api: api, keys: keys))
        try await app.test(.router) { client in try await body(RouterConnection(client: client)) }
    }
}

/// ``HTTPIssuerConnection``'s job, through Hummingbird's test client: the same JSON the real API takes.
struct RouterConnection: IssuerConnection {
    /// Counts the requests sent (offers and handshakes).
    final class Counter: Sendable {
        private let count = Mutex(0)
        func increment() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    let client: any TestClientProtocol
    let calls = Counter()
    var server: String { "http://issuer.test" }

    func offer(_ request: ProvisioningRequest) async throws -> TokenOffer {
        let json = try await post(request, to: "/v1/token-offers", expecting: .ok)
        return TokenOffer(
            kind: PINKind(rawValue: json["kind"] as? String ?? "") ?? .second,
            maskedPAN: json["maskedPan"] as? String ?? "",
            bank: json["bank"] as? String ?? "",
            mac: Data(base64Encoded: json["mac"] as? String ?? "") ?? Data()
        )
    }

    func provision(_ request: ProvisioningRequest) async throws -> ProvisioningResponse {
        let json = try await post(request, to: "/v1/tokens", expecting: .created)
        let parameters = json["parameters"] as? [String: Any] ?? [:]
        func data(_ key: String, _ from: [String: Any] = json) -> Data {
            Data(base64Encoded: from[key] as? String ?? "") ?? Data()
        }
        return ProvisioningResponse(
            serverPublicKey: data("serverPublicKey"),
            serverNonce: data("serverNonce"),
            parameters: TokenParameters(
                tokenID: parameters["tokenId"] as? String ?? "",
                kind: PINKind(rawValue: parameters["kind"] as? String ?? "") ?? .second,
                algorithm: .init(rawValue: parameters["algorithm"] as? String ?? "") ?? .sha1,
                digits: parameters["digits"] as? Int ?? 0,
                period: Int64(parameters["period"] as? Int ?? 0),
                maskedPAN: parameters["maskedPan"] as? String ?? "",
                bank: parameters["bank"] as? String ?? "",
                exportable: parameters["exportable"] as? Bool
            ),
            confirmation: data("confirmation")
        )
    }

    private func post(_ request: ProvisioningRequest, to uri: String, expecting status: HTTPResponse.Status)
        async throws -> [String: Any]
    {
        calls.increment()
        let body = try JSONSerialization.data(withJSONObject: [
            "version": request.version, "lookupId": request.lookupID,
            "clientPublicKey": request.clientPublicKey.base64EncodedString(),
            "clientNonce": request.clientNonce.base64EncodedString(), "proof": request.proof.base64EncodedString(),
        ])
        let response = try await client.executeRequest(
            uri: uri,
            method: .post,
            headers: [.contentType: "application/json", .acceptLanguage: "en"],
            body: ByteBuffer(bytes: body)
        )
        let json =
            try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any] ?? [:]
        guard response.status == status else {
            throw IssuerProblem(
                status: response.status.code,
                code: json["code"] as? String ?? "",
                title: "",
                detail: ""
            )
        }
        return json
    }

    func serverTime() async throws -> Int64 {
        let response = try await client.executeRequest(uri: "/v1/time", method: .get, headers: [:], body: nil)
        let json = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
        return Int64(json?["unixTime"] as? Int ?? 0)
    }
}
