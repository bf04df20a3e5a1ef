import OneTimePassword
import PooyaAPI
import PooyaIssuer

extension IssuerAPI {
    func verifyPIN(_ input: Operations.VerifyPIN.Input) async throws -> Operations.VerifyPIN.Output {
        guard case .json(let body) = input.body else { throw Problem.malformed("expected a JSON body") }
        return .ok(.init(body: .json(try await decide(body, acceptLanguage: input.headers.acceptLanguage))))
    }

    /// The decision on `body`, a clock drift's message in the language `acceptLanguage` asks for: what
    /// `POST /v1/verifications` answers, by the generated handler or by ``VerificationRoute``.
    func decide(
        _ body: Components.Schemas.VerificationRequest,
        acceptLanguage: String?
    ) async throws -> Components.Schemas.VerificationDecision {
        try Authorization.require(.verify)
        let card = try issuer.reference(to: try PAN(parsing: body.pan))
        try await RateLimiters.check(limiters.cardVerifications, card.fingerprint.hex)
        let pin: PresentedPIN
        switch (body.code, body.staticPin ?? false, body.pinBlock) {
        case (let code?, false, nil): pin = .dynamicCode(PresentedCode(typed: code))
        case (nil, true, nil): pin = .staticPIN
        case (nil, false, let hex?):
            guard let format = body.pinBlockFormat, let zoneKeyID = body.zoneKeyId else {
                throw IssuerError.invalidRequest("a pinBlock comes with its pinBlockFormat and zoneKeyId")
            }
            let block: EncipheredPINBlock
            do { block = try EncipheredPINBlock(hex: hex, format: format.domain, zoneKeyID: zoneKeyID) } catch {
                throw IssuerError.pinBlock(error)
            }
            pin = .dynamicCode(try issuer.presentedCode(in: block, for: card))
        default: throw IssuerError.invalidRequest("give one of code, staticPin: true, or pinBlock")
        }
        let verification = try await issuer.verify(
            VerificationRequest(
                card: card,
                pin: pin,
                kind: body.kind.domain,
                amount: body.amount,
                merchantID: body.merchantId,
                transactionID: body.transactionId,
                transactionType: body.transactionType?.domain ?? .purchase
            )
        )
        let code = verification.decision.isoResponseCode
        let receipt = verification.receipt?.token
        return switch verification.decision {
        case .approved: .init(decision: .approved, isoResponseCode: code, receipt: receipt)
        case .staticPINAllowed: .init(decision: .staticPinAllowed, isoResponseCode: code, receipt: receipt)
        case .rejected(let reason, let attemptsLeft):
            .init(
                decision: .rejected,
                isoResponseCode: code,
                reason: .init(rawValue: reason.rawValue),
                attemptsLeft: attemptsLeft
            )
        case .clockDrift(let seconds, let attemptsLeft):
            .init(
                decision: .rejected,
                isoResponseCode: code,
                reason: .clockDrift,
                attemptsLeft: attemptsLeft,
                clockDriftSeconds: seconds,
                message: Self.clockDriftMessage(seconds: seconds, language: Language(acceptLanguage: acceptLanguage))
            )
        }
    }

    /// What the cardholder is told when the phone's clock is `seconds` off: by how many minutes, which way, and to
    /// set the clock to automatic.
    static func clockDriftMessage(seconds: Int64, language: Language) -> String {
        let minutes = max(1, (abs(seconds) + 30) / 60)
        switch language {
        case .persian:
            let way = seconds > 0 ? "جلو" : "عقب"
            return DecimalDigits.persian(
                "ساعت گوشی شما حدود \(minutes) دقیقه \(way) است؛ آن را روی «تنظیم خودکار» بگذارید و رمز تازه بگیرید"
            )
        case .english:
            let way = seconds > 0 ? "ahead" : "behind"
            return "your phone's clock is about \(minutes) min \(way): set it to automatic and take a new code"
        }
    }
}
