import PooyaAPI
import PooyaIssuer

extension IssuerAPI {
    func verifyPIN(_ input: Operations.VerifyPIN.Input) async throws -> Operations.VerifyPIN.Output {
        try Authorization.require(.verify)
        guard case .json(let body) = input.body else { throw Problem.malformed("expected a JSON body") }
        let pin: PresentedPIN
        switch (body.code, body.staticPin ?? false) {
        case (let code?, false): pin = .dynamicCode(PresentedCode(typed: code))
        case (nil, true): pin = .staticPIN
        default: throw IssuerError.invalidRequest("give either code or staticPin: true")
        }
        let card = issuer.reference(to: try PAN(parsing: body.pan))
        try RateLimiters.check(limiters.cardVerifications, card.fingerprint.hex)
        let decision = try await issuer.verify(
            VerificationRequest(
                card: card,
                pin: pin,
                kind: body.kind.domain,
                amount: body.amount,
                merchantID: body.merchantId,
                transactionID: body.transactionId
            )
        )
        let payload: Components.Schemas.VerificationDecision =
            switch decision {
            case .approved: .init(decision: .approved)
            case .staticPINAllowed: .init(decision: .staticPinAllowed)
            case .rejected(let reason, let attemptsLeft):
                .init(decision: .rejected, reason: .init(rawValue: reason.rawValue), attemptsLeft: attemptsLeft)
            }
        return .ok(.init(body: .json(payload)))
    }
}
