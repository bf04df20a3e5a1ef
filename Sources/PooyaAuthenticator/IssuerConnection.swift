public import PooyaProtocol

/// How the authenticator reaches its issuer: the provisioning handshake and the issuer's clock. ``HTTPIssuerConnection``
/// speaks the issuer's HTTP API; tests and apps may bring their own.
public protocol IssuerConnection: Sendable {
    /// The issuer's address, kept with the token.
    var server: String { get }
    /// Sends the handshake's request to ask what its ticket would give, changing nothing at the issuer.
    func offer(_ request: ProvisioningRequest) async throws -> TokenOffer
    /// Sends the handshake's request and returns the issuer's answer.
    func provision(_ request: ProvisioningRequest) async throws -> ProvisioningResponse
    /// The issuer's clock, Unix seconds.
    func serverTime() async throws -> Int64
}

/// What the issuer refused, as its problem details say.
public struct IssuerProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// The HTTP status.
    public var status: Int
    /// The stable code, such as `activation_code_mismatch`.
    public var code: String
    /// The message in the language asked for.
    public var title: String
    /// The detail in the language asked for.
    public var detail: String

    /// Collects the fields.
    public init(status: Int, code: String, title: String, detail: String) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
    }

    /// The title and detail.
    public var description: String { "\(title): \(detail)" }
}
