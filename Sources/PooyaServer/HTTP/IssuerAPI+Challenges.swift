import PooyaAPI
import PooyaIssuer

extension IssuerAPI {
    func startChallenge(_ input: Operations.StartChallenge.Input) async throws -> Operations.StartChallenge.Output {
        try Authorization.require(.verify)
        guard case .json(let body) = input.body else { throw Problem.malformed("expected a JSON body") }
        let result = try await issuer.challenge(
            ChallengeRequest(
                card: issuer.reference(to: try PAN(parsing: body.pan)),
                amount: body.amount,
                merchantID: body.merchantId,
                merchantName: try MerchantName(body.merchantName),
                transactionID: body.transactionId,
                transactionType: body.transactionType?.domain ?? .purchase,
                webOTP: try Self.webOTPLine(top: body.webOtpHost, embedded: body.webOtpEmbeddedHost)
            )
        )
        return .accepted(.init(body: .json(.init(sentTo: result.sentTo, expiresAt: Self.date(result.expiresAt)))))
    }

    /// The WebOTP line the gateway asked for, its hosts on its key's allow-list; `nil` when it asked for none.
    private static func webOTPLine(top: String?, embedded: String?) throws -> WebOTPLine? {
        guard let top else {
            guard embedded == nil else {
                throw IssuerError.invalidRequest("webOtpEmbeddedHost goes with webOtpHost")
            }
            return nil
        }
        let line = WebOTPLine(
            top: try WebOTPHost(top),
            embedded: try embedded.map { text throws(IssuerError) in try WebOTPHost(text, field: "webOtpEmbeddedHost") }
        )
        guard let client = Authorization.client else { throw Problem.unauthenticated }
        if let host = client.hostNotAllowed(in: line) { throw Problem.webOTPHostNotAllowed(host) }
        return line
    }
}
