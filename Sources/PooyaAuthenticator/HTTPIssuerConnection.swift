public import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import OneTimePassword
public import PooyaProtocol

/// The issuer's HTTP API (`POST /v1/token-offers`, `POST /v1/tokens`, `GET /v1/time`) over URLSession.
public struct HTTPIssuerConnection: IssuerConnection {
    /// The issuer's base URL, such as `https://pooya.bank.example`.
    public let baseURL: URL
    /// `fa` or `en`, for the issuer's problem messages.
    public let language: String
    /// How long a request may take before it fails, in seconds.
    public let timeout: TimeInterval

    /// A connection to the issuer at `baseURL`.
    public init(baseURL: URL, language: String = "fa", timeout: TimeInterval = 30) {
        self.baseURL = baseURL
        self.language = language
        self.timeout = timeout
    }

    /// The base URL.
    public var server: String { baseURL.absoluteString }

    private struct RequestBody: Codable {
        var version: Int
        var lookupId: String
        var clientPublicKey: Data
        var clientNonce: Data
        var proof: Data
    }

    private struct ResponseBody: Codable {
        struct Parameters: Codable {
            var tokenId: String
            var kind: PINKind
            var algorithm: OTPAlgorithm
            var digits: Int
            var period: Int64
            var maskedPan: String
            var bank: String
            var exportable: Bool?
        }
        var serverPublicKey: Data
        var serverNonce: Data
        var parameters: Parameters
        var confirmation: Data
    }

    private struct OfferBody: Codable {
        var kind: PINKind
        var maskedPan: String
        var bank: String
        var mac: Data
    }

    private struct Problem: Codable {
        var status: Int
        var code: String
        var title: String
        var detail: String?
    }

    private struct Time: Codable {
        var unixTime: Int64
    }

    /// Posts the handshake's request to ask what its ticket would give.
    public func offer(_ request: ProvisioningRequest) async throws -> TokenOffer {
        let answer: OfferBody = try await call("v1/token-offers", method: "POST", body: try Self.body(of: request))
        return TokenOffer(kind: answer.kind, maskedPAN: answer.maskedPan, bank: answer.bank, mac: answer.mac)
    }

    /// Posts the handshake's request.
    public func provision(_ request: ProvisioningRequest) async throws -> ProvisioningResponse {
        let answer: ResponseBody = try await call("v1/tokens", method: "POST", body: try Self.body(of: request))
        let parameters = answer.parameters
        return ProvisioningResponse(
            serverPublicKey: answer.serverPublicKey,
            serverNonce: answer.serverNonce,
            parameters: TokenParameters(
                tokenID: parameters.tokenId,
                kind: parameters.kind,
                algorithm: parameters.algorithm,
                digits: parameters.digits,
                period: parameters.period,
                maskedPAN: parameters.maskedPan,
                bank: parameters.bank,
                exportable: parameters.exportable
            ),
            confirmation: answer.confirmation
        )
    }

    private static func body(of request: ProvisioningRequest) throws -> Data {
        try JSONEncoder().encode(
            RequestBody(
                version: request.version,
                lookupId: request.lookupID,
                clientPublicKey: request.clientPublicKey,
                clientNonce: request.clientNonce,
                proof: request.proof
            )
        )
    }

    /// Reads the issuer's clock.
    public func serverTime() async throws -> Int64 {
        let time: Time = try await call("v1/time", method: "GET", body: nil)
        return time.unixTime
    }

    private func call<Answer: Decodable>(_ path: String, method: String, body: Data?) async throws -> Answer {
        var request = URLRequest(url: baseURL.appendingPathComponent(path), timeoutInterval: timeout)
        request.httpMethod = method
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(language, forHTTPHeaderField: "Accept-Language")
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            if let problem = try? JSONDecoder().decode(Problem.self, from: data) {
                throw IssuerProblem(
                    status: problem.status,
                    code: problem.code,
                    title: problem.title,
                    detail: problem.detail ?? ""
                )
            }
            throw IssuerProblem(status: status, code: "http_\(status)", title: "HTTP \(status)", detail: "")
        }
        return try JSONDecoder().decode(Answer.self, from: data)
    }
}
