import PooyaAPI
import PooyaIssuer

extension IssuerAPI {
    func getReceiptKeys(_ input: Operations.GetReceiptKeys.Input) async throws -> Operations.GetReceiptKeys.Output {
        let keys = issuer.receiptKeys().keys.map { key in
            Components.Schemas.ReceiptKey(kty: .okp, crv: .ed25519, x: key.jwk.x, kid: key.id, use: .sig, alg: .edDSA)
        }
        return .ok(.init(body: .json(.init(keys: keys))))
    }

    func verifyReceipt(_ input: Operations.VerifyReceipt.Input) async throws -> Operations.VerifyReceipt.Output {
        try Authorization.require(.verify)
        guard case .json(let body) = input.body else { throw Problem.malformed("expected a JSON body") }
        guard (1...4096).contains(body.receipt.utf8.count) else {
            throw IssuerError.invalidRequest("a receipt is 1 to 4096 characters")
        }
        let answer: Components.Schemas.ReceiptVerification =
            switch try await issuer.redeemReceipt(body.receipt) {
            case .redeemed(let claims): .init(valid: true, status: .redeemed, claims: .init(claims))
            case .alreadyRedeemed(let claims, let at):
                .init(valid: false, status: .alreadyRedeemed, redeemedAt: at, claims: .init(claims))
            case .invalid(let fault): .init(valid: false, status: .init(fault))
            }
        return .ok(.init(body: .json(answer)))
    }
}

extension Components.Schemas.ReceiptVerification.StatusPayload {
    fileprivate init(_ fault: ReceiptFault) {
        switch fault {
        case .malformed: self = .malformed
        case .unknownKey: self = .unknownKey
        case .badSignature: self = .badSignature
        case .expired: self = .expired
        case .notFound: self = .notFound
        }
    }
}

extension Components.Schemas.ReceiptClaims {
    fileprivate init(_ claims: ReceiptClaims) {
        self.init(
            iss: claims.issuer,
            sub: claims.cardID,
            pan: claims.maskedPAN,
            txn: claims.transactionID,
            amt: claims.amount,
            mer: claims.merchantID,
            ttp: .init(claims.transactionType),
            knd: .init(claims.kind),
            dec: claims.decision == .approved ? .approved : .staticPinAllowed,
            mth: .init(claims.method),
            iat: claims.issuedAt,
            exp: claims.expiresAt
        )
    }
}

extension Components.Schemas.ReceiptClaims.MthPayload {
    fileprivate init(_ method: ApprovalMethod) {
        switch method {
        case .app: self = .app
        case .capped: self = .capped
        case .sms: self = .sms
        case .ussd: self = .ussd
        case .staticPIN: self = ._static
        }
    }
}
