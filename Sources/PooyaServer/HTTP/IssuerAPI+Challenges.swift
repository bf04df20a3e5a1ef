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
                transactionID: body.transactionId
            )
        )
        return .accepted(.init(body: .json(.init(sentTo: result.sentTo, expiresAt: Self.date(result.expiresAt)))))
    }
}
